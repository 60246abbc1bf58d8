"""Families of small models trained alike but for one setting, to show what that setting
does: the VAE's KL weight beta (reconstruction against rate, and posterior collapse), and its
likelihood (Bernoulli against Gaussian: why VAE samples are blurry)."""

from __future__ import annotations

import math

import torch

from genviz.analysis.inside import sharpness
from genviz.analysis.metrics import per_image_mse
from genviz.data import Split
from genviz.errors import GenvizError
from genviz.models import build_for
from genviz.train import fit


def _vae_trained_alike(train: Split, options: dict, epochs: int, device: str, seed: int):
    """A VAE with the same initial weights and data order as its siblings, trained, in eval
    mode."""
    torch.manual_seed(seed)
    model = build_for("vae", train, options)
    fit(model, train, epochs=epochs, device=device, seed=seed)
    return model.eval()


def train_beta_sweep(
    train: Split,
    test: Split,
    betas,
    epochs: int,
    device: str = "cpu",
    seed: int = 0,
    **config,
) -> list[dict]:
    """One VAE per KL weight beta, alike in all else (initial weights, data order, epochs):
    what beta trades between reconstruction and the KL term (the rate). Each row: beta; on
    the test images, `recon` (-log p(x|z), nats per image), `kl` (nats per image), `mse`;
    `active`, the latent dimensions in use (the variance of the posterior mean over the test
    images above 0.01: Burda et al. 2016, section 5.2); and the trained `model`."""
    if not betas:
        raise GenvizError("choose at least one beta for the sweep.")
    rows = []
    for beta in sorted(float(b) for b in betas):
        model = _vae_trained_alike(train, {**config, "beta": beta}, epochs, device, seed)
        with torch.no_grad():
            x = test.floats().to(model.device)
            torch.manual_seed(seed)
            _, logs = model.loss(x)
            mu = model.posterior(x)[0]
            mse = per_image_mse(model.reconstruct(x), x).mean()
        rows.append(
            {
                "beta": beta,
                "recon": float(logs["recon"]),
                "kl": float(logs["kl"]),
                "mse": float(mse),
                "active": int((mu.var(0) > 0.01).sum()),
                "model": model,
            }
        )
    return rows


def train_likelihood_pair(
    train: Split, test: Split, epochs: int, device: str = "cpu", seed: int = 0, **config
) -> list[dict]:
    """The same small VAE trained twice, alike in all else, with a Bernoulli likelihood (the
    binary cross-entropy) and with a Gaussian one (squared error, variance 1/2): why VAE
    samples are blurry. Each row: `likelihood`; on the test images the `elbo` under the
    model's own likelihood (nats per image; the Gaussian's is a density, its constant
    included, so the two are not on one scale), `kl`, `mse`, the sharpness (mean squared
    gradient, genviz.analysis.inside.sharpness) of the reconstructions and of 64 prior samples; and
    the trained `model`."""
    rows = []
    for likelihood in ("bernoulli", "gaussian"):
        model = _vae_trained_alike(
            train, {**config, "likelihood": likelihood}, epochs, device, seed
        )
        with torch.no_grad():
            x = test.floats().to(model.device)
            torch.manual_seed(seed)
            _, logs = model.loss(x)
            recon = model.reconstruct(x)
            samples = model.sample(64, generator=torch.Generator().manual_seed(seed))
        constant = 0.5 * math.log(math.pi) * x[0].numel() if likelihood == "gaussian" else 0.0
        rows.append(
            {
                "likelihood": likelihood,
                "elbo": -float(logs["recon"] + logs["kl"]) - constant,
                "kl": float(logs["kl"]),
                "mse": float(per_image_mse(recon, x).mean()),
                "sharp_recon": sharpness(recon),
                "sharp_sample": sharpness(samples),
                "model": model,
            }
        )
    return rows
