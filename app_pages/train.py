"""Train: a model in the background, shared by every session; live losses and a preview."""

import streamlit as st

import ui
from genviz import presets, runs, summary
from genviz.errors import GenvizError
from genviz.models import KINDS, family
from genviz.workflow import Settings, build_for, default_name
from ui import tr
from ui.forms import config_form, duration

st.title(tr("train.title"))
ui.idea("train")
dataset = ui.dataset()
may_train = ui.teacher()

if not may_train:
    st.info(tr("train.teacher_only"))


@st.cache_data(max_entries=64, show_spinner=False)
def layers_of(kind: str, dataset: str, options: dict, base: str | None):
    """The layers of the network the form describes (built untrained, in milliseconds)."""
    base_model = ui.checkpoint_at(base).model if base else None
    return summary.layers(build_for(kind, ui.split(dataset), options, base_model))


def form() -> None:
    """A course preset or a kind (outside the form, so that picking one shows its options and
    its layers at once), then every option of its config; the training settings and Start."""
    chosen = st.selectbox(
        tr("train.preset"),
        ["", *presets.PRESETS],
        key="train_preset",
        format_func=lambda n: tr(f"preset.{n}") if n else tr("train.preset_none"),
    )
    start, given = {}, {}
    if chosen:
        preset = presets.preset(chosen)
        kind, start, given = preset.kind, preset.options, preset.settings
        st.caption(tr(f"preset.{chosen}.notes"))
        if preset.dataset != dataset:
            st.info(tr("train.preset_dataset", dataset=tr(f"dataset.{preset.dataset}")))
    else:
        kind = st.selectbox(
            tr("train.kind"), KINDS, key="train_kind", format_func=lambda k: tr(f"kind.{k}")
        )
    cls, prefix = family(kind), f"train_{chosen or kind}"
    base = None
    if cls.caps.built_on:
        base = ui.pick(cls.caps.built_on, label=tr("train.base"), key="train_base", carry=False)
    options = config_form(cls.Config, key=prefix, start=start)
    with st.expander(tr("layers.title")):
        try:
            ui.layer_table(layers_of(kind, dataset, options, base and str(base.path)))
        except GenvizError as e:  # options that build no network (a conv too deep for 8x8)
            st.warning(ui.say(e))
    with st.form(f"{prefix}_form"):
        c1, c2, c3, c4, c5 = st.columns(5)
        epochs = c1.number_input(
            tr("train.epochs"), 1, 100_000, given.get("epochs", 10), key=f"{prefix}_epochs"
        )
        sizes = [32, 64, 128, 256, 512]
        batch = c2.select_slider(
            tr("train.batch"), sizes, given.get("batch_size", 128), key=f"{prefix}_batch"
        )
        lr = c3.number_input(
            tr("train.lr"),
            1e-6,
            1.0,
            given.get("lr") or cls.default_lr,
            key=f"{prefix}_lr",
            format="%g",
        )
        decay = c4.number_input(
            tr("train.weight_decay"),
            0.0,
            1.0,
            given.get("weight_decay", 0.0),
            key=f"{prefix}_decay",
            format="%g",
        )
        name = c5.text_input(tr("train.name"), key=f"{prefix}_name", help=tr("train.name_help"))
        go = st.form_submit_button(tr("train.start"), type="primary")
    if go:
        try:
            settings = Settings(
                epochs=int(epochs), batch_size=int(batch), lr=float(lr), weight_decay=float(decay)
            )
            out = ui.user_dir()
            name = name or (default_name(chosen) if chosen else None)
            runs.start(kind, dataset, options, settings, out=out, name=name, base=base)
        except GenvizError as e:
            st.error(ui.say(e))


if may_train:
    form()


# the loss and its terms, as each family logs them (validation ones as val_<name>)
@st.fragment(run_every=1.0)
def watch():
    shown = runs.all_runs()
    if not shown:
        st.info(tr("train.none"))
        return
    run = shown[0]
    what = tr(
        "train.run",
        name=run.name,
        kind=tr(f"kind.{run.kind}"),
        dataset=tr(f"dataset.{run.dataset}"),
    )
    st.subheader(what)
    ev = run.last
    if ev is not None and run.active:
        done = ((ev.epoch - 1) * ev.steps_per_epoch + ev.step) / (ev.epochs * ev.steps_per_epoch)
        text = tr(
            "train.progress",
            epoch=ev.epoch,
            epochs=ev.epochs,
            speed=ev.samples_per_s,
            eta=duration(ev.eta_s),
        )
        st.progress(min(done, 1.0), text=text)
    if run.active and may_train and st.button(tr("train.cancel"), key="train_cancel"):
        run.cancel()
    if run.state == "saved":
        st.success(tr("train.saved", name=run.name))
    elif run.state == "cancelled":
        st.warning(
            tr("train.cancelled", name=run.name) if run.path else tr("train.cancelled_early")
        )
    elif run.state == "failed":
        st.error(tr(f"err.{run.error_key}", **run.error_values) if run.error_key else run.error)
    ui.history(run.history, "train")
    if run.preview:
        st.caption(tr("train.preview", epoch=len(run.history)))
        for col, (part, images) in zip(st.columns(3), run.preview.items()):
            col.caption(tr(f"home.{part}"))
            col.image(ui.mosaic(images, ncol=4), output_format="PNG")


@st.cache_data(max_entries=64, show_spinner=False)
def saved_layers(path: str, mtime: float):
    return summary.layers(ui.checkpoint_at(path).model)


def saved() -> None:
    """The layers of any checkpoint of this dataset, shipped or trained here."""
    found = ui.candidates(dataset)
    if not found:
        return
    st.subheader(tr("layers.saved"))
    names = {c["path"]: ui.describe(c) for c in found}
    path = st.selectbox(tr("layers.pick"), list(names), format_func=names.get, key="layers_ckpt")
    ui.layer_table(saved_layers(path, ui.mtime(path)))
    rows = ui.checkpoint_at(path).meta.get("history", [])
    if rows:
        st.caption(tr("layers.history", epochs=len(rows)))
        ui.history(rows, "saved")


watch()
saved()
