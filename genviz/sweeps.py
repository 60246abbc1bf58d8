"""Families of small models trained alike but for one setting, to show what that setting
does: the VAE's KL weight beta (reconstruction against rate, and posterior collapse)."""

from __future__ import annotations

import torch

from genviz.data import Split
from genviz.errors import GenvizError
from genviz.metrics import per_image_mse
from genviz.train import fit
from genviz.workflow import build_for


def beta_sweep(
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
        torch.manual_seed(seed)  # the same initial weights for every beta
        model = build_for("vae", train, {**config, "beta": beta})
        fit(model, train, epochs=epochs, device=device, seed=seed)
        model.eval()
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
