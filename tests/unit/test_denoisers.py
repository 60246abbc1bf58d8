"""Diffusion and flow matching: the forward process, the samplers (DDIM deterministic, DDPM and
Heun not the same as DDIM and Euler, any number of steps), classifier-free guidance, the
moving average that samples, and training that brings samples nearer the data."""

import pytest
import torch
from conftest import tiny

from genviz import checkpoint
from genviz.analysis import generate, metrics, stepwise
from genviz.errors import GenvizError
from genviz.models import build_for
from genviz.models.diffusion import alpha_bars
from genviz.train import fit

FAMILIES = ["diffusion", "flow"]


def trained_like(kind: str):
    """A tiny model whose sampling network is not the fresh one's (its last layers start at
    zero, so it would ignore everything), as after training."""
    model = tiny(kind).eval()
    with torch.no_grad():
        for p in model.ema_net.parameters():
            p.add_(0.3 * torch.randn_like(p))
    return model


def test_the_noise_schedules_fall_from_one_to_almost_nothing():
    for schedule in ("cosine", "ddpm"):
        abar = alpha_bars(1000, schedule)
        assert abar[0] > 0.99 and abar[-1] < 1e-3 and (abar[1:] <= abar[:-1]).all()


def test_the_forward_process_keeps_the_variance_and_fades_the_image():
    model = tiny("diffusion")
    x0 = torch.rand(256, 1, 8, 8) * 2 - 1
    eps = torch.randn_like(x0)
    early = model.noised(x0, torch.zeros(256, dtype=torch.long), eps)
    late = model.noised(x0, torch.full((256,), 999), eps)
    assert torch.allclose(early, x0, atol=0.1)  # t = 0: the image itself
    assert torch.corrcoef(torch.stack([late.flatten(), eps.flatten()]))[0, 1] > 0.999


@pytest.mark.parametrize("kind", FAMILIES)
def test_samples_have_the_data_shape_and_range_for_any_number_of_steps(kind):
    model = tiny(kind).eval()
    for steps in (1, 3, 10):
        x = model.sample(5, generator=torch.Generator().manual_seed(0), steps=steps)
        assert x.shape == (5, 1, 8, 8) and x.min() >= 0 and x.max() <= 1


def test_ddim_is_deterministic_and_the_ancestral_sampler_is_not():
    model = trained_like("diffusion")
    z = torch.randn(4, 1, 8, 8)
    assert torch.equal(model.decode(z, steps=5), model.decode(z, steps=5))
    torch.manual_seed(1)
    a = model.decode(z, steps=5, eta=1.0)
    torch.manual_seed(2)
    assert not torch.equal(a, model.decode(z, steps=5, eta=1.0))


def test_heun_differs_from_euler_and_calls_the_network_twice_a_step():
    model = trained_like("flow")
    calls = []
    model.net.register_forward_hook(lambda *a: calls.append(1))
    model.ema_net.register_forward_hook(lambda *a: calls.append(1))
    z = torch.randn(2, 1, 8, 8)
    euler = model.decode(z, steps=4, guidance=1.0, solver="euler")
    assert len(calls) == 4
    heun = model.decode(z, steps=4, guidance=1.0, solver="heun")
    assert len(calls) == 4 + 7 and not torch.equal(euler, heun)  # no correction at t = 0


@pytest.mark.parametrize("kind", FAMILIES)
def test_guidance_one_is_the_class_model_and_zero_ignores_the_class(kind):
    model = trained_like(kind)
    z, three, seven = torch.randn(2, 1, 8, 8), torch.tensor([3, 3]), torch.tensor([7, 7])
    cond = {g: [model.decode(z, y, guidance=g) for y in (three, seven)] for g in (0.0, 1.0)}
    assert not torch.equal(*cond[1.0]) and torch.equal(*cond[0.0])
    assert not torch.equal(model.decode(z, three, guidance=2.0), model.decode(z, three, 1.0))


def test_a_trace_sees_every_step_with_its_predicted_clean_image():
    model = tiny("diffusion").eval()
    seen = []
    model.decode(torch.randn(2, 1, 8, 8), steps=6, trace=lambda t, x, x0: seen.append((t, x0)))
    assert len(seen) == 6 and seen[0][0] > seen[-1][0]
    assert all(x0.abs().max() <= 1 for _, x0 in seen)


def test_more_steps_than_noise_levels_is_refused():
    with pytest.raises(GenvizError, match="at most 1000 steps"):
        tiny("diffusion").sample(1, steps=1001)


@pytest.mark.parametrize("kind", FAMILIES)
def test_training_brings_samples_nearer_the_data(kind, digits):
    """Each image's mean brightness: pure noise decodes to about 0.5 everywhere; after training
    the samples' pixels are mostly dark, as the digits' are."""
    torch.manual_seed(0)
    model = tiny(kind, channels=(16, 32), ema_decay=0.9)
    before = model.eval().sample(64, generator=torch.Generator().manual_seed(0))
    fit(model, digits, epochs=8, batch_size=64, seed=0)
    after = model.eval().sample(64, generator=torch.Generator().manual_seed(0))
    data = digits.floats()
    gap = (before.mean() - data.mean()).abs(), (after.mean() - data.mean()).abs()
    assert gap[1] < 0.5 * gap[0], gap


@pytest.mark.parametrize("kind", FAMILIES)
def test_a_slim_checkpoint_keeps_only_the_moving_average(kind, tmp_path):
    model = tiny(kind)
    with torch.no_grad():
        for p in model.ema_net.parameters():
            p.add_(0.01)  # the average differs from the live network, as after training
    names = list("0123456789")
    full = checkpoint.save(model, tmp_path / "full", dataset="digits", class_names=names)
    slim = checkpoint.save(model, tmp_path / "slim", dataset="digits", class_names=names, slim=True)
    assert (
        slim.with_suffix(".safetensors").stat().st_size
        < 0.6 * full.with_suffix(".safetensors").stat().st_size
    )
    loaded = checkpoint.load(slim).model
    z = torch.randn(2, 1, 8, 8)
    assert torch.allclose(loaded.decode(z), model.eval().decode(z))  # samples unchanged


def test_generate_samples_passes_the_sampling_options():
    model = tiny("flow").eval()
    x, asked = generate.samples(model, 4, seed=0, steps=2, guidance=0.0)
    assert x.shape == (4, 1, 8, 8) and asked.tolist() == [0, 1, 2, 3]


# -- genviz.analysis.stepwise: inside the samplers ---------------------------------------------


@pytest.mark.parametrize("kind", FAMILIES)
def test_the_forward_process_buries_the_image_in_the_same_noise(kind):
    model = trained_like(kind)
    x = torch.rand(3, 1, 8, 8)
    found = stepwise.forward(model, x, [0.0, 0.5, 1.0], y=torch.tensor([1, 2, 3]), seed=4)
    assert found.noisy.shape == found.guess.shape == (3, 3, 1, 8, 8)
    assert torch.allclose(found.noisy[0], x, atol=0.02)  # level 0: the image itself
    assert found.signal[0] > 0.99 and found.signal[-1] < 0.01
    assert found.signal == sorted(found.signal, reverse=True)
    again = stepwise.forward(model, x, [1.0], seed=4).noisy[0]
    assert torch.equal(again, found.noisy[-1])  # the same seed, the same noise
    assert not torch.equal(stepwise.forward(model, x, [1.0], seed=5).noisy[0], again)


@pytest.mark.parametrize("kind", FAMILIES)
def test_the_reverse_chain_keeps_every_state_and_ends_at_the_sample(kind):
    model = trained_like(kind)
    chain = stepwise.reverse(model, 2, label=3, steps=5, guidance=1.0, seed=1)
    assert chain.states.shape == (6, 2, 1, 8, 8) and chain.guesses.shape == (5, 2, 1, 8, 8)
    assert chain.levels == sorted(chain.levels, reverse=True) and chain.levels[-1] == 0
    z = model.randn((2, 1, 8, 8), torch.Generator().manual_seed(1))
    assert torch.allclose(chain.states[0], (z + 1).div(2).clamp(0, 1))  # it starts at noise
    made = model.decode(z, torch.tensor([3, 3]), steps=5, guidance=1.0)
    assert torch.allclose(chain.states[-1], made, atol=1e-6)
    other = stepwise.reverse(model, 2, label=3, steps=5, guidance=1.0, seed=1, sampler="heun"
                             if kind == "flow" else "ddpm")  # fmt: skip
    assert not torch.equal(other.states[-1], chain.states[-1])
    with pytest.raises(GenvizError, match="unknown sampler"):
        stepwise.reverse(model, 1, sampler="rk4")


def test_the_curves_judge_each_sampler_steps_and_guidance(digits):
    model = trained_like("flow")
    judge = tiny("classifier").eval()
    real = judge.features(digits.floats()[:64]).detach()
    rows = stepwise.steps_curve(model, judge, real, steps=(1, 3), n=20)
    assert [(r["sampler"], r["steps"]) for r in rows] == [
        ("euler", 1), ("euler", 3), ("heun", 1), ("heun", 3)
    ]  # fmt: skip
    assert all(r["samples"] == 20 and r["frechet"] >= 0 and 0 <= r["fidelity"] <= 1 for r in rows)
    weights = stepwise.guidance_curve(model, judge, real, weights=(0.0, 2.0), n=20, steps=2)
    assert [r["guidance"] for r in weights] == [0.0, 2.0]
    with pytest.raises(GenvizError, match="class-conditional"):
        stepwise.guidance_curve(tiny("flow", class_conditional=False), judge, real, n=4)
    with pytest.raises(GenvizError, match="one step"):
        stepwise.forward(tiny("ae"), digits.floats()[:2], [0.5])


# -- a latent flow: a learned prior over a frozen autoencoder's latents -------------------------


@pytest.fixture(scope="module")
def ae2d(digits):
    torch.manual_seed(0)
    base = tiny("ae", latent_dim=2)
    fit(base, digits, epochs=6, batch_size=64, seed=0)
    return base.eval()


def test_a_latent_flow_standardises_its_bases_latents(ae2d, digits):
    prior = build_for("latent-flow", digits, {"hidden": 16, "layers": 2}, base=ae2d)
    z = ae2d.encode(digits.floats())
    assert torch.allclose(prior.mean, z.mean(0), atol=1e-5)
    assert torch.allclose(prior.std, z.std(0), atol=1e-5)
    s = prior.latents(digits.floats())
    assert s.mean(0).abs().max() < 1e-4 and (s.std(0) - 1).abs().max() < 1e-3
    for wrong in (tiny("vqvae"), tiny("gan")):
        with pytest.raises(GenvizError, match="latents of a trained"):
            build_for("latent-flow", digits, {}, base=wrong)


def test_a_latent_flow_carries_noise_to_where_the_latents_are(ae2d, digits):
    """Untrained, the flow leaves the noise where it is; trained, its samples land near the
    base's latents of real images (nearest-neighbour distance, standardised)."""
    torch.manual_seed(0)
    prior = build_for("latent-flow", digits, {"hidden": 64, "layers": 2, "steps": 20}, base=ae2d)
    data_z = prior.latents(digits.floats())
    noise = prior.randn((500, 2), torch.Generator().manual_seed(0))

    def gap(model):
        return torch.cdist(model.eval().flow(noise), data_z).min(1).values.mean()

    before = gap(prior)
    assert torch.allclose(prior.flow(noise), noise)  # the velocity starts at zero
    fit(prior, digits, epochs=15, batch_size=128, seed=0)
    assert gap(prior) < 0.7 * before, (gap(prior), before)
    seen = []
    x = prior.decode(noise[:3], trace=lambda t, z, z0: seen.append(t))
    assert x.shape == (3, 1, 8, 8) and len(seen) == 20 and seen[-1] == 0
    assert torch.equal(prior.base.decode(prior.unscale(prior.flow(noise[:3]))), x)


def test_a_latent_flow_saves_and_loads_with_its_base(ae2d, digits, tmp_path):
    prior = build_for("latent-flow", digits, {"hidden": 16, "layers": 2}, base=ae2d)
    with torch.no_grad():
        prior.net.out[1].bias.add_(0.1)  # a velocity that moves, as after training
    path = checkpoint.save(prior, tmp_path / "lf", dataset="digits", class_names=list("0123456789"))
    loaded = checkpoint.load(path).model
    z = torch.randn(4, 2)
    assert torch.allclose(loaded.decode(z), prior.eval().decode(z))
    assert torch.equal(loaded.mean, prior.mean) and loaded.can.fits("vector_prior")


def test_the_learned_prior_is_measured_against_a_fitted_gaussian(ae2d, digits):
    prior = build_for("latent-flow", digits, {"hidden": 16, "layers": 2, "steps": 2}, base=ae2d)
    judge = tiny("classifier").eval()
    found = metrics.evaluate(prior, digits.take(200), classifier=judge, samples=100)
    assert found["gaussian_frechet"] > 0 and found["frechet"] > 0 and "nll" not in found


def test_a_latent_flows_chain_is_drawn_in_its_bases_latent_space(ae2d, digits):
    prior = build_for("latent-flow", digits, {"hidden": 16, "layers": 2, "steps": 5}, base=ae2d)
    with torch.no_grad():
        prior.net.out[1].bias.add_(0.5)
    chain = stepwise.reverse(prior, 3, seed=2)
    assert chain.points.shape == (6, 3, 2) and chain.states.shape == (6, 3, 1, 8, 8)
    assert torch.allclose(chain.states[-1], prior.decode(prior.randn((3, 2),
                          torch.Generator().manual_seed(2))), atol=1e-6)  # fmt: skip
    assert torch.allclose(chain.states[3], ae2d.decode(chain.points[3]), atol=1e-6)
    found = stepwise.latent_paths(prior, digits.floats()[:100], digits.labels[:100], n=4, m=50)
    assert found.drawn_by == "latent" and found.explained == 1.0
    assert found.data.shape == (100, 2) and found.paths.shape == (6, 4, 2)
    assert found.samples.shape == (50, 2)
    wide = build_for("latent-flow", digits, {"hidden": 16, "layers": 2, "steps": 2},
                     base=tiny("ae", latent_dim=4))  # fmt: skip
    drawn = stepwise.latent_paths(wide, digits.floats()[:100], digits.labels[:100], n=2, m=10)
    assert drawn.drawn_by == "pca" and 0 < drawn.explained < 1 and drawn.paths.shape[-1] == 2
    with pytest.raises(GenvizError, match="latent flow"):
        stepwise.latent_paths(tiny("flow"), digits.floats()[:4], digits.labels[:4])
