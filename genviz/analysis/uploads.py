"""A user's own image brought into a dataset's format, placed among the test set's latents,
and judged: is it blank, and is it far from anything the model was trained on?

Every step is bounded by the input's real size: the image is checked from its header before
it is decoded, cropped to its ink, and resized before it is padded, so a strip of 1 x 100,000
pixels costs no more than a square.
"""

from __future__ import annotations

import io
import math
import warnings
from dataclasses import dataclass

import numpy as np
import torch

from genviz.errors import GenvizError

MAX_BYTES = 5 * 2**20
MAX_PIXELS = 4096 * 4096
# a PNG decodes whole (a JPEG decodes at a reduced scale): 2048 x 2048 RGBA is 16 MB
MAX_PNG_PIXELS = 2048 * 2048
WORK_PIXELS = 512 * 512  # a decoded image is reduced to about this many before float work
MAX_SIDE = 16_384
INK = 0.2  # a pixel brighter than this (after inversion) is ink


@dataclass
class Prepared:
    image: torch.Tensor  # (1, C, H, W) in [0, 1], as the dataset's images are
    blank: bool  # no ink was found: nothing to encode but an empty page
    inverted: bool  # light background made dark, as the data is


def _as_ink(x: np.ndarray, invert: str) -> tuple[np.ndarray, bool]:
    """(h, w, c) in [0, 1] -> light ink on a black ground, and whether it was inverted. The
    paper is the border's median brightness, whatever it is (white, or a dim grey sheet in a
    dark room), and the ink the side farthest from it ('auto'), or the darker side ('yes'),
    or the lighter ('no'): the paper becomes 0 and the strongest ink 1 (a grey sheet was read
    as all ink when only a light border counted as paper)."""
    grey = x.mean(-1)
    border = np.concatenate([grey[0], grey[-1], grey[:, 0], grey[:, -1]])
    paper, darkest, lightest = float(np.median(border)), float(grey.min()), float(grey.max())
    inverted = invert == "yes" or (invert == "auto" and paper - darkest > lightest - paper)
    if inverted:
        x, paper, lightest = 1 - x, 1 - paper, 1 - darkest
    if lightest - paper < INK / 2:  # no mark stands out from the paper: a blank page
        return np.zeros_like(x), inverted
    return np.clip((x - paper) / (lightest - paper), 0, 1), inverted


def fill_of(images: torch.Tensor) -> float:
    """How much of the frame a dataset's ink fills: the median over images (N, C, H, W) of
    the ink box's longer side over the image's side (MNIST 20/28, digits and Fashion ~1)."""
    ink = images.float().amax(1) > INK * (255 if images.dtype == torch.uint8 else 1)  # (N, H, W)
    rows, cols = ink.any(2), ink.any(1)  # (N, H), (N, W)

    def extent(mask):
        idx = torch.arange(mask.shape[1])
        first = torch.where(mask, idx, mask.shape[1]).amin(1)
        last = torch.where(mask, idx, -1).amax(1)
        return (last - first + 1).clamp(min=0)

    side = torch.maximum(extent(rows), extent(cols)).float() / max(images.shape[-2:])
    return float(side[side > 0].median()) if (side > 0).any() else 1.0


def prepare(
    blob: bytes,
    shape: tuple[int, int, int],
    invert: str = "auto",
    fill: float = 20 / 28,
    style: str = "ink",
) -> Prepared:
    """A PNG or JPEG as a (1, C, H, W) float image in the dataset's format, grey or RGB as the
    data is. For "ink" data (white strokes on black, as MNIST): cropped to the ink, scaled so
    its longer side fills `fill` of the frame (as the dataset's images do: `fill_of`), and
    centred, with the background made black; `invert` 'auto' flips images whose border is
    light, 'yes' and 'no' decide. For "photo" data: its middle square, resized."""
    img = _open(blob)
    c, h, w = shape
    x = _pixels(img, grey=c == 1)  # (h0, w0, c) float32 in [0, 1]
    if style == "photo":
        side = min(x.shape[:2])
        top, left = (x.shape[0] - side) // 2, (x.shape[1] - side) // 2
        square = np.ascontiguousarray(x[top : top + side, left : left + side])
        t = torch.from_numpy(square).permute(2, 0, 1)[None]  # (1, C, side, side)
        out = torch.nn.functional.interpolate(t, size=(h, w), mode="area")
        return Prepared(out.clamp(0, 1), False, False)
    x, inverted = _as_ink(x, invert)
    ink = x.max(-1) > INK
    if not ink.any():
        return Prepared(torch.zeros(1, c, h, w), True, inverted)
    rows, cols = np.where(ink.any(1))[0], np.where(ink.any(0))[0]
    x = x[rows[0] : rows[-1] + 1, cols[0] : cols[-1] + 1]  # crop first: the work is the ink's
    scale = fill * min(h, w) / max(x.shape[:2])
    size = (max(1, round(x.shape[0] * scale)), max(1, round(x.shape[1] * scale)))
    t = torch.from_numpy(np.ascontiguousarray(x)).permute(2, 0, 1)[None]  # (1, C, h0, w0)
    t = torch.nn.functional.interpolate(t, size=size, mode="area")
    out = torch.zeros(1, c, h, w)
    top, left = (h - size[0]) // 2, (w - size[1]) // 2
    out[:, :, top : top + size[0], left : left + size[1]] = t
    return Prepared(out.clamp(0, 1), False, inverted)


def _open(blob: bytes):
    from PIL import Image, ImageOps, UnidentifiedImageError

    if len(blob) > MAX_BYTES:
        mb = MAX_BYTES // 2**20
        raise GenvizError(f"that file is over {mb} MB; use a smaller image.", "upload_size", mb=mb)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            img = Image.open(io.BytesIO(blob))  # reads the header only
            if img.format not in ("PNG", "JPEG"):
                raise GenvizError("only PNG and JPEG images can be uploaded.", "upload_format")
            w, h = img.size
            if w * h > MAX_PIXELS or max(w, h) > MAX_SIDE:
                raise GenvizError(
                    f"that image is {w} x {h} pixels; use one of at most 4096 x 4096 pixels "
                    f"and at most {MAX_SIDE:,} pixels a side.",
                    "upload_pixels",
                    w=w,
                    h=h,
                    side=MAX_SIDE,
                )
            if img.format == "PNG" and w * h > MAX_PNG_PIXELS:
                raise GenvizError(
                    f"that PNG is {w} x {h} pixels; use one of at most 2048 x 2048 pixels (a "
                    "JPEG may be larger).",
                    "upload_png_pixels",
                    w=w,
                    h=h,
                )
            if img.format == "JPEG":  # decode at a reduced scale where that is enough
                img.draft(img.mode, (512, 512))
            img.load()
            factor = math.ceil(math.sqrt(img.size[0] * img.size[1] / WORK_PIXELS))
            if factor > 1:  # whole-pixel box reduction: a few MB to work on, whatever came in
                if img.mode in ("1", "P"):  # modes reduce cannot average
                    img = img.convert("L" if img.mode == "1" else "RGBA")
                elif img.mode.startswith("I;16"):
                    img = img.convert("I")
                img = img.reduce(factor)
            return ImageOps.exif_transpose(img)  # a phone photo the right way up
    except GenvizError:
        raise
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError, Warning):
        raise GenvizError(
            "that file is not a readable PNG or JPEG image.", "upload_unreadable"
        ) from None
    except Image.DecompressionBombError:
        raise GenvizError(
            "that image is too large to decode; use a smaller one.", "upload_bomb"
        ) from None


def _pixels(img, grey: bool) -> np.ndarray:
    """(h, w, 1 or 3) float32 in [0, 1] whatever the mode: 16-bit grey is scaled, not
    clipped; a transparent background becomes the colour that contrasts with the ink."""
    if img.mode in ("I", "I;16", "I;16B", "I;16L", "I;16N", "F"):
        a = np.asarray(img, dtype=np.float32)
        top = 65535.0 if a.max() > 255 else 255.0
        a = np.clip(a / top, 0, 1)[..., None]
        return a if grey else np.repeat(a, 3, -1)
    if img.mode in ("RGBA", "LA", "PA") or (img.mode == "P" and "transparency" in img.info):
        rgba = np.asarray(img.convert("RGBA"), dtype=np.float32) / 255
        alpha = rgba[..., 3:]
        opaque = alpha[..., 0] > 0.5
        ink_light = opaque.any() and rgba[..., :3][opaque].mean() > 0.5
        background = 0.0 if ink_light else 1.0  # light ink on black, dark ink on white paper
        rgb = rgba[..., :3] * alpha + background * (1 - alpha)
    else:
        rgb = np.asarray(img.convert("RGB"), dtype=np.float32) / 255
    if grey:
        return (rgb @ np.array([0.299, 0.587, 0.114], np.float32))[..., None]
    return rgb


@dataclass
class Placement:
    where: np.ndarray  # (1, dim) the point on the map
    nearest: torch.Tensor  # indices of the k nearest test latents, nearest first
    votes: torch.Tensor  # (classes,) how many of them are of each class


def place(
    z: torch.Tensor, latents: torch.Tensor, coords: np.ndarray, labels, as_latent: bool, k=10
) -> Placement:
    """Where a new latent z (1, F) sits on a map of `latents` drawn at `coords`: the latent
    itself when the map is the latent space (`as_latent`), else the inverse-distance-weighted
    mean of the positions of its k nearest latents."""
    d, nearest = torch.cdist(z.float(), latents.float())[0].topk(
        min(k, len(latents)), largest=False
    )
    if as_latent:
        where = z.numpy()
    else:
        w = (1 / d.clamp(min=1e-6)).numpy()
        where = (coords[nearest.numpy()] * (w / w.sum())[:, None]).sum(0, keepdims=True)
    votes = torch.bincount(torch.as_tensor(labels)[nearest], minlength=int(max(labels)) + 1)
    return Placement(where, nearest, votes)


@dataclass
class Familiarity:
    """How an input compares with the test set under one model (percentiles in [0, 100])."""

    error_percentile: float  # share of test images reconstructed better than this input
    distance_percentile: float  # share of test images closer to their nearest neighbour
    far: bool  # beyond the 99th percentile of either: unlike anything in the data

    @property
    def verdict(self) -> str:
        """'typical' (within the middle 90% of the test set on both), 'unusual' (past the 90th
        percentile of either) or 'far' (past the 99th): one word the numbers agree with."""
        worst = max(self.error_percentile, self.distance_percentile)
        return "far" if self.far else "unusual" if worst > 90 else "typical"


def familiarity(
    error: float, distance: float, test_errors: torch.Tensor, test_distances: torch.Tensor
) -> Familiarity:
    """Compare an input's reconstruction error and its latent's distance to the nearest test
    latent with the same figures over the test set itself."""
    e = 100 * float((test_errors < error).double().mean())
    d = 100 * float((test_distances < distance).double().mean())
    return Familiarity(e, d, e > 99 or d > 99)


def nearest_distances(latents: torch.Tensor, chunk: int = 2000) -> torch.Tensor:
    """Each latent's distance to its nearest other latent: (N,), the test set's reference."""
    out = []
    for start in range(0, len(latents), chunk):
        d = torch.cdist(latents[start : start + chunk], latents)
        idx = torch.arange(start, min(start + chunk, len(latents)))
        d[torch.arange(len(idx)), idx] = float("inf")
        out.append(d.min(1).values)
    return torch.cat(out)
