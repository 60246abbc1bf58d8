"""Conditional VAE (Sohn, Lee & Yan 2015, NeurIPS): the class label, one-hot, is fed to both
the encoder and the decoder, so the latent keeps style and the label picks the class."""

from __future__ import annotations

from dataclasses import dataclass

import torch.nn.functional as F

from genviz.models.base import Capabilities
from genviz.models.vae import VAE, VAEConfig


@dataclass
class CVAEConfig(VAEConfig):
    pass


class CVAE(VAE):
    kind = "cvae"
    Config = CVAEConfig
    caps = Capabilities(conditional=True, latent_prior=True, likelihood=True)

    def condition(self, y):
        if y is None:
            raise ValueError("a cvae needs class labels y")
        return F.one_hot(y, self.config.num_classes).float()
