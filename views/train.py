"""Train: a model in the background, shared by every session; live losses and a preview."""

import streamlit as st

import ui
from genviz import runs
from genviz.errors import GenvizError
from genviz.models import KINDS, family
from genviz.workflow import Settings
from ui import tr
from ui.forms import config_form, duration

st.title(tr("train.title"))
ui.idea("train")
dataset = ui.dataset()
may_train = ui.teacher()

if not may_train:
    st.info(tr("train.teacher_only"))


def form() -> None:
    """The kind (outside the form, so that picking one shows its options at once), then
    every option of its config, and Start."""
    kind = st.selectbox(
        tr("train.kind"), KINDS, key="train_kind", format_func=lambda k: tr(f"kind.{k}")
    )
    cls = family(kind)
    base = None
    if cls.caps.built_on:
        base = ui.pick(cls.caps.built_on, label=tr("train.base"), key="train_base", carry=False)
    with st.form(f"train_form_{kind}"):
        c1, c2, c3, c4 = st.columns(4)
        epochs = c1.number_input(tr("train.epochs"), 1, 100_000, 10, key=f"train_{kind}_epochs")
        sizes = [32, 64, 128, 256, 512]
        batch = c2.select_slider(tr("train.batch"), sizes, 128, key=f"train_{kind}_batch")
        lr = c3.number_input(
            tr("train.lr"), 1e-6, 1.0, cls.default_lr, key=f"train_{kind}_lr", format="%g"
        )
        name = c4.text_input(tr("train.name"), key=f"train_{kind}_name", help=tr("train.name_help"))
        options = config_form(cls.Config, key=f"train_{kind}")
        go = st.form_submit_button(tr("train.start"), type="primary")
    if go:
        try:
            settings = Settings(epochs=int(epochs), batch_size=int(batch), lr=float(lr))
            out = ui.user_dir()
            runs.start(kind, dataset, options, settings, out=out, name=name or None, base=base)
        except GenvizError as e:
            st.error(ui.say(e))


if may_train:
    form()


# the loss and its terms, as each family logs them (validation ones as val_<name>)
TERMS = ("loss", "recon", "kl", "mse", "commit", "nll", "ce", "d_loss", "g_loss")


def term(key: str) -> str:
    name = tr(f"loss.{key.removeprefix('val_')}")
    return tr("loss.on_test", term=name) if key.startswith("val_") else name


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
    if run.history:
        logged = run.history[-1]
        losses = [k for k in logged if k.removeprefix("val_") in TERMS]
        axes = {"x": tr("train.epoch"), "y": tr("train.loss")}
        fig = ui.lines(run.history, "epoch", {k: term(k) for k in losses}, **axes)
        fig.update_xaxes(dtick=1 if len(run.history) < 12 else None)
        st.plotly_chart(fig, key="train_losses", width="stretch")
    if run.preview:
        st.caption(tr("train.preview", epoch=len(run.history)))
        for col, (part, images) in zip(st.columns(3), run.preview.items()):
            col.caption(tr(f"home.{part}"))
            col.image(ui.mosaic(images, ncol=4), output_format="PNG")


watch()
