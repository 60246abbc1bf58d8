"""Denoise: corrupt test images, then compare a denoising autoencoder with a plain one."""

import numpy as np
import plotly.graph_objects as go
import streamlit as st

import ui
from genviz import data
from genviz.analysis import denoising
from genviz.serve import showcase, studies
from ui import tr

st.title(tr("dn.title"))
ui.idea("denoise")
dae = ui.pick("denoise", prefer=("dae",), label=tr("dn.dae"))
plain = ui.pick("plain", prefer=("ae-conv", "ae"), label=tr("dn.ae"), key="dn_plain", carry=False)
pca = ui.shown(studies.pca_denoiser, dae.dataset)  # the linear rival, fitted on clean images
pca_name = tr("dn.pca", k=pca.pca.k)
models = {dae.path.name: dae.model, plain.path.name: plain.model, pca_name: pca}
names = ui.class_names(dae.dataset, dae.class_names)
test = ui.split(dae.dataset)

c1, c2 = st.columns(2)
with c1:
    noise = ui.choice(tr("dn.noise"), data.NOISES, "dn_noise", "noise")
level = c2.slider(
    tr("dn.level"), 0.0, 1.0, 0.5, 0.05, key="dn_level", help=tr(f"dn.level_help.{noise}")
)
clean = test.floats(slice(0, 8))


@st.fragment
def pictures():
    st.caption(tr("dn.clean"))
    ui.grid(clean, [names[y] for y in test.labels[:8]])
    for i, (name, model) in enumerate(models.items()):
        noisy, out, before, after = denoising.denoise(model, clean, noise, level)
        if i == 0:
            st.caption(tr("dn.noisy"))
            ui.grid(noisy, [tr("dn.psnr", db=p) for p in before])
        st.caption(tr("dn.output", name=name))
        ui.grid(out, [tr("dn.psnr", db=p) for p in after])


pictures()

st.subheader(tr("dn.curve"))


found = dict(ui.shown(showcase.denoise_curve, dae, plain, noise=noise))
found[pca_name] = ui.shown(studies.pca_denoise_curve, dae.dataset, noise=noise)
levels = showcase.DENOISE_LEVELS
rows = [{"level": lv, **{str(k): v[i] for k, v in found.items()}} for i, lv in enumerate(levels)]
series = {str(k): (tr("dn.noisy_line") if k is None else k) for k in found}
st.plotly_chart(
    ui.lines(rows, "level", series, x=tr("dn.level"), y=tr("dn.psnr_axis"), legend=tr("dn.legend")),
    key="dn_curve",
    width="stretch",
)
st.caption(tr("dn.curve_help"))
st.caption(tr("dn.pca_help", k=pca.pca.k))

st.subheader(tr("dn.where"))  # a DAE maps a slightly perturbed image to about the same code
cols = st.columns(2)
for col, ckpt in zip(cols, (dae, plain)):
    shown = ui.shown(showcase.noisy_latents, ckpt, noise=noise, level=round(level, 2))
    labels = shown["labels"].numpy()
    fig = go.Figure(ui.class_traces(shown["clean"].numpy(), labels, names, size=4))
    fig.add_scatter(x=shown["noisy"][:, 0].numpy(), y=shown["noisy"][:, 1].numpy(), mode="markers",
                    marker=dict(size=4, symbol="x", color="black", opacity=0.5),
                    name=tr("dn.noisy_points"))  # fmt: skip
    col.markdown(f"**{ckpt.path.name}**")
    ui.chart(fig, f"dn_where_{ckpt.path.name}", col=col, legend=tr("map.legend"))
    col.caption(tr("dn.shift", shift=float(np.median(shown["shift"].numpy())), own=shown["own"]))
st.caption(tr("dn.where_help", n=showcase.NOISY_IMAGES))
