"""A training history drawn: the loss terms per epoch (training and test set), the model's
insides per epoch (active units, codes used and restarted, D's scores), and the KL of each
latent dimension at the last epoch."""

from __future__ import annotations

import plotly.graph_objects as go
import streamlit as st

from ui.forms import duration
from ui.images import tiled
from ui.plots import layout, lines
from ui.text import tr
from ui.workspace import title

# loss terms a family logs (each also as val_<term>, on the test set)
TERMS = ("loss", "recon", "kl", "beta_kl", "mse", "commit", "nll", "ce", "d_loss", "g_loss")
# figures of the insides per epoch (genviz's epoch_report and the GAN's step logs)
INSIDE = ("active_units", "codes_used", "restarts", "perplexity", "d_real", "d_fake")


def term(key: str) -> str:
    name = tr(f"loss.{key.removeprefix('val_')}")
    return tr("loss.on_test", term=name) if key.startswith("val_") else name


def history(rows: list[dict], key: str) -> None:
    """Charts of a history (a list of per-epoch rows); `key` keeps their widget keys apart."""
    if not rows:
        return
    logged = rows[-1]
    losses = [k for k in logged if k.removeprefix("val_") in TERMS]
    fig = lines(
        rows, "epoch", {k: term(k) for k in losses}, x=tr("train.epoch"), y=tr("train.loss")
    )
    fig.update_xaxes(dtick=1 if len(rows) < 12 else None)
    st.plotly_chart(fig, key=f"{key}_losses", width="stretch")
    inside = [k for k in INSIDE if k in logged]
    if inside:
        fig = lines(rows, "epoch", {k: tr(f"inside.{k}") for k in inside}, x=tr("train.epoch"))
        fig.update_xaxes(dtick=1 if len(rows) < 12 else None)
        st.plotly_chart(fig, key=f"{key}_inside", width="stretch")
    if "kl_dims" in logged:
        kl = logged["kl_dims"]
        fig = go.Figure(go.Bar(x=list(range(len(kl))), y=kl))
        fig.update_xaxes(dtick=1)
        axes = {"x": tr("in.dim"), "y": tr("in.kl")}
        st.plotly_chart(layout(fig, height=240, **axes), key=f"{key}_kl", width="stretch")
        st.caption(tr("inside.kl_dims", epoch=logged["epoch"], active=logged.get("active_units")))


def run_view(run, may_cancel: bool) -> bool:
    """A background training run (genviz.serve.runs.Run) as it goes: its progress, the state it
    ended in, its history's charts and its latest preview. True when Cancel was pressed."""
    names = {"kind": tr(f"kind.{run.kind}"), "dataset": title(run.dataset)}
    st.subheader(tr("train.run", name=run.name, **names))
    ev = run.last
    if ev is not None and run.active:
        done = ((ev.epoch - 1) * ev.steps_per_epoch + ev.step) / (ev.epochs * ev.steps_per_epoch)
        eta = duration(ev.eta_s)
        text = tr(
            "train.progress", epoch=ev.epoch, epochs=ev.epochs, speed=ev.samples_per_s, eta=eta
        )
        st.progress(min(done, 1.0), text=text)
    cancel = run.active and may_cancel and st.button(tr("train.cancel"), key="train_cancel")
    if run.state == "saved":
        st.success(tr("train.saved", name=run.name))
    elif run.state == "cancelled":
        st.warning(
            tr("train.cancelled", name=run.name) if run.path else tr("train.cancelled_early")
        )
    elif run.state == "failed":
        st.error(tr(f"err.{run.error_key}", **run.error_values) if run.error_key else run.error)
    history(run.history, "train")
    if run.preview:
        st.caption(tr("train.preview", epoch=len(run.history)))
        for col, (part, images) in zip(st.columns(3), run.preview.items()):
            col.caption(tr(f"home.{part}"))
            tiled(images, ncol=4, where=col)
    return bool(cancel)
