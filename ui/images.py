"""Images for a projector: upscaled without blur, laid out in rows that never wrap."""

from __future__ import annotations

import io

import numpy as np
import streamlit as st
import torch
from PIL import Image

from ui.text import tr

# the drawing pen's default width on the 280-pixel canvas: brought to 28 pixels (the ink
# filling 20 of them, as the data's does), a written digit gets MNIST's stroke of about 3 pixels
PEN = 32


def png(picture: np.ndarray) -> bytes:
    """A uint8 picture (H x W or H x W x 3) as PNG bytes (quick compression: sent, not kept)."""
    out = io.BytesIO()
    Image.fromarray(picture).save(out, format="PNG", compress_level=3)
    return out.getvalue()


def scale_for(image_shape) -> int:
    """Nearest-neighbour upscaling so an image is about 112 pixels: legible on a projector."""
    return max(1, round(112 / max(image_shape[-2:])))


def big(images: torch.Tensor, scale: int | None = None) -> list[np.ndarray]:
    """(N, C, H, W) in [0, 1] -> N uint8 arrays, upscaled by pixel repetition (no blur)."""
    images = images.detach().float().cpu().clamp(0, 1)
    s = scale or scale_for(images.shape)
    up = images.repeat_interleave(s, -2).repeat_interleave(s, -1)
    arr = (up * 255).round().to(torch.uint8).permute(0, 2, 3, 1).numpy()
    return [a[..., 0] if a.shape[-1] == 1 else a for a in arr]


def grid(images: torch.Tensor, captions=None, per_row: int = 8, scale: int | None = None) -> None:
    """Images in rows of `per_row` columns (a row of 8 stays a row at 1280 px), each with its
    caption. Each fills its column; its pixels go as they are (`scale` 1 unless asked) and the
    browser enlarges them without blur (`image-rendering: pixelated`, ui/assets/style.css):
    upscaling here and encoding four times the pixels was a fifth of a loaded server's time."""
    if len(images) == 0:
        st.caption(tr("page.nothing"))
        return
    pics = big(images, scale or 1)
    for start in range(0, len(pics), per_row):
        cols = st.columns(per_row)
        for i, col in enumerate(cols[: len(pics) - start]):
            caption = None if captions is None else str(captions[start + i])
            col.image(pics[start + i], caption=caption, output_format="PNG", width="stretch")


def mosaic(images: torch.Tensor, ncol: int, scale: int = 1) -> np.ndarray:
    """One uint8 picture of images tiled ncol to a row with a 1-pixel grey gap (at their own
    size unless `scale`d: `tiled` lets the browser enlarge them)."""
    pics = big(images, scale)
    h, w = pics[0].shape[:2]
    rows = -(-len(pics) // ncol)
    shape = (rows * (h + 1) - 1, ncol * (w + 1) - 1, *pics[0].shape[2:])
    out = np.full(shape, 96, np.uint8)
    for i, p in enumerate(pics):
        r, c = divmod(i, ncol)
        out[r * (h + 1) : r * (h + 1) + h, c * (w + 1) : c * (w + 1) + w] = p
    return out


def show_png(encoded: tuple[bytes, int], where=st, caption: str | None = None) -> None:
    """A picture `encoded` before (PNG bytes, its width on screen): sent as it is."""
    where.image(encoded[0], caption=caption, width=encoded[1], output_format="PNG")


def encoded(images: torch.Tensor, ncol: int, scale: int | None = None) -> tuple[bytes, int]:
    """`tiled`'s picture without drawing it: (PNG bytes, width on screen), for a cache. The
    PNG holds the images' own pixels; the browser draws them `scale` times as large, each pixel
    a sharp square (style.css). Upscaling here and Streamlit encoding sixteen times the pixels
    was a sixth of a loaded server's time."""
    tiles = mosaic(images, ncol)
    return png(tiles), tiles.shape[1] * (scale or scale_for(images.shape))


def tiled(images: torch.Tensor, ncol: int, scale: int | None = None, where=st,
          caption: str | None = None) -> None:  # fmt: skip
    """Images as one tiled picture with one caption under it: a walk, a traversal, a class
    grid, samples; each image about 112 pixels on screen unless `scale` says."""
    show_png(encoded(images, ncol, scale), where, caption)


def image(x: torch.Tensor, where=st, caption: str | None = None) -> None:
    """One image (1, C, H, W) in [0, 1], about 112 pixels on screen."""
    tiled(x, ncol=1, where=where, caption=caption)


def rows_with_pictures(rows: list[dict], pictures, columns: dict, captions: list[str]) -> None:
    """A table of small models' figures (`columns`: row key -> header), then each model's
    pictures as one strip under its caption (a sweep, the likelihood pair)."""
    st.dataframe([{name: r[k] for k, name in columns.items()} for r in rows], hide_index=True)
    for caption, p in zip(captions, pictures):
        st.caption(caption)
        tiled(p, ncol=16)


def outline(image: np.ndarray, box: tuple[int, int, int, int], width: int = 2) -> np.ndarray:
    """A copy of a uint8 image (H, W) or (H, W, 3) in colour, with a red frame around
    box = (top, left, bottom, right) in pixels."""
    rgb = np.repeat(image[..., None], 3, -1) if image.ndim == 2 else image.copy()
    top, left, bottom, right = box
    red = np.array([230, 30, 30], np.uint8)
    rgb[top : top + width, left:right] = red
    rgb[bottom - width : bottom, left:right] = red
    rgb[top:bottom, left : left + width] = red
    rgb[top:bottom, right - width : right] = red
    return rgb
