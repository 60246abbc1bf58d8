"""The two priors of a VQ-VAE-2 (Razavi et al. 2019): a gated PixelCNN over the top codes,
and a gated PixelCNN over the bottom codes conditioned on the whole top code map (every
bottom cell sees all of it: the top level is drawn first). Sampling draws the top codes, then
the bottom codes given them, then decodes both. Both stacks train at once on the frozen
VQ-VAE-2's codes (each is fed the true codes, so their losses are independent); class
labels bias every gate of both on request.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import ClassVar

import torch
import torch.nn.functional as F
from torch import nn

from genviz.errors import GenvizError
from genviz.models.base import Capabilities, ModelConfig
from genviz.models.pixelcnn import GatedLayer, raster_sample, stack_logits
from genviz.models.prior import Prior
from genviz.models.vqvae2 import VQVAE2


@dataclass
class PixelCNN2Config(ModelConfig):
    vqvae2: dict = field(default_factory=dict)  # the VQ-VAE-2's config ({} builds a default)
    channels: int = 64  # width of the bottom prior's stacks
    layers: int = 6  # the bottom prior's gated layers
    top_channels: int = 48  # width of the top prior's stacks
    top_layers: int = 4  # the top prior's gated layers (its grid is small)
    kernel: int = 3  # size of the masked kernels (odd)
    class_conditional: bool = False  # a class embedding biases every gate of both priors

    main: ClassVar = ("class_conditional", "layers", "channels")
    implied: ClassVar = ("image_shape", "num_classes", "vqvae2")

    def __post_init__(self):
        super().__post_init__()
        if self.kernel % 2 == 0:
            raise GenvizError(f"kernel must be odd (3, 5, ...), not {self.kernel}.")


class Stack(nn.Module):
    """One gated PixelCNN: code embedding, masked layers, a head to K logits per cell."""

    def __init__(self, k: int, c: int, layers: int, kernel: int, labels, cond: int = 0):
        super().__init__()
        self.embed = nn.Embedding(k, c)
        self.layers = nn.ModuleList(
            GatedLayer(c, kernel, i == 0, labels, cond) for i in range(layers)
        )
        self.head = nn.Sequential(
            nn.ReLU(), nn.Conv2d(c, 2 * c, 1), nn.ReLU(), nn.Conv2d(2 * c, k, 1)
        )

    def forward(self, codes, y=None, cond=None):
        return stack_logits(self, codes, y, cond)


class PixelCNN2(Prior):
    kind = "pixelcnn2"
    Config = PixelCNN2Config
    caps = Capabilities(
        encode=False, latent="codes2", latent_prior=True, prior=True, built_on="hierarchy"
    )
    Base = VQVAE2
    base_field = "vqvae2"

    def __init__(self, config: PixelCNN2Config):
        super().__init__(config)
        self.vqvae2 = self._build_base()
        vq = self.vqvae2
        labels = config.num_classes if config.class_conditional else None
        c, tc = config.channels, config.top_channels
        self.top = Stack(vq.codebook_size("top"), tc, config.top_layers, config.kernel, labels)
        # the top code map, embedded and brought up to the bottom grid
        self.condition = nn.Sequential(
            nn.Embedding(vq.codebook_size("top"), tc),
            _ChannelsFirst(),
            nn.Conv2d(tc, c, 3, padding=1),
            nn.ReLU(),
            nn.Upsample(size=vq.grids["bottom"], mode="nearest"),
            nn.Conv2d(c, c, 3, padding=1),
            nn.ReLU(),
        )
        k = vq.codebook_size("bottom")
        self.bottom = Stack(k, c, config.layers, config.kernel, labels, cond=c)

    @property
    def latent_shape(self):
        return self.vqvae2.latent_shape

    def parts(self):
        top = torch.zeros(2, *self.vqvae2.grids["top"], dtype=torch.long, device=self.device)
        bottom = torch.zeros(2, *self.vqvae2.grids["bottom"], dtype=torch.long, device=self.device)
        y = torch.zeros(2, dtype=torch.long, device=self.device) if self.can.conditional else None
        labels = [] if y is None else [y]
        return {
            "top_prior": (self.top, [top, *labels]),
            "bottom_prior": (_GivenTop(self), [bottom, top, *labels]),
        }

    def level_logits(self, top, bottom, y=None):
        """Each level's logits given the codes before each cell (and, at the bottom, all the
        top codes): (B, Kt, ht, wt) and (B, Kb, hb, wb)."""
        y = y if self.can.conditional else None
        return self.top(top, y), self.bottom(bottom, y, self.condition(top))

    def loss(self, x, y=None):
        with torch.no_grad():
            top, bottom = self.vqvae2.encode_levels(x)
        top_logits, bottom_logits = self.level_logits(top, bottom, y)
        nll_top = F.cross_entropy(top_logits, top)
        nll_bottom = F.cross_entropy(bottom_logits, bottom)
        n_top, n_bottom = top[0].numel(), bottom[0].numel()
        nll = (n_top * nll_top + n_bottom * nll_bottom) / (n_top + n_bottom)
        return nll, {"nll_top": nll_top, "nll_bottom": nll_bottom}  # nats per code

    def decode(self, codes, y=None):
        return self.vqvae2.decode(codes)

    @torch.no_grad()
    def sample_levels(self, n, y=None, generator=None, temperature: float = 1.0):
        """The top codes in raster order, then the bottom codes given them: (n, ht, wt) and
        (n, hb, wb) code indices."""
        y = self.labels_for(n, y)
        grids, dev = self.vqvae2.grids, self.device
        top = raster_sample(
            lambda t, _: self.top(t, y), (n, *grids["top"]), dev, generator, temperature
        )
        cond = self.condition(top)  # (n, c, hb, wb): a bias per cell, cropped with the rows
        bottom = raster_sample(
            lambda b, rows: self.bottom(b, y, cond[:, :, :rows]),
            (n, *grids["bottom"]), dev, generator, temperature,
        )  # fmt: skip
        return top, bottom

    @torch.no_grad()
    def sample_codes(self, n, y=None, generator=None, temperature: float = 1.0):
        return self.vqvae2.pack(*self.sample_levels(n, y, generator, temperature))

    @torch.no_grad()
    def sample(self, n, y=None, generator=None, temperature: float = 1.0):
        return self.vqvae2.decode_levels(*self.sample_levels(n, y, generator, temperature))


class _GivenTop(nn.Module):
    """The bottom prior with the top codes' conditioning, as one module for a layer summary."""

    def __init__(self, prior: PixelCNN2):
        super().__init__()
        self.condition, self.bottom = prior.condition, prior.bottom

    def forward(self, bottom, top, y=None):
        return self.bottom(bottom, y, self.condition(top))


class _ChannelsFirst(nn.Module):
    def forward(self, x):  # (B, h, w, c) -> (B, c, h, w)
        return x.permute(0, 3, 1, 2)
