"""One way to train: build a model for a dataset, fit it, save it with the settings that made it.

The CLI's `train`, the app's background runs and the retraining of the shipped set all call
`train_and_save`, so every checkpoint records the same things (seed, precision, device,
versions, and where it came from), and hands `fit` the same hooks: the per-epoch insides
(genviz.analysis.inside.epoch_report) and the latent map's replay recorder.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import ClassVar

import torch

from genviz import checkpoint, data, distributed
from genviz.analysis import inside, replay
from genviz.checkpoint import Checkpoint
from genviz.errors import GenvizError
from genviz.meta import sibling
from genviz.models import GenModel, build_for
from genviz.options import Options, option
from genviz.train import Cancel, FitResult, ProgressEvent, fit, seed_everything

NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,99}")
# endings a checkpoint's own files use: a name ending so would collide with another's files
RESERVED = re.compile(r"\.(json|safetensors|replay|npz|[0-9a-f]{16})$", re.IGNORECASE)
DEVICES = ("auto", "cpu", "cuda", "mps")
PRECISIONS = ("auto", "bf16", "fp32")


@dataclass
class Settings(Options):
    """How a model is trained; stored in its checkpoint's JSON under "train". Declared once:
    the CLI's flags and the Train page's form are generated from these fields and bounds."""

    epochs: int = option(10, "passes over the training split")
    batch_size: int = option(128, "images per step (the global batch under torchrun)")
    lr: float | None = option(None, "Adam's learning rate (default: the kind's own)")
    weight_decay: float = option(0.0, "Adam's L2 penalty on the weights")
    seed: int = option(0, "seeds the initial weights, the data order and the noise")
    device: str = option("auto", "auto picks CUDA, then Apple's MPS, then the CPU")
    precision: str = option("auto", "auto: bf16 on CUDA and on CPUs with AMX, else fp32")
    half: bool = option(False, "store float16 weights (half the size)")
    slim: bool = option(
        False,
        "leave out the weights only training needs (a GAN's live generator loads as a copy "
        "of its moving average; a prior's base is read from its checkpoint beside it)",
    )

    choices: ClassVar = {"device": DEVICES, "precision": PRECISIONS}
    bounds: ClassVar = {
        "epochs": (1, 100_000),
        "batch_size": (1, 65_536),
        "lr": (0.0, 10.0),
        "weight_decay": (0.0, 1.0),
        "seed": (0, 2**63 - 1),
    }
    above: ClassVar = ("lr",)
    main: ClassVar = ("epochs", "batch_size", "lr", "weight_decay")  # the Train page's form


@dataclass
class Trained:
    path: Path  # the checkpoint's stem
    model: GenModel
    fit: FitResult


def check_name(name: str) -> str:
    """A checkpoint name is one plain file name: letters, digits, '.', '_' and '-'."""
    if not isinstance(name, str) or not NAME.fullmatch(name) or RESERVED.search(name):
        raise GenvizError(
            f"the name {name!r} is not allowed; use up to 100 letters, digits, '.', '_' or '-', "
            "starting with a letter or digit (no folders), not ending in the checkpoint's own "
            "file endings (.json, .safetensors, .replay, .npz).",
            "name",
            name=name,
        )
    return name


def target_for(out: str | Path, name: str, force: bool = False) -> Path:
    """Where a new checkpoint goes: <out>/<name>, refused if it exists and force is off."""
    target = Path(out) / check_name(name)
    if sibling(target, ".json").exists() and not force:
        raise GenvizError(
            f"{target}.json exists; choose another name, or overwrite with --force.",
            "exists",
            name=target.name,
        )
    return target


def default_name(kind: str) -> str:
    return f"{kind}-{time.strftime('%Y%m%d-%H%M%S')}"


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
        given = dataset and data.load_dataset(dataset, "train", root=root).name
        if given and given != base.dataset:
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
        report=inside.epoch_report,
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
        dataset=train.name,  # the full name: a user's folder with its size and colour
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
