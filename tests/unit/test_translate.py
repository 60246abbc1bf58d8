"""pix2pix: the paired tasks' inputs, the U-Net and PatchGAN, training with and without the
adversarial loss, the scores; and a GAN saved slim, without its live generator."""

import numpy as np
import pytest
import torch
from conftest import tiny

from genviz import checkpoint, meta
from genviz.analysis import metrics, translation
from genviz.models.pix2pix import blank_square, outline
from genviz.workflow import Settings, train_and_save


def test_outline_marks_the_edges_of_a_shape_not_its_inside():
    x = torch.zeros(1, 1, 9, 9)
    x[..., 2:7, 2:7] = 1.0
    edges = outline(x)[0, 0]
    assert edges[4, 4] == 0 and edges[0, 0] == 0  # deep inside, far outside
    assert edges[2, 4] == 1 and edges[1, 4] == 1  # both sides of the border
    assert set(edges.unique().tolist()) <= {0.0, 1.0}


def test_blank_square_is_one_square_of_the_asked_side_drawn_from_the_generator():
    x = torch.ones(6, 1, 28, 28)
    a = blank_square(x, 0.5, torch.Generator().manual_seed(1))
    b = blank_square(x, 0.5, torch.Generator().manual_seed(1))
    assert torch.equal(a, b)
    assert ((a == 0).flatten(1).sum(1) == 14 * 14).all()
    assert not torch.equal(a[0], a[1]) or not torch.equal(a[1], a[2])


@pytest.mark.parametrize("task", ["edges", "masked", "noisy"])
def test_each_task_makes_an_input_of_the_image_shape(task):
    model = tiny("pix2pix", image_shape=(1, 28, 28), task=task)
    x = torch.rand(4, 1, 28, 28)
    given = model.make_input(x, torch.Generator().manual_seed(0))
    assert given.shape == x.shape and given.min() >= 0 and given.max() <= 1
    assert not torch.equal(given, x)
    out = model.eval().translate(given)
    assert out.shape == x.shape and out.min() >= 0 and out.max() <= 1


def test_l1_only_has_no_discriminator_and_one_optimizer():
    plain = tiny("pix2pix", adv_weight=0.0)
    assert plain.discriminator is None and len(plain.configure_optimizers()) == 1
    full = tiny("pix2pix")
    assert full.discriminator is not None and len(full.configure_optimizers()) == 2
    assert set(full.parts()) == {"generator", "discriminator"}


@pytest.mark.parametrize("adv", [1.0, 0.0])
def test_training_brings_outputs_nearer_the_targets_than_the_inputs(
    adv, digits, digits_test, tmp_path
):
    options = {"task": "masked", "adv_weight": adv, "channels": (8, 16)}
    trained = train_and_save(
        "pix2pix", "digits", options, Settings(epochs=12, batch_size=64, lr=2e-3), tmp_path / "p"
    )
    history = trained.fit.history
    assert history[-1]["l1"] < 0.7 * history[0]["l1"]
    if adv:
        assert {"d_loss", "adv", "d_real", "d_fake"} <= set(history[-1])
    model = checkpoint.load(trained.path).model
    scores = metrics.translation_scores(model, digits_test)
    assert scores["l1"] < scores["input_l1"]
    again = metrics.translation_scores(model, digits_test)
    assert scores == again  # the task's random inputs are drawn from a fixed seed


def test_sharpness_is_one_for_the_data_and_lower_for_a_blur(digits_test):
    x = digits_test.floats(slice(0, 64))
    blurred = torch.nn.functional.avg_pool2d(x, 3, 1, 1)
    assert translation.edge_strength(blurred) < 0.8 * translation.edge_strength(x)
    assert translation.edge_strength(torch.zeros_like(x)) == 0
    assert translation.sharpness_ratio(x, x) == 1
    assert translation.sharpness_ratio(blurred, x) < 0.8


def test_scores_with_a_classifier_judge_outputs_and_inputs(digits_test):
    model = tiny("pix2pix").eval()
    judge = tiny("classifier").eval()
    scores = metrics.evaluate(model, digits_test, classifier=judge)
    assert {"l1", "input_l1", "psnr", "sharpness", "output_accuracy", "input_accuracy"} <= set(
        scores
    )
    assert 0 <= scores["output_accuracy"] <= 1


def test_a_slim_gan_loads_its_live_generator_as_the_average(tmp_path):
    model = tiny("cgan")
    with torch.no_grad():  # make the two generators differ, as after training
        for p in model.ema_generator.parameters():
            p.add_(0.1)
    names = list("0123456789")
    full = checkpoint.save(model, tmp_path / "full", dataset="digits", class_names=names)
    slim = checkpoint.save(model, tmp_path / "slim", dataset="digits", class_names=names, slim=True)
    slim_meta = meta.read_meta(slim)
    assert slim_meta["weights"]["bytes"] < meta.read_meta(full)["weights"]["bytes"]
    loaded = checkpoint.load(slim).model
    ema = loaded.ema_generator.state_dict()
    assert all(torch.equal(v, ema[k]) for k, v in loaded.generator.state_dict().items())
    x = torch.randn(4, model.config.latent_dim)
    y = torch.arange(4)
    assert torch.allclose(loaded.decode(x, y), model.eval().decode(x, y))  # samples unchanged
    # a model without a moving average has nothing to leave out
    plain = tiny("gan", ema_decay=0.0)
    slim_plain = checkpoint.save(
        plain, tmp_path / "p", dataset="digits", class_names=names, slim=True
    )
    assert "stand_ins" not in meta.read_meta(slim_plain)["weights"]


def test_cli_trains_a_pix2pix_and_translates_a_split(tmp_path, capsys):
    from genviz.cli import main

    common = ["--epochs", "1", "--out", str(tmp_path), "--quiet"]
    assert main(["train", "pix2pix", "--task", "noisy", "--channels", "4,8", *common]) == 0
    (ckpt,) = tmp_path.glob("pix2pix-*.json")
    out = tmp_path / "y.npz"
    assert main(["translate", str(ckpt.with_suffix("")), "--limit", "5", "--out", str(out)]) == 0
    found = np.load(out)
    assert {k: found[k].shape for k in found} == {
        k: (5, 1, 8, 8) for k in ("inputs", "outputs", "targets")
    }
    assert (
        main(["translate", str(ckpt.with_suffix("")).replace("pix2pix", "x"), "--out", str(out)])
        == 2
    )
    vae = ["train", "vae", "--hidden", "8", "--latent-dim", "2", "--name", "v", *common]
    assert main(vae) == 0
    assert main(["translate", str(tmp_path / "v"), "--out", str(out)]) == 2
    assert "does not translate images" in capsys.readouterr().err


def test_preview_shows_task_inputs_outputs_and_targets(digits_test):
    from genviz.analysis import generate

    model = tiny("pix2pix", task="noisy")
    x = digits_test.floats(slice(0, 4))
    shown = generate.preview(model, x, digits_test.labels[:4])
    assert list(shown) == ["task_inputs", "translations", "targets"]
    assert torch.equal(shown["targets"], x) and not torch.equal(shown["task_inputs"], x)
    assert model.training  # the preview leaves a training model training
