"""Disentanglement scores on latents whose answer is known: one dimension per factor scores a
MIG near 1 and probes near perfect; the same factors mixed into every dimension score near 0;
a model's latents are scored on a sample drawn across the whole (factor-ordered) set."""

import numpy as np
import pytest
import torch
from conftest import tiny

from genviz import data, shapes
from genviz.analysis import disentangle
from genviz.errors import GenvizError


def factors(n, sizes=(3, 6, 4), seed=0):
    rng = np.random.default_rng(seed)
    return np.stack([rng.integers(0, k, n) for k in sizes], 1)


def test_one_dimension_per_factor_scores_near_one():
    f_train, f_test = factors(3000, seed=0), factors(2000, seed=1)
    noise = np.random.default_rng(2)
    z = lambda f: f + 0.05 * noise.standard_normal(f.shape)  # noqa: E731
    found = disentangle.score(z(f_train), f_train, z(f_test), f_test, ("a", "b", "c"))
    assert found.mig > 0.9
    assert (found.probe > 0.95).all()
    assert [found.holder(d)[0] for d in range(3)] == [0, 1, 2]


def test_factors_mixed_into_every_dimension_score_near_zero():
    f_train, f_test = factors(3000, seed=0), factors(2000, seed=1)
    mix = np.array([[1, 1, 1], [1, -1, 1], [1, 1, -1]])  # each dimension holds each factor
    z = lambda f: (f - f.mean(0)) / f.std(0) @ mix  # noqa: E731  (alike, once scaled)
    found = disentangle.score(z(f_train), f_train, z(f_test), f_test, ("a", "b", "c"))
    assert found.mig < 0.15


def test_uninformative_latents_probe_at_chance():
    f_train, f_test = factors(3000, seed=0), factors(2000, seed=1)
    rng = np.random.default_rng(3)
    found = disentangle.score(
        rng.standard_normal((3000, 4)), f_train, rng.standard_normal((2000, 4)), f_test, "abc"
    )
    assert found.mig < 0.05
    assert np.all(found.probe < found.chance + 0.05)


def test_a_model_is_scored_across_the_set_not_its_first_rows():
    train, test = shapes.load("train"), shapes.load("test")
    ordered = torch.sort(train.factors[:, 0], stable=True).indices[::3]
    small = train.take(ordered)  # every first row is one shape: a probe on them alone fails
    model = tiny("vae", image_shape=tuple(small.images.shape[1:]))
    found = disentangle.measure(model, small, test.take(600), n_train=600)
    assert found.factor_names == shapes.FACTORS
    assert found.information.shape == (model.config.latent_dim, len(shapes.FACTORS))


def test_a_set_without_factors_is_one_sentence():
    train = data.load_dataset("digits", "train")
    model = tiny("vae")
    with pytest.raises(GenvizError, match="factors are known"):
        disentangle.measure(model, train, train)
