"""Denoising: corrupt images, let a model reconstruct them, and measure what it recovered."""

from __future__ import annotations

import torch

from genviz.analysis.batches import map_batches
from genviz.analysis.metrics import per_image_mse, psnr
from genviz.data import corrupt
from genviz.models import GenModel


@torch.no_grad()
def denoise(model: GenModel, clean: torch.Tensor, noise: str, level: float, seed: int = 0):
    """(noisy, output, psnr of noisy, psnr of output) for clean images (B, C, H, W)."""
    noisy = corrupt(clean, noise, level, torch.Generator().manual_seed(seed))
    out = map_batches(lambda x: model.reconstruct(x), noisy, device=model.device).float()
    return noisy, out, psnr(per_image_mse(noisy, clean)), psnr(per_image_mse(out, clean))


@torch.no_grad()
def latent_shift(model: GenModel, clean: torch.Tensor, noise: str, level: float, seed: int = 0):
    """Where noisy images land in a model's latent space against their clean selves (a DAE
    should map slightly perturbed images to about the same latent): the clean and noisy
    latents (N, D), each noisy latent's distance to its own clean one in units of the clean
    latents' median nearest-neighbour distance, and the share of noisy latents whose nearest
    clean latent is their own image's."""
    noisy = corrupt(clean, noise, level, torch.Generator().manual_seed(seed))
    z = map_batches(lambda x: model.features(x), clean, device=model.device).float()
    z_noisy = map_batches(lambda x: model.features(x), noisy, device=model.device).float()
    apart = torch.cdist(z, z)
    apart.fill_diagonal_(float("inf"))
    unit = apart.min(1).values.median().clamp(min=1e-12)
    shift = (z_noisy - z).norm(dim=1) / unit
    own = torch.cdist(z_noisy, z).argmin(1) == torch.arange(len(z))
    return z, z_noisy, shift, float(own.float().mean())


def curve(models: dict[str, GenModel], clean, noise: str, levels) -> dict[str, list[float]]:
    """Mean PSNR of each model's output (and of the noisy input, key None) at each level."""
    found: dict = {None: [], **{name: [] for name in models}}
    for level in levels:
        for name, model in models.items():
            _, _, before, after = denoise(model, clean, noise, level)
            found[name].append(float(after.mean()))
        found[None].append(float(before.mean()))
    return found
