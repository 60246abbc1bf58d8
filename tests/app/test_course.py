"""What the course's pages say agrees with the models on screen: the ELBO is a bound only where
it is one, a GAN's scores are read by the game it plays, the lesson on the ELBO's terms says
what the shipped VAE's history shows, and the anomaly formula is the score that is plotted."""

import json

import pytest
import streamlit as st
import torch
from conftest import ROOT
from streamlit.testing.v1 import AppTest

import ui
from genviz import data
from genviz.analysis import applications
from genviz.analysis.metrics import reconstruction_errors
from genviz.workflow import Settings, train_and_save
from ui import ideas
from ui.text import EN, KO


def test_the_elbo_is_called_a_bound_only_where_it_is_one():
    for page, formulas in ideas.FORMULAS.items():
        for f in formulas:
            if r"\log p(x) \ \ge" in f:  # a claimed lower bound of log p(x)
                assert r"\beta" not in f, page  # ... never of the beta-weighted objective
    assert ideas.BETA in ideas.FORMULAS["compare"]  # the sweep's page: the weighted one, too
    assert r"\beta \ge 1" in ideas.BETA
    for table in (EN, KO):  # the text says what beta < 1 is
        assert "0.1" in table["idea.compare"] and "0.5" in table["idea.compare"]


def test_the_elbo_lesson_says_what_the_shipped_vaes_kl_does():
    history = json.loads((ui.CHECKPOINTS / "mnist" / "vae.json").read_text())["history"]
    first, last = history[0]["kl"], history[-1]["kl"]
    assert last > first  # the KL term rises while the reconstruction error falls
    assert history[-1]["recon"] < history[0]["recon"]
    for table in (EN, KO):
        assert f"{first:.1f}" in table["lesson.6.2"] and f"{last:.1f}" in table["lesson.6.2"]
    assert "the KL term rises" in EN["lesson.6.2"] and "both fall" not in EN["lesson.6.2"]


@pytest.fixture
def hinge_gan(tmp_path, monkeypatch):
    """A tiny GAN trained one epoch with the hinge loss, the only GAN of a user folder."""
    monkeypatch.setenv("GENVIZ_USER_DIR", str(tmp_path))
    options = {"loss": "hinge", "hidden": (32,), "latent_dim": 4}
    return train_and_save("gan", "digits", options, Settings(epochs=1), tmp_path / "digits" / "h")


def inside_with(path: str) -> AppTest:
    st.cache_data.clear()
    app = AppTest.from_file(str(ROOT / "app.py"), default_timeout=180)
    app.session_state["gv_chosen"] = {"digits": path}
    app.run()
    app.switch_page("app_pages/inside.py").run()
    assert not app.exception, [e.value for e in app.exception]
    return app


def test_a_gans_scores_are_read_by_the_game_it_plays(hinge_gan):
    logloss = inside_with(str(ui.CHECKPOINTS / "digits" / "gan"))  # the log-loss game
    said = " ".join(c.value for c in logloss.caption)
    assert "1/2 everywhere" in said and "hinge" not in said
    hinge = inside_with(str(hinge_gan.path))
    said = " ".join(c.value for c in hinge.caption)
    assert "hinge loss" in said and "not a probability" in said
    assert (
        ideas.HINGE in ideas.FORMULAS["generate"]
        and ideas.GAN_OPTIMUM in ideas.FORMULAS["generate"]
    )


def test_the_anomaly_formula_is_the_score_that_is_plotted(digits, digits_test):
    """s(x) of the Applications page's formula, computed here from its definitions, is the
    score genviz plots."""
    from genviz.models import build

    torch.manual_seed(0)
    model = build("ae", image_shape=(1, 8, 8), latent_dim=4, hidden=(32,))
    normal, test = applications.one_class(digits, 3), digits_test
    combined = applications.one_class_scores(model, normal, test)["combined"]

    def e(part):  # error per pixel over the RMS brightness
        err = reconstruction_errors(model, part)
        return err / part.floats().flatten(1).square().mean(1).sqrt()

    def m(part):  # squared Mahalanobis distance of E(x) from the normal latents
        z_n = model.features(normal.floats()).double()
        z = model.features(part.floats()).double()
        sigma = torch.cov((z_n - z_n.mean(0)).T) + 1e-6 * torch.eye(z.shape[1], dtype=torch.double)
        d = z - z_n.mean(0)
        return ((d @ torch.linalg.inv(sigma)) * d).sum(1)

    def standard(f):
        ref = f(normal).log()
        return (f(test).log() - ref.mean()) / ref.std()

    with torch.no_grad():
        want = standard(e) + standard(m)
    assert torch.allclose(combined.double(), want.double(), atol=1e-3)
    assert r"\log m(x)" in ideas.ANOMALY and r"\log e(x)" in ideas.ANOMALY
    assert ideas.ANOMALY in ideas.FORMULAS["applications"]


def test_the_commitment_weight_is_not_called_beta():
    codebook = " ".join(ideas.FORMULAS["codebook"])
    assert r"\beta" not in codebook and r"\gamma" in codebook
    assert "Rounding" not in EN["idea.codebook"] and "반올림" not in KO["idea.codebook"]
    assert data.load_dataset("digits", "test") is not None


def test_a_presets_layer_table_says_where_the_notes_code_slips():
    app = AppTest.from_file(str(ROOT / "app.py"), default_timeout=180)
    app.session_state["gv_dataset"] = "mnist" if data.ready("mnist") else "digits"
    app.session_state["train_preset"] = "course-conv-ae"
    app.run()
    app.switch_page("app_pages/train.py").run()
    assert not app.exception
    said = " ".join(c.value for c in app.caption)
    assert "26x26" in said and "ReLU before the final sigmoid" in said
    for name in ("course-mlp-ae", "course-vae", "course-vae-200", "course-linear-ae"):
        assert f"preset.{name}.fixes" in EN and f"preset.{name}.fixes" in KO
