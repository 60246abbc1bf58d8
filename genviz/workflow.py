"""One way to train: build a model for a dataset, fit it, save it with the settings that made it.

The CLI's `train`, the app's background runs and the retraining of the shipped set all call
`train_and_save`, so every checkpoint records the same things (seed, precision, device,
versions, and where it came from). `build_for` is the one place a model is shaped for a split.
"""

from __future__ import annotations

import math
import re
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path

import torch

from genviz import checkpoint, data, distributed, replay
from genviz.checkpoint import Checkpoint
from genviz.errors import GenvizError
from genviz.models import GenModel, build, family
from genviz.train import Cancel, FitResult, ProgressEvent, fit, seed_everything

NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,99}")
DEVICES = ("auto", "cpu", "cuda", "mps")
PRECISIONS = ("auto", "bf16", "fp32")


@dataclass
class Settings:
    """How a model is trained; stored in its checkpoint's JSON under "train"."""

    epochs: int = 10
    batch_size: int = 128
    lr: float | None = None  # None: the family's default learning rate
    seed: int = 0
    device: str = "auto"  # auto, cpu, cuda or mps
    precision: str = "auto"  # auto (bf16 where the hardware has it), bf16 or fp32
    half: bool = False  # store float16 weights (half the size)
    # leave out the weights that only training needs and that load as a copy of others (a
    # GAN's live generator, restored from its moving average), and a prior's base model when
    # its checkpoint lies in the same folder (read from there, its hash checked)
    slim: bool = False
    weight_decay: float = 0.0  # Adam's L2 penalty on the weights

    def __post_init__(self) -> None:
        if not 1 <= self.epochs <= 100_000:
            raise GenvizError(f"epochs must be between 1 and 100000, not {self.epochs}.")
        if not 1 <= self.batch_size <= 65_536:
            raise GenvizError(f"the batch size must be between 1 and 65536, not {self.batch_size}.")
        if self.lr is not None and not (math.isfinite(self.lr) and 0 < self.lr <= 10):
            raise GenvizError(
                f"the learning rate must be a number above 0 and at most 10, not {self.lr}."
            )
        if not 0 <= self.seed < 2**63:
            raise GenvizError(f"the seed must be a whole number of 0 or more, not {self.seed}.")
        if not (math.isfinite(self.weight_decay) and 0 <= self.weight_decay <= 1):
            raise GenvizError(f"weight decay must be between 0 and 1, not {self.weight_decay}.")
        if self.device not in DEVICES:
            raise GenvizError(f"unknown device '{self.device}'; choose {', '.join(DEVICES)}.")
        if self.precision not in PRECISIONS:
            raise GenvizError(
                f"unknown precision '{self.precision}'; choose {', '.join(PRECISIONS)}."
            )


@dataclass
class Trained:
    path: Path  # the checkpoint's stem
    model: GenModel
    fit: FitResult


def check_name(name: str) -> str:
    """A checkpoint name is one plain file name: letters, digits, '.', '_' and '-'."""
    if not isinstance(name, str) or not NAME.fullmatch(name):
        raise GenvizError(
            f"the name {name!r} is not allowed; use up to 100 letters, digits, '.', '_' or '-', "
            "starting with a letter or digit (no folders).",
            "name",
            name=name,
        )
    return name


def target_for(out: str | Path, name: str, force: bool = False) -> Path:
    """Where a new checkpoint goes: <out>/<name>, refused if it exists and force is off."""
    target = Path(out) / check_name(name)
    if target.with_suffix(".json").exists() and not force:
        raise GenvizError(
            f"{target}.json exists; choose another name, or overwrite with --force.",
            "exists",
            name=target.name,
        )
    return target


def default_name(kind: str) -> str:
    return f"{kind}-{time.strftime('%Y%m%d-%H%M%S')}"


def build_for(
    kind: str, split: data.Split, options: dict | None = None, base: GenModel | None = None
) -> GenModel:
    """A new, untrained model of `kind` shaped for a split (its image shape and classes). A
    family built on another model (a PixelCNN prior on a VQ-VAE's codes) takes it as `base`."""
    cls = family(kind)
    options = dict(options or {})
    needs = cls.caps.built_on
    if needs is None:
        if base is not None:
            raise GenvizError(f"a {kind} is not built on another model; drop the base model.")
        return build(kind, image_shape=split.image_shape, num_classes=split.num_classes, **options)
    if base is None or not getattr(base.can, needs):
        raise GenvizError(
            f"a {kind} models the codes of a trained {cls.Base.kind}: give --base CKPT "
            f"(in the app, pick the {cls.Base.kind} as its base)."
        )
    return cls.for_base(base, **options)


def train_and_save(
    kind: str,
    dataset: str | None,
    options: dict,
    settings: Settings,
    target: str | Path,
    *,
    base: Checkpoint | None = None,
    root=None,
    download: bool = False,
    origin: str = "",
    on_progress: Callable[[ProgressEvent], None] | None = None,
    on_epoch: Callable[[GenModel, ProgressEvent], None] | None = None,
    cancel: Cancel | None = None,
) -> Trained:
    """Train a new model of `kind` on `dataset` and save it at `target`.

    `origin` says what started the run (a command line, "app: Train page", a zoo recipe).
    `on_epoch(model, event)` runs after each epoch with the model in hand (previews). A run
    cancelled before its first epoch ends saves nothing and raises."""
    if base is not None:
        if dataset and dataset != base.dataset:
            raise GenvizError(
                f"the base model was trained on {base.dataset}; drop the dataset or match it."
            )
        dataset = base.dataset
    dataset = dataset or "digits"
    train = data.load_dataset(dataset, "train", root=root, download=download)
    test = data.load_dataset(dataset, "test", root=root)
    seed_everything(settings.seed)  # the initial weights too, not only the data order
    model = build_for(kind, train, options, base.model if base is not None else None)
    recorder = replay.Recorder(test) if replay.tracks(model) else None

    def progress(ev: ProgressEvent) -> None:
        if recorder is not None and ev.kind == "epoch":
            recorder(model, ev.epoch)
        if on_progress is not None:
            on_progress(ev)
        if on_epoch is not None and ev.kind == "epoch":
            on_epoch(model, ev)

    result = fit(
        model,
        train,
        epochs=settings.epochs,
        batch_size=settings.batch_size,
        lr=settings.lr,
        device=settings.device,
        seed=settings.seed,
        val=test,
        on_progress=progress,
        cancel=cancel,
        precision=settings.precision,
        weight_decay=settings.weight_decay,
    )
    if not result.history:
        raise GenvizError(
            "training was stopped before the first epoch ended; nothing was saved.",
            "stopped_early",
        )
    record = {
        **asdict(settings),
        "epochs": len(result.history),
        "epochs_asked": settings.epochs,
        "lr": model.default_lr if settings.lr is None else settings.lr,
        "device": result.device,
        "seconds": round(result.seconds, 2),
        "cancelled": result.cancelled,
        "threads": torch.get_num_threads(),
        "origin": origin,
    }
    if base is not None:
        record["base"] = {"path": str(base.path), "sha256": base.meta["weights"]["sha256"]}
    if distributed.world() > 1:
        record["ranks"] = distributed.world()
        if not distributed.is_main():  # rank 0 holds the same weights and writes them
            return Trained(checkpoint.stem(target), model, result)
    path = checkpoint.save(
        model,
        target,
        dataset=dataset,
        class_names=train.class_names,
        history=result.history,
        seed=settings.seed,
        train=record,
        half=settings.half,
        slim=settings.slim,
        base_model=None if base is None else base.path,
    )
    if recorder is not None:
        recorder.save(path)
    return Trained(path, model, result)
