"""The U-Net the diffusion and flow-matching families share (Ronneberger et al. 2015, as
DDPM uses it: Ho et al. 2020, and improved by Nichol & Dhariwal 2021): residual blocks with
group norm, each told the noise level (a sinusoidal embedding of t) and the class (an
embedding with one more row for "no class", which classifier-free guidance trains with), by
a scale and shift of its features; one stride-2 step down per width after the first, skip
connections at every size, and self-attention at the smallest grid.

Works for any (C, H, W): the way up undoes each step to the exact size the way down had.
"""

from __future__ import annotations

import math

import torch
import torch.nn.functional as F
from torch import nn

from genviz.models.nets import spatial_sizes


def timestep_embedding(t: torch.Tensor, dim: int) -> torch.Tensor:
    """Sinusoidal features of a noise level per image (Vaswani et al. 2017, as DDPM uses them):
    (B,) floats, t in [0, 1000) -> (B, dim)."""
    half = dim // 2
    freqs = torch.exp(-math.log(10_000) * torch.arange(half, device=t.device) / half)
    args = t.float()[:, None] * freqs[None]  # (B, half)
    return torch.cat([args.sin(), args.cos()], 1)


def _norm(c: int) -> nn.GroupNorm:
    return nn.GroupNorm(min(8, c), c)


class Block(nn.Module):
    """A residual block told the conditioning vector: GroupNorm, SiLU, conv; then the features
    scaled and shifted by the conditioning (FiLM); GroupNorm, SiLU, conv; plus the input."""

    def __init__(self, c_in: int, c_out: int, cond: int):
        super().__init__()
        self.norm1, self.conv1 = _norm(c_in), nn.Conv2d(c_in, c_out, 3, padding=1)
        self.film = nn.Linear(cond, 2 * c_out)
        self.norm2, self.conv2 = _norm(c_out), nn.Conv2d(c_out, c_out, 3, padding=1)
        self.skip = nn.Conv2d(c_in, c_out, 1) if c_in != c_out else nn.Identity()
        nn.init.zeros_(self.conv2.weight)  # each block starts as the identity
        nn.init.zeros_(self.conv2.bias)

    def forward(self, x, cond):
        h = self.conv1(F.silu(self.norm1(x)))
        scale, shift = self.film(cond)[:, :, None, None].chunk(2, 1)  # (B, 2C) -> 2 x (B, C, 1, 1)
        h = self.norm2(h) * (1 + scale) + shift
        return self.skip(x) + self.conv2(F.silu(h))


class Attention(nn.Module):
    """Self-attention over the cells of a small grid, one head, as a residual step."""

    def __init__(self, c: int):
        super().__init__()
        self.norm, self.qkv, self.out = _norm(c), nn.Conv2d(c, 3 * c, 1), nn.Conv2d(c, c, 1)
        nn.init.zeros_(self.out.weight)
        nn.init.zeros_(self.out.bias)

    def forward(self, x):
        b, c, h, w = x.shape
        q, k, v = self.qkv(self.norm(x)).flatten(2).transpose(1, 2).chunk(3, 2)  # 3 x (B, hw, C)
        h_ = F.scaled_dot_product_attention(q, k, v)  # (B, hw, C)
        return x + self.out(h_.transpose(1, 2).reshape(b, c, h, w))


class TimeUNet(nn.Module):
    """(B, C, H, W) images, (B,) noise levels t in [0, 1000) and (B,) class indices (the last
    index, `num_classes`, is "no class") -> (B, C, H, W), the network's prediction."""

    def __init__(self, image_shape, channels, num_classes: int, cond_dim: int = 128):
        super().__init__()
        c, h, w = image_shape
        steps = len(channels) - 1
        self.sizes = list(zip(spatial_sizes(h, steps), spatial_sizes(w, steps)))
        self.cond_dim = cond_dim
        self.time = nn.Sequential(
            nn.Linear(cond_dim, cond_dim), nn.SiLU(), nn.Linear(cond_dim, cond_dim)
        )
        self.label = nn.Embedding(num_classes + 1, cond_dim)
        self.stem = nn.Conv2d(c, channels[0], 3, padding=1)
        self.downs = nn.ModuleList()
        for i, width in enumerate(channels):
            before = channels[i - 1] if i else channels[0]
            self.downs.append(Block(before, width, cond_dim))
        self.shrink = nn.ModuleList(nn.Conv2d(a, a, 3, stride=2, padding=1) for a in channels[:-1])
        self.middle = nn.ModuleList([Block(channels[-1], channels[-1], cond_dim)])
        self.attention = Attention(channels[-1])
        self.middle.append(Block(channels[-1], channels[-1], cond_dim))
        self.ups = nn.ModuleList()
        for i in reversed(range(len(channels))):
            below = channels[min(i + 1, len(channels) - 1)]
            self.ups.append(Block(below + channels[i], channels[i], cond_dim))
        self.out = nn.Sequential(
            _norm(channels[0]), nn.SiLU(), nn.Conv2d(channels[0], c, 3, padding=1)
        )
        nn.init.zeros_(self.out[-1].weight)
        nn.init.zeros_(self.out[-1].bias)

    def forward(self, x, t, y):
        cond = self.time(timestep_embedding(t, self.cond_dim)) + self.label(y)  # (B, cond_dim)
        h = self.stem(x)
        skips = []
        for i, block in enumerate(self.downs):
            h = block(h, cond)
            skips.append(h)
            if i < len(self.shrink):
                h = self.shrink[i](h)
        h = self.middle[0](h, cond)
        h = self.middle[1](self.attention(h), cond)
        for block in self.ups:
            skip = skips.pop()
            if h.shape[-2:] != skip.shape[-2:]:  # back to the size this level had on the way down
                h = F.interpolate(h, size=skip.shape[-2:], mode="nearest")
            h = block(torch.cat([h, skip], 1), cond)
        return self.out(h)
