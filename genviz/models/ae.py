"""Autoencoder (Hinton & Salakhutdinov 2006, Science 313:504): MLP or stride-2 conv variant."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

import torch
import torch.nn.functional as F

from genviz.models.base import Capabilities, GenModel, ModelConfig
from genviz.models.nets import ACTIVATIONS, ARCHES, Decoder, Encoder, check_arch, describe_encoder


@dataclass
class AEConfig(ModelConfig):
    latent_dim: int = 2
    # "mlp": Linear 784-256-128-latent; "conv": stride-2 convs; "course-conv": the course's
    # Conv 1-8-16-32 (batch norm after the second), 3x3x32 -> `hidden` -> latent, mirrored
    arch: str = "mlp"
    hidden: tuple[int, ...] = (256, 128)  # MLP widths, encoder order (the decoder mirrors)
    channels: tuple[int, ...] = (8, 16, 32)  # conv channels, encoder order
    activation: str = "leaky_relu"  # of the hidden layers: "leaky_relu" (0.2), "relu", "linear"
    batch_norm: bool = False  # batch norm after each hidden layer (each conv but the first)
    output: str = "sigmoid"  # "sigmoid", or "linear" (a linear AE: clipped to [0, 1] to show)

    choices: ClassVar = {"arch": ARCHES, "activation": ACTIVATIONS, "output": ("sigmoid", "linear")}
    main: ClassVar = ("latent_dim", "arch", "hidden", "channels", "activation", "batch_norm")

    may_be_empty: ClassVar = ("hidden", "channels")  # check_arch asks for what the arch needs

    def __post_init__(self):
        super().__post_init__()
        check_arch(self)


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

    @classmethod
    def describe(cls, config):
        return describe_encoder(config)

    def encode(self, x, y=None):
        return self.encoder(x)  # (B, C, H, W) -> (B, latent_dim)

    def decode(self, z, y=None):
        return self.output(self.decoder(z)).clamp(0, 1)  # (B, latent_dim) -> (B, C, H, W)

    def output(self, logits):
        return torch.sigmoid(logits) if self.config.output == "sigmoid" else logits

    def loss(self, x, y=None):
        out = self.output(self.decoder(self.encode(self.input_for(x))))  # not clipped: a
        mse = F.mse_loss(out, x)  # linear AE trains on its linear output; mean over pixels
        return mse, {"mse": mse}

    def parts(self):
        z = torch.zeros(2, self.config.latent_dim, device=self.device)
        return {"encoder": (self.encoder, [self._example()]), "decoder": (self.decoder, [z])}

    def input_for(self, x):
        """What the encoder sees in training: the clean image here, a corrupted one in a DAE."""
        return x
