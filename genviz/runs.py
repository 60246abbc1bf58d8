"""Training in the background, shared by everyone connected to one server: a run goes through
the one training workflow, keeps its latest progress, loss history and a preview per epoch,
and saves a user checkpoint when it ends (never over a shipped one)."""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import torch

from genviz import data, generate
from genviz.checkpoint import Checkpoint
from genviz.errors import GenvizError
from genviz.models import GenModel, family
from genviz.train import ProgressEvent
from genviz.workflow import Settings, check_name, default_name, target_for, train_and_save

PREVIEW = 8  # test images (and samples) in the per-epoch preview


@dataclass
class Run:
    name: str
    kind: str
    dataset: str
    epochs: int
    state: str = "starting"  # starting, running, saved, cancelled, failed
    last: ProgressEvent | None = None
    history: list[dict] = field(default_factory=list)
    preview: dict[str, torch.Tensor] = field(default_factory=dict)  # generate.preview's
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
    settings: Settings,
    *,
    out: str | Path,
    name: str | None = None,
    base: Checkpoint | None = None,
    root=None,
) -> Run:
    """Check everything now (a bad option fails here, as a sentence), then train in a thread;
    the checkpoint goes to <out>/<dataset>/<name>."""
    family(kind)
    if not data.available(root).get(dataset, False):
        raise GenvizError(f"the {dataset} dataset is not here; pick one that is.")
    name = check_name(name or default_name(kind))
    target = target_for(Path(out) / dataset, name)
    train = data.load_dataset(dataset, "train", root=root)
    from genviz.workflow import build_for

    build_for(kind, train, options, base.model if base is not None else None)  # fails early
    run = Run(name, kind, dataset, settings.epochs)
    with _LOCK:
        if any(r.active for r in _RUNS.values()):
            raise GenvizError("a run is already training; wait for it or cancel it first.")
        _RUNS[name] = run
    args = (run, kind, dataset, options, settings, target, base, root)
    threading.Thread(target=_train, args=args, daemon=True, name=f"genviz-{name}").start()
    return run


def _train(run: Run, kind, dataset, options, settings, target, base, root) -> None:
    fixed = data.load_dataset(dataset, "test", root=root).take(PREVIEW)

    def on_progress(ev: ProgressEvent) -> None:
        run.last, run.state = ev, "running"

    def on_epoch(model: GenModel, ev: ProgressEvent) -> None:
        run.history.append({"epoch": ev.epoch, **ev.logs})
        # the same images and noise every epoch, so the picture shows the model learning
        run.preview = generate.preview(model, fixed.floats(), fixed.labels)

    try:
        trained = train_and_save(
            kind,
            dataset,
            options,
            settings,
            target,
            base=base,
            root=root,
            origin="app: Train page",
            on_progress=on_progress,
            on_epoch=on_epoch,
            cancel=run.cancel,
        )
        run.history = trained.fit.history
        run.path = str(trained.path)
        run.state = "cancelled" if trained.fit.cancelled else "saved"
    except GenvizError as e:
        run.error = str(e)
        run.state = "cancelled" if run.cancel.is_set() else "failed"
    except Exception as e:  # noqa: BLE001 - a page shows one line; the log has the rest
        run.error, run.state = f"training stopped: {type(e).__name__}: {e}", "failed"
        raise
