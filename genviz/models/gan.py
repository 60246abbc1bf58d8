"""GAN (Goodfellow et al. 2014) in the DCGAN style (Radford et al. 2016, arXiv:1511.06434), and
the conditional GAN (Mirza & Osindero 2014) whose discriminator uses the projection of Miyato &
Koyama (2018, arXiv:1802.05637), optionally with an auxiliary classifier (Odena et al. 2017).

Stabilisers: spectral norm in the discriminator (Miyato et al. 2018), the hinge loss (Lim & Ye
2017) or the non-saturating loss with one-sided label smoothing, a faster discriminator (the
two time-scale rule, Heusel et al. 2017), an exponential moving average of the generator's
weights used for sampling (Yazici et al. 2019, arXiv:1806.04498), and an optional R1 penalty on
the discriminator's gradient at real images (Mescheder et al. 2018, arXiv:1801.04406).
"""

from __future__ import annotations

import copy
from contextlib import nullcontext
from dataclasses import dataclass
from typing import ClassVar

import torch
import torch.nn.functional as F
from torch import nn

from genviz.models.base import Capabilities, GenModel, ModelConfig
from genviz.models.nets import Decoder, body, follow, next_ema_step


@dataclass
class GANConfig(ModelConfig):
    latent_dim: int = 64  # length of the noise vector z
    arch: str = "conv"  # "conv" (DCGAN) or "mlp"
    channels: tuple[int, ...] = (64, 128)  # discriminator channels; the generator mirrors them
    hidden: tuple[int, ...] = (512, 256)  # MLP widths, discriminator order
    embed_dim: int = 16  # label embedding fed to the generator (conditional GAN only)
    loss: str = "hinge"  # "hinge", or "bce": the non-saturating loss, -log D(G(z)) for G
    real_label: float = 0.9  # one-sided label smoothing of the bce loss (Salimans et al. 2016)
    d_lr_scale: float = 2.0  # the discriminator's learning rate is lr times this
    ema_decay: float = 0.999  # decay of the generator's moving average that samples; 0: none
    r1: float = 0.0  # weight of the R1 penalty, gamma / 2 * |grad D(x)|^2 on real x; 0: none
    # conditional GAN: weight of an auxiliary classification loss (AC-GAN, Odena et al. 2017,
    # arXiv:1610.09585): D also learns the class of real images, G is rewarded when D
    # recognises the class asked for in its samples; 0: the projection alone
    class_loss: float = 0.0
    # the discriminator's normalisation: "spectral" (Miyato et al. 2018) or "batch" (DCGAN's,
    # batch norm after every convolution but the first)
    d_norm: str = "spectral"
    # minibatch standard deviation (Karras et al. 2018, arXiv:1710.10196): D also sees how much
    # the images of a small group differ, so a generator that repeats itself is caught
    mbstd: bool = True

    choices: ClassVar = {
        "arch": ("mlp", "conv"),
        "loss": ("hinge", "bce"),
        "d_norm": ("spectral", "batch"),
    }
    main: ClassVar = ("latent_dim", "arch", "channels", "hidden", "loss", "ema_decay")
    bounds: ClassVar = {
        "real_label": (0.5, 1.0),
        "ema_decay": (0.0, 0.99999),
        "d_lr_scale": (0.01, 100),
        "class_loss": (0.0, 100.0),
    }
    # a checkpoint from before these fields existed was trained as the plain DCGAN
    legacy: ClassVar = {"loss": "bce", "d_lr_scale": 1.0, "ema_decay": 0.0, "mbstd": False}


class GAN(GenModel):
    kind = "gan"
    Config = GANConfig
    caps = Capabilities(encode=False, latent="noise", latent_prior=True)
    default_lr = 2e-4

    def __init__(self, config: GANConfig):
        super().__init__(config)
        k, e = config.num_classes, config.embed_dim
        self.g_embed = nn.Embedding(k, e) if self.can.conditional else None
        cond = self.can.conditional
        self.generator = Decoder(config, config.latent_dim + (e if cond else 0), norm=True)
        spectral = config.d_norm == "spectral"
        self.d_body, features = body(config, spectral=spectral, norm=not spectral)
        self.d_head = nn.Linear(features + int(config.mbstd), 1)
        self.d_embed = nn.Embedding(k, features) if cond else None  # the class projection
        if cond and config.class_loss > 0:
            self.d_classify = nn.Linear(features, k)
        if config.ema_decay > 0:  # a frozen copy that follows the generator slowly and samples
            self.ema_generator = copy.deepcopy(self.generator).requires_grad_(False)
            self.ema_g_embed = copy.deepcopy(self.g_embed)
            if self.ema_g_embed is not None:
                self.ema_g_embed.requires_grad_(False)
            self.register_buffer("ema_steps", torch.zeros((), dtype=torch.long))
        self._ema_count: int | None = None

    def stand_ins(self):
        if self.config.ema_decay <= 0:
            return {}
        found = {"generator.": "ema_generator."}
        return found | ({"g_embed.": "ema_g_embed."} if self.g_embed is not None else {})

    def generate_logits(self, z, y=None, averaged: bool = False):
        """(B, latent_dim) noise -> (B, C, H, W) logits, from the averaged generator or not."""
        net, embed = (
            (self.ema_generator, self.ema_g_embed) if averaged else (self.generator, self.g_embed)
        )
        if self.can.conditional:
            z = torch.cat([z, embed(y)], 1)
        return net(z)

    def decode(self, z, y=None):
        averaged = (
            self.config.ema_decay > 0 and not self.training
        )  # train with G, sample with EMA(G)
        return torch.sigmoid(self.generate_logits(z, y, averaged))  # (B, latent) -> (B, C, H, W)

    def parts(self):
        e = self.config.embed_dim if self.can.conditional else 0
        z = torch.zeros(2, self.config.latent_dim + e, device=self.device)
        return {
            "generator": (self.generator, [z]),
            "discriminator": (self.d_body, [self._example()]),
        }

    def discriminate(self, x, y=None):
        """Real-vs-fake score per image (a logit for bce): (B, C, H, W) -> (B,)."""
        return self._discriminate(x, y)[0]

    def _discriminate(self, x, y=None):
        f = self.d_body(x)  # (B, C, H, W) -> (B, F)
        out = self.d_head(torch.cat([f, _group_std(f)], 1) if self.config.mbstd else f)[:, 0]
        if self.can.conditional:
            out = out + (self.d_embed(y) * f).sum(1)
        return out, f

    def _class_loss(self, f, y):
        if not hasattr(self, "d_classify"):
            return 0.0
        return self.config.class_loss * F.cross_entropy(self.d_classify(f), y)

    def configure_optimizers(self, lr=None, weight_decay: float = 0.0):
        lr = self.default_lr if lr is None else lr
        d_params = [p for n, p in self.named_parameters() if n.startswith("d_")]
        g_params = [p for n, p in self.named_parameters() if not n.startswith(("d_", "ema_"))]
        d_lr = lr * self.config.d_lr_scale
        return [
            torch.optim.Adam(d_params, lr=d_lr, betas=(0.5, 0.999), weight_decay=weight_decay),
            torch.optim.Adam(g_params, lr=lr, betas=(0.5, 0.999), weight_decay=weight_decay),
        ]

    def d_loss(self, d_real, d_fake):
        if self.config.loss == "hinge":
            return F.relu(1 - d_real).mean() + F.relu(1 + d_fake).mean()
        real = torch.full_like(d_real, self.config.real_label)
        return F.binary_cross_entropy_with_logits(
            d_real, real
        ) + F.binary_cross_entropy_with_logits(d_fake, torch.zeros_like(d_fake))

    def g_loss(self, d_gen):
        if self.config.loss == "hinge":
            return -d_gen.mean()
        return F.binary_cross_entropy_with_logits(d_gen, torch.ones_like(d_gen))  # -log D(G(z))

    def training_step(self, x, y, optimizers, autocast=None):
        autocast = autocast or nullcontext()
        opt_d, opt_g = optimizers
        y = y if self.can.conditional else None
        r1 = self.config.r1 > 0
        with autocast:
            z = self.randn((x.shape[0], self.config.latent_dim))
            fake = torch.sigmoid(self.generate_logits(z, y))
            x = x.requires_grad_(True) if r1 else x
            d_real, f_real = self._discriminate(x, y)
            d_fake = self.discriminate(fake.detach(), y)
            loss_d = self.d_loss(d_real, d_fake) + self._class_loss(f_real, y)
        logs = {}
        if r1:  # gradient penalty at the real images, taken in float32
            (grad,) = torch.autograd.grad(d_real.float().sum(), x, create_graph=True)
            penalty = grad.square().flatten(1).sum(1).mean()
            loss_d = loss_d + 0.5 * self.config.r1 * penalty
            logs["r1"] = penalty.detach()
        opt_d.zero_grad(set_to_none=True)
        loss_d.backward()
        opt_d.step()
        with autocast:
            d_gen, f_gen = self._discriminate(fake, y)
            loss_g = self.g_loss(d_gen) + self._class_loss(f_gen, y)
        opt_g.zero_grad(set_to_none=True)
        loss_g.backward()
        opt_g.step()
        if self.config.ema_decay > 0:
            self._update_ema()
        return {
            "loss": (loss_d + loss_g).detach(),
            "d_loss": loss_d.detach(),
            "g_loss": loss_g.detach(),
            "d_real": torch.sigmoid(d_real.float()).mean().detach(),  # D(x), as a probability
            "d_fake": torch.sigmoid(d_fake.float()).mean().detach(),  # D(G(z))
            **logs,
        }

    @torch.no_grad()
    def _update_ema(self):
        step = next_ema_step(self)
        follow(self.ema_generator, self.generator, self.config.ema_decay, step)
        if self.g_embed is not None:
            follow(self.ema_g_embed, self.g_embed, self.config.ema_decay, step)


def _group_std(f: torch.Tensor, group: int = 4) -> torch.Tensor:
    """Each image's group of `group` images: their features' standard deviation, averaged
    over the features: (B, F) -> (B, 1). A batch that does not split evenly is one group."""
    b = f.shape[0]
    g = group if b % group == 0 and b >= group else b
    spread = f.float().view(g, b // g, -1).std(0, unbiased=False).mean(1)  # (B/g,)
    return spread.repeat(g)[:, None].to(f.dtype)  # back to one value per image


class CGAN(GAN):
    kind = "cgan"
    caps = Capabilities(encode=False, latent="noise", latent_prior=True, conditional=True)
