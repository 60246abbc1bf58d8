"""Encoder and decoder bodies shared by the families: an MLP and a stride-2 conv stack.

Both work for any (C, H, W). A stride-2 conv with kernel 3 and padding 1 maps H to ceil(H / 2)
(28 -> 14 -> 7 -> 4, 8 -> 4 -> 2 -> 1); the decoder's transposed convs undo each step exactly
by choosing output_padding from the size they must reach.
"""

from __future__ import annotations

import math

import torch
from torch import nn


def act() -> nn.Module:
    return nn.LeakyReLU(0.2)


def mlp(sizes: list[int], last_act: bool = False) -> nn.Sequential:
    layers = []
    for i, (a, b) in enumerate(zip(sizes, sizes[1:])):
        layers.append(nn.Linear(a, b))
        if last_act or i < len(sizes) - 2:
            layers.append(act())
    return nn.Sequential(*layers)


def spatial_sizes(size: int, steps: int) -> list[int]:
    """[28, 14, 7, 4] for size 28 and 3 stride-2 steps."""
    sizes = [size]
    for _ in range(steps):
        sizes.append(math.ceil(sizes[-1] / 2))
    return sizes


def down(c_in: int, c_out: int) -> nn.Conv2d:
    return nn.Conv2d(c_in, c_out, 3, stride=2, padding=1)


def up(c_in: int, c_out: int, target: tuple[int, int]) -> nn.ConvTranspose2d:
    """Transposed conv that doubles (h, w) to exactly `target`: 2h - 1 + output_padding."""
    pad = tuple(1 - t % 2 for t in target)  # even targets need one more row/column
    return nn.ConvTranspose2d(c_in, c_out, 3, stride=2, padding=1, output_padding=pad)


class ConvBody(nn.Module):
    """(B, C, H, W) -> (B, F): stride-2 convs with the given channels, then flatten."""

    def __init__(self, image_shape, channels, norm: bool = False, spectral: bool = False):
        super().__init__()
        c, h, w = image_shape
        layers: list[nn.Module] = []
        for i, (a, b) in enumerate(zip((c, *channels), channels)):
            conv = down(a, b)
            layers.append(nn.utils.parametrizations.spectral_norm(conv) if spectral else conv)
            if norm and i > 0:  # DCGAN: no norm on the first layer
                layers.append(nn.BatchNorm2d(b))
            layers.append(act())
        self.net = nn.Sequential(*layers, nn.Flatten())
        hs, ws = spatial_sizes(h, len(channels)), spatial_sizes(w, len(channels))
        self.out_features = channels[-1] * hs[-1] * ws[-1]

    def forward(self, x):
        return self.net(x)


class DeconvBody(nn.Module):
    """(B, in_dim) -> (B, C, H, W) logits: a linear layer to the smallest grid, then
    transposed convs back up through the channels in reverse."""

    def __init__(self, in_dim: int, image_shape, channels, norm: bool = False):
        super().__init__()
        c, h, w = image_shape
        steps = len(channels)
        hs, ws = spatial_sizes(h, steps), spatial_sizes(w, steps)
        self.grid = (channels[-1], hs[-1], ws[-1])
        self.fc = nn.Sequential(nn.Linear(in_dim, math.prod(self.grid)), act())
        layers: list[nn.Module] = []
        outs = (*reversed(channels[:-1]), c)
        for i, (a, b) in enumerate(zip(reversed(channels), outs)):
            layers.append(up(a, b, (hs[steps - 1 - i], ws[steps - 1 - i])))
            if i < steps - 1:
                if norm:
                    layers.append(nn.BatchNorm2d(b))
                layers.append(act())
        self.net = nn.Sequential(*layers)

    def forward(self, z):
        return self.net(self.fc(z).view(-1, *self.grid))  # (B, F) -> (B, C', h, w) -> (B, C, H, W)


def body(config, **conv_options) -> tuple[nn.Module, int]:
    """The feature extractor an encoder or discriminator uses: (B, C, H, W) -> (B, F), and F."""
    if config.arch == "conv":
        conv = ConvBody(config.image_shape, config.channels, **conv_options)
        return conv, conv.out_features
    sizes = [math.prod(config.image_shape), *config.hidden]
    return nn.Sequential(nn.Flatten(), mlp(sizes, last_act=True)), sizes[-1]


class Encoder(nn.Module):
    """Image (and optional condition vector) -> out_dim numbers."""

    def __init__(self, config, out_dim: int, cond_dim: int = 0):
        super().__init__()
        self.body, features = body(config)
        self.head = nn.Linear(features + cond_dim, out_dim)

    def forward(self, x, cond=None):
        f = self.body(x)
        return self.head(f if cond is None else torch.cat([f, cond], 1))


class Decoder(nn.Module):
    """in_dim numbers -> image logits (B, C, H, W); apply a sigmoid for pixels in [0, 1]."""

    def __init__(self, config, in_dim: int, norm: bool = False):
        super().__init__()
        self.image_shape = tuple(config.image_shape)
        if config.arch == "conv":
            self.net = DeconvBody(in_dim, config.image_shape, config.channels, norm=norm)
        else:
            self.net = mlp([in_dim, *reversed(config.hidden), math.prod(config.image_shape)])

    def forward(self, z):
        return self.net(z).view(-1, *self.image_shape)  # (B, C*H*W) -> (B, C, H, W)


class _BCEWithLogits(torch.autograd.Function):
    """Binary cross-entropy from logits, summed over each image's pixels: (B, ...) -> (B,).

    The value of F.binary_cross_entropy_with_logits, but written with log(1 + e) for
    e = exp(-|l|) in (0, 1] (absolute error < 1.2e-7 a pixel) and the analytic gradient
    sigmoid(l) - x: on CPUs whose log1p kernel is scalar this makes a VAE epoch ~15% faster.
    The target x is data and gets no gradient.
    """

    @staticmethod
    def forward(ctx, logits, x):
        ctx.save_for_backward(logits, x)
        logits, x = logits.float(), x.float()
        nll = logits.clamp(min=0) - logits * x + torch.log(1 + torch.exp(-logits.abs()))
        return nll.flatten(1).sum(1)

    @staticmethod
    def backward(ctx, grad):
        logits, x = ctx.saved_tensors
        shape = (-1,) + (1,) * (logits.dim() - 1)
        g = (torch.sigmoid(logits.float()) - x.float()) * grad.view(shape)
        return g.to(logits.dtype), None


def bce_with_logits(logits: torch.Tensor, x: torch.Tensor) -> torch.Tensor:
    """Per-image binary cross-entropy in nats, summed over pixels: (B, C, H, W) -> (B,)."""
    return _BCEWithLogits.apply(logits, x)
