"""A model applied to a few images for a page: no gradients, on the model's device, the
result on the CPU as floats (images in [0, 1], latents, verdicts)."""

from __future__ import annotations

import torch

from genviz.models import GenModel


def _on(model: GenModel, *tensors):
    return [None if t is None else t.to(model.device) for t in tensors]


@torch.no_grad()
def encode(model: GenModel, x: torch.Tensor, y: torch.Tensor | None = None) -> torch.Tensor:
    """The latents of images (B, C, H, W): (B, ...) as the model gives them (VQ codes too)."""
    return model.encode(*_on(model, x, y)).cpu()


@torch.no_grad()
def features(model: GenModel, x: torch.Tensor, y: torch.Tensor | None = None) -> torch.Tensor:
    """model.features of images: a flat float vector per image, (B, F)."""
    return model.features(*_on(model, x, y)).float().cpu()


@torch.no_grad()
def reconstruct(model: GenModel, x: torch.Tensor, y: torch.Tensor | None = None) -> torch.Tensor:
    """The images decoded from their own codes (each with its class for a conditional model)."""
    return model.reconstruct(*_on(model, x, y)).float().cpu()


@torch.no_grad()
def decode(model: GenModel, z: torch.Tensor, y: int | None = None) -> torch.Tensor:
    """Decode latents (B, ...) with one class for all (class 0 unless told) when the model is
    conditional: -> (B, C, H, W)."""
    labels = model.labels_for(len(z), 0 if y is None else int(y))
    return model.decode(z.to(model.device), labels).float().cpu()


@torch.no_grad()
def translate(model: GenModel, x: torch.Tensor) -> torch.Tensor:
    """An image-to-image model's outputs for input images."""
    return model.translate(x.to(model.device)).float().cpu()


@torch.no_grad()
def verdicts(classifier: GenModel, x: torch.Tensor) -> list[tuple[int, float]]:
    """A classifier's (class, confidence) for each image."""
    label, confidence = classifier.predict(x.to(classifier.device))
    return list(zip(label.tolist(), confidence.tolist()))
