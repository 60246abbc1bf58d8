"""Autoencoder (Hinton & Salakhutdinov 2006, Science 313:504): MLP or stride-2 conv variant."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

import torch
import torch.nn.functional as F

from genviz.models.base import Capabilities, GenModel, ModelConfig
from genviz.models.nets import Decoder, Encoder


@dataclass
class AEConfig(ModelConfig):
    latent_dim: int = 2
    arch: str = "mlp"  # "mlp": Linear 784-256-128-latent; "conv": Conv 1-8-16-32, stride 2
    hidden: tuple[int, ...] = (256, 128)  # MLP widths, encoder order (the decoder mirrors)
    channels: tuple[int, ...] = (8, 16, 32)  # conv channels, encoder order

    choices: ClassVar = {"arch": ("mlp", "conv")}
    main: ClassVar = ("latent_dim", "arch", "hidden", "channels")


class AE(GenModel):
    """Deterministic autoencoder trained on per-pixel MSE; its latent space has no prior, so
    `sample` draws from N(0, I) only to show the gaps such a space has."""

    kind = "ae"
    Config = AEConfig
    caps = Capabilities()  # samples N(0, I) with no prior: the lesson about gaps

    def __init__(self, config: AEConfig):
        super().__init__(config)
        self.encoder = Encoder(config, config.latent_dim)
        self.decoder = Decoder(config, config.latent_dim)

    def encode(self, x, y=None):
        return self.encoder(x)  # (B, C, H, W) -> (B, latent_dim)

    def decode(self, z, y=None):
        return torch.sigmoid(self.decoder(z))  # (B, latent_dim) -> (B, C, H, W)

    def loss(self, x, y=None):
        mse = F.mse_loss(self.reconstruct(self.input_for(x)), x)  # mean over pixels and batch
        return mse, {"mse": mse}

    def input_for(self, x):
        """What the encoder sees in training: the clean image here, a corrupted one in a DAE."""
        return x
