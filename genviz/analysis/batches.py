"""A model over a whole split, in batches on its device, the results joined on the CPU; and
the latents every map, neighbour search and probe starts from (`embed`)."""

from __future__ import annotations

from collections.abc import Callable

import torch

from genviz.data import Split
from genviz.models import GenModel

BATCH = 500


@torch.no_grad()
def map_batches(fn: Callable, *tensors: torch.Tensor, device, batch: int = BATCH) -> torch.Tensor:
    """fn over matching slices of the tensors, moved to `device`; results joined on the CPU."""
    outs = []
    for start in range(0, len(tensors[0]), batch):
        outs.append(fn(*(t[start : start + batch].to(device) for t in tensors)).cpu())
    return torch.cat(outs)


def batched(fn: Callable, data: Split, device, batch: int = BATCH) -> torch.Tensor:
    """fn(x, y) over a split, x as float in [0, 1]."""
    return map_batches(
        lambda x, y: fn(x.float().div_(255), y),
        data.images,
        data.labels,
        device=device,
        batch=batch,
    )


def embed(model: GenModel, data: Split, device=None) -> torch.Tensor:
    """model.features of every image in the split (latents; a classifier's feature layer):
    (N, F) on the CPU. Latents given per row (no model) are looked up by the rows' ids."""
    if model.can.latent == "given":
        return model.rows(data.rows)
    return batched(model.features, data, device or model.device)
