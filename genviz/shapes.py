"""`shapes`: a colour dataset with known factors of variation, generated in seconds with no
download (in the spirit of dSprites, Matthey et al. 2017, and 3D Shapes, Burgess & Kim 2018):
a square, a circle or a triangle of one of six colours, at one of four scales and four
rotations, at one of 8 x 8 positions, on a black background. Every combination appears once
(18,432 images), a fixed tenth of them held out for testing; the label is the shape, and every
factor of every image is kept, so a model's latents can be scored on which factor each
dimension holds (genviz.analysis.disentangle).
"""

from __future__ import annotations

import functools
import itertools
import math

import numpy as np
import torch

from genviz.errors import GenvizError
from genviz.split import Split

SHAPES = ("square", "circle", "triangle")
COLOURS = {
    "red": (230, 40, 40),
    "green": (40, 200, 60),
    "blue": (50, 90, 240),
    "yellow": (240, 220, 40),
    "magenta": (220, 50, 220),
    "cyan": (40, 210, 220),
}
SCALES = (0.45, 0.55, 0.65, 0.75)  # of the largest size that fits anywhere on the grid
ROTATIONS = (0.0, 22.5, 45.0, 67.5)  # degrees
POSITIONS = 8  # along each axis
FACTORS = ("shape", "colour", "scale", "rotation", "x", "y")
SIZES = (32, 64)
TEST_SHARE = 0.1
SUPERSAMPLE = 4  # rendered at 4x4 points a pixel, averaged: smooth edges
NORMALS = ((0.0, 1.0), (math.sqrt(3) / 2, -0.5), (-math.sqrt(3) / 2, -0.5))  # a triangle's edges


def factor_sizes() -> tuple[int, ...]:
    return (len(SHAPES), len(COLOURS), len(SCALES), len(ROTATIONS), POSITIONS, POSITIONS)


def factor_values(name: str) -> tuple[str, ...]:
    """The values of one factor, as words (for a page's captions)."""
    return {
        "shape": SHAPES,
        "colour": tuple(COLOURS),
        "scale": tuple(f"{s:.2f}" for s in SCALES),
        "rotation": tuple(f"{r:g}°" for r in ROTATIONS),
        "x": tuple(str(i) for i in range(POSITIONS)),
        "y": tuple(str(i) for i in range(POSITIONS)),
    }[name]


def _masks(factors: np.ndarray, size: int) -> np.ndarray:
    """Each image's coverage of its shape, in [0, 1]: (N, size, size) float32."""
    n = len(factors)
    grid = (np.arange(size * SUPERSAMPLE) + 0.5) / (size * SUPERSAMPLE)  # in (0, 1)
    gy, gx = np.meshgrid(grid, grid, indexing="ij")  # (S, S)
    shape, _, scale, rotation, x, y = (factors[:, i] for i in range(6))
    radius = np.asarray(SCALES)[scale] * 0.5 / (1 + 2 * 0.5 * (POSITIONS - 1) / POSITIONS)
    margin = radius + 0.02
    cx = margin + (1 - 2 * margin) * x / (POSITIONS - 1)
    cy = margin + (1 - 2 * margin) * y / (POSITIONS - 1)
    angle = np.deg2rad(np.asarray(ROTATIONS)[rotation])
    out = np.empty((n, size, size), np.float32)
    for start in range(0, n, 512):  # in batches: (b, S, S) floats stay small
        b = slice(start, start + 512)
        dx = gx[None] - cx[b, None, None]
        dy = gy[None] - cy[b, None, None]
        cos, sin = np.cos(angle[b])[:, None, None], np.sin(angle[b])[:, None, None]
        u, v = cos * dx + sin * dy, -sin * dx + cos * dy  # the shape's own axes
        r = radius[b, None, None]
        square = (np.abs(u) <= r * 0.85) & (np.abs(v) <= r * 0.85)
        circle = u * u + v * v <= r * r
        # an equilateral triangle with its corners on the circle: inside all three edges,
        # each at the inradius r / 2 along its outward normal
        triangle = np.ones_like(circle)
        for nx, ny in NORMALS:
            triangle &= u * nx + v * ny <= r * 0.5
        picked = np.select(
            [shape[b, None, None] == 0, shape[b, None, None] == 1], [square, circle], triangle
        )
        k = SUPERSAMPLE
        out[b] = picked.reshape(-1, size, k, size, k).mean((2, 4))
    return out


@functools.lru_cache(maxsize=2)
def _generated(size: int) -> tuple[np.ndarray, np.ndarray]:
    """Every combination of the factors, rendered: (N, 3, size, size) uint8 and (N, 6)."""
    factors = np.array(list(itertools.product(*(range(k) for k in factor_sizes()))), np.int64)
    colours = np.array(list(COLOURS.values()), np.float32)[factors[:, 1]]  # (N, 3)
    masks = _masks(factors, size)  # (N, S, S)
    images = (masks[:, None] * colours[:, :, None, None]).round().astype(np.uint8)
    return images, factors


def load(split: str, size: int = 32):
    """One split of `shapes` at size x size pixels, as a genviz.data.Split with its factors."""
    if size not in SIZES:
        raise GenvizError(
            f"shapes comes at {' or '.join(map(str, SIZES))} pixels, not {size}.",
            "shapes_size",
            sizes=", ".join(map(str, SIZES)),
        )
    images, factors = _generated(size)
    order = np.random.default_rng(0).permutation(len(images))
    cut = round(TEST_SHARE * len(images))
    index = order[:cut] if split == "test" else order[cut:]
    pick = torch.from_numpy(index)
    return Split(
        "shapes" if size == 32 else f"shapes?size={size}",
        split,
        torch.from_numpy(images)[pick],
        torch.from_numpy(factors[:, 0])[pick],
        SHAPES,
        factors=torch.from_numpy(factors)[pick],
        factor_names=FACTORS,
        style="photo",
    )
