"""Generate: new images by class (cGAN, cVAE) or unconditionally (GAN, VAE prior), each with
the classifier's verdict."""

import streamlit as st
import torch

import ui
from ui.text import tr

st.title(tr("gen.title"))
ckpt = ui.workspace("sample")
model = ckpt.model
names = ui.class_names(ckpt)
judges = ui.checkpoints(ckpt.dataset, "classifier")
judge = ui.load_path(judges[0]["path"]).model if judges else None

seed = st.session_state.get("gen_seed", 0)
if st.button(tr("gen.resample"), key="gen_resample"):
    st.session_state["gen_seed"] = seed = seed + 1


def verdicts(images: torch.Tensor) -> list[str] | None:
    if judge is None:
        return None
    label, conf = judge.predict(images.to(judge.device))
    return [f"{names[a]} {c:.0%}" for a, c in zip(label.tolist(), conf.tolist())]


gen = torch.Generator().manual_seed(seed)
with torch.no_grad():
    if model.conditional:
        label = st.selectbox(
            tr("gen.class"), range(len(names)), key="gen_class", format_func=names.__getitem__
        )
        x = model.sample(16, label, generator=gen).float().cpu()
        st.subheader(tr("gen.of_class", name=names[label]))
        ui.grid(x, verdicts(x))
        st.subheader(tr("gen.grid"))
        per = 8
        z = model.randn((per, *model.latent_shape), torch.Generator().manual_seed(seed))
        zs = z.repeat(len(names), *[1] * (z.dim() - 1))  # the same noise in every row
        ys = torch.arange(len(names)).repeat_interleave(per).to(model.device)
        table = model.decode(zs, ys).float().cpu()
        st.image(ui.mosaic(table, ncol=per), output_format="PNG")
        st.caption(tr("gen.grid_help"))
    else:
        x = model.sample(32, generator=gen).float().cpu()
        ui.grid(x, verdicts(x))
if judge is None:
    st.caption(tr("gen.no_judge"))
elif ckpt.meta.get("metrics", {}).get("fidelity") is not None:
    st.caption(tr("gen.fidelity", share=ckpt.meta["metrics"]["fidelity"]))
