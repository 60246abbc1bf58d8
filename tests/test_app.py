"""Every page of the app under Streamlit's AppTest, on digits and (when present) MNIST: it
renders without an exception, and its main control changes what is shown."""

import io
import time
from pathlib import Path

import numpy as np
import pytest
import streamlit as st
from conftest import ROOT
from PIL import Image
from streamlit.testing.v1 import AppTest

import ui
from genviz import data, runs
from ui.text import EN

PAGES = [Path(file).stem for file, _, _ in ui.PAGES]


@pytest.fixture(params=["digits", "mnist"])
def dataset(request):
    if request.param == "mnist":
        if not data.available(ui.data_root())["mnist"]:
            pytest.skip("real MNIST is not under GENVIZ_DATA")
        if not (ui.CHECKPOINTS / "mnist").is_dir():
            pytest.skip("no shipped MNIST checkpoints")
    return request.param


@pytest.fixture(autouse=True)
def fresh_caches():
    st.cache_data.clear()
    yield
    st.cache_data.clear()


def open_page(page: str, dataset: str = "digits", **state) -> AppTest:
    app = AppTest.from_file(str(ROOT / "app.py"), default_timeout=180)
    app.session_state["dataset"] = dataset
    for key, value in state.items():
        app.session_state[key] = value
    app.run()
    app.switch_page(f"pages/{page}.py").run()
    assert not app.exception, [e.value for e in app.exception]
    assert not app.error, [e.value for e in app.error]
    return app


def images(app: AppTest) -> list[bytes]:
    """The image payloads on the page, in order (to see whether a control changed them)."""
    found = []
    for el in app.get("image"):
        found += [img.url for img in el.proto.imgs]
    return found


def text_of(app: AppTest) -> str:
    parts = [
        e.value
        for kind in ("title", "subheader", "caption", "markdown", "info", "success")
        for e in getattr(app, kind)
    ]
    return "\n".join(str(p) for p in parts)


@pytest.mark.parametrize("page", PAGES)
def test_every_page_renders(page, dataset):
    app = open_page(page, dataset)
    assert app.title, "each page has a title"


def test_home_shows_families_a_gallery_and_the_datasets(dataset):
    app = open_page("home", dataset)
    assert "**vqvae**" in text_of(app) and len(images(app)) >= 8
    assert app.table[0].value.shape[0] == len(data.DATASETS)


def test_latent_map_selection_shows_neighbours_and_reconstructions(dataset):
    name = "vae" if dataset == "digits" else "ae-conv"
    path = str(ui.CHECKPOINTS / dataset / name)
    key = f"ckpt_{dataset}_encode"
    one = open_page("latent_map", dataset, **{key: path, "map_pick": [3]})
    assert "nearest neighbours in latent space" in text_of(one) and len(images(one)) == 9
    assert one.get("metric"), "faithfulness is shown with the picture"
    many = open_page("latent_map", dataset, **{key: path, "map_pick": [0, 1, 2, 3]})
    assert "4 selected" in text_of(many) and len(images(many)) == 8


def test_latent_map_of_a_2d_model_draws_the_manifold(dataset):
    path = str(ui.CHECKPOINTS / dataset / "ae-2d")
    app = open_page("latent_map", dataset, **{f"ckpt_{dataset}_encode": path})
    assert "latent space is 2-D" in app.info[0].value


def test_latent_map_swaps_in_tsne_when_it_is_ready(tmp_path, monkeypatch):
    service = ui.projections()
    monkeypatch.setattr(service, "cache_dir", tmp_path)  # nothing cached: really computed
    monkeypatch.setattr(service, "jobs", {})
    app = open_page("latent_map", "digits", ckpt_digits_encode=str(ui.CHECKPOINTS / "digits/vae"))
    app.radio(key="map_method").set_value("umap").run()
    assert "Precomputed and shipped" in text_of(app)  # no wait for a shipped picture
    app.radio(key="map_method").set_value("tsne")
    app.radio(key="map_dim").set_value(3).run()  # not shipped: computed in the worker
    assert not app.exception
    first = text_of(app)
    deadline = time.monotonic() + 180
    while "Computed in" not in text_of(app):
        assert time.monotonic() < deadline, text_of(app)
        time.sleep(0.5)
        app.run()
    assert "Showing PCA until t-SNE is ready" in first or "Computed in" in first
    assert any(p.name.endswith(".npz") for p in tmp_path.iterdir())  # kept for next time


def test_interpolation_slider_changes_the_decoded_image(dataset):
    app = open_page("interpolate", dataset)
    before = images(app)
    app.slider(key="interp_t").set_value(0.9).run()
    after = images(app)
    assert before[1] != after[1] and before[0] == after[0]


def test_codebook_cell_edit_changes_the_decoded_image(dataset):
    app = open_page("codebook", dataset)
    before = images(app)
    current = app.number_input(key="code_new").value
    app.number_input(key="code_new").set_value((current + 5) % 16).run()
    assert images(app)[-1] != before[-1] or images(app) != before
    assert app.get("metric")


def test_denoise_level_changes_the_psnr(dataset):
    app = open_page("denoise", dataset)
    before = images(app)
    app.slider(key="dn_level").set_value(0.1).run()
    assert images(app) != before


def test_generate_by_class(dataset):
    app = open_page(
        "generate", dataset, **{f"ckpt_{dataset}_sample": str(ui.CHECKPOINTS / dataset / "cgan")}
    )
    app.selectbox(key="gen_class").set_value(3).run()
    assert "Samples of 3" in text_of(app)
    captions = [c for el in app.get("image") for c in (i.caption for i in el.proto.imgs)]
    assert sum(c.startswith("3 ") for c in captions) >= 12  # the classifier agrees


def test_compare_lists_pca_beside_the_autoencoders(dataset):
    app = open_page("compare", dataset)
    rows = app.dataframe[0].value
    assert "PCA" in set(rows["model"]) and len(set(rows["model"])) > 1


def test_compare_beta_sweep_trains_one_vae_per_beta():
    app = open_page("compare", "digits")
    shown = len(images(app))
    app.multiselect(key="cmp_betas").set_value([0.1, 16.0])
    app.number_input(key="cmp_epochs").set_value(5)
    app.button(key="cmp_sweep").click().run()
    assert not app.exception, [e.value for e in app.exception]
    table = app.dataframe[1].value  # after the PCA table
    assert list(table["beta"]) == [0.1, 16.0]
    assert table["kl"][1] < table["kl"][0] and table["recon"][1] > table["recon"][0]
    assert len(images(app)) == shown + 2  # one strip per beta
    app.number_input(key="cmp_epochs").set_value(6).run()  # a sweep not trained yet: not shown
    assert len(images(app)) == shown


def test_applications_anomaly_auroc_follows_the_normal_class():
    app = open_page("applications", "digits")
    first = [m.value for m in app.get("metric")]
    app.selectbox(key="app_normal").set_value(1).run()
    assert [m.value for m in app.get("metric")] != first
    assert float(first[0]) > 80 and app.dataframe[0].value.shape[0] == 3


def test_upload_places_an_image_and_refuses_a_bad_file(dataset):
    digit = data.load(dataset, "test").images[0, 0].numpy()
    big = Image.fromarray(255 - digit).resize((140, 140))  # black on white, like paper
    png = io.BytesIO()
    big.save(png, format="PNG")
    app = open_page("upload", dataset, up_bytes=png.getvalue())
    assert len(images(app)) == 2 and app.get("plotly_chart")
    bad = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    bad.session_state["up_bytes"] = b"not an image"
    bad.run()
    bad.switch_page("pages/upload.py").run()
    assert not bad.exception and "not a readable PNG or JPEG" in bad.error[0].value


def test_train_page_runs_in_the_background_and_saves_a_user_checkpoint(tmp_path, monkeypatch):
    monkeypatch.setattr(ui, "USER", tmp_path)
    app = open_page("train", "digits")
    app.selectbox(key="train_kind").set_value("ae")
    app.number_input(key="train_epochs").set_value(2)
    app.button[0].click().run()  # the form's submit button
    run = runs.all_runs()[0]
    deadline = time.monotonic() + 120
    while run.active:
        assert time.monotonic() < deadline
        time.sleep(0.2)
    assert run.state == "saved", run.error
    assert (tmp_path / "digits" / f"{run.name}.json").is_file() and len(run.history) == 2
    app.run()
    assert "Saved as" in app.success[0].value
    picked = open_page("latent_map", "digits")
    options = picked.sidebar.selectbox[1].options
    assert any(run.name in o for o in options)  # in every picker now


def test_every_translation_key_used_exists():
    import re

    used = set()
    for f in [ROOT / "app.py", *(ROOT / "pages").glob("*.py"), *(ROOT / "ui").glob("*.py")]:
        used |= set(re.findall(r'tr\(\s*"([a-z_.]+)"', f.read_text()))
    assert used and used <= set(EN)


def test_images_are_upscaled_without_blur():
    x = np.zeros((1, 1, 2, 2), np.float32)
    x[0, 0, 0, 0] = 1
    import torch

    big = ui.big(torch.from_numpy(x), scale=3)[0]
    assert big.shape == (6, 6) and set(np.unique(big)) == {0, 255} and big[:3, :3].all()
