"""Train: a model in the background, shared by every session; live losses and a preview."""

from pathlib import Path

import streamlit as st

import ui
from genviz import zoo
from genviz.errors import GenvizError
from genviz.models import KINDS, family
from genviz.serve import runs
from genviz.workflow import Settings, default_name
from ui import tr
from ui.forms import config_form

st.title(tr("train.title"))
ui.idea("train")
dataset = ui.dataset()
may_train = ui.teacher()

if not may_train:
    st.info(tr("train.teacher_only"))


def form() -> None:
    """A course preset or a kind (outside the form, so that picking one shows its options and
    its layers at once), then every option of its config; the training settings and Start."""
    chosen = st.selectbox(
        tr("train.preset"),
        ["", *zoo.COURSE],
        key="train_preset",
        format_func=lambda n: tr(f"preset.{n}") if n else tr("train.preset_none"),
    )
    start, given = {}, {}
    if chosen:
        preset = zoo.course(chosen)
        kind, start, given = preset.kind, preset.options, preset.given()
        st.caption(tr(f"preset.{chosen}.notes"))
        if preset.dataset != dataset:
            st.info(tr("train.preset_dataset", dataset=ui.dataset_title(preset.dataset)))
    else:
        kind = st.selectbox(
            tr("train.kind"), KINDS, key="train_kind", format_func=lambda k: tr(f"kind.{k}")
        )
    cls, prefix = family(kind), f"train_{chosen or kind}"
    base = None
    if cls.caps.built_on:
        base = ui.pick(cls.caps.built_on, label=tr("train.base"), key="train_base", carry=False)
    options = config_form(cls.Config, key=prefix, start=start)
    with st.expander(tr("layers.title"), expanded=bool(chosen)):
        try:
            ui.layer_table(ui.layers_of(kind, dataset, options, base and str(base.path)))
        except GenvizError as e:  # options that build no network (a conv too deep for 8x8)
            st.warning(ui.say(e))
        if chosen and ui.has_text(f"preset.{chosen}.fixes"):  # where the notes' code slips
            st.caption(tr(f"preset.{chosen}.fixes"))
    with st.form(f"{prefix}_form"):
        cols = st.columns(5)
        start = {**Settings.options(), **given}
        start["lr"] = start["lr"] or cls.default_lr
        chosen_settings = ui.fields(Settings, Settings.main, prefix, start, cols[:4])
        name = cols[4].text_input(
            tr("train.name"), key=f"{prefix}_name", help=tr("train.name_help")
        )
        go = st.form_submit_button(tr("train.start"), type="primary")
    if go:
        try:
            settings = Settings(**chosen_settings)
            name = name or (default_name(chosen) if chosen else None)
            runs.start(kind, dataset, options, settings, out=ui.user_dir(), name=name, base=base)
        except GenvizError as e:
            st.error(ui.say(e))


if may_train:
    form()


@st.fragment(run_every=1.0)
def watch():
    """The latest run, live: its progress, losses, insides and preview (shared by everyone)."""
    shown = runs.all_runs()
    if not shown:
        st.info(tr("train.none"))
    elif ui.run_view(shown[0], may_cancel=may_train):
        shown[0].cancel()


def saved() -> None:
    """The layers of any checkpoint of this dataset, shipped or trained here."""
    found = ui.candidates(dataset)
    if not found:
        return
    st.subheader(tr("layers.saved"))
    names = {c["path"]: ui.describe(c) for c in found}
    path = st.selectbox(tr("layers.pick"), list(names), format_func=names.get, key="layers_ckpt")
    try:
        ckpt = ui.checkpoint_at(path)  # checked whole (weights, shapes, size) before its layers
    except GenvizError as e:
        st.error(tr("err.checkpoint", name=Path(path).name, detail=ui.say(e)))
        return
    ui.layer_table(ui.layers_saved(path))
    rows = ckpt.meta.get("history", [])
    if rows:
        st.caption(tr("layers.history", epochs=len(rows)))
        ui.history(rows, "saved")


watch()
saved()
