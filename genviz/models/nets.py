"""Encoder and decoder bodies shared by the families: an MLP and a stride-2 conv stack.

Both work for any (C, H, W). A stride-2 conv with kernel 3 and padding 1 maps H to ceil(H / 2)
(28 -> 14 -> 7 -> 4, 8 -> 4 -> 2 -> 1); the decoder's transposed convs undo each step exactly
by choosing output_padding from the size they must reach.
"""

from __future__ import annotations

import math

import torch
from torch import nn

from genviz.errors import GenvizError

ACTIVATIONS = ("leaky_relu", "relu", "linear")
ARCHES = ("mlp", "conv", "course-conv")


def check_arch(config) -> None:
    """A conv body needs channels; the course's has exactly three conv layers on 28x28."""
    if config.arch != "mlp" and not config.channels:
        raise GenvizError(
            "a conv network needs at least one conv layer; give its channels, like 16,32.",
            "option_list",
            option="channels",
            largest=1_000_000,
        )
    if config.arch == "course-conv" and tuple(config.image_shape[1:]) != (28, 28):
        raise GenvizError(
            "the course's conv network is made for 28x28 images; pick MNIST or Fashion-MNIST.",
            "course_conv_size",
        )
    if config.arch == "course-conv" and len(config.channels) != 3:
        raise GenvizError(
            f"the course's conv network has three conv layers; give three channels, not "
            f"{config.channels}.",
            "option_list",
            option="channels",
            largest=1_000_000,
        )


@torch.no_grad()
def follow(average: nn.Module, live: nn.Module, decay: float, step: int) -> None:
    """Move a moving average of a network's weights one step towards the live ones. The decay
    ramps up from 0.1 (as TensorFlow's ExponentialMovingAverage with num_updates), so a short
    run's average is not stuck near the initial weights; buffers (batch norm's statistics)
    are copied from the live network."""
    decay = min(decay, (1 + step) / (10 + step))
    torch._foreach_lerp_(list(average.parameters()), list(live.parameters()), 1 - decay)
    for a, b in zip(average.buffers(), live.buffers()):
        a.copy_(b)


def next_ema_step(model: nn.Module) -> int:
    """One more step of a model's moving average, counted in its `ema_steps` buffer (read
    once after a load, not at every step, so a GPU never waits for the host); returns it."""
    if getattr(model, "_ema_count", None) is None:
        model._ema_count = int(model.ema_steps)
    model._ema_count += 1
    model.ema_steps.fill_(model._ema_count)
    return model._ema_count


def describe_encoder(config: dict) -> list[str]:
    """An autoencoder's body and latent size in words: ["conv", "32-D"]."""
    words = [config["arch"]] if config.get("arch") else []
    return words + ([f"{config['latent_dim']}-D"] if config.get("latent_dim") else [])


def act(name: str = "leaky_relu") -> nn.Module:
    """The hidden layers' activation: LeakyReLU(0.2), ReLU, or none (a linear network)."""
    if name == "relu":
        return nn.ReLU()
    if name == "linear":
        return nn.Identity()
    return nn.LeakyReLU(0.2)


def mlp(
    sizes: list[int], last_act: bool = False, activation: str = "leaky_relu", norm: bool = False
) -> nn.Sequential:
    """Linear layers through `sizes`; after each hidden one batch norm (if `norm`) and the
    activation (none for "linear"); after the last only if `last_act`."""
    layers = []
    for i, (a, b) in enumerate(zip(sizes, sizes[1:])):
        layers.append(nn.Linear(a, b))
        if last_act or i < len(sizes) - 2:
            if norm:
                layers.append(nn.BatchNorm1d(b))
            if activation != "linear":
                layers.append(act(activation))
    return nn.Sequential(*layers)


class CourseConvEncoder(nn.Module):
    """The course's convolutional encoder: Conv 1-8-16-32 (stride 2; batch norm after the
    second; the last one unpadded, so 28x28 -> 14 -> 7 -> 3x3x32), then an MLP through
    `hidden` (128) to `out_dim`. (B, C, H, W) -> (B, out_dim)."""

    def __init__(self, image_shape, channels, hidden, out_dim: int, activation: str = "relu"):
        super().__init__()
        c, h, w = image_shape
        c1, c2, c3 = channels
        self.conv = nn.Sequential(
            nn.Conv2d(c, c1, 3, stride=2, padding=1), act(activation),
            nn.Conv2d(c1, c2, 3, stride=2, padding=1), nn.BatchNorm2d(c2), act(activation),
            nn.Conv2d(c2, c3, 3, stride=2, padding=0), act(activation),
            nn.Flatten(),
        )  # fmt: skip
        self.grid = (c3, _valid(_half(_half(h))), _valid(_half(_half(w))))
        self.head = mlp([math.prod(self.grid), *hidden, out_dim], activation=activation)

    def forward(self, x):
        return self.head(self.conv(x))


class CourseConvDecoder(nn.Module):
    """The mirror of CourseConvEncoder: an MLP up to 3x3x32, then transposed convs 32-16-8-C
    with batch norm after the first two. (B, in_dim) -> (B, C, H, W) logits."""

    def __init__(self, in_dim: int, image_shape, channels, hidden, activation: str = "relu"):
        super().__init__()
        c, h, w = image_shape
        c1, c2, c3 = channels
        h2, w2 = _half(_half(h)), _half(_half(w))
        self.grid = (c3, _valid(h2), _valid(w2))
        self.fc = mlp([in_dim, *reversed(hidden), math.prod(self.grid)], True, activation)
        first = (h2 - 2 * self.grid[1] - 1, w2 - 2 * self.grid[2] - 1)  # 3 -> 7 exactly
        half = (_half(h), _half(w))

        def pad(target):
            return tuple(1 - t % 2 for t in target)

        self.deconv = nn.Sequential(
            nn.ConvTranspose2d(c3, c2, 3, stride=2, output_padding=first),
            nn.BatchNorm2d(c2), act(activation),
            nn.ConvTranspose2d(c2, c1, 3, stride=2, padding=1, output_padding=pad(half)),
            nn.BatchNorm2d(c1), act(activation),
            nn.ConvTranspose2d(c1, c, 3, stride=2, padding=1, output_padding=pad((h, w))),
        )  # fmt: skip

    def forward(self, z):
        return self.deconv(self.fc(z).view(-1, *self.grid))  # (B, F) -> (B, 32, 3, 3) -> image


def _half(n: int) -> int:
    return (n + 1) // 2  # a stride-2 conv with padding 1


def _valid(n: int) -> int:
    return (n - 3) // 2 + 1  # a stride-2 conv with no padding


class Residual(nn.Module):
    """x + a 3x3 then 1x1 conv of x, channels kept (the VQ-VAE's block; also pix2pix's)."""

    def __init__(self, c: int):
        super().__init__()
        self.net = nn.Sequential(act(), nn.Conv2d(c, c, 3, padding=1), act(), nn.Conv2d(c, c, 1))

    def forward(self, x):
        return x + self.net(x)


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
    activation = getattr(config, "activation", "leaky_relu")
    norm = getattr(config, "batch_norm", False)
    if config.arch == "conv":
        options = {"norm": True, **conv_options} if norm else conv_options
        conv = ConvBody(config.image_shape, config.channels, **options)
        return conv, conv.out_features
    sizes = [math.prod(config.image_shape), *config.hidden]
    return nn.Sequential(nn.Flatten(), mlp(sizes, True, activation, norm)), sizes[-1]


class Encoder(nn.Module):
    """Image (and optional condition vector) -> out_dim numbers."""

    def __init__(self, config, out_dim: int, cond_dim: int = 0):
        super().__init__()
        if config.arch == "course-conv":  # its own MLP ends in the output: no extra head
            self.body = CourseConvEncoder(
                config.image_shape, config.channels, config.hidden, out_dim, config.activation
            )
            self.head = None
            return
        self.body, features = body(config)
        self.head = nn.Linear(features + cond_dim, out_dim)

    def forward(self, x, cond=None):
        f = self.body(x)
        if self.head is None:
            return f
        return self.head(f if cond is None else torch.cat([f, cond], 1))


class Decoder(nn.Module):
    """in_dim numbers -> image logits (B, C, H, W); apply a sigmoid for pixels in [0, 1]."""

    def __init__(self, config, in_dim: int, norm: bool = False):
        super().__init__()
        self.image_shape = tuple(config.image_shape)
        activation = getattr(config, "activation", "leaky_relu")
        norm = norm or getattr(config, "batch_norm", False)
        if config.arch == "conv":
            self.net = DeconvBody(in_dim, config.image_shape, config.channels, norm=norm)
        elif config.arch == "course-conv":
            self.net = CourseConvDecoder(
                in_dim, config.image_shape, config.channels, config.hidden, activation
            )
        else:
            sizes = [in_dim, *reversed(config.hidden), math.prod(config.image_shape)]
            self.net = mlp(sizes, activation=activation, norm=norm)

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
