"""GAN (Goodfellow et al. 2014) in the DCGAN style (Radford et al. 2016, arXiv:1511.06434) with
the non-saturating generator loss, and the conditional GAN (Mirza & Osindero 2014) whose
discriminator uses the projection of Miyato & Koyama (2018, arXiv:1802.05637).

Stabilisers: batch norm in the generator, spectral norm in the discriminator, Adam with
beta1 = 0.5, and one-sided label smoothing of the real targets.
"""

from __future__ import annotations

from contextlib import nullcontext
from dataclasses import dataclass
from typing import ClassVar

import torch
import torch.nn.functional as F
from torch import nn

from genviz.models.base import GenModel, ModelConfig
from genviz.models.nets import Decoder, body


@dataclass
class GANConfig(ModelConfig):
    latent_dim: int = 64  # length of the noise vector z
    arch: str = "conv"  # "conv" (DCGAN) or "mlp"
    channels: tuple[int, ...] = (64, 128)  # discriminator channels; the generator mirrors them
    hidden: tuple[int, ...] = (512, 256)  # MLP widths, discriminator order
    embed_dim: int = 16  # label embedding fed to the generator (conditional GAN only)
    real_label: float = 0.9  # one-sided label smoothing (Salimans et al. 2016)

    choices: ClassVar = {"arch": ("mlp", "conv")}
    bounds: ClassVar = {"real_label": (0.5, 1.0)}


class GAN(GenModel):
    kind = "gan"
    Config = GANConfig
    latent_type = "noise"
    can_encode = False
    default_lr = 2e-4

    def __init__(self, config: GANConfig):
        super().__init__(config)
        k, e = config.num_classes, config.embed_dim
        self.g_embed = nn.Embedding(k, e) if self.conditional else None
        self.generator = Decoder(
            config, config.latent_dim + (e if self.conditional else 0), norm=True
        )
        self.d_body, features = body(config, spectral=True)
        self.d_head = nn.Linear(features, 1)
        self.d_embed = nn.Embedding(k, features) if self.conditional else None  # projection

    def decode(self, z, y=None):
        if self.conditional:
            z = torch.cat([z, self.g_embed(y)], 1)
        return torch.sigmoid(self.generator(z))  # (B, latent_dim) -> (B, C, H, W)

    def discriminate(self, x, y=None):
        """Real-vs-fake logit per image: (B, C, H, W) -> (B,)."""
        f = self.d_body(x)
        out = self.d_head(f)[:, 0]
        if self.conditional:
            out = out + (self.d_embed(y) * f).sum(1)
        return out

    def configure_optimizers(self, lr=None):
        lr = self.default_lr if lr is None else lr
        d_params = [p for n, p in self.named_parameters() if n.startswith("d_")]
        g_params = [p for n, p in self.named_parameters() if not n.startswith("d_")]
        return [torch.optim.Adam(ps, lr=lr, betas=(0.5, 0.999)) for ps in (d_params, g_params)]

    def training_step(self, x, y, optimizers, autocast=None):
        autocast = autocast or nullcontext()
        opt_d, opt_g = optimizers
        y = y if self.conditional else None
        with autocast:
            fake = self.decode(self.randn((x.shape[0], self.config.latent_dim)), y)
            d_real = self.discriminate(x, y)
            d_fake = self.discriminate(fake.detach(), y)
            loss_d = F.binary_cross_entropy_with_logits(
                d_real, torch.full_like(d_real, self.config.real_label)
            ) + F.binary_cross_entropy_with_logits(d_fake, torch.zeros_like(d_fake))
        opt_d.zero_grad(set_to_none=True)
        loss_d.backward()
        opt_d.step()
        with autocast:
            d_gen = self.discriminate(fake, y)
            loss_g = F.binary_cross_entropy_with_logits(
                d_gen, torch.ones_like(d_gen)
            )  # log D(G(z))
        opt_g.zero_grad(set_to_none=True)
        loss_g.backward()
        opt_g.step()
        return {
            "loss": (loss_d + loss_g).detach(),
            "d_loss": loss_d.detach(),
            "g_loss": loss_g.detach(),
            "d_real": torch.sigmoid(d_real).mean().detach(),
            "d_fake": torch.sigmoid(d_fake).mean().detach(),
        }


class CGAN(GAN):
    kind = "cgan"
    conditional = True
