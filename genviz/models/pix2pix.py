"""pix2pix (Isola, Zhu, Zhou & Efros 2017, arXiv:1611.07004): a conditional GAN whose
condition is an image. A small U-Net maps the input image to the output image; a PatchGAN
discriminator judges (input, output) pairs patch by patch, real or made; the generator
minimises L1 to the target plus the adversarial loss (lambda = 100 on L1, as the paper).

The paired tasks are made from any dataset's images (`make_input`):
- "edges": the image's outline (a morphological gradient, thresholded): draw the digit;
- "masked": a random square of the image blanked: complete it;
- "noisy": Gaussian noise of sigma 0.5, the DAE's default: clean it.
`adv_weight` 0 trains the same U-Net with L1 alone (a plain reconstruction loss), the
comparison the Translate page shows beside the adversarial one; it has no discriminator.
"""

from __future__ import annotations

from contextlib import nullcontext
from dataclasses import dataclass
from typing import ClassVar

import torch
import torch.nn.functional as F
from torch import nn

from genviz.data import corrupt
from genviz.models.base import Capabilities, GenModel, ModelConfig, fast_adam
from genviz.models.nets import Residual, act, down, spatial_sizes, up

TASKS = ("edges", "masked", "noisy")


@dataclass
class Pix2PixConfig(ModelConfig):
    task: str = "edges"  # the paired task: "edges", "masked" or "noisy"
    channels: tuple[int, ...] = (16, 32, 64)  # U-Net widths, one stride-2 step after the first
    d_channels: tuple[int, ...] = (32, 64)  # PatchGAN widths, each a stride-2 step
    l1_weight: float = 100.0  # lambda in the paper
    adv_weight: float = 1.0  # 0: L1 alone, no discriminator
    noise_level: float = 0.5  # "noisy": the Gaussian sigma; "masked": the square's side share

    choices: ClassVar = {"task": TASKS}
    bounds: ClassVar = {"noise_level": (0.05, 1.0), "l1_weight": (0.0, 1e4)}
    main: ClassVar = ("task", "adv_weight", "channels")


def outline(x: torch.Tensor) -> torch.Tensor:
    """Thin edges of images in [0, 1]: dilation minus erosion (3x3), thresholded at 0.5."""
    dilated = F.max_pool2d(x, 3, 1, 1)
    eroded = -F.max_pool2d(-x, 3, 1, 1)
    return ((dilated - eroded) > 0.5).to(x.dtype)


def blank_square(x: torch.Tensor, side: float, generator=None) -> torch.Tensor:
    """Each image with one square (side * its height) at a random place set to 0."""
    b, _, h, w = x.shape
    s = max(1, round(side * h))
    draw = dict(generator=generator, device=generator.device if generator else x.device)
    top = torch.randint(0, h - s + 1, (b,), **draw).to(x.device)
    left = torch.randint(0, w - s + 1, (b,), **draw).to(x.device)
    rows = torch.arange(h, device=x.device)[None, :, None]
    cols = torch.arange(w, device=x.device)[None, None, :]
    inside = (
        (rows >= top[:, None, None])
        & (rows < (top + s)[:, None, None])
        & (cols >= left[:, None, None])
        & (cols < (left + s)[:, None, None])
    )
    return x.masked_fill(inside[:, None], 0.0)


class UNet(nn.Module):
    """(B, C, H, W) -> (B, C, H, W) logits: a conv at full size, stride-2 steps down with a
    skip connection at each size, a residual block at the bottom, and back up."""

    def __init__(self, image_shape, channels):
        super().__init__()
        c, h, w = image_shape
        steps = len(channels) - 1
        hs, ws = spatial_sizes(h, steps), spatial_sizes(w, steps)
        self.stem = nn.Sequential(nn.Conv2d(c, channels[0], 3, padding=1), act())
        self.downs = nn.ModuleList(
            nn.Sequential(down(a, b), nn.BatchNorm2d(b), act())
            for a, b in zip(channels, channels[1:])
        )
        self.middle = Residual(channels[-1])
        self.ups = nn.ModuleList()
        self.merges = nn.ModuleList()
        for i in range(steps, 0, -1):
            a, b = channels[i], channels[i - 1]
            self.ups.append(nn.Sequential(up(a, b, (hs[i - 1], ws[i - 1])), act()))
            self.merges.append(
                nn.Sequential(nn.Conv2d(2 * b, b, 3, padding=1), nn.BatchNorm2d(b), act())
            )
        self.out = nn.Conv2d(channels[0], c, 1)

    def forward(self, x):
        skips = [self.stem(x)]
        for step in self.downs:
            skips.append(step(skips[-1]))
        h = self.middle(skips.pop())
        for upsample, merge in zip(self.ups, self.merges):
            h = merge(torch.cat([upsample(h), skips.pop()], 1))
        return self.out(h)


class PatchGAN(nn.Module):
    """(input, output) pair -> a grid of real-vs-made logits, one per overlapping patch."""

    def __init__(self, image_shape, channels):
        super().__init__()
        c = image_shape[0]
        layers: list[nn.Module] = []
        for i, (a, b) in enumerate(zip((2 * c, *channels), channels)):
            layers += [down(a, b)] + ([nn.BatchNorm2d(b)] if i > 0 else []) + [act()]
        self.net = nn.Sequential(*layers, nn.Conv2d(channels[-1], 1, 3, padding=1))

    def forward(self, condition, image):
        return self.net(torch.cat([condition, image], 1))


class Pix2Pix(GenModel):
    kind = "pix2pix"
    Config = Pix2PixConfig
    caps = Capabilities(encode=False, sample=False, latent="none", translate=True)
    default_lr = 2e-4

    def __init__(self, config: Pix2PixConfig):
        super().__init__(config)
        self.generator = UNet(config.image_shape, config.channels)
        self.discriminator = (
            PatchGAN(config.image_shape, config.d_channels) if config.adv_weight > 0 else None
        )

    @classmethod
    def describe(cls, config):
        adversarial = config.get("adv_weight", 1.0) > 0
        return [config.get("task", "?"), "L1 + adversarial" if adversarial else "L1 alone"]

    def make_input(self, x: torch.Tensor, generator: torch.Generator | None = None):
        """The task's input for target images x in [0, 1] (random where the task is)."""
        task, level = self.config.task, self.config.noise_level
        if task == "edges":
            return outline(x)
        if task == "masked":
            return blank_square(x, level, generator)
        return corrupt(x, "gaussian", level, generator)

    def translate(self, x: torch.Tensor) -> torch.Tensor:
        """Input images -> output images, both (B, C, H, W) in [0, 1]."""
        return torch.sigmoid(self.generator(x))

    def parts(self):
        example = self._example()
        found = {"generator": (self.generator, [example])}
        if self.discriminator is not None:
            found["discriminator"] = (self.discriminator, [example, example])
        return found

    def loss(self, x, y=None):  # L1 alone (adv_weight 0)
        made = self.translate(self.make_input(x))
        l1 = F.l1_loss(made, x)
        return self.config.l1_weight * l1, {"l1": l1}

    def configure_optimizers(self, lr=None, weight_decay: float = 0.0):
        if self.discriminator is None:
            return super().configure_optimizers(lr, weight_decay)
        lr = self.default_lr if lr is None else lr
        groups = [list(n.parameters()) for n in (self.discriminator, self.generator)]
        return [
            torch.optim.Adam(
                p, lr=lr, betas=(0.5, 0.999), weight_decay=weight_decay, **fast_adam(p)
            )
            for p in groups
        ]

    def training_step(self, x, y, optimizers, autocast=None):
        if self.discriminator is None:
            return super().training_step(x, y, optimizers, autocast)
        autocast = autocast or nullcontext()
        opt_d, opt_g = optimizers
        with autocast:
            given = self.make_input(x)
            logits = self.generator(given)
            made = torch.sigmoid(logits)
            d_real = self.discriminator(given, x)
            d_made = self.discriminator(given, made.detach())
            loss_d = 0.5 * (
                F.binary_cross_entropy_with_logits(d_real, torch.ones_like(d_real))
                + F.binary_cross_entropy_with_logits(d_made, torch.zeros_like(d_made))
            )
        opt_d.zero_grad(set_to_none=True)
        loss_d.backward()
        opt_d.step()
        with autocast:
            d_gen = self.discriminator(given, made)
            adv = F.binary_cross_entropy_with_logits(d_gen, torch.ones_like(d_gen))
            l1 = F.l1_loss(made.float(), x.float())
            loss_g = self.config.adv_weight * adv + self.config.l1_weight * l1
        opt_g.zero_grad(set_to_none=True)
        loss_g.backward()
        opt_g.step()
        return {
            "loss": (loss_d + loss_g).detach(),
            "d_loss": loss_d.detach(),
            "adv": adv.detach(),
            "l1": l1.detach(),
            "d_real": torch.sigmoid(d_real.float()).mean().detach(),
            "d_fake": torch.sigmoid(d_made.float()).mean().detach(),
        }
