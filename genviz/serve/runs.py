"""Training in the background, shared by everyone connected to one server; the server's
half. A run goes through the one training workflow in a worker process
(genviz.serve.run_worker, joined by pipes), so training never competes with the pages for the
server's interpreter; the server keeps each run's latest progress, loss history and
per-epoch preview as the worker reports them, and the checkpoint is saved in the user folder
(never over a shipped one). The two halves talk in `Order` (to the worker) and `News` (back).

A worker that dies fails its run with a sentence and is started again for the next one.
"""

from __future__ import annotations

import dataclasses
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import torch

from genviz import data
from genviz.checkpoint import Checkpoint
from genviz.errors import GenvizError
from genviz.models import build_for, family
from genviz.serve.worker import Worker
from genviz.train import ProgressEvent
from genviz.workflow import Settings, check_name, default_name, target_for

PREVIEW = 8  # test images (and samples) in the per-epoch preview


@dataclass
class Order:
    """The server to the worker: "start" a run (the rest of the fields), "cancel" it, or
    "study": compute genviz.serve.studies.<kind>(*options["args"], **the other options)."""

    what: str
    name: str
    kind: str = ""
    dataset: str = ""
    options: dict = field(default_factory=dict)
    settings: dict = field(default_factory=dict)  # Settings' fields
    target: str = ""  # the checkpoint's stem
    base: str | None = None  # a prior's base checkpoint
    root: str | None = None  # the data root
    results: str | None = None  # where a study keeps its result (the server's results folder)


@dataclass
class News:
    """The worker to the server about the run `name`: "progress" (`event`, a ProgressEvent's
    fields), "epoch" (`row` of the history, `preview` images), "done" (`path`, `history`,
    `cancelled`) or "error" (`error`, its text key and values, `cancelled`)."""

    what: str
    name: str
    event: dict = field(default_factory=dict)
    row: dict = field(default_factory=dict)
    preview: dict = field(default_factory=dict)  # part -> images, a float32 array
    path: str = ""
    history: list = field(default_factory=list)
    cancelled: bool = False
    error: str = ""
    error_key: str = ""
    error_values: dict = field(default_factory=dict)


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
        _service().worker.send(Order("cancel", self.name))


class _Service:
    """The server's side: the runs, and the worker process that trains them."""

    def __init__(self):
        self.runs: dict[str, Run] = {}
        self.lock = threading.Lock()
        self.worker = Worker("genviz.serve.run_worker", self._on_news, self._on_exit)

    def _on_news(self, news: News) -> None:
        with self.lock:
            run = self.runs.get(news.name)
        if run is None:
            return
        if news.what == "progress":
            run.last, run.state = ProgressEvent(**news.event), "running"
        elif news.what == "epoch":
            run.history.append(news.row)
            run.preview = {k: torch.from_numpy(v) for k, v in news.preview.items()}
        elif news.what == "done":
            run.path, run.history = news.path, news.history
            run.state = "cancelled" if news.cancelled else "saved"
        else:
            run.error, run.error_key, run.error_values = (
                news.error,
                news.error_key,
                news.error_values,
            )
            run.state = "cancelled" if news.cancelled else "failed"

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
    """Every training run this server has started, newest first (studies are not listed)."""
    service = _service()
    with service.lock:
        trained = [r for r in service.runs.values() if r.kind != STUDY]
    return sorted(trained, key=lambda r: r.started, reverse=True)


STUDY = "study"  # a run's kind when it computes a study (genviz.serve.studies), not a model


def forget(name: str) -> None:
    """Drop a finished run from the server's list (a failed study, once its page said so, so
    that asking again starts it again)."""
    service = _service()
    with service.lock:
        run = service.runs.get(name)
        if run is not None and not run.active:
            del service.runs[name]


def study(view: str, args: tuple, options: dict) -> Run:
    """A study of genviz.serve.studies (`view`, its name: a KL sweep, the likelihood pair)
    computed in the worker, as training is, one run at a time: it keeps its result in the
    results store, where the page reads it once done. The same study asked again, while it
    runs or after, is the same run."""
    from genviz import store
    from genviz.serve import studies

    if not callable(getattr(studies, view, None)):
        raise GenvizError(f"there is no study called {view}.")
    name = f"{STUDY}:{view}:{store.key(args=list(args), options=options)}"
    service = _service()
    with service.lock:
        run = service.runs.get(name)
        if run is not None and run.state in ("starting", "running", "saved"):
            return run
        if any(r.active for r in service.runs.values()):
            raise GenvizError(
                "a run is already training; wait for it or cancel it first.", "run_active"
            )
        run = Run(name, STUDY, str(args[0]) if args else "", int(options.get("epochs") or 0))
        service.runs[name] = run
    service.worker.ensure()
    # the worker keeps the result where this server reads results (its cache folder may have
    # been set after the worker started)
    order = Order("study", name, view, options={"args": list(args), **options},
                  results=str(store.cache_dir()))  # fmt: skip
    if not service.worker.send(order):
        run.error, run.state = "the training worker could not be started; try again.", "failed"
        run.error_key = "worker_stopped"
    return run


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
    if not data.ready(dataset, root):
        raise GenvizError(
            f"the {dataset} dataset is not here; pick one that is.", "no_dataset", dataset=dataset
        )
    name = check_name(name or default_name(kind))
    target = target_for(Path(out) / data.slug(dataset), name)
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
    order = Order(
        "start",
        name,
        kind,
        dataset,
        options,
        dataclasses.asdict(settings),
        str(target),
        None if base is None else str(base.path),
        None if root is None else str(root),
    )
    if not service.worker.send(order):
        run.error, run.state = "the training worker could not be started; try again.", "failed"
        run.error_key = "worker_stopped"
    return run
