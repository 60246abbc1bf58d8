"""Moving in latent space and sweeping a setting: interpolation, the decoded manifold, the
latent under a click, and the KL-weight sweep."""

import numpy as np
import torch
from conftest import tiny

from genviz.analysis import latent, sweeps


def test_slerp_keeps_the_norm_between_orthogonal_latents_and_lerp_does_not():
    a, b = torch.tensor([[3.0, 0.0]]), torch.tensor([[0.0, 3.0]])
    mid = latent.slerp(a, b, 0.5)
    assert torch.allclose(mid.norm(), torch.tensor(3.0))
    assert torch.allclose(latent.lerp(a, b, 0.5).norm(), torch.tensor(1.5 * 2**0.5))  # shorter
    assert torch.allclose(latent.slerp(a, b, 0.0), a) and torch.allclose(latent.slerp(a, b, 1), b)


def test_the_manifold_grid_runs_left_to_right_and_top_down():
    model = tiny("ae", latent_dim=2).eval()
    grid = latent.manifold(model, [-1, -1], [1, 1], n=3)
    assert grid.shape == (9, 1, 8, 8)
    top_left = latent.decode(model, torch.tensor([[-1.0, 1.0]]))
    bottom_right = latent.decode(model, torch.tensor([[1.0, -1.0]]))
    assert torch.allclose(grid[0], top_left[0]) and torch.allclose(grid[8], bottom_right[0])


def test_the_latent_under_a_click():
    z = torch.randn(50, 4)
    coords = np.random.default_rng(0).random((50, 2)).astype(np.float32)
    at_point = latent.latent_at(coords, z, coords[7], drawn_as_latent=False)
    assert torch.allclose(at_point, z[7:8])  # exact at a data point
    assert torch.equal(latent.latent_at(coords, z, [0.5, -2.0], True), torch.tensor([[0.5, -2.0]]))


def test_beta_sweep_trades_reconstruction_for_rate(digits, digits_test):
    rows = sweeps.train_beta_sweep(
        digits, digits_test.take(200), [8, 0.1], epochs=15, hidden=(64,), latent_dim=6
    )
    low, high = rows  # sorted by beta
    assert [r["beta"] for r in rows] == [0.1, 8.0]
    assert high["kl"] < low["kl"] / 2  # a heavier KL weight spends fewer nats on the code
    assert high["recon"] > low["recon"] and high["mse"] > low["mse"]
    assert 0 <= high["active"] <= low["active"] <= 6
    assert rows[0]["model"].config.beta == 0.1
