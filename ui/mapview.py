"""The latent map at scale: a small component of our own (ui/assets/map.html) that draws the
points with WebGL (or the CPU where a browser has none), pans, zooms and lassoes in the
browser without a rerun, and reports a click or a lasso back as a `maps.MapEvent`.

The points travel as binary files in the component's folder (data/<hash>.bin), written once
and fetched once by each browser; a rerun sends only their names. Nothing is fetched from the
internet, and the folder is assembled in the cache from the page in the repository.
"""

from __future__ import annotations

import contextlib
import hashlib
import time
from functools import cache
from pathlib import Path

import numpy as np
import streamlit.components.v1 as components

from genviz import paths, store
from genviz.analysis import mapping
from ui.images import png
from ui.maps import MapEvent
from ui.plots import colour
from ui.text import tr

PAGE = Path(__file__).parent / "assets" / "map.html"
SHOW = 44  # a thumbnail's side on screen, in pixels


@cache
def folder() -> Path:
    """The component's folder in the cache, named by its page's hash (a changed page is a new
    folder, so no browser keeps an old copy)."""
    page = PAGE.read_bytes()
    where = paths.cache_root() / "components" / f"map-{hashlib.sha256(page).hexdigest()[:12]}"
    (where / "data").mkdir(parents=True, exist_ok=True)
    store.atomic_write(where / "index.html", page)
    return where


@cache
def _component():
    return components.declare_component("genviz_map", path=str(folder()))


LIVE_S = 120  # a live picture's files are deleted this long after they were written


def put(blob: bytes, suffix: str, live: bool = False) -> str:
    """A file beside the component, named by its content; its URL relative to the page. A
    `live` one (a picture being optimised, redrawn twice a second) is not cached by the page,
    and the live files older than LIVE_S are deleted."""
    if live:
        old = time.time() - LIVE_S
        for found in (folder() / "data").glob("live-*"):
            with contextlib.suppress(OSError):
                if found.stat().st_mtime < old:
                    found.unlink()
    name = ("live-" if live else "") + hashlib.sha256(blob).hexdigest()[:24] + suffix
    target = folder() / "data" / name
    if not target.is_file():
        store.atomic_write(target, blob)
    return f"data/{name}"


def points_blob(coords: np.ndarray, labels: np.ndarray) -> bytes:
    """x and y as float32, then one class byte a point: what the page reads."""
    xy = np.asarray(coords, dtype=np.float32)[:, :2]
    cls = np.clip(np.asarray(labels), 0, 255).astype(np.uint8)
    return (
        np.ascontiguousarray(xy[:, 0]).tobytes()
        + np.ascontiguousarray(xy[:, 1]).tobytes()
        + cls.tobytes()
    )


def atlas_args(coords: np.ndarray, images) -> dict:
    """The thumbnails' sheet and where each shows, for the page (`images`: the split's uint8
    images, (N, C, H, W))."""
    thumbs = mapping.thumbnails(coords)
    sheet, cols = mapping.atlas(images[thumbs.indices])
    items = np.c_[thumbs.items, thumbs.slots()].tolist()
    return {
        "image": put(png(sheet), ".png"),
        "cols": cols,
        "tile": int(images.shape[-1]),
        "show": SHOW,
        "first": thumbs.first,
        "levels": thumbs.levels,
        "bounds": list(thumbs.box),
        "items": items,
    }


def density_args(found: mapping.Density, color: str, dash: bool = False) -> dict:
    return {
        "grid": put(found.grid.tobytes(), ".den"),
        "size": int(found.grid.shape[0]),
        # the grid's values sit at the cells' centres
        "bounds": _centres(found.box, found.grid.shape[0]),
        "levels": found.levels,
        "color": color,
        "dash": dash,
    }


def _centres(box, size: int) -> list[float]:
    x0, y0, x1, y1 = box
    dx, dy = (x1 - x0) / size / 2, (y1 - y0) / size / 2
    return [x0 + dx, y0 + dy, x1 - dx, y1 - dy]


def draw(
    coords: np.ndarray,
    labels: np.ndarray,
    names,
    *,
    key: str,
    height: int = 600,
    active: np.ndarray | None = None,
    value: np.ndarray | None = None,
    value_label: str = "",
    atlas: dict | None = None,
    density: list[dict] = (),
    clusters: list[dict] = (),
    view: list[float] | None = None,
    morph: dict | None = None,
    renderer: str = "auto",
    live: bool = False,
) -> tuple[MapEvent, list[float] | None]:
    """Draw the map; returns (what the user did last, the view [x, y, zoom] then). `active`
    greys the points it marks False; `value` colours by a measure instead of the class;
    `renderer` "webgl", "raster" (the CPU) or "auto" (WebGL on a GPU, else the CPU)."""
    args = {
        "points": put(points_blob(coords, labels), ".bin", live),
        "n": len(coords),
        "bounds": list(mapping.bounds(coords)),
        "classes": [str(n) for n in names],
        "colors": [colour(c) for c in range(len(names))],
        "height": height,
        "atlas": atlas,
        "density": list(density),
        "clusters": list(clusters),
        "view": view,
        "morph": morph,
        "renderer": renderer,
        "texts": {"pan": tr("map.pan"), "lasso": tr("map.lasso"), "reset": tr("map.reset")},
    }
    if active is not None:
        args["active"] = put(np.asarray(active, dtype=np.uint8).tobytes(), ".on")
    if value is not None:
        v = np.asarray(value, dtype=np.float64)
        lo, hi = float(np.nanmin(v)), float(np.nanmax(v))
        scaled = np.nan_to_num((v - lo) / ((hi - lo) or 1) * 255)
        args["value"] = put(np.round(scaled).astype(np.uint8).tobytes(), ".val")
        args["value_label"], args["value_range"] = value_label, [lo, hi]
    got = _component()(**args, key=key, default=None)
    if not got:
        return MapEvent(), view
    kind = got.get("kind")
    if kind == "space":
        return MapEvent("space", point=tuple(got["point"])), got.get("view")
    indices = [int(i) for i in got.get("indices", [])]
    return (MapEvent(kind, indices) if indices else MapEvent()), got.get("view")
