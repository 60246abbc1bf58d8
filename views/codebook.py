"""Codebook: how a VQ-VAE uses its codes, one image's code map with a cell to edit, and new
images from the PixelCNN prior (optionally filtered by the classifier)."""

import plotly.express as px
import streamlit as st
import torch

import ui
from genviz import generate, metrics
from ui.text import tr

st.title(tr("code.title"))
ckpt = ui.workspace("vqvae")
model = ckpt.model
names = ui.class_names(ckpt)
test = ui.split(ckpt.dataset)


@st.cache_data(show_spinner=False)
def usage(path: str, mtime: float):
    vq = ui.load(path, mtime).model
    codes = metrics.batched(
        lambda x, y: vq.encode(x), ui.split(ui.load(path, mtime).dataset), vq.device
    )  # (N, h, w)
    k = vq.config.codebook_size
    per_class = torch.zeros(k, len(names), dtype=torch.long)
    labels = ui.split(ui.load(path, mtime).dataset).labels
    flat = codes.flatten(1)
    for c in range(len(names)):
        per_class[:, c] = torch.bincount(flat[labels == c].flatten(), minlength=k)
    return per_class


mtime = ui.mtime(ckpt)
per_class = usage(str(ckpt.path), mtime)
stats = metrics.codebook_stats(per_class.sum(1))
m = st.columns(4)
m[0].metric(tr("code.size"), stats["codebook_size"])
m[1].metric(tr("code.used"), f"{stats['codes_used_share']:.0%}")
m[2].metric(tr("code.perplexity"), f"{stats['perplexity']:.1f}", help=tr("code.perplexity_help"))
m[3].metric(tr("code.dead"), stats["dead_codes"])
share = per_class.double() / per_class.sum(0).clamp(min=1)
fig = px.imshow(
    share.T.numpy(),
    aspect="auto",
    color_continuous_scale="Viridis",
    labels=dict(x=tr("code.code"), y=tr("code.class"), color=tr("code.share")),
    y=names,
)
fig.update_layout(height=360, margin=dict(l=0, r=0, t=10, b=0))
st.plotly_chart(fig, key="code_heat", width="stretch")
st.bar_chart(
    per_class.sum(1).numpy(), height=180, x_label=tr("code.code"), y_label=tr("code.count")
)

st.subheader(tr("code.map"))
i = st.number_input(tr("code.image"), 0, len(test) - 1, 0, key="code_index")
x = test.floats(slice(i, i + 1)).to(model.device)
with torch.no_grad():
    codes = model.encode(x)[0].cpu()  # (h, w)
h, w = codes.shape
c1, c2, c3 = st.columns(3)
row = c1.number_input(tr("code.row"), 0, h - 1, h // 2, key="code_row")
col = c2.number_input(tr("code.col"), 0, w - 1, w // 2, key="code_col")
new = c3.number_input(
    tr("code.new"), 0, model.config.codebook_size - 1, int(codes[row, col]), key="code_new"
)
edited = codes.clone()
edited[row, col] = new
st.dataframe(edited.numpy(), height=min(35 * (h + 1), 320))
with torch.no_grad():
    pics = torch.cat(
        [
            x.cpu(),
            model.decode(codes[None].to(model.device)).cpu(),
            model.decode(edited[None].to(model.device)).cpu(),
        ]
    )
ui.grid(pics, [tr("code.original"), tr("code.decoded"), tr("code.edited", row=row, col=col)])

st.subheader(tr("code.prior"))
priors = ui.checkpoints(ckpt.dataset, "pixelcnn")
if not priors:
    st.info(tr("code.no_prior"))
    st.stop()
prior = ui.load_path(
    st.selectbox(tr("code.prior_pick"), [c["path"] for c in priors], key="code_prior")
)
pm = prior.model
t = st.slider(tr("code.temperature"), 0.3, 1.5, 1.0, 0.05, key="code_temp")
label = None
if pm.conditional:
    label = st.selectbox(
        tr("gen.class"), range(len(names)), key="code_label", format_func=names.__getitem__
    )
judges = ui.checkpoints(ckpt.dataset, "classifier")
reject = st.toggle(
    tr("code.reject"), key="code_reject", disabled=not judges, help=tr("code.reject_help")
)
seed = st.session_state.get("code_seed", 0)
if st.button(tr("gen.resample"), key="code_resample"):
    st.session_state["code_seed"] = seed = seed + 1


@st.cache_data(show_spinner=False, max_entries=32)
def draw(path: str, mtime: float, seed: int, t: float, label, reject: bool):
    """16 prior samples, with captions when the classifier filtered them."""
    pm = ui.load(path, mtime).model
    gen = torch.Generator().manual_seed(seed)
    with torch.no_grad():
        if not reject:
            return pm.sample(16, label, generator=gen, temperature=t).float().cpu(), None, ""
        judge = ui.load_path(judges[0]["path"]).model
        found = generate.rejection_sample(pm, judge, 16, label, 0.9, gen, temperature=t)
    captions = [
        f"{names[a]} {c:.2f}" for a, c in zip(found.labels.tolist(), found.confidence.tolist())
    ]
    return found.images, captions, tr("code.accepted", share=found.acceptance, drawn=found.drawn)


with st.spinner(tr("code.sampling")):
    pictures, captions, note = draw(str(prior.path), ui.mtime(prior), seed, t, label, reject)
if note:
    st.caption(note)
ui.grid(pictures, captions)
