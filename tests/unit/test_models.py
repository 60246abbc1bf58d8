"""Every registered family, through one parametrized body: shapes, training, save/load."""

import hashlib
import json

import pytest
import torch
from conftest import TINY, edit_json, tiny

from genviz import checkpoint, meta
from genviz.errors import CheckpointError, GenvizError
from genviz.models import KINDS, REGISTRY, build, family
from genviz.train import evaluate_loss, fit

SHAPES = [(1, 8, 8), (1, 28, 28), (3, 12, 10)]
ADVERSARIAL = {"gan", "cgan"}


@pytest.mark.parametrize("shape", SHAPES, ids=lambda s: "x".join(map(str, s)))
@pytest.mark.parametrize("kind", KINDS)
def test_shapes_for_any_image_size(kind, shape):
    model = tiny(kind, shape).eval()
    x, y = torch.rand(5, *shape), torch.arange(5)
    cond = y if model.can.conditional else None
    with torch.no_grad():
        if model.can.encode:
            z = model.encode(x, cond)
            assert z.shape == (5, *model.latent_shape)
            if model.can.latent == "grid":
                assert z.dtype == torch.long
            out = model.decode(z, cond)
            assert out.shape == x.shape
            assert out.min() >= 0 and out.max() <= 1
            assert model.features(x, cond).shape[0] == 5
            if not model.can.conditional:  # labels may always be passed; they are ignored
                assert torch.equal(model.reconstruct(x, y), model.reconstruct(x))
        if model.can.sample:
            s = model.sample(3, generator=torch.Generator().manual_seed(0))
            assert s.shape == (3, *shape) and s.min() >= 0 and s.max() <= 1


# pix2pix trains adversarially too: tests/unit/test_translate.py
@pytest.mark.parametrize("kind", sorted(set(KINDS) - ADVERSARIAL - {"pix2pix"}))
def test_a_few_epochs_on_digits_lower_the_loss(kind, digits, digits_test):
    model = tiny(kind)
    before = evaluate_loss(model, digits_test)["val_loss"]
    result = fit(model, digits, epochs=3, batch_size=64, device="cpu", seed=0)
    after = evaluate_loss(model, digits_test)["val_loss"]
    assert after < 0.9 * before, (before, after)
    assert len(result.history) == 3 and not result.cancelled


@pytest.mark.parametrize("kind", sorted(ADVERSARIAL))
def test_gan_samples_move_towards_the_data(kind, digits):
    """No GAN loss falls steadily, so test what training is for: the samples' mean image
    gets closer to the data's, and the discriminator's verdicts stay finite."""
    model = tiny(kind)
    mean = digits.floats().mean(0)

    def gap():
        with torch.no_grad():
            s = model.eval().sample(500, generator=torch.Generator().manual_seed(1))
        return (s.mean(0) - mean).abs().mean().item()

    before = gap()
    result = fit(model, digits, epochs=8, batch_size=64, lr=1e-3, device="cpu", seed=0)
    assert gap() < 0.5 * before
    assert all(torch.isfinite(torch.tensor(list(r.values()))).all() for r in result.history)
    if model.can.conditional:  # each class's samples look most like that class's images
        means = torch.stack([digits.floats()[digits.labels == c].mean(0) for c in range(10)])
        with torch.no_grad():
            s = model.sample(1000, torch.arange(1000) % 10, torch.Generator().manual_seed(2))
        per_class = torch.stack([s[c::10].mean(0) for c in range(10)])
        nearest = torch.cdist(per_class.flatten(1), means.flatten(1)).argmin(1)
        assert (nearest == torch.arange(10)).sum() >= 6, nearest  # label-blind: about 1


@pytest.mark.parametrize("kind", KINDS)
def test_save_load_round_trip_is_bit_exact(kind, tmp_path, digits):
    model = tiny(kind)
    fit(model, digits.take(128), epochs=1, batch_size=64, device="cpu")
    path = checkpoint.save(model, tmp_path / kind, dataset="digits", class_names=digits.class_names)
    loaded = checkpoint.load(path)
    assert type(loaded.model) is type(model)
    want, got = model.state_dict(), loaded.model.state_dict()
    assert want.keys() == got.keys()
    for name in want:
        assert torch.equal(want[name], got[name]), name
    model.eval()
    x = digits.floats(slice(0, 4))
    if model.can.encode:
        y = digits.labels[:4] if model.can.conditional else None
        assert torch.equal(model.reconstruct(x, y), loaded.model.reconstruct(x, y))
    meta = json.loads(path.with_suffix(".json").read_text())
    assert meta["kind"] == kind and meta["dataset"] == "digits" and meta["image_shape"] == [1, 8, 8]
    assert meta["class_names"] == list("0123456789")


def test_half_precision_checkpoint_is_smaller_and_close(tmp_path, digits):
    model = tiny("vae")
    full = checkpoint.save(
        model, tmp_path / "full", dataset="digits", class_names=list("0123456789")
    )
    half = checkpoint.save(
        model, tmp_path / "half", dataset="digits", class_names=list("0123456789"), half=True
    )
    size = lambda p: p.with_suffix(".safetensors").stat().st_size  # noqa: E731
    assert size(half) < 0.6 * size(full)
    x = digits.floats(slice(0, 8))
    a, b = model.eval().reconstruct(x), checkpoint.load(half).model.reconstruct(x)
    assert (a - b).abs().max() < 1e-2


@pytest.fixture
def saved(tmp_path):
    model = tiny("ae")
    return checkpoint.save(model, tmp_path / "ae", dataset="digits", class_names=list("0123456789"))


@pytest.mark.parametrize(
    ("damage", "message"),
    [
        (
            lambda p: p.with_suffix(".safetensors").write_bytes(b"\x00" * 40),
            "does not match its JSON",
        ),
        (
            lambda p: p.with_suffix(".safetensors").write_bytes(
                p.with_suffix(".safetensors").read_bytes()[:200]
            ),
            "truncated",
        ),
        (lambda p: p.with_suffix(".json").write_text("{not json"), "not valid JSON"),
        (lambda p: p.with_suffix(".safetensors").unlink(), "is missing"),
        (lambda p: edit_json(p, kind="vea"), "kind 'vea'"),
        (lambda p: edit_json(p, config={"latent_dim": 7, "hidden": [32]}), "shape"),
        (lambda p: edit_json(p, config={"latent_dim": 4, "widths": [3]}), "no option widths"),
        (lambda p: edit_json(p, format=99), "newer genviz"),
    ],
    ids=[
        "corrupt",
        "truncated",
        "bad-json",
        "no-weights",
        "unknown-kind",
        "mismatch",
        "bad-config",
        "newer",
    ],
)
def test_damaged_checkpoints_fail_with_one_sentence(saved, damage, message):
    damage(saved)
    with pytest.raises(CheckpointError, match=message) as err:
        checkpoint.load(saved)
    text = str(err.value)
    assert "\n" not in text and str(saved) in text


def test_unhashed_truncated_weights_are_caught_by_the_parser(saved):
    blob = saved.with_suffix(".safetensors").read_bytes()[:-100]
    saved.with_suffix(".safetensors").write_bytes(blob)
    # a hand-edited JSON with the cut file's own hash: the parser must catch it
    edit_json(saved, weights={"sha256": hashlib.sha256(blob).hexdigest()})
    with pytest.raises(CheckpointError, match="corrupt or truncated"):
        checkpoint.load(saved)


def test_interrupted_save_keeps_the_old_checkpoint(saved, monkeypatch):
    before = checkpoint.load(saved).model.state_dict()
    calls = []

    def power_cut_at_second_sync(fd):  # weights written, then the machine dies mid-JSON
        calls.append(fd)
        if len(calls) == 2:
            raise OSError("power cut")

    monkeypatch.setattr(checkpoint.os, "fsync", power_cut_at_second_sync)
    other = tiny("ae", hidden=(32,), latent_dim=4)
    torch.nn.init.zeros_(other.encoder.head.weight)
    with pytest.raises(GenvizError, match="power cut"):
        checkpoint.save(other, saved, dataset="digits", class_names=list("0123456789"))
    monkeypatch.undo()
    after = checkpoint.load(saved).model.state_dict()
    assert all(torch.equal(before[k], after[k]) for k in before)
    assert not list(saved.parent.glob(".*.tmp"))  # no temporary files left behind


def test_list_reads_only_the_json(saved, tmp_path):
    (tmp_path / "broken.json").write_text("{")
    (tmp_path / "broken.safetensors").write_bytes(b"")
    found = {c["name"]: c for c in meta.list_checkpoints(tmp_path)}
    assert found["ae"]["kind"] == "ae" and found["ae"]["dataset"] == "digits"
    assert "not valid JSON" in found["broken"]["error"]


def test_registry_errors_are_sentences():
    with pytest.raises(GenvizError, match="unknown model kind 'vea'; choose from ae, dae"):
        family("vea")
    with pytest.raises(GenvizError, match="latent_dim must be at least 1"):
        build("vae", latent_dim=0)
    with pytest.raises(GenvizError, match="arch 'rnn' is not known"):
        build("ae", arch="rnn")
    with pytest.raises(GenvizError, match="'ae' has no option beta"):
        build("ae", beta=2.0)
    with pytest.raises(GenvizError, match="latent_dim must be of type int, not 2.5"):
        build("vae", latent_dim=2.5)
    with pytest.raises(GenvizError, match="hidden must list whole numbers"):
        build("ae", hidden=(64, 0))
    with pytest.raises(GenvizError, match="decay must be at most 0.9999, not 1.5"):
        build("vqvae", decay=1.5)
    with pytest.raises(GenvizError, match="kernel must be odd"):
        build("pixelcnn", kernel=4)
    assert build("vae", beta=4).config.beta == 4.0  # an int is fine where a float is asked
    assert set(TINY) == set(KINDS) and set(KINDS) < set(REGISTRY)  # imported kinds: no TINY


def test_samples_of_a_class_out_of_range_are_refused_in_a_sentence():
    from genviz.analysis import generate

    model = tiny("cgan").eval()
    for label in (10, -1, 10**20):  # 10**20 overflowed torch.full with a traceback
        with pytest.raises(GenvizError, match="out of range; use 0 to 9"):
            generate.samples(model, 2, label=label)
