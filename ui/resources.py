"""What the server loads once and every session shares: checkpoints, dataset splits, latents,
the picture service and the views that are the same for everyone (`shown`), cached by
Streamlit under plain keys (a path and its file time)."""

from __future__ import annotations

import contextlib
import functools
import os
import time
from pathlib import Path

import numpy as np
import streamlit as st
import torch

from genviz import checkpoint, data, memory, meta, paths
from genviz.analysis import batches, replay, summary, uploads
from genviz.errors import DatasetMissing, GenvizError
from genviz.models import build_for, loops
from genviz.serve import pictures, runs, showcase, studies
from genviz.train import pick_device
from ui import images
from ui.text import say, tr

CHECKPOINTS = paths.CHECKPOINTS
user_dir = paths.user_checkpoints  # where the Train page saves


@st.cache_resource(show_spinner=False)
def device() -> torch.device:
    return pick_device("auto")


def mtime(path: str | Path) -> float:
    """The checkpoint's JSON's modification time: part of every cache key about a
    checkpoint, so a retrained one loads afresh. The JSON, not the weights: every save
    rewrites it last (it is the switch), and an overwrite puts the weights under a new name
    (<name>.<hash>.safetensors) that only the JSON knows."""
    return Path(str(path) + ".json").stat().st_mtime


@st.cache_resource(show_spinner=False, max_entries=48)
def _checkpoint(path: str, mtime: float) -> checkpoint.Checkpoint:
    return checkpoint.load(path, device=device())


def checkpoint_at(path: str | Path) -> checkpoint.Checkpoint:
    """One copy per server of each checkpoint (never mutate it)."""
    return _checkpoint(str(path), mtime(path))


def shipped(dataset: str, name: str) -> checkpoint.Checkpoint | None:
    """The shipped checkpoint of that name for a dataset, or None when the set lacks it."""
    path = CHECKPOINTS / dataset / name
    return checkpoint_at(path) if meta.sibling(path, ".json").is_file() else None


class _Served(checkpoint.Lazy):
    """A checkpoint known by its JSON whose model, when a view needs it, is the server's one
    copy (`checkpoint_at`): a precomputed view builds no model at all."""

    @property
    def model(self):
        return checkpoint_at(self.path).model


def lazy(path: str | Path) -> checkpoint.Lazy:
    """A checkpoint known by its JSON alone: enough to ask for a view (`shown`), which builds
    its model (the server's one copy) only when the view is not already computed."""
    return _Served(path)


@st.cache_data(show_spinner=False, max_entries=256)
def _shown(module: str, name: str, args: tuple, options: tuple):
    ckpts = [_Served(a[1]) if isinstance(a, tuple) and a[:1] == ("ckpt",) else a for a in args]
    return getattr(VIEWS[module], name)(*ckpts, **dict(options))


VIEWS = {m.__name__: m for m in (showcase, studies)}


def _view(view, args: tuple, options: dict):
    key = tuple(("ckpt", str(a.path), mtime(a.path)) if hasattr(a, "meta") else a for a in args)
    return _shown(view.__module__, view.__name__, key, tuple(sorted(options.items())))


def shown(view, *args, **options):
    """A view that is the same for everyone (genviz.serve.showcase or .studies: shipped,
    cached on disk, or computed now), once per server. Checkpoints among the args are passed
    by path and file time, so a retrained one is computed afresh. A view made of training
    images this computer lacks (a fresh clone ships only the test splits) says so and stops
    the page there."""
    return _or_stop(lambda: _view(view, args, options))


def _or_stop(compute):
    """compute(), or the page stopped with a sentence where it needs training images this
    computer lacks."""
    try:
        return compute()
    except DatasetMissing as e:
        st.info(say(e))
        st.stop()


def previews(path) -> dict[str, tuple[bytes, int]]:
    """A model's preview pictures (showcase.preview: reconstructions, samples, ...) tiled four
    to a row and encoded once per server: the Home page shows every shipped model's, and
    tiling and encoding them on every visit was most of its time."""
    return _or_stop(lambda: _previews(str(path), mtime(path)))


@st.cache_resource(show_spinner=False, max_entries=256)
def _previews(path: str, stamp: float) -> dict[str, tuple[bytes, int]]:
    found = _view(showcase.preview, (lazy(path),), {})
    return {part: images.encoded(x, ncol=4) for part, x in found.items()}


def drawn(view, *args, busy: str, **options):
    """A view of samples (genviz.serve.showcase: `generated`, `prior_samples`) kept on disk
    once drawn: shown at once when kept, else drawn now under a progress bar that counts the
    steps of the sampler's loop (a PixelCNN's codes, one by one)."""
    found = view(*args, look=True, **options)
    if found is None:
        bar = st.progress(0.0, text=busy)

        def heard(done: int, total: int) -> None:
            bar.progress(done / total, text=tr("page.drawing", what=busy, done=done, total=total))

        with loops.reporting(heard):
            found = view(*args, **options)
        bar.empty()
    return found


def study(view, *args, asked: bool, busy: str, **options):
    """A study that trains its own small models (genviz.serve.studies): shown at once when it
    is already there (shipped, or trained earlier), else only once `asked` (its button was
    pressed), and then trained in the background worker, as the Train page's runs are (one at
    a time, and on a served class only by the teacher), with `busy` shown until it is there;
    None until then, or when it would train on images this computer lacks (a sentence)."""
    from ui.workspace import may_write

    options = {**options, "device": str(device())}
    try:
        if view(*args, ready=True, **options) is not None:
            return _view(view, args, options)
    except DatasetMissing as e:
        st.info(say(e))
        return None
    if not asked:
        return None
    if not may_write():
        st.info(tr("study.teacher_only"))
        return None
    try:
        if not data.has_train(args[0]):  # a study trains on the dataset's training images
            data.load_dataset(args[0], "train")  # raises the sentence that says how to get them
        run = runs.study(view.__name__, args, options)
    except GenvizError as e:  # no training images here, or a run already training
        st.info(say(e))
        return None
    if run.state == "failed":  # said once; asking again starts it again
        st.error(tr(f"err.{run.error_key}", **run.error_values) if run.error_key else run.error)
        runs.forget(run.name)
        return None
    if run.state == "saved":  # done, yet not in the store where this server looks
        st.error(tr("study.lost"))
        runs.forget(run.name)
        return None

    @st.fragment(run_every=2.0)
    def wait() -> None:
        if not run.active:
            st.rerun()  # in the store now (the page shows it), or failed (the page says so)
        st.info(f"{busy} ({tr('study.elapsed', s=round(time.time() - run.started))})")

    wait()
    return None


@st.cache_resource(show_spinner=False, max_entries=8)
def _listing(roots: tuple[str, ...], stamp: tuple) -> list[dict]:
    # `stamp` (each JSON's path and time) is only part of the key: a changed file reads anew.
    # A resource, not data: the one list, never copied (st.cache_data unpickled a copy on every
    # call, several a page: a tenth of a loaded server's time); no caller changes it
    return [entry for root in roots for entry in meta.list_checkpoints(root)]


def listing() -> list[dict]:
    """Every checkpoint the app offers (shipped, then the user's), each JSON read again only
    when it changes; an unreadable one is listed with its reason."""
    roots = [CHECKPOINTS]
    if not resolved(str(user_dir())).is_relative_to(resolved(str(CHECKPOINTS))):
        roots.append(user_dir())
    return _listing(tuple(str(r) for r in roots), _stamp(roots))


def _stamp(roots) -> tuple:
    """(path, mtime) of every JSON under the roots but in views/ folders, which hold results,
    never checkpoints: a page asks for the listing several times a run, and walking the views
    too (hundreds of files) was a fifth of a loaded server's time."""
    found, todo = [], [str(r) for r in roots]
    while todo:
        try:
            with os.scandir(todo.pop()) as entries:
                for e in entries:
                    if e.is_dir(follow_symlinks=False):
                        if e.name != paths.VIEWS:
                            todo.append(e.path)
                    elif e.name.endswith(".json"):
                        with contextlib.suppress(OSError):  # deleted meanwhile
                            found.append((e.path, e.stat().st_mtime_ns))
        except OSError:  # a folder gone meanwhile
            continue
    return tuple(sorted(found))


@functools.lru_cache(maxsize=4096)
def resolved(path: str) -> Path:
    """A path made absolute with its links followed, once per path (asked per listed
    checkpoint, several times a run)."""
    return Path(path).resolve()


@st.cache_data(max_entries=64, show_spinner=False)
def layers_of(kind: str, dataset: str, options: dict, base: str | None):
    """The layers of a network a form describes (built untrained, in milliseconds)."""
    base_model = checkpoint_at(base).model if base else None
    return summary.layers(build_for(kind, split(dataset), options, base_model))


@st.cache_data(max_entries=64, show_spinner=False)
def _layers_saved(path: str, mtime: float):
    return summary.layers(checkpoint_at(path).model)


def layers_saved(path: str):
    """The layers of a saved model."""
    return _layers_saved(path, mtime(path))


@st.cache_resource(show_spinner=False)
def split(dataset: str, which: str = "test") -> data.Split:
    """A split of a dataset, or "all": the test images, then the training ones."""
    if which == "all":
        return split(dataset, "test").then(split(dataset, "train"))
    return data.load_dataset(dataset, which)


@st.cache_data(show_spinner=False, max_entries=64)
def _latents(path: str, mtime: float, which: str, n: int) -> np.ndarray:
    ckpt = _checkpoint(path, mtime)
    return batches.embed(ckpt.model, split(ckpt.dataset, which).take(n)).numpy()


def latents(ckpt: checkpoint.Checkpoint, which: str = "test", n: int | None = None):
    """(latents (N, F), the split's first N images) for a checkpoint; cached per server."""
    part = split(ckpt.dataset, which)
    n = min(n or len(part), len(part))
    return torch.from_numpy(_latents(str(ckpt.path), mtime(ckpt.path), which, n)), part.take(n)


@st.cache_resource(show_spinner=False)
def service() -> pictures.Service:
    """The server's picture service; its worker starts (and warms up numba) with the server.
    Once per server, too: the server's freed tensors stay in it (genviz.memory)."""
    memory.keep_freed_memory()
    return pictures.shared().start()


def picture(
    ckpt,
    method: str,
    dim: int,
    n: int | None = pictures.DEFAULT_POINTS,
    which: str = "test",
    params: dict | None = None,
):
    """(the picture to draw, latents, split part) for a checkpoint's first n images of a split
    ("test", "train" or "all"; n None: all of it), with the method's settings (`params`)."""
    z, part = latents(ckpt, which, n)
    shown = pictures.picture(
        service(), ckpt, z.numpy(), which, method, dim, params=params, data=(part,)
    )
    return shown, z, part


@st.cache_data(show_spinner=False, max_entries=16)
def _replay(path: str, mtime: float):
    return replay.load(path)


def replay_of(path: str):
    """A checkpoint's training replay in 2-D (genviz.replay), or None."""
    return _replay(path, mtime(path))


@st.cache_data(show_spinner=False)
def _fill(dataset: str) -> float:
    part = split(dataset, "train" if data.has_train(dataset) else "test")
    return uploads.fill_of(part.images[:2000]) if part.style == "ink" else 1.0


def uploaded(blob: bytes | None, ckpt, invert: str, empty: str, blank: str) -> torch.Tensor:
    """The user's image (or drawing) in the checkpoint's data format, (1, C, H, W); with none
    yet, `empty` is said, and with no ink in it, `blank`, and the page stops there."""
    if blob is not None:
        prepared = prepare_upload(blob, ckpt, invert)
        if not prepared.blank:
            return prepared.image
    st.info(tr(empty if blob is None else blank))
    st.stop()


def prepare_upload(blob: bytes, ckpt: checkpoint.Checkpoint, invert: str) -> uploads.Prepared:
    """A user's image brought into the checkpoint's data format (genviz.uploads.prepare); a
    file that cannot be read gets its one sentence and stops the page."""
    shape = tuple(ckpt.model.config.image_shape)
    try:
        style = split(ckpt.dataset, "test").style
        return uploads.prepare(blob, shape, invert, _fill(ckpt.dataset), style)
    except GenvizError as e:
        st.error(say(e))
        st.stop()
