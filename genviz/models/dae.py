"""Denoising autoencoder (Vincent et al. 2008, ICML): reconstruct the clean image from a
corrupted one, so the code must capture structure rather than copy pixels."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from genviz.data import NOISES, corrupt
from genviz.models.ae import AE, AEConfig
from genviz.models.base import Capabilities
from genviz.models.nets import describe_encoder


@dataclass
class DAEConfig(AEConfig):
    latent_dim: int = 32
    arch: str = "conv"
    noise: str = "gaussian"  # "gaussian", "salt-pepper" or "mask", applied to training inputs
    noise_level: float = 0.5  # gaussian sigma, or the share of pixels hit

    choices: ClassVar = {**AEConfig.choices, "noise": NOISES}
    main: ClassVar = (*AEConfig.main, "noise", "noise_level")
    bounds: ClassVar = {"noise_level": (0.0, 1.0)}


class DAE(AE):
    kind = "dae"
    Config = DAEConfig
    caps = Capabilities(denoise=True)

    @classmethod
    def describe(cls, config):
        words = describe_encoder(config)
        return [*words[:1], f"{config.get('noise')} {config.get('noise_level')}", *words[1:]]

    def input_for(self, x):
        return corrupt(x, self.config.noise, self.config.noise_level)
