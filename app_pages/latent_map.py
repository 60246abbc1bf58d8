"""Latent map: a split's latents in 2-D or 3-D (up to all 70,000 of MNIST's images), how far
to trust the picture, and what lies under a click or a selection; on the fast map also the
images themselves, density, clusters, measures that filter it, and groups to keep."""

import streamlit as st
import torch

import ui
from genviz import data
from genviz.analysis import apply, export, latent
from ui import mapcontrols, mapgroups, maps, tr

st.title(tr("map.title"))
ui.idea("map")
ckpt = ui.pick("map", prefer=("vae-2d", "ae-2d", "ae-3d", "vae"))
model = ckpt.model
width = ui.latents(ckpt, n=16)[0].shape[1]  # numbers per latent

methods = (["latent"] if width <= 3 else []) + (["pca", "tsne", "umap"] if width > 2 else [])
splits = ["test"] + (["train", "all"] if data.has_train(ckpt.dataset) else [])
c1, c2, c3 = st.columns([3, 1, 2])
with c1:
    method = ui.choice(tr("map.method"), methods, "map_method", "method")
dims = [width] if method == "latent" else [d for d in (2, 3) if d < width]
dim = c2.radio(tr("map.dim"), dims, horizontal=True, key="map_dim", disabled=len(dims) == 1)
with c3:
    which = ui.choice(tr("map.split"), splits, "map_split", "map.splits")
fast = dim == 2 and st.toggle(tr("map.fast"), True, key="map_fast", help=tr("map.fast_help"))
if method == "latent":
    st.info(tr("map.is_latent", n=width))

params = mapcontrols.settings(method)  # t-SNE's perplexity, UMAP's neighbours, before the run
n = None if which != "test" else 10_000
pic, z, part = ui.picture(ckpt, method, dim, n=n, which=which, params=params)
names = ui.class_names(ckpt.dataset, ckpt.class_names)
if pic.error:
    st.error(tr(f"err.{pic.error_key}", method=tr(f"method.{method}")))
elif pic.pending:
    st.caption(tr("map.showing_pca", method=tr(f"method.{method}")))

    @st.fragment(run_every=0.5)
    def poll():
        job = pic.job
        st.progress(
            min(job.done / max(job.total, 1), 1.0),
            text=tr("map.computing", method=tr(f"method.{method}"), done=job.done, total=job.total),
        )
        mapcontrols.forming(job, part.labels.numpy(), names)  # t-SNE as it is optimised
        if job.state == "error":  # said here: the next run would quietly start again
            st.error(tr(f"err.{job.error_key}", method=tr(f"method.{method}")))
            if st.button(tr("map.again"), key="map_again"):
                st.rerun()
        elif job.finished:
            st.rerun()

    poll()
elif pic.source != "latent":
    st.caption(tr(f"map.source.{pic.source}", seconds=pic.seconds))
if pic.faithfulness:
    m1, m2 = st.columns(2)
    faith = pic.faithfulness
    m1.metric(tr("map.trust"), f"{faith['trustworthiness']:.3f}", help=tr("map.trust_help"))
    m2.metric(tr("map.kept"), f"{faith['neighbours_kept']:.0%}", help=tr("map.kept_help"))

decodes, pictured = model.can.decoder, part.style != "none"  # imports may lack either


def show(indices: torch.Tensor, captions: list[str]) -> None:
    """The test images at `indices` and what the decoder makes of each one's code (with its
    own class); their labels alone where the rows have no images."""
    if not pictured:
        st.write(", ".join(f"{i}: {c}" for i, c in zip(indices.tolist(), captions)))
        return
    ui.grid(part.floats(indices), captions)
    if decodes:
        st.caption(tr("map.recons"))
        ui.grid(apply.reconstruct(model, part.floats(indices), part.labels[indices]))


labels = part.labels.numpy()
if fast:  # the map at scale, drawn in the browser
    what, _, view = mapcontrols.fast_map(
        ckpt, pic, z.numpy(), part, names, which, mapcontrols.linked_view()
    )
else:
    tiles = None
    if pic.method == "latent" and dim == 2 and decodes:  # the decoded manifold under the points
        lo, hi = pic.coords.min(0).tolist(), pic.coords.max(0).tolist()
        tiles = ui.mosaic(latent.manifold(model, lo, hi, 15), ncol=15, scale=2)
    fig = maps.figure(pic.coords, labels, names, tiles)
    if dim == 3:  # plotly makes no selections in 3-D: a component reports the point clicked
        clicked = ui.scatter3d(fig, key=f"map_3d_{ckpt.path.name}_{pic.method}")
        what = maps.MapEvent("point", [clicked]) if clicked is not None else maps.MapEvent()
    else:
        event = st.plotly_chart(
            fig,
            on_select="rerun",
            selection_mode=("points", "box", "lasso"),
            key=f"map_chart_{dim}",
            width="stretch",
        )
        what = maps.read(event)
    view = None
if what.kind in ("point", "group") and which == "test":  # Interpolate starts from test images
    st.session_state["map_selected"] = {"dataset": ckpt.dataset, "indices": what.indices}

if what.kind == "space" and not decodes:
    st.info(tr("map.no_decoder"))
elif what.kind == "space":
    z_at = latent.latent_at(pic.coords, z, what.point, pic.method == "latent")
    st.subheader(tr("map.decoded", x=what.point[0], y=what.point[1]))
    ui.grid(apply.decode(model, z_at.view(1, *model.latent_shape)), per_row=8)
elif what.kind == "point":
    i = what.indices[0]
    near = latent.neighbours(z, i, 7).tolist()
    st.subheader(tr("map.neighbours", index=i, name=names[labels[i]]))
    captions = [tr("map.this_one", name=names[labels[i]])] + [names[labels[j]] for j in near]
    show(torch.tensor([i, *near]), captions)
elif what.kind == "group":
    shown = torch.tensor(what.indices[:8])
    st.subheader(tr("map.selected", n=len(what.indices), shown=len(shown)))
    show(shown, [names[labels[i]] for i in shown])
else:
    st.caption(tr("map.hint_fast" if fast else "map.hint" if dim == 2 else "map.hint_3d"))

mapgroups.groups(part, names, what, f"{ckpt.dataset}/{which}")
mapcontrols.share(ckpt, method, dim, which, view)

replayed = ui.replay_of(str(ckpt.path))
if replayed is not None:
    with st.expander(tr("map.replay", epochs=int(replayed.epochs[-1]))):
        # built only when asked: its frames took three quarters of every rerun of the page
        if st.toggle(tr("map.replay_show"), key="map_replay_on"):
            fig = maps.replay_figure(
                replayed.epochs.tolist(), replayed.coords.numpy(), replayed.labels.numpy(), names
            )
            st.plotly_chart(ui.legible(fig), key="map_replay", width="stretch")
        st.caption(
            tr("map.replay_pca" if replayed.projected else "map.replay_raw", n=len(replayed.labels))
        )

with st.expander(tr("map.export")):
    if st.toggle(tr("map.prepare"), key="map_prepare"):
        stem = ckpt.path.name
        csv = export.coordinates_text(pic.coords, part.labels, names)
        st.download_button(
            tr("map.csv"), csv, f"{stem}-{pic.method}-{dim}d.csv", "text/csv", key="map_csv"
        )
        sprites = part.floats() if pictured else None
        board = export.projector_zip(z, part.labels, names, sprites, stem)
        st.download_button(
            tr("map.tensorboard"), board, f"{stem}-projector.zip", "application/zip", key="map_tb"
        )
