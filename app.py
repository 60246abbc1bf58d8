"""genviz app: `streamlit run app.py`. The explorer pages arrive with their own issue; until
then this home page lists the model families, the datasets and the checkpoints found."""

from pathlib import Path

import streamlit as st

from genviz import checkpoint, data
from genviz.models import KINDS, summary

st.set_page_config(page_title="genviz", layout="wide")
st.title("genviz: a latent-space lab")
st.write("Train or load autoencoders, VAEs, VQ-VAEs and GANs, and look inside them.")

st.subheader("Model families")
st.table([{"kind": kind, "what it is": summary(kind)} for kind in KINDS])

st.subheader("Datasets")
ready = data.available()
st.table(
    [
        {"dataset": name, "ready": "yes" if ok else "not found (train with --download to fetch)"}
        for name, ok in ready.items()
    ]
)

st.subheader("Checkpoints")
found = checkpoint.list_checkpoints(Path(__file__).parent / "checkpoints")
if found:
    st.table([{k: c.get(k, "") for k in ("path", "kind", "dataset", "error")} for c in found])
else:
    st.info("No checkpoints yet: train one with `python -m genviz train vae --dataset digits`.")
