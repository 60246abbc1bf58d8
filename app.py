"""genviz: `streamlit run app.py`. The page list, the shared sidebar (drawn here, before every
page, so the session's dataset survives page changes), and the start of the picture worker
(it warms up UMAP's compiler while the first page renders)."""

import streamlit as st

import ui

st.set_page_config(page_title="genviz", layout="wide")
ui.settle_session()  # a link's settings and the language, before any title is written
ui.style()  # Korean line breaking, whole names in the sidebar, text legible on a projector
page = st.navigation(
    [st.Page(path, title=ui.tr(title), default=default) for path, title, default in ui.PAGES],
    expanded=True,  # every page at a glance on a projector, none folded under "View more"
)
ui.service()  # once per server: starts the worker and its warm-up in the background
ui.classroom.guard()  # once per server: no client clears every user's caches
with ui.classroom.one_of_many():  # users at once: each on one thread, no thread waiting on another
    ui.sidebar()
    page.run()
