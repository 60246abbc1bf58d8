"""Training in the background, shared by everyone connected to one server. A run goes through
the one training workflow in a worker process (`python -m genviz.runs`, joined by pipes), so
training never competes with the pages for the server's interpreter; the server keeps each
run's latest progress, loss history and per-epoch preview as the worker reports them, and the
checkpoint is saved in the user folder (never over a shipped one).

A worker that dies fails its run with a sentence and is started again for the next one.
"""

from __future__ import annotations

import dataclasses
import threading
import time
import traceback
from dataclasses import dataclass, field
from pathlib import Path

import torch

from genviz import data, worker
from genviz.checkpoint import Checkpoint
from genviz.errors import GenvizError
from genviz.models import family
from genviz.train import ProgressEvent
from genviz.workflow import Settings, build_for, check_name, default_name, target_for

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
    error_key: str = ""  # the app's sentence for `error` (ui text err.<key>) and its values
    error_values: dict = field(default_factory=dict)
    started: float = field(default_factory=time.time)

    @property
    def active(self) -> bool:
        return self.state in ("starting", "running")

    def cancel(self) -> None:
        """Stop after the step in progress; finished epochs are saved."""
        _service().worker.send(("cancel", self.name))


class _Service:
    """The server's side: the runs, and the worker process that trains them."""

    def __init__(self):
        self.runs: dict[str, Run] = {}
        self.lock = threading.Lock()
        self.worker = worker.Worker("genviz.runs", self._on_message, self._on_exit)

    def _on_message(self, message) -> None:
        kind, name, payload = message
        with self.lock:
            run = self.runs.get(name)
        if run is None:
            return
        if kind == "progress":
            run.last, run.state = ProgressEvent(**payload), "running"
        elif kind == "epoch":
            row, shown = payload
            run.history.append(row)
            run.preview = {k: torch.from_numpy(v) for k, v in shown.items()}
        elif kind == "done":
            run.path, run.history, cancelled = payload
            run.state = "cancelled" if cancelled else "saved"
        else:  # error: (message, key, values, cancelled)
            run.error, run.error_key, run.error_values, cancelled = payload
            run.state = "cancelled" if cancelled else "failed"

    def _on_exit(self) -> None:
        with self.lock:
            for run in self.runs.values():
                if run.active:
                    run.error = "the training worker stopped; start the run again."
                    run.error_key, run.state = "worker_stopped", "failed"


_SERVICE: _Service | None = None
_SERVICE_LOCK = threading.Lock()


def _service() -> _Service:
    global _SERVICE
    with _SERVICE_LOCK:
        if _SERVICE is None:
            _SERVICE = _Service()
        return _SERVICE


def all_runs() -> list[Run]:
    """Every run this server has started, newest first."""
    service = _service()
    with service.lock:
        return sorted(service.runs.values(), key=lambda r: r.started, reverse=True)


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
    """Check everything now (a bad option fails here, as a sentence), then train in the
    worker; the checkpoint goes to <out>/<dataset>/<name>."""
    family(kind)
    if not data.available(root).get(dataset, False):
        raise GenvizError(
            f"the {dataset} dataset is not here; pick one that is.", "no_dataset", dataset=dataset
        )
    name = check_name(name or default_name(kind))
    target = target_for(Path(out) / dataset, name)
    build_for(kind, data.load_dataset(dataset, "train", root=root), options, base and base.model)
    service = _service()
    run = Run(name, kind, dataset, settings.epochs)
    with service.lock:
        if any(r.active for r in service.runs.values()):
            raise GenvizError(
                "a run is already training; wait for it or cancel it first.", "run_active"
            )
        service.runs[name] = run
    service.worker.ensure()
    job = (kind, dataset, options, dataclasses.asdict(settings), str(target))
    job += (None if base is None else str(base.path), None if root is None else str(root))
    if not service.worker.send(("start", name, job)):
        run.error, run.state = "the training worker could not be started; try again.", "failed"
        run.error_key = "worker_stopped"
    return run


# -- the worker process --------------------------------------------------------------------

_CANCELS: dict[str, threading.Event] = {}


def _handle(message, reply) -> None:
    what, name, job = (*message, None)[:3]
    if what == "cancel":
        if name in _CANCELS:
            _CANCELS[name].set()
        return
    _CANCELS[name] = threading.Event()
    # train in a thread, so that a cancel message is read while it runs
    threading.Thread(target=_train, args=(name, job, reply), daemon=True).start()


def _train(name: str, job, reply) -> None:
    from genviz import checkpoint, generate
    from genviz.workflow import train_and_save

    kind, dataset, options, settings, target, base, root = job
    cancel = _CANCELS[name]
    fixed = data.load_dataset(dataset, "test", root=root).take(PREVIEW)

    def on_progress(ev: ProgressEvent) -> None:
        if ev.kind == "step" and ev.step % 5 and ev.step != ev.steps_per_epoch:
            return  # a few reports an epoch are plenty for a progress bar
        reply(("progress", name, dataclasses.asdict(ev)))

    def on_epoch(model, ev: ProgressEvent) -> None:
        # the same images and noise every epoch, so the picture shows the model learning
        shown = generate.preview(model, fixed.floats(), fixed.labels)
        reply(
            (
                "epoch",
                name,
                ({"epoch": ev.epoch, **ev.logs}, {k: v.numpy() for k, v in shown.items()}),
            )
        )

    try:
        trained = train_and_save(
            kind,
            dataset,
            options,
            Settings(**settings),
            target,
            base=None if base is None else checkpoint.load(base),
            root=root,
            origin="app: Train page",
            on_progress=on_progress,
            on_epoch=on_epoch,
            cancel=cancel,
        )
        reply(("done", name, (str(trained.path), trained.fit.history, trained.fit.cancelled)))
    except GenvizError as e:
        reply(("error", name, (str(e), e.key or "", e.values, cancel.is_set())))
    except Exception as e:  # noqa: BLE001 - the page shows one line; the log has the rest
        traceback.print_exc()
        reply(("error", name, (f"training stopped: {type(e).__name__}: {e}", "", {}, False)))
    finally:
        _CANCELS.pop(name, None)


if __name__ == "__main__":
    import os

    os.nice(10)  # pages first: a run takes the CPU the class leaves idle
    worker.serve(_handle)
