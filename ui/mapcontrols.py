"""The latent map's fast map with everything around it: its layers (thumbnails, density and a
VAE's prior, clusters), colours (neighbours kept, per-image measures, what changed against
another picture), cross-filters, t-SNE's and UMAP's settings and t-SNE drawn as it forms, and
the whole view as a link. The layers are computed once per server for the same points; the
component itself is ui.mapview."""

from __future__ import annotations

import contextlib
import urllib.parse

import numpy as np
import streamlit as st
import torch

from genviz.analysis import mapping
from genviz.errors import GenvizError
from ui import figures, resources
from ui.images import grid
from ui.mapview import atlas_args, density_args, draw, put
from ui.text import tr


@st.cache_data(show_spinner=False, max_entries=16)
def thumbnails(coords: np.ndarray, dataset: str, which: str) -> dict:
    """The thumbnails of the first len(coords) images of a split, placed on the map."""
    return atlas_args(coords, resources.split(dataset, which).images[: len(coords)])


@st.cache_data(show_spinner=False, max_entries=16)
def contours(coords: np.ndarray, latents: np.ndarray | None = None) -> tuple[list[dict], bool]:
    """The data's density contours and, given the latents of a VAE, its prior's (dashed)
    where the map is a linear picture of the latent; (contours, whether the prior is drawn)."""
    found = mapping.density(coords)
    drawn = [density_args(found, "#333333")]
    if latents is None:
        return drawn, False
    try:
        mean, cov = mapping.prior_on_map(latents, coords)
    except GenvizError:
        return drawn, False
    prior = mapping.gaussian_density(mean, cov, found.box, found.grid.shape[0])
    return drawn + [density_args(prior, "#c0392b", dash=True)], True


@st.cache_data(show_spinner=False, max_entries=16)
def clusters(coords: np.ndarray, labels: np.ndarray) -> tuple[np.ndarray, list[mapping.Cluster]]:
    return mapping.clusters(coords, labels)


@st.cache_data(show_spinner=False, max_entries=8)
def kept(latents: np.ndarray, coords: np.ndarray) -> np.ndarray:
    return mapping.kept_per_point(latents, coords)


@st.cache_data(show_spinner=False, max_entries=8)
def compared(other: np.ndarray, coords: np.ndarray) -> tuple[dict, np.ndarray]:
    """Another picture of the same points aligned onto this one (its file for the page), and
    each point's share of neighbours that differ between the two."""
    moved = mapping.align(other, coords)
    return {"points": put(np.ascontiguousarray(moved.T).tobytes(), ".xy")}, mapping.changed(
        other, coords
    )


def comparisons(ckpt, method: str) -> dict[str, str]:
    """What the map can be compared with: PCA of the same latents (for t-SNE and UMAP), and
    the other checkpoints of the dataset that encode to a vector (by their path)."""
    from ui.workspace import candidates, describe

    found = {"none": tr("map.compare_none")}
    if method in ("tsne", "umap"):
        found["pca"] = tr("map.compare_pca")
    for other in candidates(ckpt.dataset, "vector"):
        if other["path"] != str(ckpt.path):
            found[other["path"]] = describe(other, short=True)
    return found


def other_picture(ckpt, against: str, method: str, which: str, n: int) -> np.ndarray:
    """The coordinates of the picture chosen to compare with (another model's may still be
    PCA while its own method is computed: then that is what is compared)."""
    if against == "pca":
        return resources.picture(ckpt, "pca", 2, n=n, which=which)[0].coords
    other = resources.checkpoint_at(against)
    chosen = method if other.model.latent_shape[0] > 2 else "latent"
    return resources.picture(other, chosen, 2, n=n, which=which)[0].coords


@st.cache_data(show_spinner=False, max_entries=8)
def _measures(path: str, mtime: float, which: str, n: int, helpers: tuple):
    ckpt = resources.checkpoint_at(path)
    part = resources.split(ckpt.dataset, which).take(n)
    judge, critic = (resources.checkpoint_at(h[0]).model if h else None for h in helpers)
    latents = resources.latents(ckpt, which, n)[0]
    return mapping.measures(ckpt.model, part, judge, critic, latents)


def measures(ckpt, which: str, n: int) -> dict[str, np.ndarray]:
    """Per-point measures of a checkpoint's first n images of a split (mapping.measures),
    with the dataset's shipped classifier and GAN as the judges where there are."""
    helpers = tuple(
        (str(h.path), resources.mtime(h.path)) if h is not None else None
        for h in (judge_of(ckpt), critic_of(ckpt))
    )
    return _measures(str(ckpt.path), resources.mtime(ckpt.path), which, n, helpers)


# -- the fast map with its layers, colours and filters -----------------------------------------

LAYERS = ("images", "density", "clusters")
SETTINGS = {  # the sliders of a projection's settings: (low, high, step)
    "perplexity": (5, 100, 5),
    "iterations": (250, 1000, 50),
    "n_neighbors": (5, 100, 5),
    "min_dist": (0.0, 0.9, 0.05),
}


def settings(method: str) -> dict | None:
    """Sliders for t-SNE's or UMAP's settings, chosen before the run; None: the defaults."""
    from genviz.analysis.projection import PARAMS

    if method not in ("tsne", "umap"):
        return None
    chosen = {}
    with st.expander(tr("map.settings", method=tr(f"method.{method}"))):
        cols = st.columns(len(PARAMS[method]))
        for col, (name, default) in zip(cols, PARAMS[method].items()):
            lo, hi, step = SETTINGS[name]
            kind = type(default)
            st.session_state.setdefault(f"map_{name}", default)  # a link may have set it
            chosen[name] = col.slider(
                tr(f"map.param.{name}"), kind(lo), kind(hi), step=kind(step),
                key=f"map_{name}", help=tr(f"map.param.{name}_help"),
            )  # fmt: skip
        st.caption(tr("map.settings_help"))
    return None if chosen == PARAMS[method] else chosen


def forming(job, labels: np.ndarray, names) -> None:
    """The picture as t-SNE optimises it (the worker sends it now and then): drawn live."""
    if job.forming is None or len(job.forming) != len(labels):
        return
    st.caption(tr("map.forming", done=job.done, total=job.total))
    draw(job.forming, labels, names, key="map_forming", height=420, live=True)


def judge_of(ckpt):
    """The dataset's shipped classifier, when there is one and it is not `ckpt` itself."""
    judge = resources.shipped(ckpt.dataset, "classifier")
    return judge if judge is not None and judge.path != ckpt.path else None


def critic_of(ckpt):
    """The dataset's shipped GAN (its discriminator scores images), when there is one."""
    gan = resources.shipped(ckpt.dataset, "gan")
    return gan if gan is not None and hasattr(gan.model, "discriminate") else None


def fast_map(ckpt, pic, z: np.ndarray, part, names, which: str, view=None):
    """The map at scale with the controls around it. Returns (what the user did, the active
    points' mask or None, the view)."""
    coords, labels = pic.coords, part.labels.numpy()
    model = ckpt.model
    available = mapping.measure_names(
        model, judge_of(ckpt) is not None, critic_of(ckpt) is not None
    )
    c1, c2 = st.columns([3, 2])
    layers = c1.pills(
        tr("map.layers"), LAYERS, selection_mode="multi", default=["images"], key="map_layers",
        format_func=lambda o: tr(f"map.layer.{o}"),
    )  # fmt: skip
    others = comparisons(ckpt, pic.method)
    with c2:
        against = st.selectbox(
            tr("map.compare"), list(others), key="map_compare", format_func=others.get
        )
        change = None
        if against != "none":
            other = other_picture(ckpt, against, pic.method, which, len(coords))
            morph, change = compared(other, coords)
            morph["label"] = tr("map.morph", other=others[against])
        extra = ["changed"] if change is not None else []
        by = st.selectbox(
            tr("map.colour"), ["class", "kept", *available, *extra], key="map_colour",
            format_func=lambda o: tr(f"map.by.{o}"),
        )  # fmt: skip
    top, below = st.container(), st.container()
    filtering = below.toggle(tr("map.filter"), key="map_filter", disabled=not available)
    found = measures(ckpt, which, len(part)) if filtering or by in available else {}
    active, hists = None, {}
    if filtering:
        for name in available:
            v = found[name]
            lo, hi = float(np.nanmin(v)), float(np.nanmax(v))
            if not hi > lo:  # one value for every point: nothing to filter by
                continue
            _range(name, lo, hi)
            h, s = below.columns([3, 2])
            picked = s.slider(
                tr(f"map.by.{name}"), lo, hi, key=f"map_range_{name}",
                format="%.4f" if hi < 1 else "%.2f",
            )  # fmt: skip
            inside = (v >= picked[0]) & (v <= picked[1])
            active = inside if active is None else active & inside
            hists[name] = h.empty()
    value, value_label, args = None, "", {}
    if by == "kept":
        with st.spinner(tr("map.kept_busy", n=len(coords))):
            value = kept(z, coords)
        value_label = tr("map.by.kept")
    elif by in available:
        value, value_label = found[by], tr(f"map.by.{by}")
    elif by == "changed":
        value, value_label = change, tr("map.by.changed")
    if change is not None:
        args["morph"] = morph
        below.caption(tr("map.compare_help", share=float((change > 0.5).mean())))
    if "images" in layers and part.style != "none":
        args["atlas"] = thumbnails(coords, ckpt.dataset, which)
    if "density" in layers:
        prior = z if model.can.likelihood else None
        args["density"], prior_drawn = contours(coords, prior)
        below.caption(tr("map.density_prior" if prior_drawn else "map.density_only"))
    groups = None
    if "clusters" in layers:
        _, groups = clusters(coords, labels)
        args["clusters"] = [
            {"x": g.x, "y": g.y, "text": f"{names[g.majority]} · {g.purity:.0%}"} for g in groups
        ]
    with top:
        what, view = draw(
            coords, labels, names, key=f"map_fast_{ckpt.path.name}_{pic.method}_{which}",
            active=active, value=value, value_label=value_label, view=view, **args,
        )  # fmt: skip
    chosen = np.zeros(len(coords), bool)
    if what.kind == "group":
        chosen[what.indices] = True
    for name, box in hists.items():  # all points, the filtered ones, and the selection
        box.plotly_chart(
            figures.filter_histogram(found[name], active, chosen if chosen.any() else None),
            key=f"map_hist_{name}", width="stretch",
        )  # fmt: skip
    if groups:
        with st.expander(tr("map.clusters", n=len(groups))):
            shown = groups[:16]
            captions = [
                tr("map.cluster", name=names[g.majority], purity=g.purity, size=g.size)
                for g in shown
            ]
            if part.style != "none":
                grid(part.floats(torch.tensor([g.representative for g in shown])), captions)
            else:
                st.write("; ".join(captions))
            st.caption(tr("map.clusters_help"))
    return what, active, view


# -- a view as a link ----------------------------------------------------------------------------


def linked_view() -> list[float] | None:
    """The view a link asks for (?map_view=x,y,zoom), or None."""
    try:
        x, y, zoom = (float(v) for v in str(st.query_params.get("map_view", "")).split(","))
    except ValueError:
        return None
    return [x, y, zoom] if np.isfinite([x, y, zoom]).all() and zoom > 0 else None


def _range(name: str, lo: float, hi: float) -> None:
    """A filter's range before its slider is drawn: from a link (?map_range_error=0.01,0.05)
    the first time, else the session's, brought within this model's [lo, hi] (the session's
    may be another model's), else the whole of it."""
    key, state = f"map_range_{name}", st.session_state
    wanted = state.get(key, (lo, hi))
    if key not in state and key in st.query_params:
        with contextlib.suppress(ValueError):
            wanted = tuple(float(v) for v in st.query_params[key].split(","))[:2]
    a, b = sorted(wanted) if len(wanted) == 2 else (lo, hi)
    a, b = min(max(a, lo), hi), min(max(b, lo), hi)
    state[key] = (a, b) if b > a else (lo, hi)


def share(ckpt, method: str, dim: int, which: str, view) -> None:
    """The whole view (dataset, checkpoint, method, split, colour, filters, zoom) as a link
    to put on a slide; the selection is not in it (kept groups export as a CSV)."""
    state = st.session_state
    params = {"dataset": ckpt.dataset, "ckpt": ckpt.path.name, "map_method": method,
              "map_dim": dim, "map_split": which, "map_fast": state.get("map_fast", True),
              "map_colour": state.get("map_colour", "class")}  # fmt: skip
    if state.get("map_compare") == "pca":  # another model's path stays out of a link
        params["map_compare"] = "pca"
    if view:
        params["map_view"] = ",".join(f"{v:.5g}" for v in view)
    if state.get("map_filter"):
        params["map_filter"] = True
        for key, value in state.items():
            if key.startswith("map_range_"):
                params[key] = ",".join(f"{v:.5g}" for v in value)
    with st.expander(tr("map.share")):
        st.code("/latent_map?" + urllib.parse.urlencode(params), language=None)
        st.caption(tr("map.share_help"))
