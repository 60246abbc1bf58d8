"""The one training workflow and its three callers (the CLI's train, the app's background runs,
the zoo's retrain) record the same settings; names stay inside their folder; the shipped
set's recipes are data that retrain runs through the workflow."""

import json
import time

import pytest
from conftest import tiny

from genviz import checkpoint, paths, store, zoo
from genviz.cli import main
from genviz.errors import GenvizError
from genviz.models import build_for
from genviz.serve import pictures, runs, showcase, studies
from genviz.workflow import Settings, check_name, target_for

TINY_AE = {"hidden": (16,), "latent_dim": 4}
RECORDED = {"epochs", "epochs_asked", "batch_size", "lr", "seed", "device", "precision", "half"}
RECORDED |= {"seconds", "cancelled", "threads", "origin"}


def wait(run, seconds=120):
    deadline = time.monotonic() + seconds
    while run.active:
        assert time.monotonic() < deadline, "the run did not finish"
        time.sleep(0.1)
    return run


def test_cli_app_and_zoo_record_the_same_settings(tmp_path, monkeypatch):
    assert main(["train", "ae", "--hidden", "16", "--latent-dim", "4", "--epochs", "1", "--out",
                 str(tmp_path), "--name", "cli", "--quiet"]) == 0  # fmt: skip
    run = wait(runs.start("ae", "digits", TINY_AE, Settings(epochs=1), out=tmp_path, name="app"))
    assert run.state == "saved", run.error
    monkeypatch.setitem(zoo.RECIPES, "digits", {"classifier": zoo.Recipe("classifier", epochs=1)})
    monkeypatch.setattr(zoo.make, "ship_pictures", lambda *a, **k: [])
    monkeypatch.setattr(zoo.make, "precompute", lambda *a, **k: None)
    zoo.retrain("digits", tmp_path / "zoo", "cpu")
    metas = {
        "cli": json.loads((tmp_path / "cli.json").read_text()),
        "app": json.loads((tmp_path / "digits" / "app.json").read_text()),
        "zoo": json.loads((tmp_path / "zoo" / "digits" / "classifier.json").read_text()),
    }
    for who, meta in metas.items():
        assert set(meta["train"]) >= RECORDED, (who, RECORDED - set(meta["train"]))
        assert meta["seed"] == 0 and meta["genviz_version"] and meta["torch_version"]
    assert metas["cli"]["train"]["origin"].startswith("python -m genviz train ae")
    assert metas["app"]["train"]["origin"] == "app: Train page"
    assert metas["zoo"]["train"]["origin"] == "zoo: digits/classifier"
    assert metas["zoo"]["metrics"]["accuracy"] > 0  # measured after training
    assert zoo.made_by(metas["zoo"], zoo.RECIPES["digits"]["classifier"])
    assert not zoo.made_by(metas["zoo"], zoo.Recipe("classifier", epochs=2))


def test_a_name_is_one_file_name_inside_its_folder(tmp_path):
    for bad in ["../escape", "/etc/x", "a/b", "two\nlines", "", ".hidden", "x" * 101]:
        with pytest.raises(GenvizError, match="is not allowed"):
            check_name(bad)
    assert target_for(tmp_path, "vae-2d_v1.0") == tmp_path / "vae-2d_v1.0"
    (tmp_path / "taken.json").write_text("{}")
    with pytest.raises(GenvizError, match="exists; choose another name"):
        target_for(tmp_path, "taken")
    assert target_for(tmp_path, "taken", force=True) == tmp_path / "taken"


def test_settings_refuse_what_cannot_train():
    for bad in ({"lr": float("nan")}, {"lr": float("inf")}, {"lr": 0.0}, {"epochs": 0}):
        with pytest.raises(GenvizError):
            Settings(**bad)
    with pytest.raises(GenvizError, match="device 'tpu' is not known"):
        Settings(device="tpu")


def test_a_prior_is_built_on_a_model_with_a_codebook(digits):
    with pytest.raises(GenvizError, match="give --base"):
        build_for("pixelcnn", digits)
    with pytest.raises(GenvizError, match="give --base"):
        build_for("pixelcnn", digits, base=tiny("ae"))
    prior = build_for("pixelcnn", digits, {"layers": 2, "channels": 8}, base=tiny("vqvae"))
    assert prior.can.prior and prior.vqvae.config.codebook_size == 16
    with pytest.raises(GenvizError, match="not built on another model"):
        build_for("vae", digits, base=tiny("vqvae"))


def test_the_app_trains_a_classifier_and_previews_by_capability(tmp_path):
    """Training a classifier from the Train page failed after its first epoch."""
    judge = wait(runs.start("classifier", "digits", {}, Settings(epochs=2), out=tmp_path))
    assert judge.state == "saved", judge.error
    assert judge.preview == {} and len(judge.history) == 2
    vae = wait(runs.start("vae", "digits", TINY_AE, Settings(epochs=1), out=tmp_path))
    assert set(vae.preview) == {"inputs", "reconstructions", "samples"}
    assert vae.preview["inputs"].shape == vae.preview["reconstructions"].shape == (8, 1, 8, 8)
    gan = wait(runs.start("gan", "digits", {"channels": (8, 16)}, Settings(epochs=1), out=tmp_path))
    assert set(gan.preview) == {"samples"}


def test_a_run_cancelled_before_its_first_epoch_saves_nothing(tmp_path):
    run = runs.start("vae", "digits", TINY_AE, Settings(epochs=50, batch_size=8), out=tmp_path)
    run.cancel()
    wait(run)
    assert run.state == "cancelled" and run.path == ""
    assert not list((tmp_path / "digits").glob(f"{run.name}.*"))


@pytest.mark.slow
def test_retrain_runs_the_recipes_through_the_workflow(tmp_path, monkeypatch):
    tiny_set = {
        "classifier": zoo.Recipe("classifier", {"channels": (8,), "features": 16}, epochs=2),
        "vqvae": zoo.Recipe("vqvae", {"hidden": 16, "codebook_size": 16, "code_dim": 4}, 1, 64),
        "pixelcnn": zoo.Recipe("pixelcnn", {"channels": 8, "layers": 2}, 1, 64, base="vqvae"),
        "vae": zoo.Recipe("vae", {**TINY_AE, "latent_dim": 6}, 2, eval={"nll_samples": 5}),
    }
    monkeypatch.setitem(zoo.RECIPES, "digits", tiny_set)
    monkeypatch.setitem(studies.SWEEP_EPOCHS, "digits", 1)
    monkeypatch.setitem(studies.ANOMALY_EPOCHS, "digits", 1)
    monkeypatch.setattr(store, "cache_dir", lambda: tmp_path / "user-cache")
    lines = []
    zoo.retrain("digits", tmp_path, "cpu", log=lines.append)
    assert [line.split(":")[0] for line in lines[: len(tiny_set)]] == list(tiny_set)
    for name, recipe in tiny_set.items():
        ckpt = checkpoint.load(tmp_path / "digits" / name)
        assert zoo.made_by(ckpt.meta, recipe) and ckpt.meta["weights"]["dtype"] == "float16"
    prior = checkpoint.load(tmp_path / "digits" / "pixelcnn")
    assert prior.meta["train"]["base"]["path"].endswith("vqvae")
    assert prior.meta["metrics"]["bits_per_code"] > 0 and "frechet" in prior.meta["metrics"]
    vae = checkpoint.load(tmp_path / "digits" / "vae")
    assert vae.meta["metrics"]["nll_samples"] == 5
    vq = checkpoint.load(tmp_path / "digits" / "vqvae")
    want = {k for c in (vae, vq) for k in zoo.make.picture_keys(c, 360).values()}
    views = paths.views(tmp_path / "digits")
    assert {p.stem for p in (views / pictures.RESULT).glob("*.npz")} == want  # encoders only
    assert json.loads((tmp_path / paths.MANIFEST).read_text()) == zoo.manifest(tmp_path)
    with pytest.raises(GenvizError, match="no recipe named gan"):
        zoo.retrain("digits", tmp_path, "cpu", only=["gan"])
    # the views the pages open on were precomputed with the set: they are read, not computed
    monkeypatch.setattr(paths, "CHECKPOINTS", tmp_path)
    monkeypatch.setattr(store, "write", lambda *a: pytest.fail("computed again"))
    assert set(showcase.preview(vae)) == {"inputs", "reconstructions", "samples"}
    scores, _ = studies.anomaly_scores("digits", 3)
    assert scores.shape == (360,)
    rows, _ = studies.beta_sweep("digits")
    assert [r["beta"] for r in rows] == list(studies.SWEEP_BETAS)
    assert not (tmp_path / "user-cache").exists()  # nothing went to the user's cache


@pytest.mark.slow
def test_training_runs_in_a_worker_that_is_restarted_when_it_dies(tmp_path):
    import os

    run = runs.start("vae", "digits", TINY_AE, Settings(epochs=500, batch_size=8), out=tmp_path)
    service = runs._service()
    deadline = time.monotonic() + 60
    while run.state == "starting":  # wait until the worker has begun
        assert time.monotonic() < deadline
        time.sleep(0.1)
    worker = service.worker.process
    assert worker.pid != os.getpid()  # not in the server's interpreter
    worker.kill()
    wait(run)
    assert run.state == "failed" and "worker stopped" in run.error
    again = wait(runs.start("ae", "digits", TINY_AE, Settings(epochs=1), out=tmp_path))
    assert again.state == "saved", again.error
    assert service.worker.process.pid != worker.pid
