"""Latents out of genviz: TensorBoard's Embedding Projector format (tensors, metadata and a
sprite image) and projected coordinates as CSV."""

from __future__ import annotations

import csv
import io
import math
import tempfile
import zipfile
from pathlib import Path

import numpy as np
import torch
from PIL import Image

from genviz.errors import GenvizError

SPRITE_MAX = 8192  # pixels a side: the projector's limit


def sprite(images: torch.Tensor) -> Image.Image:
    """(N, C, H, W) images in [0, 1] tiled row-major into one square-ish PNG image."""
    n, c, h, w = images.shape
    side = math.ceil(math.sqrt(n))
    if side * max(h, w) > SPRITE_MAX:
        raise GenvizError(
            f"{n} images of {h}x{w} make a sprite wider than {SPRITE_MAX} pixels; export fewer."
        )
    grid = torch.zeros(side * side, c, h, w)
    grid[:n] = images.float().cpu()
    grid = grid.view(side, side, c, h, w).permute(0, 3, 1, 4, 2)  # -> (rows, h, cols, w, C)
    pixels = (grid.reshape(side * h, side * w, c).clamp(0, 1) * 255).round().to(torch.uint8)
    return Image.fromarray(pixels.squeeze(-1).numpy() if c == 1 else pixels.numpy())


def tensorboard(
    folder: str | Path,
    latents: torch.Tensor,
    labels: torch.Tensor,
    class_names: tuple[str, ...],
    images: torch.Tensor | None = None,
    name: str = "latents",
) -> list[Path]:
    """Write tensors.tsv, metadata.tsv, sprite.png and projector_config.pbtxt into folder, so
    `tensorboard --logdir folder` (or projector.tensorflow.org, loading the TSVs) shows them."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    x = latents.detach().float().cpu().flatten(1).numpy()
    if len(x) != len(labels):
        raise GenvizError(f"{len(x)} latents but {len(labels)} labels.")
    np.savetxt(folder / "tensors.tsv", x, delimiter="\t", fmt="%.6g")
    with open(folder / "metadata.tsv", "w", encoding="utf-8", newline="") as f:
        f.write("label\tclass\n")
        for y in labels.tolist():
            f.write(f"{y}\t{class_names[y]}\n")
    config = [
        "embeddings {",
        f'  tensor_name: "{name}"',
        '  tensor_path: "tensors.tsv"',
        '  metadata_path: "metadata.tsv"',
    ]
    written = [folder / "tensors.tsv", folder / "metadata.tsv"]
    if images is not None:
        sprite(images).save(folder / "sprite.png")
        h, w = images.shape[-2:]
        config += [
            "  sprite {",
            '    image_path: "sprite.png"',
            f"    single_image_dim: {w}",
            f"    single_image_dim: {h}",
            "  }",
        ]
        written.append(folder / "sprite.png")
    (folder / "projector_config.pbtxt").write_text("\n".join([*config, "}", ""]))
    return [*written, folder / "projector_config.pbtxt"]


def coordinates_csv(
    path: str | Path, coords: np.ndarray, labels: torch.Tensor, class_names: tuple[str, ...]
) -> Path:
    """One row per point: index, label, class name and the projected coordinates."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(coordinates_text(coords, labels, class_names), encoding="utf-8")
    return path


def coordinates_text(coords: np.ndarray, labels: torch.Tensor, class_names) -> str:
    """The CSV of coordinates_csv, as a string."""
    out = io.StringIO()
    rows = csv.writer(out, lineterminator="\n")
    rows.writerow(["index", "label", "class", *["x", "y", "z"][: coords.shape[1]]])
    for i, (y, row) in enumerate(zip(labels.tolist(), coords.tolist())):
        rows.writerow([i, y, class_names[y], *(f"{v:.6g}" for v in row)])
    return out.getvalue()


def projector_zip(latents, labels, class_names, images=None, name: str = "latents") -> bytes:
    """The files of `tensorboard` packed in one zip, for a download button."""
    packed = io.BytesIO()
    with tempfile.TemporaryDirectory() as tmp:
        files = tensorboard(tmp, latents, labels, class_names, images, name)
        with zipfile.ZipFile(packed, "w", zipfile.ZIP_DEFLATED) as zf:
            for f in files:
                zf.write(f, f.name)
    return packed.getvalue()
