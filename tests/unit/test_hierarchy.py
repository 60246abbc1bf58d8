"""VQ-VAE-2 and its two priors: the grids, the two codebooks' upkeep, the swap of levels, the
priors' causality, and a slim prior that finds its VQ-VAE-2 beside it."""

import pytest
import torch
from conftest import TINY, tiny

from genviz import checkpoint, meta
from genviz.analysis import codes, inside, metrics
from genviz.cli import main
from genviz.errors import CheckpointError, GenvizError
from genviz.models.pixelcnn import PixelCNN
from genviz.models.pixelcnn2 import PixelCNN2
from genviz.train import fit
from genviz.workflow import Settings, train_and_save

PRIOR = {k: v for k, v in TINY["pixelcnn2"].items() if k != "vqvae2"}
NAMES = list("0123456789")


@pytest.mark.parametrize(
    ("shape", "bottom", "top"), [((1, 8, 8), (4, 4), (2, 2)), ((1, 28, 28), (7, 7), (4, 4))]
)
def test_two_grids_and_codes_packed_top_first(shape, bottom, top):
    model = tiny("vqvae2", image_shape=shape).eval()
    assert model.grids == {"bottom": bottom, "top": top}
    x = torch.rand(3, *shape)
    t, b = model.encode_levels(x)
    assert t.shape == (3, *top) and b.shape == (3, *bottom)
    codes = model.encode(x)
    assert torch.equal(codes[:, : t[0].numel()], t.flatten(1))
    assert torch.equal(codes, model.pack(*model.unpack(codes)))
    assert torch.allclose(model.decode(codes), model.reconstruct(x), atol=1e-6)


@pytest.fixture(scope="module")
def trained(digits):
    torch.manual_seed(0)
    model = tiny("vqvae2", dead_after=4)
    report = inside.epoch_report  # the per-epoch insides the workflow records
    result = fit(model, digits, epochs=6, batch_size=64, seed=0, val=digits, report=report)
    return model.eval(), result.history


def test_training_lowers_the_error_and_keeps_both_codebooks_in_use(trained, digits_test):
    model, history = trained
    assert history[-1]["mse"] < 0.5 * history[0]["mse"]
    for level in ("top", "bottom"):
        used = codes.code_counts(model, digits_test, level=level)
        assert len(used) == model.codebook_size(level)
        assert (used > 0).double().mean() >= 0.75, level
        assert f"codes_used_{level}" in history[-1]
    scores = metrics.evaluate(model, digits_test)
    assert scores["codes_used_top"] == int(
        (codes.code_counts(model, digits_test, level="top") > 0).sum()
    )
    assert 0 < scores["mse"] < 0.1


def test_swapping_levels_moves_the_shape_with_the_top_codes(trained, digits_test):
    model, _ = trained
    a, b = digits_test.floats(slice(0, 8)), digits_test.floats(slice(8, 16))
    out = model.swap_levels(a, b)
    assert torch.allclose(out["a"], model.reconstruct(a), atol=1e-6)
    same = model.swap_levels(a, a)
    assert torch.allclose(same["top_a_bottom_b"], out["a"], atol=1e-6)
    # a crossed image differs from both originals: both levels carry information
    for crossed in ("top_a_bottom_b", "top_b_bottom_a"):
        assert (out[crossed] - out["a"]).abs().mean() > 1e-3
        assert (out[crossed] - out["b"]).abs().mean() > 1e-3


def test_each_prior_sees_only_the_codes_before_a_cell():
    torch.manual_seed(0)
    prior = tiny("pixelcnn2", image_shape=(1, 28, 28), class_conditional=True).eval()
    (ht, wt), (hb, wb) = prior.vqvae2.grids["top"], prior.vqvae2.grids["bottom"]
    top = torch.randint(0, 8, (1, ht, wt))
    bottom = torch.randint(0, 16, (1, hb, wb))
    y = torch.tensor([3])
    lt, lb = prior.level_logits(top, bottom, y)
    i, j = 1, 2  # change every bottom code from (i, j) on: logits before it stay
    later = bottom.clone().flatten()
    later[i * wb + j :] = (later[i * wb + j :] + 1) % 16
    _, lb2 = prior.level_logits(top, later.view_as(bottom), y)
    flat, flat2 = lb.flatten(2), lb2.flatten(2)
    assert torch.allclose(flat[..., : i * wb + j + 1], flat2[..., : i * wb + j + 1], atol=1e-6)
    assert not torch.allclose(flat[..., i * wb + j + 1 :], flat2[..., i * wb + j + 1 :])
    later_top = top.clone().flatten()
    later_top[-1] = (later_top[-1] + 1) % 8  # the last top code: the top logits do not move,
    lt2, lb3 = prior.level_logits(later_top.view_as(top), bottom, y)
    assert torch.allclose(lt, lt2, atol=1e-6)
    assert not torch.allclose(lb, lb3)  # but the bottom, which sees every top code, does


def test_the_first_rows_alone_give_the_same_logits_as_the_whole_grid():
    """The samplers run the nets on the rows drawn so far (half the work): exact only because
    the stacks are causal, which this holds, with the bottom's condition cropped alike."""
    torch.manual_seed(0)
    one = tiny("pixelcnn", image_shape=(1, 28, 28), class_conditional=True).eval()
    two = tiny("pixelcnn2", image_shape=(1, 28, 28), class_conditional=True).eval()
    y = torch.tensor([3, 5])
    codes = torch.randint(0, 8, (2, *one.latent_shape))
    top = torch.randint(0, 8, (2, *two.vqvae2.grids["top"]))
    bottom = torch.randint(0, 16, (2, *two.vqvae2.grids["bottom"]))
    cond = two.condition(top)
    whole = (one.logits(codes, y), two.bottom(bottom, y, cond))
    for rows in range(1, codes.shape[1] + 1):
        assert torch.equal(one.logits(codes[:, :rows], y), whole[0][:, :, :rows])
    for rows in range(1, bottom.shape[1] + 1):
        part = two.bottom(bottom[:, :rows], y, cond[:, :, :rows])
        assert torch.allclose(part, whole[1][:, :, :rows], atol=1e-6)


def test_sampling_runs_on_one_thread_reports_each_code_and_restores_the_threads():
    import threading

    from genviz.models import loops

    prior = tiny("pixelcnn", image_shape=(1, 28, 28)).eval()
    threads = torch.get_num_threads()
    seen, during = [], []
    original = prior.logits

    def logits(codes, y=None):
        during.append(torch.get_num_threads())
        return original(codes, y)

    prior.logits = logits
    with loops.reporting(lambda done, total: seen.append((done, total))):
        prior.sample(2, generator=torch.Generator().manual_seed(0))
    h, w = prior.latent_shape
    assert seen == [(k, h * w) for k in range(1, h * w + 1)] and set(during) == {1}
    assert torch.get_num_threads() == threads
    quiet = []  # another thread's loops do not call this thread's listener
    with loops.reporting(lambda *step: quiet.append(step)):
        other = threading.Thread(target=prior.sample, args=(1,))
        other.start()
        other.join()
    assert not quiet and torch.get_num_threads() == threads


def test_prior_samples_both_levels_and_is_built_only_on_a_vqvae2(trained):
    model, _ = trained
    prior = PixelCNN2.for_base(model, class_conditional=True, **PRIOR)
    assert prior.can.prior and prior.can.conditional and not prior.can.encode
    assert all(
        torch.equal(a, b)
        for a, b in zip(prior.vqvae2.state_dict().values(), model.state_dict().values())
    )
    gen = torch.Generator().manual_seed(0)
    top, bottom = prior.sample_levels(5, torch.tensor(2), generator=gen)
    assert top.shape == (5, 2, 2) and bottom.shape == (5, 4, 4)
    assert int(top.max()) < 8 and int(bottom.max()) < 16
    images = prior.sample(4, generator=gen)
    assert images.shape == (4, 1, 8, 8) and images.min() >= 0 and images.max() <= 1
    with pytest.raises(GenvizError, match="codes of a vqvae2, not of a vqvae"):
        PixelCNN2.for_base(tiny("vqvae"))
    with pytest.raises(GenvizError, match="codes of a vqvae, not of a vqvae2"):
        PixelCNN.for_base(model)


def test_training_the_prior_lowers_its_nll_and_leaves_the_codebooks(trained, digits):
    model, _ = trained
    prior = PixelCNN2.for_base(model, **PRIOR)
    before = {k: v.clone() for k, v in prior.vqvae2.state_dict().items()}
    result = fit(prior, digits, epochs=3, batch_size=64, device="cpu", seed=0)
    assert result.history[-1]["loss"] < result.history[0]["loss"]
    assert {"nll_top", "nll_bottom"} <= set(result.history[-1])
    assert all(torch.equal(before[k], v) for k, v in prior.vqvae2.state_dict().items())


def test_a_slim_prior_loads_its_vqvae2_from_beside_it(tmp_path):
    vq = train_and_save(
        "vqvae2", "digits", TINY["vqvae2"], Settings(epochs=1, half=True), tmp_path / "vq2"
    )
    settings = Settings(epochs=1, half=True, slim=True)
    base = checkpoint.load(vq.path)
    fat = train_and_save(
        "pixelcnn2", "digits", PRIOR, Settings(epochs=1, half=True), tmp_path / "fat", base=base
    )
    slim = train_and_save("pixelcnn2", "digits", PRIOR, settings, tmp_path / "prior", base=base)
    fat_meta, slim_meta = meta.read_meta(fat.path), meta.read_meta(slim.path)
    assert slim_meta["weights"]["base"]["file"] == "vq2"
    assert slim_meta["weights"]["bytes"] < fat_meta["weights"]["bytes"]
    loaded = checkpoint.load(slim.path).model
    for k, v in slim.model.state_dict().items():
        assert torch.equal(loaded.state_dict()[k], v.half().float() if v.is_floating_point() else v)
    # another VQ-VAE-2 trained in its place: the prior refuses it with what to do
    train_and_save("vqvae2", "digits", TINY["vqvae2"], Settings(epochs=1, seed=1), tmp_path / "vq2")
    with pytest.raises(CheckpointError, match="retrain prior on it"):
        checkpoint.load(slim.path)


def test_cli_trains_a_vqvae2_and_its_prior(tmp_path, capsys):
    common = ["--epochs", "1", "--out", str(tmp_path), "--quiet"]
    assert (
        main(
            [
                "train",
                "vqvae2",
                "--hidden",
                "16",
                "--codebook-size",
                "16",
                "--top-codebook-size",
                "8",
                "--code-dim",
                "4",
                "--name",
                "vq2",
                *common,
            ]
        )
        == 0
    )
    assert (
        main(
            [
                "train",
                "pixelcnn2",
                "--base",
                str(tmp_path / "vq2"),
                "--channels",
                "8",
                "--layers",
                "2",
                "--top-channels",
                "8",
                "--top-layers",
                "2",
                "--name",
                "prior",
                *common,
            ]
        )
        == 0
    )
    assert main(["train", "pixelcnn2", "--name", "x", *common]) == 2
    assert "give --base CKPT" in capsys.readouterr().err
    prior = checkpoint.load(tmp_path / "prior")
    assert prior.model.kind == "pixelcnn2" and prior.meta["train"]["base"]["path"].endswith("vq2")


def test_the_top_alone_loss_is_logged_and_can_be_turned_off(digits):
    x = digits.floats(slice(0, 16))
    with_it = tiny("vqvae2")
    loss, logs = with_it.loss(x)
    assert "mse_top_alone" in logs
    assert torch.allclose(
        loss,
        logs["mse"] + logs["mse_top_alone"] + 0.25 * (logs["commit_top"] + logs["commit_bottom"]),
        rtol=1e-5,
    )
    top, _ = with_it.encode_levels(x)
    assert with_it.decode_top_codes(top).shape == x.shape
    without = tiny("vqvae2", top_alone=0.0)
    assert "mse_top_alone" not in without.loss(x)[1]
    # a VQ-VAE-2 stored before the option existed was trained without it
    stored = {k: v for k, v in without.config.to_dict().items() if k != "top_alone"}
    assert type(without.config).from_stored(stored, "vqvae2").top_alone == 0.0


def test_swap_scores_say_which_level_the_classifier_follows(trained, digits_test):
    model, _ = trained
    judge = tiny("classifier").eval()
    scores = codes.level_swap_scores(model, digits_test, judge, n=200)
    assert set(scores) == {"swap_reads_top", "swap_reads_bottom", "top_alone_accuracy"}
    assert all(0 <= v <= 1 for v in scores.values())
    assert scores["swap_reads_top"] + scores["swap_reads_bottom"] <= 1
    assert "swap_reads_top" in metrics.evaluate(model, digits_test, classifier=judge)
