"""The latent map replayed over training: the latents of a fixed part of the test set after
every epoch, kept beside the checkpoint (<name>.replay.safetensors, float16), and drawn in
one frame of reference for all epochs: the raw coordinates of a 2-D latent, else a PCA fitted
once, on the last epoch, so that what moves between frames is the model and not the map."""

from __future__ import annotations

from dataclasses import dataclass

import torch

from genviz import checkpoint
from genviz.analysis import batches
from genviz.analysis.pca import PCA
from genviz.data import Split
from genviz.models import GenModel

TRACKED = 2000  # test images followed through training
BUDGET = 2_000_000  # bytes a replay may take: epochs are thinned evenly beyond it
PART = checkpoint.PART  # <name>.replay.safetensors


def tracks(model: GenModel) -> bool:
    """Whether a model's training is recorded: an encoder with a latent vector."""
    return model.can.encode and model.can.latent == "vector"


class Recorder:
    """Called after each epoch, keeps the latents of the first TRACKED test images."""

    def __init__(self, test: Split):
        self.part = test.take(min(TRACKED, len(test)))
        self.frames: list[torch.Tensor] = []
        self.epochs: list[int] = []

    def __call__(self, model: GenModel, epoch: int) -> None:
        was = model.training
        model.eval()  # batch norm must neither use nor update batch statistics here
        self.frames.append(batches.embed(model, self.part).half())
        self.epochs.append(epoch)
        model.train(was)

    def save(self, path) -> None:
        if not self.frames:
            return
        frames, epochs = torch.stack(self.frames), torch.tensor(self.epochs)
        per_frame = frames[0].numel() * 2
        keep = max(1, BUDGET // per_frame)
        if len(frames) > keep:  # thin evenly, always keeping the first and the last epoch
            pick = torch.linspace(0, len(frames) - 1, keep).round().long().unique()
            frames, epochs = frames[pick], epochs[pick]
        checkpoint.write_beside(
            path, PART, {"latents": frames, "epochs": epochs, "labels": self.part.labels}
        )


@dataclass
class Replay:
    epochs: torch.Tensor  # (E,) the epoch after which each frame was taken
    coords: torch.Tensor  # (E, N, 2) in one frame of reference
    labels: torch.Tensor  # (N,)
    projected: bool  # False: the latent's own two coordinates


def load(path) -> Replay | None:
    """A checkpoint's replay in 2-D, or None if it has none."""
    found = checkpoint.read_beside(path, PART)
    if found is None:
        return None
    latents = found["latents"].float()  # (E, N, D)
    if latents.shape[-1] <= 2:
        coords = latents if latents.shape[-1] == 2 else torch.cat([latents, 0 * latents], -1)
        return Replay(found["epochs"], coords, found["labels"], False)
    pca = PCA(2).fit(latents[-1])
    coords = torch.stack([pca.transform(frame) for frame in latents])
    return Replay(found["epochs"], coords, found["labels"], True)
