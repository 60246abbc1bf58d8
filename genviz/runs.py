"""Training in the background, shared by everyone connected to one server: a run is a thread
around `fit` that keeps its latest progress, loss history and a sample grid per epoch, and
saves a user checkpoint when it ends (never over a shipped one)."""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import torch

from genviz import checkpoint, data
from genviz.errors import GenvizError
from genviz.models import GenModel, build
from genviz.train import ProgressEvent, fit, pick_device

PREVIEW = 16  # images in the per-epoch preview grid


@dataclass
class Run:
    name: str
    kind: str
    dataset: str
    epochs: int
    state: str = "starting"  # starting, running, saved, cancelled, failed
    last: ProgressEvent | None = None
    history: list[dict] = field(default_factory=list)
    preview: torch.Tensor | None = None  # (PREVIEW, C, H, W), refreshed each epoch
    path: str = ""
    error: str = ""
    started: float = field(default_factory=time.time)
    cancel: threading.Event = field(default_factory=threading.Event)

    @property
    def active(self) -> bool:
        return self.state in ("starting", "running")


_RUNS: dict[str, Run] = {}
_LOCK = threading.Lock()


def all_runs() -> list[Run]:
    """Every run this server has started, newest first."""
    with _LOCK:
        return sorted(_RUNS.values(), key=lambda r: r.started, reverse=True)


def start(
    kind: str,
    dataset: str,
    options: dict,
    *,
    epochs: int,
    batch_size: int = 128,
    lr: float | None = None,
    out: str | Path = "checkpoints/user",
    root=None,
    device: str = "auto",
) -> Run:
    """Build the model now (so a bad option fails here, as a sentence) and train it in a
    thread; the checkpoint goes to <out>/<dataset>/<kind>-<time>."""
    if kind == "pixelcnn":
        raise GenvizError("a pixelcnn prior is trained on a VQ-VAE from the command line.")
    train = data.load(dataset, "train", root=root)
    test = data.load(dataset, "test", root=root)
    model = build(kind, image_shape=train.image_shape, num_classes=train.num_classes, **options)
    name = f"{kind}-{time.strftime('%Y%m%d-%H%M%S')}"
    run = Run(name, kind, dataset, epochs)
    with _LOCK:
        if any(r.active for r in _RUNS.values()):
            raise GenvizError("a run is already training; wait for it or cancel it first.")
        _RUNS[name] = run
    args = (run, model, train, test, batch_size, lr, Path(out) / dataset / name, device)
    threading.Thread(target=_train, args=args, daemon=True, name=f"genviz-{name}").start()
    return run


def _train(run: Run, model: GenModel, train, test, batch_size, lr, target: Path, device):
    fixed = test.take(PREVIEW)

    def on_progress(ev: ProgressEvent):
        run.last, run.state = ev, "running"
        if ev.kind == "epoch":
            run.history.append({"epoch": ev.epoch, **ev.logs})
            # the same noise every epoch, so the grid shows the model learning, not new draws
            run.preview = _preview(model, fixed, torch.Generator().manual_seed(0))

    try:
        result = fit(
            model,
            train,
            epochs=run.epochs,
            batch_size=batch_size,
            lr=lr,
            device=device,
            val=test,
            on_progress=on_progress,
            cancel=run.cancel,
        )
        if not result.history:
            run.state = "cancelled"
            return
        run.history = result.history
        settings = {
            "epochs": len(result.history),
            "batch_size": batch_size,
            "lr": model.default_lr if lr is None else lr,
            "device": result.device,
            "seconds": round(result.seconds, 2),
            "cancelled": result.cancelled,
            "command": "app: Train page",
        }
        run.path = str(
            checkpoint.save(
                model,
                target,
                dataset=train.name,
                class_names=train.class_names,
                history=result.history,
                train=settings,
            )
        )
        run.state = "cancelled" if result.cancelled else "saved"
    except GenvizError as e:
        run.error, run.state = str(e), "failed"
    except Exception as e:  # noqa: BLE001 - a page shows one line; the log has the rest
        run.error, run.state = f"training stopped: {type(e).__name__}: {e}", "failed"
        raise


@torch.no_grad()
def _preview(model: GenModel, fixed, gen) -> torch.Tensor:
    """Samples when the model can sample, else reconstructions of fixed test images."""
    was_training = model.training
    model.eval()
    try:
        if model.can_sample:
            return model.sample(PREVIEW, generator=gen).float().cpu()
        return model.reconstruct(fixed.floats().to(model.device), fixed.labels.to(model.device))
    finally:
        model.train(was_training)


def device_name(device: str = "auto") -> str:
    return str(pick_device(device))
