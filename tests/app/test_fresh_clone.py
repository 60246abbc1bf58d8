"""A fresh clone with no internet: MNIST and Fashion-MNIST are only their shipped test splits
(testsets/), and every page and every lesson step opens on them without an exception, with
one sentence where something needs the training images."""

from pathlib import Path

import pytest
import streamlit as st
from conftest import ROOT
from streamlit.testing.v1 import AppTest

import ui
from genviz import data, imagesets
from genviz.errors import DatasetMissing

PAGES = [Path(file).stem for file, _, _ in ui.PAGES]


@pytest.fixture(autouse=True)
def fresh_clone(tmp_path, monkeypatch):
    """No data folder at all, no cache, no user checkpoints."""
    monkeypatch.setenv("GENVIZ_DATA", str(tmp_path / "data"))
    monkeypatch.setenv("GENVIZ_CACHE", str(tmp_path / "cache"))
    monkeypatch.setenv("GENVIZ_USER_DIR", str(tmp_path / "user"))
    for loader in (data._load_idx, imagesets._folder):
        loader.cache_clear()
    st.cache_data.clear()
    st.cache_resource.clear()
    yield
    data._load_idx.cache_clear()
    st.cache_data.clear()
    st.cache_resource.clear()


def test_the_shipped_test_splits_load_and_the_training_ones_say_how_to_get_them():
    for name in data.SHIPPED_TEST:
        test = data.load_dataset(name, "test")
        assert len(test) == 10_000 and test.image_shape == (1, 28, 28)
        assert data.ready(name) and not data.has_train(name)
        with pytest.raises(DatasetMissing, match=f"python -m genviz download {name}"):
            data.load_dataset(name, "train")


@pytest.mark.parametrize("dataset", data.SHIPPED_TEST)
@pytest.mark.parametrize("page", PAGES)
def test_every_page_opens_on_a_fresh_clone(page, dataset):
    app = opened(page, dataset)
    assert not app.error, [e.value for e in app.error]
    assert app.title


def opened(page: str, dataset: str = "mnist", **state) -> AppTest:
    app = AppTest.from_file(str(ROOT / "app.py"), default_timeout=300)
    app.session_state["gv_dataset"] = dataset
    for key, value in state.items():
        app.session_state[key] = value
    app.run()
    app.switch_page(f"app_pages/{page}.py").run()
    assert not app.exception, [e.value for e in app.exception]
    return app


def test_what_needs_the_training_images_says_how_to_get_them():
    import io

    import numpy as np
    from PIL import Image

    digit = data.load_dataset("mnist", "test").images[0, 0].numpy()
    png = io.BytesIO()
    Image.fromarray(255 - np.asarray(digit)).resize((140, 140)).save(png, format="PNG")
    upload = opened("upload", up_bytes=png.getvalue())  # measured against the test images
    assert upload.get("plotly_chart") and not upload.error
    compare = opened("compare", cmp_swept=("mnist", (0.5, 4.0), 7), cmp_betas=[0.5, 4.0])
    compare.number_input(key="cmp_epochs").set_value(7).run()  # a sweep that is not shipped
    assert not compare.exception
    assert any("python -m genviz download mnist" in i.value for i in compare.info)
