"""Image to image: a pix2pix model beside the same U-Net trained with L1 alone, on a test image
(its task input made from it), a drawing or an uploaded image, and both models' test-set
figures."""

import pandas as pd
import streamlit as st
import torch
from streamlit_drawable_canvas import st_canvas

import ui
from genviz.analysis import apply, translation
from ui import tr

st.title(tr("tr.title"))
ui.idea("translate")
ckpt = ui.pick("translate", prefer=("pix2pix-edges", "pix2pix-masked", "pix2pix-noisy"))
model = ckpt.model
task = model.config.task
adversarial = model.config.adv_weight > 0
st.caption(tr("tr.task", task=tr(f"choice.{task}")))

# the partner: the same task trained with the other loss (L1 alone beside pix2pix)
partners = [
    c
    for c in ui.loadable(ui.candidates(ckpt.dataset, "translate"))
    if c["config"].get("task") == task and (c["config"].get("adv_weight", 1.0) > 0) != adversarial
]
partner = None
if partners:
    names = {c["path"]: ui.describe(c) for c in partners}
    path = st.selectbox(tr("tr.partner"), list(names), format_func=names.get, key="tr_partner")
    partner = ui.checkpoint_at(path)
else:
    st.info(tr("tr.no_partner", adv=0 if adversarial else 1))
# the two checkpoints in a fixed order: pix2pix first, then L1 alone (either may be missing)
pair = (ckpt, partner) if adversarial else (partner, ckpt)
shown_as = ("tr.output_adv", "tr.output_l1")
present = [(c, label) for c, label in zip(pair, shown_as) if c is not None]

source = ui.choice(tr("tr.source"), ["test", "draw", "upload"], "tr_source", "tr.source")
target = None
if source == "test":
    test = ui.split(ckpt.dataset)
    i = st.number_input(tr("tr.image"), 0, len(test) - 1, 0, key="tr_index")
    target = test.floats(slice(i, i + 1))
    given = model.make_input(target, torch.Generator().manual_seed(int(i)))
else:
    # a drawing is a digit as one writes it, so its task input is made as a test image's is
    make = st.toggle(
        tr("tr.make"), source == "draw", key=f"tr_make_{source}", help=tr("tr.make_help")
    )
    if source == "draw":  # white strokes on black, as the data; its PNG goes the upload's way
        width = st.slider(tr("tr.stroke"), 4, 48, ui.PEN, key="tr_stroke")
        drawn = st_canvas(
            stroke_width=width,
            stroke_color="#ffffff",
            background_color="#000000",
            height=280,
            width=280,
            return_image_data=True,
            key="tr_canvas",
        )
        blob, invert = (drawn.image_bytes if drawn is not None else None), "no"
        st.caption(tr("tr.draw_help"))
    else:
        file = st.file_uploader(
            tr("up.pick"), type=["png", "jpg", "jpeg"], key="tr_file", help=tr("tr.make_help")
        )
        blob = None if file is None else file.getvalue()
        invert = ui.choice(tr("up.invert"), ["auto", "yes", "no"], "tr_invert", "up.invert")
    given = ui.uploaded(blob, ckpt, invert, "tr.none", "tr.none")
    if make:
        target = given
        given = model.make_input(target, torch.Generator().manual_seed(0))

shown, captions = [given], [tr("tr.input")]
for c, label in present:
    out = apply.translate(c.model, given)
    shown.append(out)
    error = "" if target is None else "  \n" + tr("tr.error", l1=float((out - target).abs().mean()))
    captions.append(tr(label) + error)
if target is not None:
    shown.append(target)
    captions.append(tr("tr.target"))
ui.grid(torch.cat(shown), captions, per_row=4)

if source == "test":
    st.subheader(tr("tr.more"))
    part = test.take(8)
    made = [translation.translations(c.model, part) for c, _ in present]
    rows = [made[0][0], *(outputs for _, outputs, _ in made), made[0][2]]
    ui.grid(torch.cat(rows), per_row=8)

st.subheader(tr("tr.figures"))
table = []
for c, label in present:
    figures = c.meta.get("metrics", {})
    if "l1" in figures:
        table.append(
            {
                tr("tr.model"): tr(label),
                tr("tr.l1"): round(figures["l1"], 4),
                tr("tr.psnr"): round(figures.get("psnr", float("nan")), 2),
                tr("tr.sharpness"): round(figures.get("sharpness", float("nan")), 2),
                tr("tr.acc"): figures.get("output_accuracy"),
                tr("tr.acc_input"): figures.get("input_accuracy"),
            }
        )
if table:
    st.dataframe(pd.DataFrame(table), hide_index=True)
    st.caption(tr("tr.figures_help"))
