"""Gated PixelCNN prior (van den Oord et al. 2016, arXiv:1606.05328) over a VQ-VAE's code grid,
as in the VQ-VAE paper: it learns p(codes) one code at a time, so the VQ-VAE can sample.

The VQ-VAE it serves is part of the model (frozen, in eval mode: genviz.models.prior), so a
prior can never be separated from the codebook it was trained on.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import ClassVar

import torch
import torch.nn.functional as F
from torch import nn

from genviz.errors import GenvizError
from genviz.models import loops
from genviz.models.base import Capabilities, ModelConfig
from genviz.models.prior import Prior
from genviz.models.vqvae import VQVAE


@dataclass
class PixelCNNConfig(ModelConfig):
    vqvae: dict = field(default_factory=dict)  # the VQ-VAE's config ({} builds a default one)
    channels: int = 64  # width of both stacks
    layers: int = 8  # gated layers
    kernel: int = 3  # size of the masked kernels (odd)
    class_conditional: bool = False  # a class embedding biases every gate

    main: ClassVar = ("class_conditional", "layers", "channels")
    implied: ClassVar = ("image_shape", "num_classes", "vqvae")  # the base VQ-VAE's

    def __post_init__(self):
        super().__post_init__()
        if self.kernel % 2 == 0:
            raise GenvizError(f"kernel must be odd (3, 5, ...), not {self.kernel}.")


class MaskedConv(nn.Conv2d):
    """A conv whose kernel is multiplied by a fixed 0/1 mask, so it cannot see the future."""

    def __init__(self, c_in, c_out, size: tuple[int, int], mask: torch.Tensor):
        super().__init__(c_in, c_out, size, padding=(size[0] // 2, size[1] // 2))
        self.register_buffer("mask", mask, persistent=False)

    def forward(self, x):
        return F.conv2d(x, self.weight * self.mask, self.bias, padding=self.padding)


def gate(x):
    a, b = x.chunk(2, dim=1)
    return torch.tanh(a) * torch.sigmoid(b)


class GatedLayer(nn.Module):
    """One layer of the two stacks. The vertical stack at row i sees rows <= i; shifted down
    one row it feeds the horizontal stack, which sees the current row left of the pixel (and
    the pixel itself after the first layer, whose input is the raw codes)."""

    def __init__(self, c: int, k: int, first: bool, num_classes: int | None, cond: int = 0):
        super().__init__()
        vmask = torch.zeros(k, k)
        vmask[: k // 2 + 1] = 1  # rows above and the centre row
        hmask = torch.zeros(1, k)
        hmask[0, : k // 2 + (0 if first else 1)] = 1  # left of centre (and the centre after)
        self.first = first
        self.v = MaskedConv(c, 2 * c, (k, k), vmask)
        self.h = MaskedConv(c, 2 * c, (1, k), hmask)
        self.v_to_h = nn.Conv2d(2 * c, 2 * c, 1)
        self.h_out = nn.Conv2d(c, c, 1)
        self.label = nn.Embedding(num_classes, 2 * c) if num_classes else None
        # a map of `cond` channels on the same grid (the top codes, for a bottom-level prior)
        self.cond = nn.Conv2d(cond, 2 * c, 1) if cond else None

    def forward(self, v, h, y=None, cond=None):
        v_feat = self.v(v)
        v_shift = F.pad(v_feat, (0, 0, 1, 0))[:, :, :-1]  # row i now holds rows <= i - 1
        h_feat = self.h(h) + self.v_to_h(v_shift)
        if self.label is not None:
            bias = self.label(y)[:, :, None, None]  # (B, 2c) -> (B, 2c, 1, 1)
            v_feat, h_feat = v_feat + bias, h_feat + bias
        if self.cond is not None:  # every cell may see the whole condition: it is given
            bias = self.cond(cond)
            v_feat, h_feat = v_feat + bias, h_feat + bias
        h_new = self.h_out(gate(h_feat))
        return gate(v_feat), h_new if self.first else h + h_new


def stack_logits(stack, codes, y=None, cond=None):
    """A gated stack's logits (`stack` has embed, layers and head): (B, h, w) code indices ->
    (B, K, h, w), each code's distribution given the codes before it in raster order."""
    x = stack.embed(codes).permute(0, 3, 1, 2)  # (B, h, w, c) -> (B, c, h, w)
    v, h = x, x
    for layer in stack.layers:
        v, h = layer(v, h, y, cond)
    return stack.head(h)


def raster_sample(logits_of, shape, device, generator=None, temperature: float = 1.0):
    """Ancestral sampling of a (n, h, w) grid of codes in raster order: `logits_of(codes,
    rows)` maps the first `rows` rows of codes (n, rows, w) to their (n, K, rows, w) logits.
    The stacks are causal, so row i's logits need only rows 0..i: the net runs on those alone
    (exactly the same logits, about half the work). A low temperature sharpens each code's
    distribution (towards its most likely code). One CPU thread (genviz.models.loops); each
    code drawn is reported to a listener."""
    n, h, w = shape
    codes = torch.zeros(shape, dtype=torch.long, device=device)
    draw_on = generator.device if generator is not None else device
    with loops.one_thread():
        for i in range(h):
            for j in range(w):
                logits = logits_of(codes[:, : i + 1], i + 1)[:, :, i, j]
                probs = (logits / max(temperature, 1e-4)).softmax(1)
                pick = torch.multinomial(probs.to(draw_on), 1, generator=generator)
                codes[:, i, j] = pick[:, 0].to(device)
                loops.step(i * w + j + 1, h * w)
    return codes


class _Logits(nn.Module):
    """The prior's logits as a module of its own, for a layer summary."""

    def __init__(self, prior):
        super().__init__()
        self.embed, self.layers, self.head = prior.embed, prior.layers, prior.head
        self._prior = [prior]  # a list: not registered, so its VQ-VAE stays out of the count

    def forward(self, codes, y=None):
        return self._prior[0].logits(codes, y)


class PixelCNN(Prior):
    kind = "pixelcnn"
    Config = PixelCNNConfig
    caps = Capabilities(
        encode=False, latent="grid", latent_prior=True, prior=True, built_on="codebook"
    )

    Base = VQVAE
    base_field = "vqvae"

    def __init__(self, config: PixelCNNConfig):
        super().__init__(config)
        self.vqvae = self._build_base()
        k, c = self.vqvae.config.codebook_size, config.channels
        labels = config.num_classes if config.class_conditional else None
        self.embed = nn.Embedding(k, c)
        self.layers = nn.ModuleList(
            GatedLayer(c, config.kernel, i == 0, labels) for i in range(config.layers)
        )
        self.head = nn.Sequential(
            nn.ReLU(), nn.Conv2d(c, 2 * c, 1), nn.ReLU(), nn.Conv2d(2 * c, k, 1)
        )

    @property
    def latent_shape(self):
        return self.vqvae.grid

    def parts(self):
        codes = torch.zeros(2, *self.latent_shape, dtype=torch.long, device=self.device)
        y = torch.zeros(2, dtype=torch.long, device=self.device) if self.can.conditional else None
        return {"prior": (_Logits(self), [codes] + ([] if y is None else [y]))}

    def logits(self, codes, y=None):
        """(B, h, w) code indices -> (B, K, h, w) logits of each code given those before it."""
        return stack_logits(self, codes, y)

    def loss(self, x, y=None):
        with torch.no_grad():
            codes = self.vqvae.encode(x)
        nll = F.cross_entropy(self.logits(codes, y if self.can.conditional else None), codes)
        return nll, {"nll": nll}  # nats per code

    def decode(self, codes, y=None):
        return self.vqvae.decode(codes)

    @torch.no_grad()
    def sample_codes(self, n, y=None, generator=None, temperature: float = 1.0):
        """Ancestral sampling in raster order: (n, h, w) code indices."""
        y = self.labels_for(n, y)
        shape = (n, *self.latent_shape)
        return raster_sample(
            lambda codes, _: self.logits(codes, y), shape, self.device, generator, temperature
        )

    @torch.no_grad()
    def sample(self, n, y=None, generator=None, temperature: float = 1.0):
        return self.vqvae.decode(self.sample_codes(n, y, generator, temperature))
