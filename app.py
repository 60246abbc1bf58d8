"""genviz: `streamlit run app.py`. The page list, the shared sidebar, and the start of the
projection worker (it warms up UMAP's compiler while the first page renders)."""

import streamlit as st

import ui
from ui.text import tr

st.set_page_config(page_title="genviz", layout="wide")

PAGES = [
    ("pages/home.py", "nav.home", True),
    ("pages/train.py", "nav.train", False),
    ("pages/latent_map.py", "nav.map", False),
    ("pages/interpolate.py", "nav.interpolate", False),
    ("pages/codebook.py", "nav.codebook", False),
    ("pages/denoise.py", "nav.denoise", False),
    ("pages/generate.py", "nav.generate", False),
    ("pages/compare.py", "nav.compare", False),
    ("pages/applications.py", "nav.applications", False),
    ("pages/upload.py", "nav.upload", False),
]
page = st.navigation(
    [st.Page(path, title=tr(title), default=default) for path, title, default in PAGES]
)
ui.projections()  # once per server: starts the worker and its warm-up in the background
page.run()
