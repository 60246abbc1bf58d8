"""A learned prior over a frozen autoencoder's latent vectors by flow matching: the course's
answer to the plain autoencoder's gaps (its latents do not fill N(0, I), so decoding draws
from a Gaussian makes blots). A small MLP learns the velocity that carries N(0, I) to the
distribution of the base's (standardised) latents; sampling follows it from noise to a latent
and the base's decoder makes the image. It is the two-stage recipe of latent diffusion
(Rombach et al. 2022) on a vector latent, kept as one model with its base as the PixelCNN is
with its VQ-VAE (genviz.models.prior).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import ClassVar

import torch
import torch.nn.functional as F
from torch import nn

from genviz.errors import GenvizError
from genviz.models.ae import AE
from genviz.models.base import Capabilities, GenModel, ModelConfig, conditional_caps
from genviz.models.dae import DAE
from genviz.models.flow import integrate
from genviz.models.prior import Prior
from genviz.models.unet import timestep_embedding
from genviz.models.vae import VAE

BASES: dict[str, type[GenModel]] = {cls.kind: cls for cls in (AE, DAE, VAE)}
SCALE = 1000.0  # t in [0, 1] as the embedding's position


@dataclass
class LatentFlowConfig(ModelConfig):
    base_kind: str = "ae"  # the frozen base's family (an encoder to a latent vector)
    autoencoder: dict = field(default_factory=dict)  # its config
    hidden: int = 256  # the velocity MLP's width
    layers: int = 4  # its residual blocks
    class_conditional: bool = False
    label_dropout: float = 0.1
    guidance: float = 1.0
    steps: int = 50
    solver: str = "euler"

    implied: ClassVar = ("image_shape", "num_classes", "base_kind", "autoencoder")  # the base's
    choices: ClassVar = {"solver": ("euler", "heun")}
    bounds: ClassVar = {
        "hidden": (8, 4096),
        "layers": (1, 32),
        "label_dropout": (0.0, 1.0),
        "guidance": (0.0, 20.0),
        "steps": (1, 1000),
    }
    main: ClassVar = ("hidden", "layers", "steps")


class _Block(nn.Module):
    def __init__(self, width: int):
        super().__init__()
        self.norm = nn.LayerNorm(width)
        self.lin1, self.lin2 = nn.Linear(width, 2 * width), nn.Linear(2 * width, width)

    def forward(self, h, cond):
        return h + self.lin2(F.silu(self.lin1(self.norm(h) + cond)))


class VelocityMLP(nn.Module):
    """v(z_t, t, y): the latent, the time's sinusoidal embedding and (optionally) the class
    (index K: none), through residual blocks."""

    def __init__(self, dim: int, width: int, layers: int, num_classes: int | None):
        super().__init__()
        self.width = width
        self.inp = nn.Linear(dim, width)
        self.time = nn.Sequential(nn.Linear(width, width), nn.SiLU(), nn.Linear(width, width))
        self.label = None if num_classes is None else nn.Embedding(num_classes + 1, width)
        self.blocks = nn.ModuleList(_Block(width) for _ in range(layers))
        self.out = nn.Sequential(nn.LayerNorm(width), nn.Linear(width, dim))
        nn.init.zeros_(self.out[1].weight)
        nn.init.zeros_(self.out[1].bias)

    def forward(self, z, t, y=None):
        cond = self.time(timestep_embedding(t, self.width))
        if self.label is not None and y is not None:
            cond = cond + self.label(y)
        h = self.inp(z)
        for block in self.blocks:
            h = block(h, cond)
        return self.out(h)


class LatentFlow(Prior):
    kind = "latent-flow"
    Config = LatentFlowConfig
    caps = Capabilities(
        encode=False, latent="vector", latent_prior=True, stepwise=True, built_on="vector"
    )
    samplers: ClassVar = {"euler": {"solver": "euler"}, "heun": {"solver": "heun"}}
    capabilities = classmethod(conditional_caps)
    Base = AE  # one of BASES: the config names which
    base_field = "autoencoder"
    default_lr = 1e-3

    @classmethod
    def describe(cls, config):
        words = ["class-conditional"] if config.get("class_conditional") else []
        return [*words, f"MLP {config.get('hidden')} x {config.get('layers')}",
                f"on {config.get('base_kind')}"]  # fmt: skip

    @classmethod
    def base_words(cls) -> tuple[str, str]:
        return "the latents of a trained autoencoder or VAE", "an autoencoder or a VAE"

    @classmethod
    def for_base(cls, base: GenModel, **options) -> LatentFlow:
        if base.kind not in BASES or not base.can.fits("vector"):
            raise GenvizError(
                f"a latent flow models the latents of a trained autoencoder or VAE, not of a "
                f"{base.kind}; pick one of those as its base."
            )
        shared = {"image_shape": base.config.image_shape, "num_classes": base.config.num_classes}
        config = cls.Config.from_dict(
            {**options, **shared, "base_kind": base.kind, "autoencoder": base.config.to_dict()},
            cls.kind,
        )
        prior = cls(config)
        prior.base.load_state_dict(base.state_dict())
        return prior

    def __init__(self, config: LatentFlowConfig):
        super().__init__(config)
        self.Base = BASES[config.base_kind]  # the instance's own, for _build_base
        self.autoencoder = self._build_base()
        dim = self.base.config.latent_dim
        labels = config.num_classes if config.class_conditional else None
        self.net = VelocityMLP(dim, config.hidden, config.layers, labels)
        # the base's latents are standardised (set from the training images by `fit_to`)
        self.register_buffer("mean", torch.zeros(dim))
        self.register_buffer("std", torch.ones(dim))

    @property
    def latent_shape(self):
        return (self.base.config.latent_dim,)

    def parts(self):
        z = torch.zeros(2, *self.latent_shape, device=self.device)
        return {"velocity": (self.net, [z, torch.zeros(2, device=self.device)])}

    def configure_optimizers(self, lr=None, weight_decay: float = 0.0):
        lr = self.default_lr if lr is None else lr
        return [torch.optim.Adam(self.net.parameters(), lr=lr, weight_decay=weight_decay)]

    @torch.no_grad()
    def fit_to(self, x: torch.Tensor, y=None, batch: int = 512) -> None:
        """Standardise by the base's latents of training images x (their mean and spread)."""
        z = torch.cat([self.base.encode(x[i : i + batch].to(self.device), y)
                       for i in range(0, len(x), batch)])  # fmt: skip
        self.mean.copy_(z.mean(0))
        self.std.copy_(z.std(0).clamp(min=1e-6))

    def latents(self, x, y=None) -> torch.Tensor:
        """The base's standardised latents of images x: what the flow learns."""
        with torch.no_grad():
            return (self.base.encode(x, y) - self.mean) / self.std

    def loss(self, x, y=None):
        z0 = self.latents(x)
        t = torch.rand(len(z0), device=z0.device)
        eps = torch.randn_like(z0)
        z_t = (1 - t[:, None]) * z0 + t[:, None] * eps
        labels = None
        if self.can.conditional and y is not None:
            keep = torch.rand(len(y), device=y.device) >= self.config.label_dropout
            labels = torch.where(keep, y, torch.full_like(y, self.config.num_classes))
        mse = F.mse_loss(self.net(z_t, t * SCALE, labels), eps - z0)
        return mse, {"mse": mse}

    def velocity(self, z, t: float, y=None, guidance: float = 1.0):
        ts = torch.full((len(z),), t * SCALE, device=z.device)
        if not self.can.conditional or y is None:
            return self.net(z, ts)
        none = torch.full_like(y, self.config.num_classes)
        if guidance == 1:
            return self.net(z, ts, y)
        cond, uncond = self.net(z, ts, y), self.net(z, ts, none)
        return uncond + guidance * (cond - uncond)

    @torch.no_grad()
    def flow(self, z, y=None, steps=None, guidance=None, solver=None, trace=None):
        """Standardised noise z (B, d) carried to standardised latents."""
        steps = self.config.steps if steps is None else int(steps)
        guidance = self.config.guidance if guidance is None else float(guidance)
        y = self.labels_for(len(z), y)
        velocity = lambda z, t: self.velocity(z, t, y, guidance)  # noqa: E731
        return integrate(velocity, z, max(1, steps), solver or self.config.solver, trace)

    def unscale(self, z: torch.Tensor) -> torch.Tensor:
        """Standardised latents back to the base's own latent space."""
        return z * self.std + self.mean

    @torch.no_grad()
    def decode(self, z, y=None, **how):
        """The images the base decodes from noise z carried along the flow."""
        z = self.flow(z.to(self.device), y, **how)
        return self.base.decode(self.unscale(z), y)

    @torch.no_grad()
    def sample(self, n, y=None, generator=None, **how):
        return self.decode(self.randn((n, *self.latent_shape), generator), y, **how)
