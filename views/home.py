"""Home: what each model family is, a strip from every shipped model, the datasets' state."""

import streamlit as st
import torch

import ui
from genviz import data
from genviz.models import KINDS
from ui.text import tr

st.title(tr("home.title"))
st.write(tr("home.intro"))

st.subheader(tr("home.families"))
cols = st.columns(3)
for i, kind in enumerate(KINDS):
    with cols[i % 3]:
        st.markdown(f"**{kind}**  \n" + tr(f"family.{kind}").replace("\n", "  \n"))

dataset = ui.dataset_picker()
st.subheader(tr("home.gallery", dataset=dataset))


@st.cache_data(show_spinner=False)
def strip(path: str, mtime: float, n: int = 8):
    ckpt = ui.load(path, mtime)
    model = ckpt.model
    with torch.no_grad():
        if model.can_sample:
            return model.sample(n, generator=torch.Generator().manual_seed(0)).float().cpu()
        test = ui.split(ckpt.dataset).take(n)
        x = test.floats().to(model.device)
        out = model.reconstruct(x, test.labels.to(model.device)).float().cpu()
        return torch.cat([test.floats(), out]) if model.kind != "classifier" else test.floats()


if data.available(ui.data_root())[dataset]:
    shipped = [c for c in ui.checkpoints(dataset) if not ui._is_user(c)]
    if not shipped:
        st.info(tr("home.none_shipped", dataset=dataset))
    for c in shipped:
        if c["kind"] == "classifier":
            continue
        ckpt = ui.load_path(c["path"])
        what = tr("home.samples") if ckpt.model.can_sample else tr("home.recons")
        st.caption(f"**{c['name']}** ({c['kind']}): {what}")
        images = strip(c["path"], ui.mtime(c["path"]))
        st.image(
            ui.mosaic(images, ncol=16, scale=max(1, ui.scale_for(images.shape) // 2)),
            output_format="PNG",
        )
else:
    st.info(tr("page.no_data", name=dataset))

st.subheader(tr("home.datasets"))
ready = data.available(ui.data_root())
st.table(
    [
        {tr("home.dataset"): n, tr("home.state"): tr("home.ready") if ok else tr("side.missing")}
        for n, ok in ready.items()
    ]
)
