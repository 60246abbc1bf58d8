"""genviz: `streamlit run app.py`. The page list, the shared sidebar, and the start of the
projection worker (it warms up UMAP's compiler while the first page renders)."""

import streamlit as st

import ui
from ui.text import tr

st.set_page_config(page_title="genviz", layout="wide")

page = st.navigation(
    [st.Page(path, title=tr(title), default=default) for path, title, default in ui.PAGES]
)
ui.projections()  # once per server: starts the worker and its warm-up in the background
page.run()
