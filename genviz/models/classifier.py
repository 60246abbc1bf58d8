"""A small image classifier: not a generative model, but the judge of one. It scores samples
by class fidelity, confidence and a Frechet distance in its feature space (Heusel et al. 2017,
arXiv:1706.08500, with this classifier in place of Inception), and lets a sampler reject
low-confidence samples as VQ-VAE-2 does (Razavi et al. 2019, arXiv:1906.00446)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

import torch
import torch.nn.functional as F
from torch import nn

from genviz.models.base import Capabilities, GenModel, ModelConfig
from genviz.models.nets import act, body


@dataclass
class ClassifierConfig(ModelConfig):
    arch: str = "conv"  # "conv" or "mlp"
    channels: tuple[int, ...] = (32, 64)  # conv channels
    hidden: tuple[int, ...] = (256,)  # MLP widths
    features: int = 128  # width of the feature layer the Frechet distance is measured in
    dropout: float = 0.3

    choices: ClassVar = {"arch": ("mlp", "conv")}
    main: ClassVar = ("arch", "channels", "hidden")
    bounds: ClassVar = {"dropout": (0.0, 0.9)}


class _Network(nn.Module):
    """The classifier's body, neck and head as one module, for a layer summary."""

    def __init__(self, model):
        super().__init__()
        self.body, self.neck, self.head = model.body, model.neck, model.head

    def forward(self, x):
        return self.head(self.neck(self.body(x)))


class Classifier(GenModel):
    kind = "classifier"
    Config = ClassifierConfig
    caps = Capabilities(encode=False, sample=False, latent="none", judge=True)
    default_lr = 2e-3

    def __init__(self, config: ClassifierConfig):
        super().__init__(config)
        self.body, width = body(config)
        self.neck = nn.Sequential(
            nn.Dropout(config.dropout), nn.Linear(width, config.features), act()
        )
        self.head = nn.Linear(config.features, config.num_classes)

    def features(self, x, y=None):
        """The penultimate layer: (B, C, H, W) -> (B, features)."""
        return self.neck(self.body(x))

    def parts(self):
        return {"classifier": (_Network(self), [self._example()])}

    def logits(self, x):
        return self.head(self.features(x))  # (B, C, H, W) -> (B, num_classes)

    def loss(self, x, y):
        logits = self.logits(x)
        ce = F.cross_entropy(logits, y)
        return ce, {"ce": ce, "acc": (logits.argmax(1) == y).float().mean()}

    @torch.no_grad()
    def predict(self, x) -> tuple[torch.Tensor, torch.Tensor]:
        """(predicted class, its probability) per image."""
        probs = self.logits(x).float().softmax(1)
        confidence, label = probs.max(1)
        return label, confidence
