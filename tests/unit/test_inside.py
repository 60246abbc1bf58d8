"""Instruments inside the models, on tiny models and the digits."""

import pytest
import torch
from conftest import tiny

from genviz.analysis import inside
from genviz.errors import GenvizError
from genviz.train import fit


@pytest.fixture(scope="module")
def vae(digits):
    model = tiny("vae", latent_dim=6)
    fit(model, digits, epochs=15, batch_size=64, seed=0)
    return model


def test_reparameterization_at_eps_zero_decodes_the_posterior_mean(vae, digits_test):
    x = digits_test.floats(torch.arange(1))
    mu, sigma = inside.posterior(vae, x)
    z, images = inside.reparameterize(vae, x, torch.zeros(1, 6))
    assert torch.allclose(z, mu) and (sigma > 0).all()
    assert torch.allclose(images, vae.decode(mu).float(), atol=1e-6)
    z, _ = inside.reparameterize(vae, x, torch.eye(6))  # one sigma along each dimension
    assert torch.allclose(z - mu, torch.diag(sigma[0]), atol=1e-6)


def test_draws_differ_and_repeat_under_a_seed(vae, digits_test):
    x = digits_test.floats(torch.arange(1))
    z1, images = inside.posterior_draws(vae, x, 5, seed=3)
    z2, _ = inside.posterior_draws(vae, x, 5, seed=3)
    assert torch.equal(z1, z2) and images.shape == (5, 1, 8, 8)
    assert z1.std(0).min() > 0


def test_health_matches_the_elbos_kl_and_finds_unused_dimensions(vae, digits_test):
    found = inside.health(vae, digits_test)
    # the per-dimension KLs sum to the ELBO's KL term, computed by the model's own loss
    mu, logvar = vae.posterior(digits_test.floats())
    kl = -0.5 * (1 + logvar - mu.square() - logvar.exp()).sum(1).mean()
    assert found.kl.sum().item() == pytest.approx(kl.item(), rel=1e-4)
    assert found.kl.shape == found.activity.shape == (6,)
    assert 0 < found.active_units <= 6


def test_a_collapsed_posterior_is_called_collapsed(digits_test):
    model = tiny("vae", latent_dim=6)
    encoder_out = model.encoder.head  # the last layer gives mu and log sigma^2
    torch.nn.init.zeros_(encoder_out.weight)
    torch.nn.init.zeros_(encoder_out.bias)  # q(z|x) = N(0, I) for every x: the prior itself
    found = inside.health(model, digits_test)
    assert found.active_units == 0 and found.collapsed
    assert found.kl.abs().max() < 1e-6


def test_the_nearest_code_and_its_margin(digits_test):
    model = tiny("vqvae")
    fit(model, digits_test, epochs=2, batch_size=64, seed=0)
    x = digits_test.floats(torch.arange(4))
    cell = inside.assignment(model, x, 1, 2)
    assert cell.nearest == int(model.encode(x[:1])[0, 1, 2])  # the model's own choice
    assert cell.distances[cell.nearest] == cell.distances.min() and cell.margin >= 0
    found = inside.margins(model, digits_test)
    h, w = model.latent_shape
    assert found.shape == (len(digits_test) * h * w,) and (found >= 0).all()
    drawn = inside.codebook_map(model, digits_test, cells=100)
    assert drawn.codes.shape == (16, 2) and drawn.cells.shape == (100, 2)
    assert drawn.use.sum() == len(digits_test) * h * w


def test_the_discriminator_scores_real_and_generated_images(digits):
    model = tiny("cgan")
    fit(model, digits, epochs=3, batch_size=64, seed=0)
    found = inside.discriminator_scores(model, digits.take(100), n=40)
    assert found.real.shape == (100,) and found.fake.shape == (40,)
    assert ((found.real >= 0) & (found.real <= 1)).all()
    assert found.asked.tolist() == [i % 10 for i in range(40)]
    assert found.images.shape == (40, 1, 8, 8)


def test_views_explain_a_model_they_do_not_fit(digits):
    with pytest.raises(GenvizError) as e:
        inside.health(tiny("ae"), digits)
    assert e.value.key == "inside_needs"
    with pytest.raises(GenvizError):
        inside.discriminator_scores(tiny("vae"), digits)


def test_sharpness_is_higher_for_edges_than_for_a_blur():
    sharp = torch.zeros(1, 1, 8, 8)
    sharp[..., 4:] = 1
    blurred = torch.linspace(0, 1, 8).expand(1, 1, 8, 8)
    assert inside.sharpness(sharp) > inside.sharpness(blurred) > 0
    assert inside.sharpness(torch.full((1, 1, 8, 8), 0.5)) == 0


def test_the_history_records_each_epochs_insides(digits, digits_test):
    vae = tiny("vae", latent_dim=6)
    report = inside.epoch_report  # the hook the workflow hands to fit
    rows = fit(vae, digits, epochs=2, batch_size=64, val=digits_test, report=report).history
    assert [len(r["kl_dims"]) for r in rows] == [6, 6]
    assert all(0 <= r["active_units"] <= 6 for r in rows)
    assert rows[-1]["beta_kl"] == pytest.approx(rows[-1]["kl"])  # beta 1
    assert sum(rows[-1]["kl_dims"]) == pytest.approx(rows[-1]["val_kl"], rel=0.05)
    vq = tiny("vqvae", dead_after=1)  # every code idle for a step is restarted
    rows = fit(vq, digits, epochs=2, batch_size=64, val=digits_test, report=report).history
    assert all(0 < r["codes_used"] <= 16 for r in rows) and rows[0]["restarts"] > 0
    assert "quantizer.restarted" not in vq.state_dict()  # a count, not a weight
    gan = tiny("gan")
    rows = fit(gan, digits, epochs=1, batch_size=64, val=digits_test, report=report).history
    assert 0 < rows[0]["d_real"] < 1 and 0 < rows[0]["d_fake"] < 1


def test_the_likelihood_pair_trains_both_alike_and_measures_the_blur(digits, digits_test):
    from genviz.analysis import sweeps

    rows = sweeps.train_likelihood_pair(digits, digits_test, 3, hidden=(32,), latent_dim=4)
    assert [r["likelihood"] for r in rows] == ["bernoulli", "gaussian"]
    assert [r["model"].config.likelihood for r in rows] == ["bernoulli", "gaussian"]
    data = inside.sharpness(digits_test.floats())
    for r in rows:  # decoded images are smoother than the data they come from
        assert 0 < r["sharp_recon"] < data and 0 < r["sharp_sample"] < data
        assert r["elbo"] < 0 and r["kl"] > 0
