"""Home: what each model family is, every shipped model of the dataset at work, and which
datasets and checkpoints are here."""

import streamlit as st

import ui
from genviz import data
from genviz.models import KINDS
from ui import tr

st.title(tr("home.title"))
ui.idea("home")
st.write(tr("home.intro"))

st.subheader(tr("home.families"))
cols = st.columns(3)
for i, kind in enumerate(KINDS):
    with cols[i % 3]:
        st.markdown(f"**{tr(f'kind.{kind}')}**  \n" + tr(f"family.{kind}").replace("\n", "  \n"))

dataset = ui.dataset()
st.subheader(tr("home.gallery", dataset=ui.dataset_title(dataset)))


shipped = [c for c in ui.candidates(dataset) if not ui.is_user(c)]
if not shipped:
    st.info(tr("home.none_shipped", dataset=ui.dataset_title(dataset)))
for c in shipped:
    pictures = ui.previews(c["path"])  # shipped, encoded once per server: no model
    if not pictures:  # a classifier: nothing to show here
        continue
    st.markdown(f"**{ui.describe(c)}**")
    for col, (part, picture) in zip(st.columns(3), pictures.items()):
        col.caption(tr(f"home.{part}"))
        ui.show_png(picture, col)

st.subheader(tr("home.datasets"))
ready = data.available()
st.table(
    {
        tr("home.dataset"): [ui.dataset_title(n) for n in ready],
        tr("home.state"): [tr("home.ready") if ok else tr("side.missing") for ok in ready.values()],
    }
)
for bad in ui.unusable(dataset):
    st.warning(tr("home.unusable", name=bad["name"], why=bad["error"]))
