"""Training in the background, the worker's half: `python -m genviz.serve.run_worker`, started
by the server's run service (genviz.serve.runs) and joined to it by inherited pipes. Each run
goes through the one training workflow in a thread of its own (so a cancel is read while it
trains), reporting progress, each epoch's row and preview, and the saved checkpoint."""

from __future__ import annotations

import dataclasses
import os
import threading
import traceback

from genviz import checkpoint, data, store
from genviz.analysis import generate
from genviz.errors import GenvizError
from genviz.serve import worker
from genviz.serve.runs import PREVIEW, News, Order
from genviz.train import ProgressEvent
from genviz.workflow import Settings, train_and_save

_CANCELS: dict[str, threading.Event] = {}


def handle(order: Order, reply) -> None:
    if order.what == "cancel":
        if order.name in _CANCELS:
            _CANCELS[order.name].set()
        return
    if order.what == "study":
        threading.Thread(target=study, args=(order, reply), daemon=True).start()
        return
    _CANCELS[order.name] = threading.Event()
    threading.Thread(target=train, args=(order, reply), daemon=True).start()


def study(order: Order, reply) -> None:
    """A study of genviz.serve.studies, computed here and kept in the results store (the
    server's cache folder, which this process inherits), then told done."""
    from genviz.serve import studies

    options = dict(order.options)
    args = options.pop("args", [])
    try:
        with store.results_in(order.results):  # where the server reads results
            getattr(studies, order.kind)(*args, **options)
        reply(News("done", order.name))
    except GenvizError as e:
        reply(News("error", order.name, error=str(e), error_key=e.key or "",
                   error_values=e.values))  # fmt: skip
    except Exception as e:  # noqa: BLE001 - the page shows one line; the log has the rest
        traceback.print_exc()
        reply(News("error", order.name, error=f"the study stopped: {type(e).__name__}: {e}"))


def train(order: Order, reply) -> None:
    """One run through the workflow, told to the server as it goes."""
    name, cancel = order.name, _CANCELS[order.name]
    fixed = data.load_dataset(order.dataset, "test", root=order.root).take(PREVIEW)

    def on_progress(ev: ProgressEvent) -> None:
        if ev.kind == "step" and ev.step % 5 and ev.step != ev.steps_per_epoch:
            return  # a few reports an epoch are plenty for a progress bar
        reply(News("progress", name, event=dataclasses.asdict(ev)))

    def on_epoch(model, ev: ProgressEvent) -> None:
        # the same images and noise every epoch, so the picture shows the model learning
        shown = generate.preview(model, fixed.floats(), fixed.labels)
        preview = {k: v.numpy() for k, v in shown.items()}
        reply(News("epoch", name, row={"epoch": ev.epoch, **ev.logs}, preview=preview))

    try:
        trained = train_and_save(
            order.kind,
            order.dataset,
            order.options,
            Settings(**order.settings),
            order.target,
            base=None if order.base is None else checkpoint.load(order.base),
            root=order.root,
            origin="app: Train page",
            on_progress=on_progress,
            on_epoch=on_epoch,
            cancel=cancel,
        )
        fit = trained.fit
        reply(
            News("done", name, path=str(trained.path), history=fit.history, cancelled=fit.cancelled)
        )
    except GenvizError as e:
        reply(
            News(
                "error",
                name,
                error=str(e),
                error_key=e.key or "",
                error_values=e.values,
                cancelled=cancel.is_set(),
            )
        )
    except Exception as e:  # noqa: BLE001 - the page shows one line; the log has the rest
        traceback.print_exc()
        reply(News("error", name, error=f"training stopped: {type(e).__name__}: {e}"))
    finally:
        _CANCELS.pop(name, None)


if __name__ == "__main__":
    os.nice(10)  # pages first: a run takes the CPU the class leaves idle
    worker.serve(handle)
