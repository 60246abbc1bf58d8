"""Train: a model in the background, shared by every session; live losses and samples."""

import streamlit as st

import ui
from genviz import runs
from genviz.errors import GenvizError
from genviz.models import KINDS, family
from ui.text import tr

st.title(tr("train.title"))
dataset = ui.dataset_picker()
st.sidebar.caption(tr("side.device", device=str(ui.device())))

kinds = [k for k in KINDS if k != "pixelcnn"]
with st.form("train_form"):
    kind = st.selectbox(tr("train.kind"), kinds, key="train_kind", format_func=str)
    fields = family(kind).Config.field_types()
    c1, c2, c3 = st.columns(3)
    epochs = c1.number_input(tr("train.epochs"), 1, 500, 10, key="train_epochs")
    batch = c2.select_slider(tr("train.batch"), [32, 64, 128, 256, 512], 128, key="train_batch")
    lr = c3.select_slider(
        tr("train.lr"),
        [1e-4, 2e-4, 5e-4, 1e-3, 2e-3, 5e-3],
        1e-3,
        key="train_lr",
        format_func=lambda v: f"{v:g}",
    )
    options = {}
    if "latent_dim" in fields:
        options["latent_dim"] = st.select_slider(
            tr("train.latent"), [2, 4, 8, 16, 20, 32, 64], 16, key="train_latent"
        )
    if "arch" in fields and kind not in ("gan", "cgan", "classifier"):
        options["arch"] = st.radio(
            tr("train.arch"), ["mlp", "conv"], horizontal=True, key="train_arch"
        )
    if "beta" in fields:
        options["beta"] = st.slider(tr("train.beta"), 0.0, 10.0, 1.0, 0.1, key="train_beta")
    if "noise_level" in fields:
        options["noise_level"] = st.slider(
            tr("train.noise"), 0.0, 1.0, 0.5, 0.05, key="train_noise"
        )
    if "codebook_size" in fields:
        options["codebook_size"] = st.select_slider(
            tr("train.codebook"), [16, 32, 64, 128, 256, 512], 128, key="train_codebook"
        )
    go = st.form_submit_button(tr("train.start"), type="primary")

if go:
    try:
        runs.start(
            kind,
            dataset,
            options,
            epochs=int(epochs),
            batch_size=batch,
            lr=lr,
            out=ui.USER,
            root=ui.data_root(),
        )
    except GenvizError as e:
        st.error(str(e))


@st.fragment(run_every=1.0)
def watch():
    shown = runs.all_runs()
    if not shown:
        st.info(tr("train.none"))
        return
    run = shown[0]
    st.subheader(tr("train.run", name=run.name, kind=run.kind, dataset=run.dataset))
    ev = run.last
    if ev is not None:
        done = ((ev.epoch - 1) * ev.steps_per_epoch + ev.step) / (ev.epochs * ev.steps_per_epoch)
        st.progress(
            min(done, 1.0),
            text=tr(
                "train.progress",
                epoch=ev.epoch,
                epochs=ev.epochs,
                speed=ev.samples_per_s,
                eta=ev.eta_s,
            ),
        )
    if run.active and st.button(tr("train.cancel"), key="train_cancel"):
        run.cancel.set()
    if run.state == "saved":
        st.success(tr("train.saved", path=run.path))
    elif run.state == "cancelled":
        st.warning(tr("train.cancelled", path=run.path or "-"))
    elif run.state == "failed":
        st.error(run.error)
    if run.history:
        losses = [k for k in run.history[-1] if k.endswith("loss")]
        st.line_chart([{k: row[k] for k in losses if k in row} for row in run.history])
    if run.preview is not None:
        st.caption(tr("train.preview"))
        st.image(ui.mosaic(run.preview, ncol=8), output_format="PNG")


watch()
