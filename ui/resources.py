"""What the server loads once and every session shares: checkpoints, dataset splits, latents
and the picture service, cached by Streamlit under plain keys (a path and its file time)."""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np
import streamlit as st
import torch

from genviz import checkpoint, data, metrics, pictures, replay, uploads
from genviz.errors import GenvizError
from genviz.train import pick_device

ROOT = Path(__file__).resolve().parents[1]
CHECKPOINTS = ROOT / "checkpoints"


def user_dir() -> Path:
    """Where the Train page saves: $GENVIZ_USER_DIR, else checkpoints/user."""
    return Path(os.environ.get("GENVIZ_USER_DIR") or CHECKPOINTS / "user")


def precomputed(dataset: str) -> Path:
    """Where the shipped set of a dataset keeps its precomputed views (genviz.showcase)."""
    return CHECKPOINTS / dataset / "precomputed"


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


@st.cache_data(show_spinner=False, max_entries=8)
def _listing(roots: tuple[str, ...], stamp: tuple) -> list[dict]:
    # `stamp` (each JSON's path and time) is only part of the key: a changed file reads anew
    return [entry for root in roots for entry in checkpoint.list_checkpoints(root)]


def listing() -> list[dict]:
    """Every checkpoint the app offers (shipped, then the user's), each JSON read again only
    when it changes; an unreadable one is listed with its reason."""
    roots = [CHECKPOINTS]
    if not user_dir().resolve().is_relative_to(CHECKPOINTS.resolve()):
        roots.append(user_dir())
    stamp = []
    for root in roots:
        for p in sorted(Path(root).rglob("*.json")):
            try:
                stamp.append((str(p), p.stat().st_mtime))
            except OSError:  # deleted meanwhile
                continue
    return _listing(tuple(str(r) for r in roots), tuple(stamp))


@st.cache_resource(show_spinner=False)
def split(dataset: str, which: str = "test") -> data.Split:
    return data.load_dataset(dataset, which)


@st.cache_data(show_spinner=False, max_entries=64)
def _latents(path: str, mtime: float, which: str, n: int) -> np.ndarray:
    ckpt = _checkpoint(path, mtime)
    return metrics.embed(ckpt.model, split(ckpt.dataset, which).take(n)).numpy()


def latents(ckpt: checkpoint.Checkpoint, which: str = "test", n: int | None = None):
    """(latents (N, F), the split's first N images) for a checkpoint; cached per server."""
    part = split(ckpt.dataset, which)
    n = min(n or len(part), len(part))
    return torch.from_numpy(_latents(str(ckpt.path), mtime(ckpt.path), which, n)), part.take(n)


@st.cache_resource(show_spinner=False)
def service() -> pictures.Service:
    """The server's picture service; its worker starts (and warms up numba) with the server."""
    return pictures.shared().start()


def picture(ckpt, method: str, dim: int, n: int = pictures.DEFAULT_POINTS):
    """(the picture to draw, latents, split part) for a checkpoint's first n test images."""
    z, part = latents(ckpt, "test", n)
    return pictures.picture(service(), ckpt, z.numpy(), "test", method, dim), z, part


@st.cache_data(show_spinner=False, max_entries=16)
def _replay(path: str, mtime: float):
    return replay.load(path)


def replay_of(path: str):
    """A checkpoint's training replay in 2-D (genviz.replay), or None."""
    return _replay(path, mtime(path))


@st.cache_data(show_spinner=False)
def _fill(dataset: str) -> float:
    return uploads.fill_of(split(dataset, "train").images[:2000])


def prepare_upload(blob: bytes, ckpt: checkpoint.Checkpoint, invert: str) -> uploads.Prepared:
    """A user's image brought into the checkpoint's data format (genviz.uploads.prepare); a
    file that cannot be read gets its one sentence and stops the page."""
    from ui.text import say

    shape = tuple(ckpt.model.config.image_shape)
    try:
        return uploads.prepare(blob, shape, invert, _fill(ckpt.dataset))
    except GenvizError as e:
        st.error(say(e))
        st.stop()
