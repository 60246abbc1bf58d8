"""Latent map: the test set's latents in 2-D or 3-D, how far to trust the picture, and what
lies under a selection or a click."""

import io
import tempfile
import zipfile
from pathlib import Path

import numpy as np
import plotly.graph_objects as go
import streamlit as st
import torch
from PIL import Image

import ui
from genviz import explore, export, project, projector
from ui.text import tr

st.title(tr("map.title"))
ckpt = ui.workspace("encode")
model = ckpt.model
latents, part = ui.latents_of(ckpt, n=projector.DEFAULT_POINTS)
names = ui.class_names(ckpt)
two_d = latents.shape[1] == 2

c1, c2 = st.columns(2)
if two_d:
    c1.info(tr("map.is_2d"))
    method, dim = "latent", 2
else:
    method = c1.radio(
        tr("map.method"),
        list(project.METHODS),
        horizontal=True,
        key="map_method",
        format_func=lambda m: tr(f"method.{m}"),
    )
    dim = c2.radio(tr("map.dim"), [2, 3], horizontal=True, key="map_dim")

service = ui.projections()
sha = ckpt.meta["weights"]["sha256"]
if two_d:
    coords, faith = latents.numpy(), None
else:
    pca = service.request(
        projector.cache_key(sha, "test", len(part), "pca", dim), latents.numpy(), "pca", dim
    )
    job = service.request(
        projector.cache_key(sha, "test", len(part), method, dim),
        latents.numpy(),
        method,
        dim,
        shipped=projector.shipped_folder(ckpt),
    )
    if job.state == "error":
        st.error(job.error)
    shown = job if job.ready else pca
    coords, faith = shown.coords, shown.faithfulness
    if not job.ready and job.state != "error":
        st.caption(tr("map.showing_pca", method=tr(f"method.{method}")))

        @st.fragment(run_every=1.0)
        def poll():
            total = max(job.total, 1)
            st.progress(
                min(job.done / total, 1.0),
                text=tr(
                    "map.computing",
                    method=tr(f"method.{method}"),
                    stage=job.stage,
                    done=job.done,
                    total=job.total,
                ),
            )
            if job.ready or job.state == "error":
                st.rerun()

        poll()
    else:
        st.caption(tr(f"map.source.{job.source}", seconds=job.seconds))

if faith:
    m1, m2 = st.columns(2)
    m1.metric(tr("map.trust"), f"{faith['trustworthiness']:.3f}", help=tr("map.trust_help"))
    m2.metric(tr("map.kept"), f"{faith['neighbours_kept']:.0%}", help=tr("map.kept_help"))

labels = part.labels.numpy()
fig = go.Figure()
xy = coords.astype(np.float32)
if dim == 2:
    lo, hi = xy.min(0), xy.max(0)
    if two_d:  # the decoded manifold drawn under the points
        n = 15
        tiles = explore.manifold(model, lo.tolist(), hi.tolist(), n)
        picture = ui.mosaic(tiles, ncol=n, scale=2)
        fig.add_layout_image(
            dict(
                source=Image.fromarray(picture),
                xref="x",
                yref="y",
                x=lo[0],
                y=hi[1],
                sizex=hi[0] - lo[0],
                sizey=hi[1] - lo[1],
                sizing="stretch",
                opacity=0.45,
                layer="below",
            )
        )
    # an invisible lattice: clicking "empty space" picks the nearest lattice point to decode
    gx, gy = np.meshgrid(np.linspace(lo[0], hi[0], 40), np.linspace(lo[1], hi[1], 40))
    fig.add_trace(
        go.Scattergl(
            x=gx.ravel(),
            y=gy.ravel(),
            mode="markers",
            name=tr("map.space"),
            marker=dict(size=9, opacity=0.0),
            hoverinfo="skip",
            customdata=-np.ones(gx.size),
            showlegend=False,
        )
    )
fig.add_traces(ui.class_traces(xy, labels, names, size=4 if dim == 2 else 2))
fig.update_layout(
    height=620, margin=dict(l=0, r=0, t=10, b=0), legend_itemsizing="constant", dragmode="lasso"
)
if dim == 2:
    event = st.plotly_chart(
        fig,
        on_select="rerun",
        selection_mode=("points", "box", "lasso"),
        key="map_chart",
        width="stretch",
    )
    points = (event or {}).get("selection", {}).get("points", [])
else:
    st.plotly_chart(fig, key="map_chart3d", width="stretch")
    points = []

chosen = [int(p["customdata"]) for p in points if p.get("customdata", -1) >= 0]
clicked = [p for p in points if p.get("customdata", 0) < 0]
chosen = chosen or list(st.session_state.get("map_pick", []))
st.session_state["map_selected"] = chosen  # the Interpolate page can start from these

if clicked:
    point = [clicked[0]["x"], clicked[0]["y"]]
    z = torch.tensor([point]) if two_d else project.inverse(xy, latents, point)
    with torch.no_grad():
        image = model.decode(z.to(model.device).view(1, *model.latent_shape)).float().cpu()
    st.subheader(tr("map.decoded", x=point[0], y=point[1]))
    ui.grid(image)
elif len(chosen) == 1:
    i = chosen[0]
    near = explore.neighbours(latents, i, 8).tolist()
    st.subheader(tr("map.neighbours", index=i, name=names[labels[i]]))
    ui.grid(
        part.floats(torch.tensor([i, *near])),
        [f"#{i} {names[labels[i]]}"] + [f"#{j} {names[labels[j]]}" for j in near],
    )
elif chosen:
    shown_idx = torch.tensor(chosen[: ui.SHOWN])
    x = part.floats(shown_idx)
    with torch.no_grad():
        recon = model.reconstruct(x.to(model.device), part.labels[shown_idx].to(model.device))
    st.subheader(tr("map.selected", n=len(chosen)))
    ui.grid(x, [names[labels[i]] for i in shown_idx])
    st.caption(tr("map.recons"))
    ui.grid(recon.float().cpu())
else:
    st.caption(tr("map.hint"))


@st.cache_data(show_spinner=False, max_entries=8)
def downloads(
    path: str, method: str, dim: int, fingerprint: float, _xy, _latents, _part, names: tuple
):
    """The CSV of coordinates and a zip in TensorBoard's projector format."""
    with tempfile.TemporaryDirectory() as tmp:
        csv_text = export.coordinates_csv(Path(tmp) / "map.csv", _xy, _part.labels, names)
        csv_text = csv_text.read_text()
        board = Path(tmp) / "board"
        export.tensorboard(board, _latents, _part.labels, names, _part.floats())
        packed = io.BytesIO()
        with zipfile.ZipFile(packed, "w", zipfile.ZIP_DEFLATED) as zf:
            for f in board.iterdir():
                zf.write(f, f.name)
    return csv_text, packed.getvalue()


with st.expander(tr("map.export")):
    if st.toggle(tr("map.prepare"), key="map_prepare"):
        csv_text, packed = downloads(
            str(ckpt.path), method, dim, float(xy.sum()), xy, latents, part, tuple(names)
        )
        stem = Path(ckpt.path).name
        st.download_button(
            tr("map.csv"), csv_text, f"{stem}-{method}-{dim}d.csv", "text/csv", key="map_csv"
        )
        st.download_button(
            tr("map.tensorboard"), packed, f"{stem}-projector.zip", "application/zip", key="map_tb"
        )
