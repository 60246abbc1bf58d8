"""Figures the pages share: overlaid histograms, bars, point sets on one map, a 2-D VAE's
posterior ellipses, a code map, a codebook among its cells, an animation, paths across a
latent map and a density, each in the house layout (ui.plots)."""

from __future__ import annotations

import base64

import numpy as np
import plotly.express as px
import plotly.graph_objects as go

from genviz.analysis.mapping import histogram
from ui.images import png
from ui.plots import FONT, class_traces, colour, layout
from ui.text import tr


def overlaid(series: dict[str, np.ndarray], bins: int = 80, height: int = 300, **axes):
    """One histogram per named series, drawn over each other (the scores of two sets)."""
    fig = go.Figure()
    for name, values in series.items():
        fig.add_histogram(x=np.asarray(values), name=name, nbinsx=bins, opacity=0.6)
    fig.update_layout(barmode="overlay")
    return layout(fig, height=height, **axes)


def bars(values, colours=None, height: int = 260, every: bool = False, **axes) -> go.Figure:
    """A bar per value, by index (every index labelled when `every`)."""
    fig = go.Figure(go.Bar(x=list(range(len(values))), y=values, marker_color=colours))
    if every:
        fig.update_xaxes(dtick=1)
    return layout(fig, height=height, **axes)


def point_sets(sets: dict[str, np.ndarray], height: int = 420, **axes) -> go.Figure:
    """Named sets of 2-D points on one map (a model's own images and foreign ones)."""
    fig = go.Figure()
    for name, xy in sets.items():
        fig.add_scattergl(x=xy[:, 0], y=xy[:, 1], mode="markers", name=name, marker=dict(size=3))
    return layout(fig, height=height, **axes)


def ellipses(mu, sigma, labels, names, prior: str, legend: str) -> go.Figure:
    """Each image's mu +- sigma in a 2-D latent space, by class, and the prior's unit circle."""
    t = np.linspace(0, 2 * np.pi, 25)
    fig = go.Figure()
    for c in range(len(names)):
        pick = (labels == c).numpy()
        xs, ys = [], []
        for (mx, my), (sx, sy) in zip(mu[pick].tolist(), sigma[pick].tolist()):
            xs += [*(mx + sx * np.cos(t)), None]
            ys += [*(my + sy * np.sin(t)), None]
        line = dict(width=1, color=colour(c))
        fig.add_scatter(x=xs, y=ys, mode="lines", name=names[c], line=line)
    circle = dict(dash="dash", color="black")
    fig.add_scatter(x=np.cos(t), y=np.sin(t), mode="lines", name=prior, line=circle)
    fig.update_yaxes(scaleanchor="x")
    return layout(fig, height=480, x="z₁", y="z₂", legend=legend)


def heatmap(values, rows, height: int = 360, **labels) -> go.Figure:
    """A grid of values with named rows (a class-by-code share of use)."""
    fig = px.imshow(values, aspect="auto", color_continuous_scale="Viridis", y=rows, labels=labels)
    return layout(fig, height=height)


def code_map(grid, cell: tuple[int, int] | None = None, height: int = 300) -> go.Figure:
    """A code map as a grid of cells, each coloured by its code and showing its number in the
    house's text size (a table of numbers was clipped at a quarter of a projector's width);
    `cell` (row, col) is framed in red."""
    grid = np.asarray(grid)
    h, w = grid.shape
    fig = go.Figure(
        go.Heatmap(z=grid, text=grid, texttemplate="%{text}", textfont=dict(size=FONT),
                   colorscale="Turbo", showscale=False,
                   xgap=1, ygap=1, hovertemplate="(%{y}, %{x}): %{z}<extra></extra>")
    )  # fmt: skip
    fig.update_yaxes(autorange="reversed", scaleanchor="x", showticklabels=h <= 8, dtick=1)
    fig.update_xaxes(showticklabels=w <= 8, dtick=1, side="top")
    if cell is not None:
        r, c = cell
        fig.add_shape(type="rect", x0=c - 0.5, x1=c + 0.5, y0=r - 0.5, y1=r + 0.5,
                      line=dict(color="rgb(230,30,30)", width=4))  # fmt: skip
    return layout(fig, height=height)


def codebook(drawn, names, codes: str, dead: str, **axes) -> go.Figure:
    """A VQ-VAE's codes in 2-D among a sample of its test cells' encoder outputs (coloured by
    class), unused codes marked apart (genviz.analysis.inside.CodebookMap)."""
    fig = go.Figure(class_traces(drawn.cells.numpy(), drawn.labels.numpy(), names, size=3))
    live, gone = drawn.codes[~drawn.dead].numpy(), drawn.codes[drawn.dead].numpy()
    mark = dict(symbol="x", size=9, color="black")
    fig.add_scatter(x=live[:, 0], y=live[:, 1], mode="markers", name=codes, marker=mark)
    if len(gone):
        mark = dict(symbol="x-open", size=11, color="red")
        fig.add_scatter(x=gone[:, 0], y=gone[:, 1], mode="markers", name=dead, marker=mark)
    return layout(fig, height=460, **axes)


def animation(frames: list[np.ndarray], names: list[str], play: str, height: int = 260):
    """Pictures (uint8, H x W or H x W x 3) shown one after another: a play button and a
    slider over the frames, named by `names`; runs in the browser, no rerun per frame."""
    # each frame as a PNG (a few kB) rather than its pixels as numbers: fifty frames of eight
    # upscaled digits were 15 MB of JSON to build and send on every visit
    pngs = [_png(f) for f in frames]
    fig = go.Figure(go.Image(source=pngs[0]))
    fig.frames = [go.Frame(data=[go.Image(source=f)], name=n) for f, n in zip(pngs, names)]
    step = {"frame": {"duration": 120, "redraw": True}, "transition": {"duration": 0}}
    fig.update_layout(
        updatemenus=[dict(type="buttons", x=0, y=-0.08, xanchor="left", yanchor="top",
                          buttons=[dict(label=play, method="animate", args=[None, step])])],
        sliders=[dict(x=0.12, len=0.88, y=-0.02, steps=[
            dict(label=n, method="animate", args=[[n], {**step, "mode": "immediate"}])
            for n in names])],
    )  # fmt: skip
    fig.update_xaxes(visible=False)
    fig.update_yaxes(visible=False)
    return layout(fig, height=height)


def _png(picture: np.ndarray) -> str:
    """A uint8 picture (H x W or H x W x 3) as a PNG data URI."""
    return "data:image/png;base64," + base64.b64encode(png(picture)).decode()


def paths(xy: np.ndarray, labels, names, paths: np.ndarray, words: dict) -> go.Figure:
    """Points by class, and each of some points' paths across them ((S, n, 2): from where it
    starts to where it ends, marked): samples travelling on a latent map. `words` names the
    paths, their starts and their ends for the legend."""
    fig = go.Figure(class_traces(xy, labels, names, size=3))
    for i in range(paths.shape[1]):
        fig.add_scatter(x=paths[:, i, 0], y=paths[:, i, 1], mode="lines", showlegend=i == 0,
                        line=dict(color="rgba(0,0,0,0.45)", width=1), name=words["paths"],
                        legendgroup="paths")  # fmt: skip
    for end, symbol in ((0, "circle-open"), (-1, "x")):
        fig.add_scatter(x=paths[end, :, 0], y=paths[end, :, 1], mode="markers",
                        name=words["starts" if end == 0 else "ends"],
                        marker=dict(symbol=symbol, color="black", size=7))  # fmt: skip
    return fig


def density(xy: np.ndarray, within: np.ndarray, height: int = 300) -> go.Figure:
    """The density of 2-D points as contours, drawn over the extent of `within` (so two
    densities side by side share their axes)."""
    fig = go.Figure(go.Histogram2dContour(x=xy[:, 0], y=xy[:, 1], nbinsx=40, nbinsy=40,
                                          colorscale="Blues", showscale=False))  # fmt: skip
    fig.update_xaxes(range=[float(within[:, 0].min()), float(within[:, 0].max())])
    fig.update_yaxes(range=[float(within[:, 1].min()), float(within[:, 1].max())])
    return layout(fig, height=height)


def filter_histogram(values, active=None, chosen=None, bins: int = 30, height: int = 180):
    """A measure over the map's points on fixed bins: all of them in grey, those the filters
    keep in blue, and those selected on the map in orange (the cross-filter's picture)."""
    fig = go.Figure()
    parts = [("all", None, "#c8c8c8"), ("kept", active, "#4a6fd1"), ("chosen", chosen, "#e67e22")]
    for name, mask, color in parts:
        if name != "all" and mask is None:
            continue
        counts, edges = histogram(values, bins, mask=mask)
        middle = (edges[:-1] + edges[1:]) / 2
        fig.add_bar(x=middle, y=counts, name=tr(f"map.hist.{name}"), marker_color=color)
    fig.update_layout(barmode="overlay", bargap=0, margin=dict(l=10, r=10, t=10, b=10))
    return layout(fig, height=height, legend="")
