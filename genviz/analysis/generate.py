"""New images from a model: many samples in batches (`samples`), rejection sampling by a
trained classifier as VQ-VAE-2 does (Razavi et al. 2019, sec. 3.3: keep the samples a
classifier labels with high confidence, and, for a conditional model, as the class asked for),
class grids, and the few images that show what a model does (`preview`)."""

from __future__ import annotations

from dataclasses import dataclass

import torch

from genviz.analysis.batches import BATCH
from genviz.errors import GenvizError
from genviz.models import GenModel
from genviz.models.classifier import Classifier


@torch.no_grad()
def samples(model: GenModel, n: int, seed: int = 0, batch: int = BATCH, label=None, **options):
    """n samples from the model (CPU) and the labels asked for: `label`, or 0..K-1 cycled
    when the model is conditional (None otherwise). `options` go to `sample` (temperature)."""
    gen = torch.Generator().manual_seed(seed)
    asked = None
    if model.can.conditional:
        k = model.config.num_classes
        if label is not None and not 0 <= int(label) < k:
            raise GenvizError(f"class label {label} is out of range; use 0 to {k - 1}.")
        asked = torch.full((n,), int(label)) if label is not None else torch.arange(n) % k
    parts = []
    for start in range(0, n, batch):
        y = None if asked is None else asked[start : start + batch].to(model.device)
        size = min(batch, n - start)
        parts.append(model.sample(size, y, generator=gen, **options).float().cpu())
    return torch.cat(parts), asked


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


@torch.no_grad()
def class_grid(model: GenModel, per_class: int, seed: int = 0) -> torch.Tensor:
    """A conditional model's samples, one row per class and `per_class` columns, drawn by the
    model's own `sample` with the same seed in every row: for a model that draws noise, a
    column shares its noise, so the row changes the class and the column the style (an
    autoregressive prior draws all rows in one batch).
    -> (classes * per_class, C, H, W) on the CPU."""
    if not model.can.conditional:
        raise GenvizError(f"a {model.kind} is not class-conditional; it has no class grid.")
    if model.can.prior and model.can.latent in ("grid", "codes2"):
        # a prior that draws codes one by one: one run of its loop for every row at once (ten
        # runs took ten times as long; its columns share no noise to keep)
        k = model.config.num_classes
        y = torch.arange(k, device=model.device).repeat_interleave(per_class)
        gen = torch.Generator().manual_seed(seed)
        return model.sample(k * per_class, y, generator=gen).float().cpu()
    rows = []
    for c in range(model.config.num_classes):
        gen = torch.Generator().manual_seed(seed)
        rows.append(model.sample(per_class, c, generator=gen).float().cpu())
    return torch.cat(rows)


@torch.no_grad()
def preview(model: GenModel, images: torch.Tensor, labels: torch.Tensor, seed: int = 0):
    """What a model does, in a few images: {"inputs", "reconstructions"} for a model with an
    encoder, plus {"samples"} from a fixed seed for one that samples from a trained prior;
    {"task_inputs", "translations", "targets"} for an image-to-image model; {} for a
    classifier. Used by the home page's gallery and by training's per-epoch picture."""
    was_training = model.training
    model.eval()
    try:
        shown: dict[str, torch.Tensor] = {}
        n = len(images)
        if model.can.encode:
            x, y = images.to(model.device), labels.to(model.device)
            shown["inputs"] = images.float().cpu()
            shown["reconstructions"] = model.reconstruct(x, y).float().cpu()
        if model.can.sample and model.can.latent_prior:
            gen = torch.Generator().manual_seed(seed)
            shown["samples"] = model.sample(n, generator=gen).float().cpu()
        if model.can.translate:
            given = model.make_input(images.float(), torch.Generator().manual_seed(seed))
            shown["task_inputs"] = given
            shown["translations"] = model.translate(given.to(model.device)).float().cpu()
            shown["targets"] = images.float().cpu()
        return shown
    finally:
        model.train(was_training)
