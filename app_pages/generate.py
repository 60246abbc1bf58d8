"""Generate: new images by class (cGAN, cVAE, a conditional prior) or unconditionally (GAN,
VAE), each with the classifier's verdict."""

import streamlit as st
import torch

import ui
from genviz.analysis import apply
from genviz.serve import showcase
from ui import tr

st.title(tr("gen.title"))
ui.idea("generate")
ckpt = ui.pick("sample", prefer=("cgan", "cvae", "gan"))
model = ckpt.model
names = ui.class_names(ckpt.dataset, ckpt.class_names)
judges = ui.loadable(ui.candidates(ckpt.dataset, "judge"))
judge = ui.checkpoint_at(judges[0]["path"]).model if judges else None

seed = ui.resample("gen")


def verdicts(images: torch.Tensor) -> list[str] | None:
    if judge is None:
        return None
    return [tr("gen.verdict", name=names[a], p=c) for a, c in apply.verdicts(judge, images)]


label = None
if model.can.conditional:
    label = st.selectbox(
        tr("gen.class"), range(len(names)), key="gen_class", format_func=names.__getitem__
    )
    st.subheader(tr("gen.of_class", name=names[label]))
else:
    st.subheader(tr("gen.samples"))
x, grid = ui.drawn(showcase.generated, ckpt, seed, label, busy=tr("gen.drawing"))
ui.grid(x, verdicts(x))
if grid is not None:
    st.subheader(tr("gen.grid"))
    ui.tiled(grid, ncol=8)
    st.caption(tr("gen.grid_help"))
if judge is None:
    st.caption(tr("gen.no_judge"))
elif ckpt.meta.get("metrics", {}).get("fidelity") is not None:
    st.caption(tr("gen.fidelity", share=ckpt.meta["metrics"]["fidelity"]))
