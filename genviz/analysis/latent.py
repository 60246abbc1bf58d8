"""Moving in a latent space: walks between two latents (linear or spherical), one-dimension
traversals, the decoded manifold of a 2-D latent space, nearest neighbours, and the latent
under a clicked point of a map."""

from __future__ import annotations

import numpy as np
import torch

from genviz.analysis import projection
from genviz.analysis.apply import decode
from genviz.errors import GenvizError
from genviz.models import GenModel


def lerp(a: torch.Tensor, b: torch.Tensor, t: float) -> torch.Tensor:
    return (1 - t) * a + t * b


def slerp(a: torch.Tensor, b: torch.Tensor, t: float) -> torch.Tensor:
    """Spherical interpolation (Shoemake 1985; White 2016 for generative models): keeps the
    norm a Gaussian prior expects along the way; linear when a and b are parallel."""
    fa, fb = a.flatten(1), b.flatten(1)
    cos = (fa * fb).sum(1) / (fa.norm(dim=1) * fb.norm(dim=1)).clamp(min=1e-8)
    omega = cos.clamp(-1, 1).acos()[:, None]
    if float(omega.abs().max()) < 1e-4:
        return lerp(a, b, t)
    out = (torch.sin((1 - t) * omega) * fa + torch.sin(t * omega) * fb) / torch.sin(omega)
    return out.view_as(a)


def walk(model: GenModel, a, b, steps: int, spherical: bool = False, y=None) -> torch.Tensor:
    """Decoded images at `steps` evenly spaced points from latent a to latent b (each (1, d))."""
    mix = slerp if spherical else lerp
    return decode(model, torch.cat([mix(a, b, t) for t in torch.linspace(0, 1, steps).tolist()]), y)


def traverse(model: GenModel, z, dims: list[int], span: float = 3.0, steps: int = 7, y=None):
    """The beta-VAE view: for each latent dimension in dims, decode z with that one
    coordinate swept over [-span, span]. Returns (len(dims) * steps, C, H, W)."""
    values = torch.linspace(-span, span, steps)
    rows = []
    for d in dims:
        zs = z.repeat(steps, 1)
        zs[:, d] = values
        rows.append(zs)
    return decode(model, torch.cat(rows), y)


def manifold(model: GenModel, lo, hi, n: int = 15, y=None) -> torch.Tensor:
    """For a 2-D latent space: decode an n x n grid spanning [lo, hi] (x right, y up).
    Returns (n * n, C, H, W), row-major from the top-left."""
    if model.latent_shape != (2,):
        raise GenvizError("the manifold grid needs a model with a 2-D latent space.")
    xs = torch.linspace(lo[0], hi[0], n)
    ys = torch.linspace(hi[1], lo[1], n)  # top row first: largest y
    grid = torch.stack(torch.meshgrid(ys, xs, indexing="ij")[::-1], -1).reshape(-1, 2)
    return decode(model, grid, y)


def neighbours(latents: torch.Tensor, index: int, k: int = 8) -> torch.Tensor:
    """Indices of the k nearest other points to latents[index] (Euclidean), nearest first."""
    d = torch.cdist(latents[index : index + 1], latents)[0]
    d[index] = float("inf")
    return d.topk(min(k, len(latents) - 1), largest=False).indices


def latent_at(coords: np.ndarray, latents: torch.Tensor, point, drawn_as_latent: bool):
    """The latent under a point of a map: the point itself where the map is the latent space,
    else interpolated among the nearest projected points (`projection.inverse`). -> (1, ...)."""
    if drawn_as_latent:
        return torch.as_tensor(np.asarray(point, dtype=np.float32)).reshape(1, -1)
    return projection.inverse(coords, latents, point)
