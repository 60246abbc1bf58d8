"""The latent map as a plotly figure, and what a click or a selection on it means.

In 2-D the figure carries, under the data, a lattice of nearly invisible points, so a click
on empty space reports coordinates to decode. Streamlit reports a click as a selection of one
point and a box or lasso drag as a selection with its shape, so: a shape selects the data
points inside it (the lattice is ignored); one data point shows its neighbours; one lattice
point decodes that spot.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import plotly.graph_objects as go
from PIL import Image

from ui.plots import class_traces, layout
from ui.text import tr

LATTICE = 40  # points a side of the empty-space lattice
SPACE = -1  # customdata of a lattice point


@dataclass
class MapEvent:
    kind: str = "none"  # none, point, group or space
    indices: list[int] = field(default_factory=list)  # data points, for point and group
    point: tuple[float, float] | None = None  # the spot clicked, for space


def read(event) -> MapEvent:
    """What the user did, from the event st.plotly_chart returns with on_select='rerun'."""
    selection = (event or {}).get("selection") or {}
    points = selection.get("points") or []
    data = [_index(p) for p in points if _index(p) >= 0]
    if selection.get("box") or selection.get("lasso"):
        return MapEvent("group", data) if data else MapEvent()
    if len(points) == 1:
        if data:
            return MapEvent("point", data)
        return MapEvent("space", point=(float(points[0]["x"]), float(points[0]["y"])))
    return MapEvent("group", data) if data else MapEvent()


def _index(point: dict) -> int:
    value = point.get("customdata", SPACE)
    if isinstance(value, list):  # plotly sends a list when customdata has one column
        value = value[0] if value else SPACE
    return int(value) if value is not None else SPACE


def figure(
    coords: np.ndarray,
    labels: np.ndarray,
    names,
    manifold: np.ndarray | None = None,
    height: int = 560,
) -> go.Figure:
    """The map: class-coloured points; in 2-D also the clickable lattice and, for a 2-D
    latent space, its decoded manifold (an image of decoded tiles) under the points."""
    fig = go.Figure()
    xy = coords.astype(np.float32)
    if xy.shape[1] == 2:
        lo, hi = xy.min(0), xy.max(0)
        if manifold is not None:
            fig.add_layout_image(
                source=Image.fromarray(manifold),
                xref="x",
                yref="y",
                x=float(lo[0]),
                y=float(hi[1]),
                sizex=float(hi[0] - lo[0]),
                sizey=float(hi[1] - lo[1]),
                sizing="stretch",
                opacity=0.45,
                layer="below",
            )
        gx, gy = np.meshgrid(np.linspace(lo[0], hi[0], LATTICE), np.linspace(lo[1], hi[1], LATTICE))
        fig.add_trace(
            go.Scattergl(
                x=gx.ravel(),
                y=gy.ravel(),
                mode="markers",
                name=tr("map.space"),
                # not fully transparent: WebGL picking skips points it does not draw
                marker=dict(size=10, color="rgba(128,128,128,0.01)"),
                hoverinfo="none",  # no tooltip; "skip" would also drop its clicks
                customdata=np.full(gx.size, SPACE),
                showlegend=False,
            )
        )
    fig.add_traces(class_traces(xy, labels, names, size=4 if xy.shape[1] == 2 else 3))
    fig = layout(fig, height=height, legend=tr("map.legend"))
    if xy.shape[1] == 3:
        axes = {a: tr(f"map.axis.{a}") for a in "xyz"}
        fig.update_scenes(xaxis_title=axes["x"], yaxis_title=axes["y"], zaxis_title=axes["z"])
    else:
        fig.update_xaxes(title_text=tr("map.axis.x"))
        fig.update_yaxes(title_text=tr("map.axis.y"))
    return fig


def replay_figure(epochs, coords: np.ndarray, labels: np.ndarray, names, height: int = 520):
    """The map after each epoch as frames of one figure, with plotly's own play button and
    epoch slider: the animation runs in the browser, the server sends it once."""
    lo, hi = coords.reshape(-1, 2).min(0), coords.reshape(-1, 2).max(0)
    pad = 0.05 * (hi - lo)

    def traces(frame):
        return class_traces(frame, labels, names, size=4)

    fig = go.Figure(data=traces(coords[-1]))
    label = tr("train.epoch")
    fig.frames = [
        go.Frame(data=traces(frame), name=str(int(e))) for e, frame in zip(epochs, coords)
    ]
    step = {"frame": {"duration": 400, "redraw": True}, "transition": {"duration": 250}}
    fig.update_layout(
        updatemenus=[
            {
                "type": "buttons",
                "showactive": False,
                "x": 0,
                "y": -0.08,
                "xanchor": "left",
                "buttons": [
                    {
                        "label": "▶",
                        "method": "animate",
                        "args": [None, {**step, "fromcurrent": True}],
                    },
                    {"label": "❚❚", "method": "animate", "args": [[None], {"mode": "immediate"}]},
                ],
            }
        ],
        sliders=[
            {
                "active": len(fig.frames) - 1,
                "x": 0.1,
                "len": 0.9,
                "currentvalue": {"prefix": f"{label} "},
                "steps": [
                    {
                        "label": f.name,
                        "method": "animate",
                        "args": [[f.name], {**step, "mode": "immediate"}],
                    }
                    for f in fig.frames
                ],
            }
        ],
    )
    fig.update_xaxes(range=[float(lo[0] - pad[0]), float(hi[0] + pad[0])])
    fig.update_yaxes(range=[float(lo[1] - pad[1]), float(hi[1] + pad[1])])
    return layout(fig, height=height, legend=tr("map.legend"))
