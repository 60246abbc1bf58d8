"""Upload: a user's own image, converted to the dataset's format, encoded, reconstructed and
placed on the latent map among the test set."""

import plotly.graph_objects as go
import streamlit as st
import torch

import ui
from genviz import explore, projector
from genviz.errors import GenvizError
from ui.text import tr

st.title(tr("up.title"))
ckpt = ui.workspace("encode")
model = ckpt.model
names = ui.class_names(ckpt)
shape = tuple(model.config.image_shape)

file = st.file_uploader(
    tr("up.pick"),
    type=["png", "jpg", "jpeg"],
    key="up_file",
    help=tr("up.help", mb=explore.UPLOAD_MAX_BYTES // 2**20),
)
invert = st.radio(
    tr("up.invert"),
    ["auto", "yes", "no"],
    horizontal=True,
    key="up_invert",
    format_func=lambda v: tr(f"up.invert.{v}"),
)
blob = file.getvalue() if file is not None else st.session_state.get("up_bytes")
if blob is None:
    st.info(tr("up.none"))
    st.stop()
try:
    x = explore.image_from_upload(blob, shape, invert)
except GenvizError as e:
    ui.fail(e)

with torch.no_grad():
    xd = x.to(model.device)
    y = torch.zeros(1, dtype=torch.long, device=model.device)
    z = model.features(xd, y).float().cpu()
    recon = model.reconstruct(xd, y).float().cpu()
ui.grid(torch.cat([x, recon]), [tr("up.as_data"), tr("up.recon")])

latents, part = ui.latents_of(ckpt, n=projector.DEFAULT_POINTS)
sha = ckpt.meta["weights"]["sha256"]
if latents.shape[1] == 2:
    xy, where = latents.numpy(), z.numpy()
else:  # the picture shown on the map; the new point sits among its latent neighbours
    method = "umap"
    job = ui.projections().request(
        projector.cache_key(sha, "test", len(part), method, 2),
        latents.numpy(),
        method,
        2,
        shipped=projector.shipped_folder(ckpt),
    )
    if not job.ready:
        method = "pca"
        job = ui.projections().request(
            projector.cache_key(sha, "test", len(part), "pca", 2), latents.numpy(), "pca", 2
        )
    xy = job.coords
    near = torch.cdist(z, latents)[0].topk(10, largest=False)
    w = 1 / near.values.clamp(min=1e-6)
    where = (xy[near.indices.numpy()] * (w / w.sum()).numpy()[:, None]).sum(0, keepdims=True)
    st.caption(tr("up.placed", method=tr(f"method.{method}")))
    votes = torch.bincount(part.labels[near.indices], minlength=len(names))
    st.write(tr("up.neighbours", name=names[int(votes.argmax())], n=int(votes.max())))
fig = go.Figure()
labels = part.labels.numpy()
fig.add_traces(ui.class_traces(xy, labels, names, size=3, opacity=0.5))
fig.add_trace(
    go.Scattergl(
        x=where[:, 0],
        y=where[:, 1],
        mode="markers",
        name=tr("up.yours"),
        marker=dict(size=18, symbol="star", color="black"),
    )
)
fig.update_layout(height=520, margin=dict(l=0, r=0, t=10, b=0))
st.plotly_chart(fig, key="up_map", width="stretch")
