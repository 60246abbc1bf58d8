"""What the pages compute, without a page: interpolation and the KL-weight sweep."""

import torch

from genviz import explore


def test_slerp_keeps_the_norm_between_orthogonal_latents_and_lerp_does_not():
    a, b = torch.tensor([[3.0, 0.0]]), torch.tensor([[0.0, 3.0]])
    mid = explore.slerp(a, b, 0.5)
    assert torch.allclose(mid.norm(), torch.tensor(3.0))
    assert torch.allclose(explore.lerp(a, b, 0.5).norm(), torch.tensor(1.5 * 2**0.5))  # shorter
    assert torch.allclose(explore.slerp(a, b, 0.0), a) and torch.allclose(explore.slerp(a, b, 1), b)


def test_beta_sweep_trades_reconstruction_for_rate(digits, digits_test):
    rows = explore.beta_sweep(
        digits, digits_test.take(200), [8, 0.1], epochs=15, hidden=(64,), latent_dim=6
    )
    low, high = rows  # sorted by beta
    assert [r["beta"] for r in rows] == [0.1, 8.0]
    assert high["kl"] < low["kl"] / 2  # a heavier KL weight spends fewer nats on the code
    assert high["recon"] > low["recon"] and high["mse"] > low["mse"]
    assert 0 <= high["active"] <= low["active"] <= 6
    assert rows[0]["model"].config.beta == 0.1
