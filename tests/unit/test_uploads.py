"""A user's image, whatever it is: every step bounded by the input's real size, the classic
hostile files refused with one sentence, and images that Pillow reads silently wrong (16-bit,
transparent, rotated by EXIF, CMYK) made right."""

import io

import numpy as np
import pytest
import torch
from PIL import Image

from genviz.analysis import uploads
from genviz.errors import GenvizError

SHAPE = (1, 28, 28)


def png(img: Image.Image, **kwargs) -> bytes:
    out = io.BytesIO()
    img.save(out, format="PNG", **kwargs)
    return out.getvalue()


def stroke(size=(100, 100), value=0, ink=255, mode="L"):
    """A dark bar on light paper (value=255, ink=0) or the other way round."""
    a = np.full(size[::-1], value, np.uint8)
    a[size[1] // 4 : 3 * size[1] // 4, size[0] // 2 - 5 : size[0] // 2 + 5] = ink
    return Image.fromarray(a, mode="L").convert(mode)


def test_a_digit_on_paper_becomes_white_on_black_and_fills_like_the_data():
    got = uploads.prepare(png(stroke(value=255, ink=0)), SHAPE, fill=20 / 28)
    assert got.inverted and not got.blank and got.image.shape == (1, 1, 28, 28)
    rows = torch.nonzero(got.image[0, 0] > 0.2)[:, 0]
    assert 18 <= int(rows.max() - rows.min()) + 1 <= 21  # the stroke's long side fills 20 of 28


@pytest.mark.parametrize("size", [(1, 16_000), (16_000, 1), (3, 12_000)])
def test_extreme_aspect_ratios_are_cropped_before_they_are_padded(size, monkeypatch):
    """A 1 x 40,000 strip once took 14 s and several GB: the square it was padded to."""
    img = Image.new("L", size, 255)
    img.putpixel((0, size[1] // 2), 0)
    sizes = []
    real = torch.nn.functional.interpolate
    monkeypatch.setattr(
        torch.nn.functional, "interpolate", lambda t, **k: sizes.append(t.shape) or real(t, **k)
    )
    got = uploads.prepare(png(img), SHAPE)
    assert got.image.shape == (1, 1, 28, 28) and not got.blank
    assert max(s.numel() for s in sizes) <= size[0] * size[1]  # never more than the input


@pytest.mark.parametrize("size", [(1, 100_000), (100_000, 1)])
def test_a_side_over_the_cap_is_refused_from_the_header(size):
    with pytest.raises(GenvizError, match="at most 16,384 pixels a side"):
        uploads.prepare(png(Image.new("L", size, 255)), SHAPE)


def test_a_huge_image_is_refused_from_its_header():
    big = png(Image.new("L", (5700, 5700), 255))  # 43 KB on disk, 32 million pixels
    assert len(big) < 200_000
    with pytest.raises(GenvizError, match="5700 x 5700 pixels; use one of at most 4096"):
        uploads.prepare(big, SHAPE)


def test_over_five_megabytes_is_refused():
    with pytest.raises(GenvizError, match="over 5 MB"):
        uploads.prepare(b"\x89PNG" + b"0" * (5 * 2**20 + 1), SHAPE)


@pytest.mark.parametrize(
    "blob",
    [
        b"<svg xmlns='http://www.w3.org/2000/svg'><rect width='8' height='8'/></svg>",
        b"PK\x03\x04" + b"\x00" * 100,  # a zip
        b"just some text, renamed to .png",
        b"\x89PNG\r\n\x1a\n" + b"\x00" * 40,  # a PNG cut short
    ],
    ids=["svg", "zip", "text", "truncated-png"],
)
def test_files_that_are_not_images_get_one_sentence(blob):
    with pytest.raises(GenvizError, match="not a readable PNG or JPEG"):
        uploads.prepare(blob, SHAPE)


def test_a_gif_is_refused_even_animated():
    frames = [stroke(), stroke(value=255, ink=0)]
    out = io.BytesIO()
    frames[0].save(out, format="GIF", save_all=True, append_images=frames[1:])
    with pytest.raises(GenvizError, match="only PNG and JPEG"):
        uploads.prepare(out.getvalue(), SHAPE)


def test_an_animated_png_uses_its_first_frame():
    frames = [stroke(value=0, ink=255), Image.new("L", (100, 100), 0)]
    blob = png(frames[0], save_all=True, append_images=frames[1:])
    assert not uploads.prepare(blob, SHAPE).blank


def test_16_bit_grey_is_scaled_not_clipped_to_white():
    a = np.zeros((100, 100), np.uint16)
    a[25:75, 45:55] = 40_000  # two greys of ink in 16 bits; clipping would make both white
    a[25:75, 50:55] = 20_000
    got = uploads.prepare(png(Image.fromarray(a)), SHAPE, fill=1.0)  # Pillow reads "I;16"
    assert not got.inverted and not got.blank
    row = got.image[0, 0, 14]  # across the bar: its bright half white, its dim half half
    assert float(row.max()) > 0.95 and bool(((row - 0.5).abs() < 0.1).any()), row


@pytest.mark.parametrize("paper", [255, 180, 100], ids=["white", "grey", "dim-grey"])
def test_dark_ink_on_any_paper_becomes_a_white_stroke_on_black(paper):
    """A photo of a sheet in a dim room: the paper is grey, not white, and was read as all
    ink (a grey square), since only a light border counted as paper."""
    got = uploads.prepare(png(stroke(value=paper, ink=20)), SHAPE, fill=20 / 28)
    assert got.inverted and not got.blank
    inked = float((got.image > 0.5).float().mean())
    assert 0.01 < inked < 0.15 and float(got.image.max()) > 0.95, inked


@pytest.mark.parametrize("ink", [(0, 0, 0, 255), (255, 255, 255, 255)], ids=["dark", "light"])
def test_ink_on_a_transparent_background_shows(ink):
    a = np.zeros((100, 100, 4), np.uint8)  # fully transparent, black "paper" underneath
    a[25:75, 45:55] = ink
    got = uploads.prepare(png(Image.fromarray(a, mode="RGBA")), SHAPE)
    assert not got.blank and float(got.image.max()) > 0.9 and float(got.image.min()) < 0.05


def test_a_jpeg_rotated_by_exif_is_turned_the_right_way():
    img = stroke(size=(100, 60), value=255, ink=0)  # a short vertical bar, wide image
    exif = Image.Exif()
    exif[0x0112] = 6  # "rotate 90 degrees to display"
    out = io.BytesIO()
    img.convert("RGB").save(out, format="JPEG", exif=exif.tobytes(), quality=95)
    got = uploads.prepare(out.getvalue(), SHAPE, fill=1.0)
    ink = torch.nonzero(got.image[0, 0] > 0.5)
    height = int(ink[:, 0].max() - ink[:, 0].min()) + 1
    width = int(ink[:, 1].max() - ink[:, 1].min()) + 1
    assert width > height  # the bar lies down, as the camera meant


def test_cmyk_jpeg_reads():
    out = io.BytesIO()
    stroke(value=255, ink=0).convert("CMYK").save(out, format="JPEG")
    assert not uploads.prepare(out.getvalue(), SHAPE).blank


def test_a_blank_page_is_said_to_be_blank():
    assert uploads.prepare(png(Image.new("L", (300, 200), 255)), SHAPE).blank


def test_fill_of_the_datasets(digits):
    assert uploads.fill_of(digits.images[:200]) > 0.9  # sklearn's digits fill their frame


def test_a_large_transparent_png_costs_a_few_megabytes():
    """A 2048 x 2048 transparent drawing is reduced right after decoding: its float work
    (traced by tracemalloc) stays small where it took about 64 MB a copy; a larger PNG is
    refused from its header (a JPEG may be larger: it decodes at a reduced scale)."""
    import tracemalloc

    img = Image.new("RGBA", (2048, 2048), (0, 0, 0, 0))
    for x in range(600, 1400):
        for dy in range(-6, 7):
            img.putpixel((x, 1024 + dy), (0, 0, 0, 255))
    blob = png(img)
    tracemalloc.start()
    got = uploads.prepare(blob, SHAPE)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert not got.blank and peak < 30 * 2**20, peak
    with pytest.raises(GenvizError, match="that PNG is 2100 x 2100 pixels; use one of at most"):
        uploads.prepare(png(Image.new("L", (2100, 2100), 255)), SHAPE)
    photo = io.BytesIO()
    Image.new("RGB", (3000, 3000), (200, 200, 200)).save(photo, format="JPEG")
    assert uploads.prepare(photo.getvalue(), (3, 32, 32), style="photo").image.shape[1] == 3
