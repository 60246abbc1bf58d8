"""Interpolate: walk between two images' latents, traverse one dimension at a time, and see
why a plain autoencoder's latent space has gaps that a VAE's prior fills."""

import numpy as np
import streamlit as st
import torch

import ui
from genviz.analysis import apply, generate, latent
from genviz.serve import showcase
from ui import tr

st.title(tr("interp.title"))
ui.idea("interpolate")
ckpt = ui.pick("vector", prefer=("vae", "cvae"))
model = ckpt.model
test = ui.split(ckpt.dataset)
names = ui.class_names(ckpt.dataset, ckpt.class_names)

how = ui.choice(tr("interp.how"), ["class", "random", "map"], "interp_how", "interp.how")
if how == "class":
    c1, c2 = st.columns(2)
    pick_class = lambda col, label, default, key: col.selectbox(  # noqa: E731
        label, range(len(names)), default % len(names), key=key, format_func=names.__getitem__
    )
    ca, cb = (
        pick_class(c1, tr("interp.from"), 1, "interp_a"),
        pick_class(c2, tr("interp.to"), 7, "interp_b"),
    )
    ia, ib = (int((test.labels == c).nonzero()[0]) for c in (ca, cb))
elif how == "random":
    if st.button(tr("interp.shuffle"), key="interp_shuffle"):
        st.session_state["interp_seed"] = st.session_state.get("interp_seed", 0) + 1
    rng = np.random.default_rng(st.session_state.get("interp_seed", 0))
    ia, ib = (int(i) for i in rng.choice(len(test), 2, replace=False))
else:
    picked = st.session_state.get("map_selected") or {}
    indices = picked.get("indices", []) if picked.get("dataset") == ckpt.dataset else []
    if len(indices) < 2:
        st.info(tr("interp.need_map"))
        st.stop()
    ia, ib = indices[:2]

pair = test.take(torch.tensor([ia, ib]))
z = apply.encode(model, pair.floats(), pair.labels).float()
za, zb = z[:1], z[1:]
y = int(pair.labels[0]) if model.can.conditional else None
spherical = st.toggle(tr("interp.spherical"), key="interp_slerp", help=tr("interp.slerp_help"))
captions = [
    tr("interp.image", index=i, name=names[c]) for i, c in zip((ia, ib), pair.labels.tolist())
]


@st.fragment
def slider():
    t = st.slider(tr("interp.t"), 0.0, 1.0, 0.5, 0.01, key="interp_t")
    mix = latent.slerp if spherical else latent.lerp
    image = apply.decode(model, mix(za, zb, t), y)
    cols = st.columns(3)
    ui.image(pair.floats()[:1], cols[0], captions[0])
    ui.image(image, cols[1], tr("interp.at", t=t))
    ui.image(pair.floats()[1:], cols[2], captions[1])


slider()

steps = st.slider(tr("interp.steps"), 3, 16, 9, key="interp_steps")
ui.tiled(latent.walk(model, za, zb, steps, spherical, y), ncol=steps)

st.subheader(tr("interp.traverse"))
dims = list(range(z.shape[1]))
chosen = st.multiselect(tr("interp.dims"), dims, dims[: min(6, len(dims))], key="interp_dims")
span = st.slider(tr("interp.span"), 0.5, 5.0, 3.0, 0.5, key="interp_span")
if chosen:
    ui.tiled(latent.traverse(model, za, chosen, span, 9, y), ncol=9)
    st.caption(tr("interp.traverse_help"))
    held = ui.shown(showcase.factors, ckpt)  # a dataset with known factors: which is where
    if held is not None:
        rows = [(d, *held.holder(d)) for d in chosen]
        names = [tr(f"factor.{n}") for n in held.factor_names]
        st.dataframe([{tr("interp.dim"): d, tr("interp.holds"): names[k], tr("interp.share"): s}
                      for d, k, s in rows], hide_index=True)  # fmt: skip
        st.caption(tr("interp.mig", mig=held.mig))

st.subheader(tr("interp.prior"))
# the chosen model's draws beside a model of the other kind: the gaps show where no prior was
# trained (a conv AE's N(0, I) draws; a 2-D AE's happen to land near its data)
other = ui.shipped(ckpt.dataset, "ae-conv" if model.can.latent_prior else "vae")
shown = [ckpt] + ([other] if other is not None and other.path != ckpt.path else [])
for c in shown:
    prior, _ = generate.samples(c.model, 16, seed=0)
    st.caption(tr("interp.prior_of", name=ui.describe_path(c.path)))
    ui.tiled(prior, ncol=16, scale=max(1, ui.scale_for(prior.shape) // 2))
    st.caption(tr("interp.prior_vae") if c.model.can.latent_prior else tr("interp.prior_ae"))
