"""A rotatable 3-D scatter that reports the point clicked.

st.plotly_chart reports selections, and plotly makes none in a 3-D scene, so a click there
never reaches the app. This small component (ui/assets/scatter3d.html) draws the same plotly
figure and sends back the clicked point's index. Its folder is assembled once per plotly
version in the cache (the page and a copy of the installed plotly.js): nothing is fetched.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import plotly
import plotly.graph_objects as go
import streamlit.components.v1 as components

from genviz import paths, store

PAGE = Path(__file__).parent / "assets" / "scatter3d.html"


@cache
def _component():
    folder = paths.cache_root() / "components" / f"scatter3d-{plotly.__version__}"
    folder.mkdir(parents=True, exist_ok=True)
    if not (folder / "plotly.min.js").is_file():
        from plotly.offline import get_plotlyjs

        store.atomic_write(folder / "plotly.min.js", get_plotlyjs().encode())
    # atomically, as everything: a second server starting at the same time reads a whole file
    store.atomic_write(folder / "index.html", PAGE.read_bytes())  # it may have changed
    return components.declare_component("genviz_scatter3d", path=str(folder))


def scatter3d(fig: go.Figure, key: str, height: int = 560) -> int | None:
    """Draw a 3-D figure; returns the customdata (the point's index) of the last click on a
    data point, or None before any click."""
    fig.update_layout(uirevision="keep")  # a rerun keeps the user's rotation
    value = _component()(figure=fig.to_json(), height=height, key=key, default=None)
    if not value or value.get("index", -1) < 0:
        return None
    return int(value["index"])
