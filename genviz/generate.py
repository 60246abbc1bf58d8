"""Rejection sampling by a trained classifier, as VQ-VAE-2 (Razavi et al. 2019, sec. 3.3)
does: keep the samples a classifier labels with high confidence (and, for a conditional
model, as the class asked for)."""

from __future__ import annotations

from dataclasses import dataclass

import torch

from genviz.errors import GenvizError
from genviz.models import GenModel
from genviz.models.classifier import Classifier


@dataclass
class Accepted:
    images: torch.Tensor  # (n, C, H, W) in [0, 1], on the CPU
    labels: torch.Tensor  # (n,) the classifier's verdicts
    confidence: torch.Tensor  # (n,) its top probabilities
    drawn: int  # samples drawn to find them
    accepted: int  # of those, how many passed (the images hold at most n of them)

    @property
    def acceptance(self) -> float:
        return self.accepted / max(self.drawn, 1)


@torch.no_grad()
def rejection_sample(
    model: GenModel,
    classifier: Classifier,
    n: int,
    label: int | None = None,
    min_confidence: float = 0.9,
    generator: torch.Generator | None = None,
    max_draws: int | None = None,
    **options,
) -> Accepted:
    """Up to n samples the classifier accepts; draws at most `max_draws` (default 20 n), so a
    model that is never confident returns fewer than n instead of looping forever."""
    if not 0 <= min_confidence < 1:
        raise GenvizError("the minimum confidence must be in [0, 1).")
    if n < 1:
        raise GenvizError("ask for at least one sample.")
    max_draws = max_draws or 20 * n
    kept, drawn, batch = [], 0, max(n, 64)
    while sum(len(k[0]) for k in kept) < n and drawn < max_draws:
        x = model.sample(batch, label, generator=generator, **options).float()
        pred, conf = classifier.predict(x.to(classifier.device))
        ok = conf.cpu() >= min_confidence
        if label is not None:
            ok &= pred.cpu() == label
        kept.append((x.cpu()[ok], pred.cpu()[ok], conf.cpu()[ok]))
        drawn += batch
    images, labels, confidence = (torch.cat(parts) for parts in zip(*kept))
    return Accepted(images[:n], labels[:n], confidence[:n], drawn, len(images))
