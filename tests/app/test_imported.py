"""What a user brings opens on every page that fits it: a VAE written without genviz, trained a
few steps, exported and imported; latents with no model; and the colour `shapes` set. A page
that needs what an import lacks says so in one sentence; the sidebar lists imports in their
own group and imports uploaded programs itself."""

from pathlib import Path

import numpy as np
import own_vae
import pytest
import streamlit as st
from conftest import ROOT
from streamlit.testing.v1 import AppTest

import ui
from genviz import importing
from ui.text import EN

PAGES = [Path(file).stem for file, _, _ in ui.PAGES]


@pytest.fixture(scope="module")
def user(tmp_path_factory):
    """A user folder holding an imported VAE (encoder and decoder), an imported encoder alone
    and latents with their own images, all for digits."""
    folder = tmp_path_factory.mktemp("user")
    own = tmp_path_factory.mktemp("own")
    vae = own_vae.trained(own)
    enc, dec = own_vae.exported(vae, own)
    out = folder / "digits"
    importing.import_programs("digits", out / "theirs", encoder=enc, decoder=dec, output="logits")
    importing.import_programs("digits", out / "encoder-only", encoder=enc)
    rng = np.random.default_rng(0)
    np.save(own / "z.npy", rng.standard_normal((40, 5)))
    np.save(own / "y.npy", rng.integers(0, 3, 40))
    importing.import_latents(own / "z.npy", folder / "latents" / "emb", labels=own / "y.npy")
    return folder


@pytest.fixture(autouse=True)
def in_user_folder(user, monkeypatch):
    monkeypatch.setenv("GENVIZ_USER_DIR", str(user))
    st.cache_data.clear()
    yield
    st.cache_data.clear()


def opened(page: str, dataset: str, chosen: str | None = None) -> AppTest:
    app = AppTest.from_file(str(ROOT / "app.py"), default_timeout=180)
    app.session_state["gv_dataset"] = dataset
    if chosen:
        app.session_state["gv_chosen"] = {dataset: chosen}
    app.run()
    app.switch_page(f"app_pages/{page}.py").run()
    assert not app.exception, [e.value for e in app.exception]
    assert not app.error, [e.value for e in app.error]
    return app


FITS = {  # the pages an imported VAE (encoder, decoder, N(0, I) prior) opens on, by picker key
    "latent_map": "ckpt_digits_map",
    "interpolate": "ckpt_digits_vector",
    "generate": "ckpt_digits_sample",
    "upload": "ckpt_digits_autoencode",
    "applications": "ckpt_digits_vector",
}


@pytest.mark.parametrize("page", PAGES)
def test_every_page_renders_with_an_imported_vae_chosen(page, user):
    theirs = str(user / "digits" / "theirs")
    app = opened(page, "digits", theirs)
    assert app.title
    if page in FITS:  # the page opens on the import, which its picker lists as imported
        box = app.sidebar.selectbox(key=FITS[page])
        assert box.value == theirs
        assert box.options[-1] == "theirs (imported)"  # its own group, after the others
        captions = [c.value for c in app.sidebar.caption]
        assert "imported model, 4-D latent" in captions  # what it is, under the picker
    if page == "interpolate":
        assert len(app.get("image")) > 0


def fast_map_args(app) -> dict:
    import json

    (found,) = [e for e in app.get("component_instance") if "genviz_map" in e.proto.component_name]
    return json.loads(found.proto.json_args)


def test_an_encoder_alone_draws_its_map_and_says_what_it_cannot_do(user):
    only = str(user / "digits" / "encoder-only")
    app = opened("latent_map", "digits", only)
    assert app.sidebar.selectbox(key="ckpt_digits_map").value == only
    args = fast_map_args(app)
    assert args["n"] > 0 and args["atlas"]  # its points, and the data's images on them
    interp = opened("interpolate", "digits", only)  # it cannot decode: another model is chosen
    assert interp.sidebar.selectbox(key="ckpt_digits_vector").value != only


def test_latents_with_no_model_show_on_the_map_only(user):
    rows = next((user / "latents").glob("emb.json"))
    app = opened("latent_map", str(rows.with_suffix(".npz").resolve()))
    box = app.sidebar.selectbox(key=next(k for k in app.session_state if k.endswith("_map")))
    assert box.value.endswith("emb")
    args = fast_map_args(app)
    assert args["n"] > 0 and not args["atlas"] and not app.get("image")  # no images, no decoder
    for page in ("interpolate", "generate", "upload"):
        other = opened(page, str(rows.with_suffix(".npz").resolve()))
        assert "can" in other.info[0].value  # "No emb checkpoint here can ..."


def test_the_sidebar_offers_the_import_door_to_whoever_may_write(monkeypatch):
    app = AppTest.from_file(str(ROOT / "app.py"), default_timeout=180)
    app.run()
    door = next(e for e in app.sidebar.expander if e.label == EN["imp.title"])
    assert [t.label for t in door.tabs] == [EN["imp.model"], EN["imp.latents"]]
    monkeypatch.setenv("GENVIZ_TEACHER_KEY", "secret")  # a classroom server: students may not
    student = AppTest.from_file(str(ROOT / "app.py"), default_timeout=180)
    student.run()
    door = next(e for e in student.sidebar.expander if e.label == EN["imp.title"])
    assert not door.tabs and EN["side.own_teacher"] in [c.value for c in door.caption]


@pytest.fixture
def shapes_set():
    if not (ui.CHECKPOINTS / "shapes").is_dir():
        pytest.skip("no shipped shapes checkpoints")


@pytest.mark.parametrize("page", PAGES)
def test_every_page_renders_on_the_colour_shapes_set(page, shapes_set):
    app = opened(page, "shapes")
    assert app.title
    if page == "interpolate":  # a beta-VAE's traversals name the factor each dimension holds
        assert "MIG" in str([m.value for m in app.markdown] + [c.value for c in app.caption])
