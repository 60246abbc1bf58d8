"""The latent map replayed over training: recorded by the one training workflow, kept beside
the checkpoint, drawn in one frame of reference."""

import torch

from genviz import checkpoint, data, meta
from genviz.analysis import batches, replay
from genviz.workflow import Settings, train_and_save

TINY_AE = {"hidden": (32,), "latent_dim": 2}


def test_training_records_each_epochs_latents_beside_the_checkpoint(tmp_path):
    trained = train_and_save("ae", "digits", TINY_AE, Settings(epochs=3), tmp_path / "ae")
    assert (tmp_path / "ae.replay.safetensors").is_file()
    found = replay.load(trained.path)
    assert found.epochs.tolist() == [1, 2, 3] and not found.projected
    test = data.load_dataset("digits", "test")
    assert found.coords.shape == (3, len(test), 2) and torch.equal(found.labels, test.labels)
    # the last frame is the saved model's own latents (float16 on the way)
    z = batches.embed(checkpoint.load(trained.path).model, test)
    assert torch.allclose(found.coords[-1], z, atol=2e-2 * z.abs().max().item())
    assert meta.list_checkpoints(tmp_path)[0]["name"] == "ae"  # not a checkpoint itself


def test_a_wider_latent_is_projected_by_one_pca_and_long_runs_are_thinned(tmp_path, monkeypatch):
    monkeypatch.setattr(replay, "BUDGET", 360 * 4 * 2 * 3)  # room for three frames
    options = {"hidden": (32,), "latent_dim": 4}
    trained = train_and_save("vae", "digits", options, Settings(epochs=7), tmp_path / "vae")
    found = replay.load(trained.path)
    assert found.projected and found.coords.shape[1:] == (360, 2)
    assert found.epochs.tolist() == [1, 4, 7]  # evenly, first and last kept


def test_batch_norm_statistics_are_untouched_by_the_recording(digits_test):
    from conftest import tiny

    model = tiny("ae", batch_norm=True)  # batch norm after each hidden layer
    before = {k: v.clone() for k, v in model.state_dict().items() if "running" in k}
    model.train()
    replay.Recorder(digits_test)(model, 1)
    after = {k: v for k, v in model.state_dict().items() if "running" in k}
    assert before and all(torch.equal(before[k], after[k]) for k in before) and model.training


def test_models_without_a_latent_vector_record_nothing(tmp_path):
    options = {"channels": (8, 16), "latent_dim": 8}
    train_and_save("gan", "digits", options, Settings(epochs=1), tmp_path / "gan")
    assert not (tmp_path / "gan.replay.safetensors").exists()
    assert replay.load(tmp_path / "gan") is None
