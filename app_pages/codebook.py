"""Codebook: how a VQ-VAE uses its codes, one image's code map with a cell to change, and new
images from the PixelCNN prior (optionally filtered by the classifier). A VQ-VAE-2 shows both
levels: usage per level, the two code maps, and two images with their levels swapped."""

import streamlit as st
import torch

import ui
from genviz.analysis import codes
from genviz.serve import showcase
from ui import figures, tr

heading = st.empty()  # the title, before a dataset with no VQ model stops the page
heading.title(tr("code.title"))
ckpt = ui.pick("codes", prefer=("vqvae", "vqvae2"))
model = ckpt.model
two_levels = model.can.hierarchy
if two_levels:
    heading.title(tr("code.title2"))
ui.idea("codebook")
names = ui.class_names(ckpt.dataset, ckpt.class_names)
test = ui.split(ckpt.dataset)


def show_usage(level: str | None = None) -> None:
    """The codebook's figures and its class-by-code heatmap (of one level of a VQ-VAE-2)."""
    per_class = ui.shown(showcase.code_usage, ckpt, level=level)  # (K, classes)
    stats = codes.codebook_stats(per_class.sum(1))
    m = st.columns(4)
    m[0].metric(tr("code.size"), stats["codebook_size"])
    m[1].metric(tr("code.used"), f"{stats['codes_used_share']:.0%}")
    perplexity = f"{stats['perplexity']:.1f}"
    m[2].metric(tr("code.perplexity"), perplexity, help=tr("code.perplexity_help"))
    m[3].metric(tr("code.dead"), stats["dead_codes"])
    share = per_class.double() / per_class.sum(0).clamp(min=1)
    axes = dict(x=tr("code.code"), y=tr("code.class"), color=tr("code.share"))
    ui.chart(figures.heatmap(share.T.numpy(), names, **axes), f"code_heat_{level}")
    st.caption(tr("code.heat_help"))


def image(key: str, label: str = "code.image", default: int = 0, col=st) -> torch.Tensor:
    i = col.number_input(tr(label), 0, len(test) - 1, default, key=key)
    return test.floats(slice(i, i + 1))


def show_levels() -> None:
    """A VQ-VAE-2: each level's usage, one image's two code maps, and two images swapped."""
    levels = list(model.quantizers)
    for tab, level in zip(st.tabs([tr(f"code.level.{n}") for n in levels]), levels):
        with tab:
            (h, w), k = model.grids[level], model.codebook_size(level)
            st.caption(tr("code.level_grid", level=tr(f"code.level.{level}"), h=h, w=w, k=k))
            show_usage(level)
    st.subheader(tr("code.maps2"))
    x = image("code_index")
    top, bottom, decoded = codes.levels(model, x)
    cols = st.columns([1, 1, 2, 3])
    ui.image(x, cols[0], tr("code.original"))
    ui.image(decoded, cols[1], tr("code.decoded"))
    for col, level, grid in ((cols[2], "top", top), (cols[3], "bottom", bottom)):
        ui.chart(figures.code_map(grid.numpy(), height=260 if level == "top" else 380),
                 f"code_map_{level}", col)  # fmt: skip
        col.caption(tr(f"code.level.{level}"))
    st.caption(tr("code.maps2_help"))
    st.subheader(tr("code.swap"))
    c0, c1 = st.columns(2)
    a, b = image("code_swap_a", "code.image_a", 0, c0), image("code_swap_b", "code.image_b", 1, c1)
    out = codes.swapped(model, a, b)
    order = ("a", "top_a_alone", "b", "top_b_alone", "top_a_bottom_b", "top_b_bottom_a")
    shown = ("decoded_a", "top_a_alone", "decoded_b", "top_b_alone", *order[4:])
    ui.grid(torch.cat([out[k] for k in order]), [tr(f"code.{k}") for k in shown], per_row=6)
    st.caption(tr("code.swap_help"))


def show_map() -> None:
    """A VQ-VAE: one image's code map, with one cell to set to another code."""
    st.subheader(tr("code.map"))
    c0, c1, c2, c3 = st.columns(4)
    x = image("code_index", col=c0)
    h, w = model.latent_shape
    row = c1.number_input(tr("code.row"), 0, h - 1, h // 2, key="code_row")
    col = c2.number_input(tr("code.col"), 0, w - 1, w // 2, key="code_col")
    current = int(codes.code_map(model, x)[row, col])
    i = st.session_state.get("code_index", 0)
    new = c3.number_input(tr("code.new"), 0, model.config.codebook_size - 1,
                          codes.farthest_code(model, current), key=f"code_new_{i}_{row}_{col}",
                          help=tr("code.new_help", current=current))  # fmt: skip
    edited, decoded = codes.edit_cell(model, x, row, col, new)
    pics = ui.big(torch.cat([x, decoded]))
    H, W = pics[0].shape[:2]
    box = (row * H // h, col * W // w, (row + 1) * H // h, (col + 1) * W // w)
    captions = (tr("code.original"), tr("code.decoded"), tr("code.edited", code=new))
    cols = st.columns(4)
    for c, pic, caption in zip(cols, pics, captions):
        c.image(ui.images.outline(pic, box), caption=caption, output_format="PNG")
    ui.chart(figures.code_map(edited.numpy(), (row, col)), "code_map", cols[3])


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
prefer, label = ("pixelcnn2", "pixelcnn"), tr("code.prior_pick")
prior = ui.pick(need, prefer=prefer, label=label, key="code_prior", carry=False)
st.caption(tr("code.prior_help"))
t = st.slider(tr("code.temperature"), 0.3, 1.5, 1.0, 0.05, key="code_temp")
label = None
if prior.model.can.conditional:
    label = st.selectbox(tr("gen.class"), range(len(names)), key="code_label",
                         format_func=names.__getitem__)  # fmt: skip
judges = ui.loadable(ui.candidates(ckpt.dataset, "judge"))
reject = st.toggle(tr("code.reject"), key="code_reject", disabled=not judges,
                   help=tr("code.reject_help"))  # fmt: skip
seed = ui.resample("code")
judge = ui.checkpoint_at(judges[0]["path"]) if reject and judges else None
pictures, verdicts, rate = ui.drawn(
    showcase.prior_samples, prior, judge, seed, t, label, busy=tr("code.sampling")
)
if rate is not None:
    st.caption(tr("code.accepted", share=rate[0], drawn=rate[1]))
captions = (
    None if verdicts is None else [tr("gen.verdict", name=names[a], p=c) for a, c in verdicts]
)
ui.grid(pictures, captions)
