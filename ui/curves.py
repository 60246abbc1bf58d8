"""A training history drawn: the loss terms per epoch (training and test set), the model's
insides per epoch (active units, codes used and restarted, D's scores), and the KL of each
latent dimension at the last epoch."""

from __future__ import annotations

import plotly.graph_objects as go
import streamlit as st

from ui.plots import layout, lines
from ui.text import tr

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
