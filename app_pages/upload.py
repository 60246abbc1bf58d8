"""Upload: a user's own image, brought into the dataset's format, encoded, reconstructed,
placed on the latent map among the test set, and judged against what the model has seen."""

import plotly.graph_objects as go
import streamlit as st
import torch

import ui
from genviz.analysis import apply, metrics, uploads
from genviz.serve import showcase
from ui import tr

st.title(tr("up.title"))
ui.idea("upload")
ckpt = ui.pick("autoencode", prefer=("ae-conv", "vae"))
model = ckpt.model
names = ui.class_names(ckpt.dataset, ckpt.class_names)

file = st.file_uploader(
    tr("up.pick"),
    type=["png", "jpg", "jpeg"],
    key="up_file",
    help=tr("up.help", mb=uploads.MAX_BYTES // 2**20),
)
ink = ui.split(ckpt.dataset).style == "ink"  # a photo is taken as it is, never inverted
invert = (
    ui.choice(tr("up.invert"), ["auto", "yes", "no"], "up_invert", "up.invert") if ink else "no"
)
blob = file.getvalue() if file is not None else st.session_state.get("up_bytes")
x = ui.uploaded(blob, ckpt, invert, "up.none", "up.blank")
y = torch.zeros(1, dtype=torch.long)
z, recon = apply.features(model, x, y), apply.reconstruct(model, x, y)
ui.grid(torch.cat([x, recon]), [tr("up.as_data"), tr("up.recon")], per_row=4)


width = ui.latents(ckpt, n=16)[0].shape[1]
# the map: the latent space itself, or UMAP (PCA stands in until UMAP is ready)
pic, latents, part = ui.picture(ckpt, "latent" if width == 2 else "umap", 2)
placed = uploads.place(z, latents, pic.coords, part.labels, as_latent=pic.method == "latent")
errors, distances = ui.shown(showcase.familiarity_yardstick, ckpt)
error = float(metrics.per_image_mse(recon, x)[0])
seen = uploads.familiarity(error, float(torch.cdist(z, latents).min()), errors, distances)
say = {"typical": st.success, "unusual": st.info, "far": st.warning}[seen.verdict]
say(
    tr(f"up.{seen.verdict}")
    + " "
    + tr("up.figures", error=seen.error_percentile, distance=seen.distance_percentile)
)
top = int(placed.votes.argmax())
st.write(tr("up.neighbours", name=names[top], n=int(placed.votes.max()), k=len(placed.nearest)))
st.caption(tr("up.placed", method=tr(f"method.{pic.method}")))
fig = go.Figure(ui.class_traces(pic.coords, part.labels.numpy(), names, size=3, opacity=0.5))
fig.add_scatter(
    x=placed.where[:, 0],
    y=placed.where[:, 1],
    mode="markers",
    name=tr("up.yours"),
    marker=dict(size=18, symbol="star", color="black"),
)
st.plotly_chart(ui.layout(fig, height=520, legend=tr("map.legend")), key="up_map", width="stretch")
