"""Codebook: how a VQ-VAE uses its codes, one image's code map with a cell to change, and new
images from the PixelCNN prior (optionally filtered by the classifier). A VQ-VAE-2 shows both
levels: usage per level, the two code maps, and two images with their levels swapped."""

import plotly.express as px
import streamlit as st
import torch

import ui
from genviz import metrics, showcase
from genviz.models.vqvae2 import LEVELS
from ui import tr

ckpt = ui.pick("codes", prefer=("vqvae", "vqvae2"))
model = ckpt.model
two_levels = model.can.hierarchy
st.title(tr("code.title2" if two_levels else "code.title"))
ui.idea("codebook")
names = ui.class_names(ckpt.dataset, ckpt.class_names)
test = ui.split(ckpt.dataset)


@st.cache_data(show_spinner=False)
def usage(path: str, mtime: float, level: str | None) -> torch.Tensor:
    vq = ui.checkpoint_at(path)
    return showcase.code_usage(vq, ui.split(vq.dataset), level)  # (K, classes)


def show_usage(level: str | None = None) -> None:
    """The codebook's figures and its class-by-code heatmap (of one level of a VQ-VAE-2)."""
    per_class = usage(str(ckpt.path), ui.mtime(ckpt.path), level)
    stats = metrics.codebook_stats(per_class.sum(1))
    m = st.columns(4)
    m[0].metric(tr("code.size"), stats["codebook_size"])
    m[1].metric(tr("code.used"), f"{stats['codes_used_share']:.0%}")
    m[2].metric(
        tr("code.perplexity"), f"{stats['perplexity']:.1f}", help=tr("code.perplexity_help")
    )
    m[3].metric(tr("code.dead"), stats["dead_codes"])
    share = per_class.double() / per_class.sum(0).clamp(min=1)
    fig = px.imshow(
        share.T.numpy(),
        aspect="auto",
        color_continuous_scale="Viridis",
        y=names,
        labels=dict(x=tr("code.code"), y=tr("code.class"), color=tr("code.share")),
    )
    st.plotly_chart(ui.layout(fig, height=360), key=f"code_heat_{level}", width="stretch")
    st.caption(tr("code.heat_help"))


def show_levels() -> None:
    """A VQ-VAE-2: each level's usage, one image's two code maps, and two images swapped."""
    for tab, level in zip(st.tabs([tr(f"code.level.{n}") for n in LEVELS]), LEVELS):
        with tab:
            h, w = model.grids[level]
            k = model.codebook_size(level)
            st.caption(tr("code.level_grid", level=tr(f"code.level.{level}"), h=h, w=w, k=k))
            show_usage(level)
    st.subheader(tr("code.maps2"))
    i = st.number_input(tr("code.image"), 0, len(test) - 1, 0, key="code_index")
    x = test.floats(slice(i, i + 1)).to(model.device)
    with torch.no_grad():
        top, bottom = (c[0].cpu() for c in model.encode_levels(x))
        decoded = model.reconstruct(x).cpu()
    cols = st.columns([1, 1, 1, 2])
    cols[0].image(ui.big(x.cpu())[0], caption=tr("code.original"), output_format="PNG")
    cols[1].image(ui.big(decoded)[0], caption=tr("code.decoded"), output_format="PNG")
    cols[2].dataframe(top.numpy(), height=35 * (top.shape[0] + 1))
    cols[2].caption(tr("code.level.top"))
    cols[3].dataframe(bottom.numpy(), height=min(35 * (bottom.shape[0] + 1), 300))
    cols[3].caption(tr("code.level.bottom"))
    st.caption(tr("code.maps2_help"))

    st.subheader(tr("code.swap"))
    c0, c1 = st.columns(2)
    a = c0.number_input(tr("code.image_a"), 0, len(test) - 1, 0, key="code_swap_a")
    b = c1.number_input(tr("code.image_b"), 0, len(test) - 1, 1, key="code_swap_b")
    pair = [test.floats(slice(j, j + 1)).to(model.device) for j in (a, b)]
    out = {k: v.cpu() for k, v in model.swap_levels(*pair).items()}
    order = ("a", "top_a_alone", "b", "top_b_alone", "top_a_bottom_b", "top_b_bottom_a")
    names = ("decoded_a", "top_a_alone", "decoded_b", "top_b_alone", *order[4:])
    captions = [tr(f"code.{k}") for k in names]
    ui.grid(torch.cat([out[k] for k in order]), captions, per_row=6)
    st.caption(tr("code.swap_help"))


def show_map() -> None:
    """A VQ-VAE: one image's code map, with one cell to set to another code."""
    st.subheader(tr("code.map"))
    c0, c1, c2, c3 = st.columns(4)
    i = c0.number_input(tr("code.image"), 0, len(test) - 1, 0, key="code_index")
    x = test.floats(slice(i, i + 1)).to(model.device)
    with torch.no_grad():
        codes = model.encode(x)[0].cpu()  # (h, w)
    h, w = codes.shape
    row = c1.number_input(tr("code.row"), 0, h - 1, h // 2, key="code_row")
    col = c2.number_input(tr("code.col"), 0, w - 1, w // 2, key="code_col")
    current = int(codes[row, col])
    farthest = int(
        torch.cdist(
            model.codebook[current : current + 1].detach().cpu(), model.codebook.detach().cpu()
        ).argmax()
    )
    new = c3.number_input(
        tr("code.new"),
        0,
        model.config.codebook_size - 1,
        farthest,
        key=f"code_new_{i}_{row}_{col}",
        help=tr("code.new_help", current=current),
    )
    edited = codes.clone()
    edited[row, col] = new
    with torch.no_grad():
        decoded = model.decode(torch.stack([codes, edited]).to(model.device)).cpu()
    pics = ui.big(torch.cat([x.cpu(), decoded]))
    H, W = pics[0].shape[:2]
    box = (row * H // h, col * W // w, (row + 1) * H // h, (col + 1) * W // w)
    shown = [ui.images.outline(p, box) for p in pics]
    cols = st.columns(4)
    for c, pic, caption in zip(
        cols, shown, (tr("code.original"), tr("code.decoded"), tr("code.edited", code=new))
    ):
        c.image(pic, caption=caption, output_format="PNG")
    cols[3].dataframe(edited.numpy(), height=min(35 * (h + 1), 300))


if two_levels:
    show_levels()
else:
    show_usage()
    show_map()

st.subheader(tr("code.prior2" if two_levels else "code.prior"))
need = "prior_hierarchy" if two_levels else "prior_codebook"
if not ui.candidates(ckpt.dataset, need):
    st.info(tr("code.no_prior2" if two_levels else "code.no_prior"))
    st.stop()
prior = ui.pick(
    need,
    prefer=("pixelcnn2", "pixelcnn"),
    label=tr("code.prior_pick"),
    key="code_prior",
    carry=False,
)
st.caption(tr("code.prior_help"))
t = st.slider(tr("code.temperature"), 0.3, 1.5, 1.0, 0.05, key="code_temp")
label = None
if prior.model.can.conditional:
    label = st.selectbox(
        tr("gen.class"), range(len(names)), key="code_label", format_func=names.__getitem__
    )
judges = ui.candidates(ckpt.dataset, "judge")
reject = st.toggle(
    tr("code.reject"), key="code_reject", disabled=not judges, help=tr("code.reject_help")
)
seed = st.session_state.get("code_seed", 0)
if st.button(tr("gen.resample"), key="code_resample"):
    st.session_state["code_seed"] = seed = seed + 1


@st.cache_data(show_spinner=False, max_entries=32)
def draw(path: str, mtime: float, seed: int, t: float, label, judge_path: str | None):
    """16 prior samples; with a judge, only those it is sure of, and its verdicts."""
    judge = None if judge_path is None else ui.checkpoint_at(judge_path)
    return showcase.prior_samples(ui.checkpoint_at(path), judge, seed, t, label)


judge_path = judges[0]["path"] if reject and judges else None
with st.spinner(tr("code.sampling")):
    pictures, verdicts, rate = draw(
        str(prior.path), ui.mtime(prior.path), seed, t, label, judge_path
    )
if rate is not None:
    st.caption(tr("code.accepted", share=rate[0], drawn=rate[1]))
captions = (
    None if verdicts is None else [tr("gen.verdict", name=names[a], p=c) for a, c in verdicts]
)
ui.grid(pictures, captions)
