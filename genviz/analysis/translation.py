"""An image-to-image model on a split: its inputs, outputs and targets, and how sharp its
outputs are against the data's own edges."""

from __future__ import annotations

import torch

from genviz.analysis.batches import map_batches
from genviz.data import Split
from genviz.models import GenModel


@torch.no_grad()
def translations(model: GenModel, data: Split, seed: int = 0):
    """An image-to-image model on a split: (inputs, outputs, targets), floats on the CPU; the
    task's random inputs (a blanked square, noise) drawn with `seed`."""
    targets = data.floats()
    inputs = model.make_input(targets, torch.Generator().manual_seed(seed))
    outputs = map_batches(lambda x: model.translate(x), inputs, device=model.device).float()
    return inputs, outputs, targets


def edge_strength(x: torch.Tensor) -> float:
    """Mean absolute difference between neighbouring pixels (across and down) of images.
    Linear in the steps, unlike genviz.analysis.inside.sharpness (squared, to rank one image's
    sharp edge above a ramp): a translation's outputs are judged as a share of their targets'."""
    across = (x[..., 1:] - x[..., :-1]).abs().mean()
    down = (x[..., 1:, :] - x[..., :-1, :]).abs().mean()
    return float(across + down)


def sharpness_ratio(outputs: torch.Tensor, targets: torch.Tensor) -> float:
    """The outputs' edge strength as a share of the targets': 1 is as sharp as the data."""
    return edge_strength(outputs) / edge_strength(targets)
