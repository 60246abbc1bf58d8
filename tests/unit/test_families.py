"""What is particular to a family: the VAE's likelihood maths, the VQ codebook's upkeep,
the PixelCNN's causality."""

import dataclasses
import math

import pytest
import torch
from conftest import tiny

from genviz import data
from genviz.analysis import batches, codes, metrics
from genviz.models import build
from genviz.models.nets import bce_with_logits
from genviz.train import fit


def test_fast_bce_matches_torch_in_value_and_gradient():
    logits = (torch.randn(16, 1, 8, 8) * 10).requires_grad_()
    x = torch.rand(16, 1, 8, 8)
    ours = bce_with_logits(logits, x)
    ref = torch.nn.functional.binary_cross_entropy_with_logits(logits, x, reduction="none")
    ref = ref.flatten(1).sum(1)
    assert torch.allclose(ours, ref, atol=1e-4)
    g1, g2 = (torch.autograd.grad(v.sum(), logits)[0] for v in (ours, ref))
    assert torch.allclose(g1, g2, atol=1e-6)


def test_vae_loss_sums_over_pixels_and_averages_over_the_batch(digits, monkeypatch):
    """Repeating the batch must not change the loss; a per-pixel mean would be 64x smaller."""
    monkeypatch.setattr(torch, "randn_like", torch.zeros_like)  # z = mu: no sampling noise
    model = tiny("vae").eval()
    x = digits.floats(slice(0, 32))
    loss, logs = model.loss(x)
    twice, _ = model.loss(torch.cat([x, x]))
    assert torch.allclose(loss, twice)
    mu, logvar = model.posterior(x)
    kl = -0.5 * (1 + logvar - mu**2 - logvar.exp())
    assert torch.allclose(logs["kl"], kl.sum(1).mean())
    bce = torch.nn.functional.binary_cross_entropy_with_logits(
        model.decode_logits(mu), x, reduction="sum"
    )
    assert torch.allclose(logs["recon"], bce / 32, rtol=1e-4)


def test_importance_sampled_likelihood_tightens_the_elbo(digits):
    model = tiny("vae")
    fit(model, digits, epochs=3, batch_size=64, device="cpu")
    model.eval()
    x = digits.floats(slice(0, 64))
    torch.manual_seed(0)
    elbo = torch.stack([model.elbo(x) for _ in range(20)]).mean().item()
    ll_1 = model.log_likelihood(x, samples=1).mean().item()
    ll_500 = model.log_likelihood(x, samples=500, chunk=100).mean().item()
    assert abs(ll_1 - elbo) < 0.1 * abs(elbo)  # one sample: the ELBO itself
    assert elbo < ll_500 < 0  # more samples: a tighter bound; a Bernoulli log-likelihood of
    # targets in [0, 1] is never positive


def test_epoch_loss_is_averaged_per_sample_not_per_batch(digits):
    """1437 images at batch 100 end with a batch of 37: a mean of batch means would weight
    those 37 like 100. With lr 0 the model never changes, so the epoch figure must equal the
    per-sample mean over the whole split."""
    model = tiny("ae")
    result = fit(model, digits, epochs=1, batch_size=100, lr=0.0, device="cpu")
    x = digits.floats()
    per_image = metrics.per_image_mse(model.eval().reconstruct(x), x)
    assert math.isclose(result.history[0]["loss"], per_image.mean().item(), rel_tol=1e-4)


def test_vq_codebook_starts_from_kmeans_and_revives_dead_codes(digits):
    model = tiny("vqvae", dead_after=5)
    q = model.quantizer
    assert not q.initialised
    fit(model, digits.take(64), epochs=1, batch_size=64, device="cpu")
    assert q.initialised
    with torch.no_grad():
        q.codebook[:4] = 100.0  # four codes far from every encoder output: dead
    fit(model, digits.take(640), epochs=1, batch_size=64, device="cpu")
    assert (q.codebook[:4].abs() < 50).all()  # re-seeded from encoder outputs
    counts = codes.code_counts(model.eval(), digits)
    stats = codes.codebook_stats(counts)
    assert stats["codes_used"] > 12 and stats["codebook_size"] == 16


def test_vqvae_reconstructs_mnist_instead_of_decoding_black(mnist_root):
    """With a sigmoid output, the default VQ-VAE's pre-activations ran to -90 on MNIST within
    100 steps and every image decoded black (MSE 0.114, the black image's). 25 steps must help."""
    train = data.load_dataset("mnist", "train", root=mnist_root)
    train = dataclasses.replace(train, images=train.images[:3200], labels=train.labels[:3200])
    torch.manual_seed(0)
    model = build("vqvae", image_shape=train.image_shape, num_classes=10)
    fit(model, train, epochs=1, lr=1e-3, device="cpu")
    x = data.load_dataset("mnist", "test", root=mnist_root).floats(slice(0, 500))
    with torch.no_grad():
        black = float(x.square().mean())
        mse = float((model.eval().reconstruct(x) - x).square().mean())
    assert mse < black / 2, (mse, black)  # 0.036 against 0.103 when written


def test_codebook_stats_on_known_counts():
    stats = codes.codebook_stats(torch.tensor([5, 5, 0, 5, 5]))
    assert stats["dead_codes"] == 1 and stats["codes_used_share"] == 0.8
    assert math.isclose(stats["perplexity"], 4.0, rel_tol=1e-9)  # four equally used codes


def test_straight_through_estimator_reaches_the_encoder(digits):
    model = tiny("vqvae")
    loss, _ = model.loss(digits.floats(slice(0, 16)))
    loss.backward()
    assert model.encoder[0].weight.grad.abs().sum() > 0


def test_pixelcnn_never_sees_the_codes_it_predicts():
    """Changing the code at one position may only change the logits of later positions
    (raster order) — the property that makes ancestral sampling correct."""
    model = tiny("pixelcnn", (1, 28, 28)).eval()  # a 7x7 code grid
    h, w = model.latent_shape
    codes = torch.randint(0, 16, (1, h, w))
    base = model.logits(codes)
    for i, j in [(0, 0), (3, 3), (3, 6), (6, 0)]:
        changed = codes.clone()
        changed[0, i, j] = (changed[0, i, j] + 1) % 16
        diff = (model.logits(changed) - base).abs().amax(1)[0] > 1e-6  # (h, w)
        order = torch.arange(h * w).view(h, w)
        assert not diff[order <= i * w + j].any(), (i, j)
        if i * w + j < h * w - 1:
            assert diff[order > i * w + j].any(), (i, j)  # and it is used afterwards


def test_class_conditional_prior_uses_the_label():
    model = tiny("pixelcnn", class_conditional=True).eval()
    assert model.can.conditional
    codes = torch.randint(0, 16, (2, *model.latent_shape))
    a = model.logits(codes, torch.tensor([0, 0]))
    b = model.logits(codes, torch.tensor([1, 1]))
    assert not torch.allclose(a, b)
    samples = model.sample(4, 3, generator=torch.Generator().manual_seed(0))
    assert samples.shape == (4, 1, 8, 8)


def test_prior_training_leaves_the_vqvae_frozen(digits):
    model = tiny("pixelcnn")
    before = {k: v.clone() for k, v in model.vqvae.state_dict().items()}
    fit(model, digits.take(256), epochs=1, batch_size=64, device="cpu")
    assert all(torch.equal(before[k], v) for k, v in model.vqvae.state_dict().items())
    assert not model.vqvae.training


def test_classifier_learns_digits_and_scores_samples(digits, digits_test):
    judge = tiny("classifier")
    fit(judge, digits, epochs=10, batch_size=64, device="cpu")
    judge.eval()
    x = digits_test.floats()
    label, confidence = judge.predict(x)
    assert (label == digits_test.labels).float().mean() > 0.8
    assert judge.features(x).shape == (360, 16) and 0 <= confidence.min() <= confidence.max() <= 1
    real = batches.embed(judge, digits_test)
    honest = metrics.sample_scores(judge, x, digits_test.labels, real)
    assert honest["fidelity"] > 0.8 and honest["frechet"] < 1e-6  # the test set against itself
    assert honest["class_entropy"] > 0.95 * honest["class_entropy_max"]
    collapsed = x[digits_test.labels == 3]  # a "generator" that only ever draws threes
    scores = metrics.sample_scores(judge, collapsed, torch.zeros(len(collapsed)).long(), real)
    assert scores["class_entropy"] < 0.5 * scores["class_entropy_max"]
    assert scores["fidelity"] < 0.2
    in_batches = metrics.sample_scores(
        judge, collapsed, torch.zeros(len(collapsed)).long(), real, batch=7
    )
    assert in_batches == pytest.approx(scores)  # batching changes nothing
    half = metrics.sample_scores(judge, x[::2], None, real)  # real images, half of them
    assert "fidelity" not in half
    assert scores["frechet"] > 3 * half["frechet"]


def test_frechet_distance_of_known_gaussians():
    gen = torch.Generator().manual_seed(0)
    a = torch.randn(20000, 3, generator=gen)
    b = torch.randn(20000, 3, generator=gen) * 2 + 1  # mean 1, variance 4 per axis
    # |mu|^2 = 3; trace term per axis: 1 + 4 - 2 * sqrt(1 * 4) = 1
    assert math.isclose(metrics.frechet_distance(a, b), 6.0, rel_tol=0.05)
