"""Streamlit helpers the pages share: the sidebar workspace, cached loading, big image grids.
(Kept out of pages/, where every .py file becomes a page.)"""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np
import streamlit as st
import torch

from genviz import checkpoint, data, metrics, projector
from genviz.errors import GenvizError
from genviz.train import pick_device
from ui.text import tr

ROOT = Path(__file__).resolve().parents[1]
CHECKPOINTS = ROOT / "checkpoints"
# where the Train page saves; GENVIZ_USER_DIR moves it (tests use a temporary folder)
USER = Path(os.environ.get("GENVIZ_USER_DIR") or CHECKPOINTS / "user")
SHOWN = 16  # images in a selection strip
# the app's pages in menu order: (file, title key in ui/text.py, the default page?)
PAGES = [
    ("pages/home.py", "nav.home", True),
    ("pages/train.py", "nav.train", False),
    ("pages/latent_map.py", "nav.map", False),
    ("pages/interpolate.py", "nav.interpolate", False),
    ("pages/codebook.py", "nav.codebook", False),
    ("pages/denoise.py", "nav.denoise", False),
    ("pages/generate.py", "nav.generate", False),
    ("pages/compare.py", "nav.compare", False),
    ("pages/applications.py", "nav.applications", False),
    ("pages/upload.py", "nav.upload", False),
]

# what a page may ask of a model
NEEDS = {
    "encode": lambda m: m.can_encode,
    "decode": lambda m: m.can_encode or m.can_sample,
    "sample": lambda m: m.can_sample,
    "vector": lambda m: m.can_encode and m.latent_type == "vector",
    "vqvae": lambda m: m.kind == "vqvae",
    "pixelcnn": lambda m: m.kind == "pixelcnn",
    "conditional": lambda m: m.conditional and m.can_sample,
    "classifier": lambda m: m.kind == "classifier",
}


def data_root():
    return os.environ.get("GENVIZ_DATA") or None


@st.cache_resource(show_spinner=False)
def device() -> torch.device:
    return pick_device("auto")


@st.cache_resource(show_spinner=False, max_entries=32)
def load(path: str, mtime: float) -> checkpoint.Checkpoint:
    """One copy per server of each checkpoint; `mtime` makes a retrained file load afresh."""
    return checkpoint.load(path, device=device())


def load_path(path: str) -> checkpoint.Checkpoint:
    return load(path, mtime(path))


def mtime(ckpt: checkpoint.Checkpoint | str) -> float:
    """The weights file's modification time (of a checkpoint, or of its path without the
    suffix): part of every cache key about a checkpoint."""
    path = ckpt if isinstance(ckpt, str) else str(ckpt.path)
    return Path(path + ".safetensors").stat().st_mtime


@st.cache_resource(show_spinner=False)
def split(name: str, which: str = "test") -> data.Split:
    return data.load(name, which, root=data_root())


@st.cache_data(show_spinner=False, max_entries=64)
def features(path: str, mtime: float, which: str, n: int) -> np.ndarray:
    ckpt = load(path, mtime)
    part = split(ckpt.dataset, which).take(n)
    return metrics.features(ckpt.model, part).numpy()


def latents_of(ckpt: checkpoint.Checkpoint, which: str = "test", n: int | None = None):
    part = split(ckpt.dataset, which)
    n = min(n or len(part), len(part))
    return torch.from_numpy(features(str(ckpt.path), mtime(ckpt), which, n)), part.take(n)


@st.cache_resource(show_spinner=False)
def projections() -> projector.Projector:
    """The server's projector; its worker starts (and warms up numba) with the server."""
    return projector.shared().start()


def checkpoints(dataset: str, need: str | None = None) -> list[dict]:
    """The checkpoints of a dataset, shipped first, that can do what a page needs."""
    listed = checkpoint.list_checkpoints(CHECKPOINTS)
    if not USER.resolve().is_relative_to(CHECKPOINTS.resolve()):
        listed += checkpoint.list_checkpoints(USER)
    found = [c for c in listed if c.get("dataset") == dataset and "error" not in c]
    if need is not None:
        found = [c for c in found if NEEDS[need](_family(c["kind"]))]
    return sorted(found, key=lambda c: (_is_user(c), c["name"]))


def _family(kind: str):
    from genviz.models import family

    return family(kind)


def _is_user(entry: dict) -> bool:
    return Path(entry["path"]).resolve().is_relative_to(USER.resolve())


def dataset_picker() -> str:
    """The sidebar's dataset choice (digits always works), with a download offer."""
    ready = data.available(data_root())
    names = list(ready)
    choice = st.sidebar.selectbox(
        tr("side.dataset"),
        names,
        key="dataset",
        format_func=lambda n: n if ready[n] else f"{n} ({tr('side.missing')})",
    )
    if not ready[choice]:
        st.sidebar.info(tr("side.offline", name=choice, root=data.data_root(data_root())))
        if st.sidebar.button(tr("side.download", name=choice), key="download"):
            try:
                with st.spinner(tr("side.downloading")):
                    data.load(choice, "train", root=data_root(), download=True)
                    data.load(choice, "test", root=data_root(), download=True)
                st.rerun()
            except Exception:  # noqa: BLE001 - no internet is the usual cause: one sentence
                st.sidebar.error(tr("side.download_failed", root=data.data_root(data_root())))
    return choice


def workspace(need: str | None = None, label: str | None = None, key: str = "ckpt"):
    """Sidebar: dataset, a checkpoint that can do `need`, the device. Returns the loaded
    checkpoint, or stops the page with a sentence saying what to do."""
    dataset = dataset_picker()
    if not data.available(data_root())[dataset]:
        st.info(tr("page.no_data", name=dataset))
        st.stop()
    found = checkpoints(dataset, need)
    st.sidebar.caption(tr("side.device", device=str(device())))
    if not found:
        st.info(tr("page.no_checkpoint", dataset=dataset, need=tr(f"need.{need}")))
        st.stop()
    paths = [c["path"] for c in found]
    names = {c["path"]: _label(c) for c in found}
    path = st.sidebar.selectbox(
        label or tr("side.checkpoint"),
        paths,
        key=f"{key}_{dataset}_{need}",
        format_func=names.get,
    )
    try:
        return load_path(path)
    except GenvizError as e:
        st.error(str(e))
        st.stop()


def _label(entry: dict) -> str:
    where = tr("side.user") if _is_user(entry) else tr("side.shipped")
    return f"{entry['name']} ({entry['kind']}, {where})"


def scale_for(image_shape) -> int:
    """Nearest-neighbour upscaling so an image is about 112 pixels: legible on a projector."""
    return max(1, round(112 / max(image_shape[-2:])))


def big(images: torch.Tensor, scale: int | None = None) -> list[np.ndarray]:
    """(N, C, H, W) in [0, 1] -> N uint8 arrays, upscaled by pixel repetition (no blur)."""
    images = images.detach().float().cpu().clamp(0, 1)
    s = scale or scale_for(images.shape)
    up = images.repeat_interleave(s, -2).repeat_interleave(s, -1)
    arr = (up * 255).round().to(torch.uint8).permute(0, 2, 3, 1).numpy()
    return [a[..., 0] if a.shape[-1] == 1 else a for a in arr]


def grid(images: torch.Tensor, captions=None, scale: int | None = None) -> None:
    """Images side by side (wrapping), each with its caption (a class name, a score)."""
    if len(images) == 0:
        st.caption(tr("page.nothing"))
        return
    pics = big(images, scale)
    st.image(
        pics, caption=None if captions is None else [str(c) for c in captions], output_format="PNG"
    )


def mosaic(images: torch.Tensor, ncol: int, scale: int | None = None) -> np.ndarray:
    """One uint8 picture of images tiled ncol to a row with a 1-pixel grey gap."""
    pics = big(images, scale)
    h, w = pics[0].shape[:2]
    rows = -(-len(pics) // ncol)
    shape = (rows * (h + 1) - 1, ncol * (w + 1) - 1, *pics[0].shape[2:])
    out = np.full(shape, 96, np.uint8)
    for i, p in enumerate(pics):
        r, c = divmod(i, ncol)
        out[r * (h + 1) : r * (h + 1) + h, c * (w + 1) : c * (w + 1) + w] = p
    return out


def class_traces(xy: np.ndarray, labels: np.ndarray, names, size: int = 4, **style) -> list:
    """One plotly trace per class, so the legend shows and hides classes: WebGL markers for
    2-D coordinates, a 3-D scatter for 3-D ones. customdata is each point's index."""
    import plotly.graph_objects as go

    traces = []
    for c, name in enumerate(names):
        pick = np.nonzero(labels == c)[0]
        axes = dict(x=xy[pick, 0], y=xy[pick, 1])
        if xy.shape[1] == 3:
            trace = go.Scatter3d(**axes, z=xy[pick, 2], mode="markers", name=name, customdata=pick)
        else:
            trace = go.Scattergl(**axes, mode="markers", name=name, customdata=pick)
        traces.append(trace.update(marker=dict(size=size), **style))
    return traces


def class_names(ckpt) -> list[str]:
    return list(ckpt.class_names)


def fail(e: Exception) -> None:
    """A GenvizError as the sentence it is, and stop the page (never a traceback)."""
    st.error(str(e))
    st.stop()
