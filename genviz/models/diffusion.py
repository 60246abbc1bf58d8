"""Denoising diffusion (DDPM: Ho, Jain & Abbeel 2020, arXiv:2006.11239), with the cosine noise
schedule (Nichol & Dhariwal 2021, arXiv:2102.09672), a prediction of the noise (eps) or of
v = sqrt(abar) eps - sqrt(1 - abar) x (Salimans & Ho 2022, arXiv:2202.00512), and sampling by
the generalised DDIM step (Song, Meng & Ermon 2021, arXiv:2010.02502) with any number of steps:
eta 0 is DDIM (deterministic), eta 1 the ancestral DDPM sampler on the same steps.

It is a denoising autoencoder at every noise level: x_t = sqrt(abar_t) x + sqrt(1 - abar_t) eps
is the image with Gaussian noise whose level t the network is told, and the network learns to
say what noise was added; sampling starts from pure noise and removes it a step at a time.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import ClassVar

import torch
import torch.nn.functional as F

from genviz.errors import GenvizError
from genviz.models.denoiser import Denoiser, DenoiserConfig


@dataclass
class DiffusionConfig(DenoiserConfig):
    timesteps: int = 1000  # T, the noise levels of training
    schedule: str = "cosine"  # "cosine" (Nichol & Dhariwal) or "ddpm" (linear, 1e-4 to 0.02)
    prediction: str = "eps"  # what the network predicts: "eps" (the noise) or "v"
    eta: float = 0.0  # sampling: 0 DDIM (deterministic), 1 ancestral (DDPM)

    choices: ClassVar = {"schedule": ("cosine", "ddpm"), "prediction": ("eps", "v")}
    bounds: ClassVar = {**DenoiserConfig.bounds, "timesteps": (2, 10_000), "eta": (0.0, 1.0)}
    main: ClassVar = (*DenoiserConfig.main, "prediction", "eta")


def alpha_bars(timesteps: int, schedule: str) -> torch.Tensor:
    """abar_t, the share of the image left at each noise level t = 0 .. T-1: (T,)."""
    if schedule == "ddpm":  # linear in beta
        betas = torch.linspace(1e-4, 0.02, timesteps, dtype=torch.float64)
        return torch.cumprod(1 - betas, 0).float()
    s = 0.008  # the cosine schedule's offset, so that abar near t = 0 is not too close to 1
    steps = torch.arange(timesteps + 1, dtype=torch.float64) / timesteps
    f = torch.cos((steps + s) / (1 + s) * math.pi / 2).square()
    betas = (1 - f[1:] / f[:-1]).clamp(max=0.999)
    return torch.cumprod(1 - betas, 0).float()


class Diffusion(Denoiser):
    kind = "diffusion"
    Config = DiffusionConfig

    def __init__(self, config: DiffusionConfig):
        super().__init__(config)
        abar = alpha_bars(config.timesteps, config.schedule)
        self.register_buffer("abar", abar, persistent=False)  # (T,), made from the config

    @classmethod
    def describe(cls, config):
        return [*super().describe(config), f"{config.get('prediction', 'eps')}-prediction"]

    def noised(self, x0, t, eps):
        """x_t for images x0 in [-1, 1] at levels t (B,) with noise eps."""
        a = self.abar[t].view(-1, 1, 1, 1)
        return a.sqrt() * x0 + (1 - a).sqrt() * eps

    samplers: ClassVar = {"ddim": {"eta": 0.0}, "ddpm": {"eta": 1.0}}

    def level(self, s: float) -> int:
        """The training level t nearest a noise level s in [0, 1]."""
        return round(min(max(float(s), 0.0), 1.0) * (self.config.timesteps - 1))

    def mix(self, x0, s, eps):
        t = torch.full((len(x0),), self.level(s), dtype=torch.long, device=x0.device)
        return self.noised(x0, t, eps)

    @torch.no_grad()
    def clean_guess(self, x, s, y=None, guidance=None):
        t = self.level(s)
        ts = torch.full((len(x),), float(t), device=x.device)
        y = self.labels_for(len(x), y)
        guidance = self.config.guidance if guidance is None else float(guidance)
        return self.x0_and_eps(x, t, self.predict(x, ts, y, guidance))[0]

    def signal_share(self, s):
        return float(self.abar[self.level(s)])

    def loss(self, x, y=None):
        x0 = x * 2 - 1  # [0, 1] -> [-1, 1]
        t = torch.randint(0, self.config.timesteps, (len(x),), device=x.device)
        eps = torch.randn_like(x0)
        pred = self.net(self.noised(x0, t, eps).contiguous(memory_format=torch.channels_last),
                        t.float(), self.classes(y, len(x)))  # fmt: skip
        if self.config.prediction == "eps":
            target = eps
        else:
            a = self.abar[t].view(-1, 1, 1, 1)
            target = a.sqrt() * eps - (1 - a).sqrt() * x0
        mse = F.mse_loss(pred.float(), target)
        return mse, {"mse": mse}

    def levels(self, steps: int) -> list[int]:
        """The noise levels a sampler of `steps` steps visits, from the noisiest."""
        if steps > self.config.timesteps:
            raise GenvizError(
                f"this model knows {self.config.timesteps} noise levels; sample with at most "
                f"{self.config.timesteps} steps.",
                "steps_max",
                steps=self.config.timesteps,
            )
        found = torch.linspace(self.config.timesteps - 1, 0, steps).round().long()
        return found.unique_consecutive().tolist()

    def x0_and_eps(self, x, t: int, pred):
        """The clean image and the noise that a prediction at level t says x_t holds."""
        a = self.abar[t]
        if self.config.prediction == "eps":
            x0 = (x - (1 - a).sqrt() * pred) / a.sqrt()
        else:
            x0 = a.sqrt() * x - (1 - a).sqrt() * pred
        x0 = x0.clamp(-1, 1)  # the data's range: keeps the first noisy steps in bounds
        return x0, (x - a.sqrt() * x0) / (1 - a).sqrt()

    def _run(self, x, y, steps, guidance, eta: float | None = None, trace=None):
        eta = self.config.eta if eta is None else float(eta)
        levels = self.levels(steps)
        for i, t in enumerate(levels):
            ts = torch.full((len(x),), float(t), device=x.device)
            x0, eps = self.x0_and_eps(x, t, self.predict(x, ts, y, guidance))
            a = self.abar[t]
            a_next = self.abar[levels[i + 1]] if i + 1 < len(levels) else a.new_tensor(1.0)
            sigma = eta * ((1 - a_next) / (1 - a) * (1 - a / a_next)).clamp(min=0).sqrt()
            x = a_next.sqrt() * x0 + (1 - a_next - sigma.square()).clamp(min=0).sqrt() * eps
            if eta > 0 and i + 1 < len(levels):
                x = x + sigma * torch.randn_like(x)
            if trace is not None:
                after = levels[i + 1] / (self.config.timesteps - 1) if i + 1 < len(levels) else 0
                trace(after, x, x0)
        return x
