"""Interpolate: walk between two images' latents, traverse one dimension at a time, and see
why a plain autoencoder's latent space has gaps that a VAE's prior fills."""

import numpy as np
import streamlit as st
import torch

import ui
from genviz import explore
from ui.text import tr

st.title(tr("interp.title"))
ckpt = ui.workspace("vector")
model = ckpt.model
test = ui.split(ckpt.dataset)
names = ui.class_names(ckpt)

how = st.radio(
    tr("interp.how"),
    ["class", "random", "map"],
    horizontal=True,
    key="interp_how",
    format_func=lambda h: tr(f"interp.how.{h}"),
)
if how == "class":
    c1, c2 = st.columns(2)
    ca = c1.selectbox(
        tr("interp.from"), range(len(names)), 1, key="interp_a", format_func=names.__getitem__
    )
    cb = c2.selectbox(
        tr("interp.to"),
        range(len(names)),
        7 % len(names),
        key="interp_b",
        format_func=names.__getitem__,
    )
    ia = int((test.labels == ca).nonzero()[0])
    ib = int((test.labels == cb).nonzero()[0])
elif how == "random":
    if st.button(tr("interp.shuffle"), key="interp_shuffle"):
        st.session_state["interp_seed"] = st.session_state.get("interp_seed", 0) + 1
    rng = np.random.default_rng(st.session_state.get("interp_seed", 0))
    ia, ib = (int(i) for i in rng.choice(len(test), 2, replace=False))
else:
    picked = st.session_state.get("map_selected", [])
    if len(picked) < 2:
        st.info(tr("interp.need_map"))
        st.stop()
    ia, ib = picked[0], picked[1]

pair = test.take(torch.tensor([ia, ib]))
with torch.no_grad():
    z = model.encode(pair.floats().to(model.device), pair.labels.to(model.device)).float().cpu()
za, zb = z[:1], z[1:]
y = int(pair.labels[0]) if model.conditional else None
spherical = st.toggle(tr("interp.spherical"), key="interp_slerp", help=tr("interp.slerp_help"))


@st.fragment
def slider():
    t = st.slider(tr("interp.t"), 0.0, 1.0, 0.5, 0.01, key="interp_t")
    mix = explore.slerp if spherical else explore.lerp
    with torch.no_grad():
        zt = mix(za, zb, t).to(model.device)
        image = model.decode(zt, model.labels_for(1, y))
    cols = st.columns(3)
    cols[0].image(
        ui.big(pair.floats()[:1])[0], caption=f"#{ia} {names[pair.labels[0]]}", output_format="PNG"
    )
    cols[1].image(ui.big(image)[0], caption=f"t = {t:.2f}", output_format="PNG")
    cols[2].image(
        ui.big(pair.floats()[1:])[0], caption=f"#{ib} {names[pair.labels[1]]}", output_format="PNG"
    )


slider()

steps = st.slider(tr("interp.steps"), 3, 16, 9, key="interp_steps")
st.image(
    ui.mosaic(explore.walk(model, za, zb, steps, spherical, y), ncol=steps), output_format="PNG"
)

st.subheader(tr("interp.traverse"))
dims = list(range(z.shape[1]))
chosen = st.multiselect(tr("interp.dims"), dims, dims[: min(6, len(dims))], key="interp_dims")
span = st.slider(tr("interp.span"), 0.5, 5.0, 3.0, 0.5, key="interp_span")
if chosen:
    st.image(
        ui.mosaic(explore.traverse(model, za, chosen, span, 9, y), ncol=9), output_format="PNG"
    )
    st.caption(tr("interp.traverse_help"))

st.subheader(tr("interp.prior"))
with torch.no_grad():
    prior = model.sample(16, generator=torch.Generator().manual_seed(0)).float().cpu()
st.image(
    ui.mosaic(prior, ncol=16, scale=max(1, ui.scale_for(prior.shape) // 2)), output_format="PNG"
)
st.caption(tr("interp.prior_ae") if model.kind in ("ae", "dae") else tr("interp.prior_vae"))
