"""Plotly figures the pages share: class-coloured scatters (the same colour for a class in
2-D and 3-D, on every page) and line charts with their axes named."""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go
import streamlit as st

PALETTE = (  # ten distinct colours (D3's category10), one per class
    "#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd",
    "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf",
)  # fmt: skip


FONT = 14  # px: the smallest text a student at the back of a lecture room reads on a projector


def colour(c: int) -> str:
    return PALETTE[c % len(PALETTE)]


def class_traces(xy: np.ndarray, labels: np.ndarray, names, size: int = 4, **style) -> list:
    """One trace per class, so the legend shows and hides classes: WebGL markers for 2-D
    coordinates, a 3-D scatter for 3-D ones. customdata is each point's index."""
    traces = []
    for c, name in enumerate(names):
        pick = np.nonzero(labels == c)[0]
        axes = dict(x=xy[pick, 0], y=xy[pick, 1])
        marker = dict(size=size, color=colour(c))
        if xy.shape[1] == 3:
            trace = go.Scatter3d(**axes, z=xy[pick, 2], mode="markers", name=name, customdata=pick)
        else:
            trace = go.Scattergl(**axes, mode="markers", name=name, customdata=pick)
        traces.append(trace.update(marker=marker, **style))
    return traces


def chart(fig: go.Figure, key: str, col=None, **axes) -> None:
    """Draw a figure across the page (or a column), in the house layout when axes are given."""
    fig = layout(fig, **axes) if axes else legible(fig)
    (col or st).plotly_chart(fig, key=key, width="stretch")


def legible(fig: go.Figure) -> go.Figure:
    """Every text of a figure at the house's FONT at least: axis ticks and titles, legend,
    colour bar and annotations, which Streamlit's theme otherwise sets at 12 px."""
    big = dict(size=FONT)
    fig.update_layout(font=big, legend_font=big, legend_title_font=big, hoverlabel_font=big)
    fig.update_xaxes(tickfont=big, title_font=big)
    fig.update_yaxes(tickfont=big, title_font=big)
    if "coloraxis" in fig.layout and fig.layout.coloraxis.colorscale is not None:
        fig.update_coloraxes(colorbar_tickfont=big, colorbar_title_font=big)
    fig.update_annotations(font_size=FONT)
    if "scene" in fig.layout and fig.layout.scene.xaxis is not None:  # a 3-D map's axes
        fig.update_scenes(**{f"{a}axis_tickfont": big for a in "xyz"})
    for slider in fig.layout.sliders or ():
        slider.font = big
        slider.currentvalue.font = big
    return fig


def layout(fig: go.Figure, height: int = 380, legend: str | None = None, **axes) -> go.Figure:
    """The house layout: tight margins, a titled legend, named axes (x=..., y=...)."""
    fig.update_layout(height=height, margin=dict(l=0, r=0, t=30, b=0), legend_itemsizing="constant")
    legible(fig)
    if legend is not None:
        fig.update_layout(legend_title_text=legend)
    if "x" in axes:
        fig.update_xaxes(title_text=axes["x"])
    if "y" in axes:
        fig.update_yaxes(title_text=axes["y"])
    return fig


def lines(rows: list[dict], across: str, series: dict[str, str], **axes) -> go.Figure:
    """One line per series (row key -> legend name) over the key `across`, points marked (a
    single point still shows)."""
    fig = go.Figure()
    xs = [r[across] for r in rows]
    for key, name in series.items():
        ys = [r.get(key) for r in rows]
        fig.add_scatter(x=xs, y=ys, mode="lines+markers", name=name)
    return layout(fig, **axes)
