"""A user's own images as a dataset: a folder of images or an `.npz` file.

A folder: PNG, JPEG or WebP files; one subfolder per class gives the labels (a flat folder is
one class); `train/` and `test/` subfolders give the split, else a seeded tenth is held out.
Every image is decoded once (Pillow, its size checked from the header first), brought to one
square size (the folder's most common, at most 64 pixels, unless told) and to colour or grey,
and kept in a uint8 cache beside the data (`.genviz-cache/`, or under the genviz cache when
the folder cannot be written): a second run starts at once, and the cache is memory-mapped, so
a dataset larger than memory still trains (batches are read from the map).

An `.npz`: `images` of (N, H, W) or (N, H, W, C) uint8, optional `labels` (N,) and
`class_names`; read with `allow_pickle=False`, so nothing in it is ever unpickled.

Nothing here trusts the input: every failure is one sentence that says what to do.
"""

from __future__ import annotations

import collections
import contextlib
import functools
import hashlib
import json
import math
import os
import shutil
import warnings
from pathlib import Path

import numpy as np
import torch

from genviz import paths, store
from genviz.errors import GenvizError
from genviz.split import Split, parse_spec, spec

SUFFIXES = (".png", ".jpg", ".jpeg", ".webp")
LARGEST_SIZE = 64  # the default size is the folder's most common, at most this
SIZES = (8, 512)  # an image size asked for must lie between these
MAX_PIXELS = 4096 * 4096  # an image larger than this is refused before it is decoded
MAX_IMAGES = 2_000_000
TEST_SHARE = 0.1
VERSION = 2  # bump when decoding changes: old caches are decoded again
CACHE = ".genviz-cache"


def load(path: str | os.PathLike, split: str, size: int | None = None, grey: bool = False):
    """One split of a user's dataset (a folder or an .npz) as a genviz.data.Split."""
    found = Path(path).expanduser().resolve()
    if found.is_dir():
        return _folder(str(found), split, size, grey)
    return _npz(str(found), split, size, grey)


# -- a folder ----------------------------------------------------------------------------------


def _files(root: Path) -> tuple[dict[str, list[tuple[str, str]]], list[str], list[tuple]]:
    """The image files by split (train/test folders, else all as "all") with their class,
    the class names, and every file's (path, size, time) to key the cache by. Hidden files
    and folders are skipped; one walk with plain strings (a 60,000-file folder in well under
    a second)."""
    splits = {s: root / s for s in ("train", "test") if (root / s).is_dir()}
    if len(splits) == 1:
        raise GenvizError(
            f"{root} has a {next(iter(splits))}/ folder but not the other; give it both train/ "
            "and test/, or neither (then a tenth is held out for testing).",
            "dataset_one_split",
        )
    tops = splits or {"all": root}
    found: dict[str, list[tuple[str, str]]] = {}
    classes, listing, start = set(), [], len(str(root)) + 1
    for split, top in tops.items():
        items = []
        base = len(str(top)) + 1
        for folder, dirs, names in os.walk(top):
            dirs[:] = [d for d in dirs if not d.startswith(".")]
            inside = folder[base:].split(os.sep)[0] if len(folder) > base else ""
            label = inside or root.name
            for name in names:
                if name.startswith(".") or os.path.splitext(name)[1].lower() not in SUFFIXES:
                    continue
                path = os.path.join(folder, name)
                try:
                    st = os.stat(path)
                except OSError:  # gone meanwhile
                    continue
                items.append((path, label))
                listing.append((path[start:], st.st_size, st.st_mtime_ns))
                classes.add(label)
                if len(items) > MAX_IMAGES:
                    raise GenvizError(f"{root} holds over {MAX_IMAGES:,} images; use fewer.")
        items.sort()
        found[split] = items
    if not any(found.values()):
        raise GenvizError(
            f"{root} holds no PNG, JPEG or WebP image; put the images there (one subfolder per "
            "class gives them labels).",
            "dataset_empty",
            folder=str(root),
        )
    listing.sort()
    return found, sorted(classes), listing


def open_image(f: str | Path, size: int, grey: bool) -> np.ndarray | None:
    """One image as (C, size, size) uint8, the middle square resized; None if unreadable."""
    from PIL import Image, ImageOps, UnidentifiedImageError

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(f) as img:  # the header only
                w, h = img.size
                if w * h > MAX_PIXELS or min(w, h) < 1:
                    return None
                if img.format == "JPEG":
                    img.draft(img.mode, (2 * size, 2 * size))  # decode at a reduced scale
                img.load()
                img = ImageOps.exif_transpose(img)
                img = _plain(img, grey)
                side = min(img.size)
                left, top = (img.size[0] - side) // 2, (img.size[1] - side) // 2
                img = img.crop((left, top, left + side, top + side))
                img = img.resize((size, size), Image.Resampling.LANCZOS if side > size else 0)
                a = np.asarray(img, dtype=np.uint8)
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError, Warning, MemoryError):
        return None
    except Image.DecompressionBombError:
        return None
    return a[None] if a.ndim == 2 else a.transpose(2, 0, 1)


def _plain(img, grey: bool):
    """Any mode as 8-bit RGB or L: 16-bit grey scaled (not clipped), CMYK and palettes
    converted, transparency over black."""
    from PIL import Image

    if img.mode in ("I", "I;16", "I;16B", "I;16L", "I;16N", "F"):
        a = np.asarray(img, dtype=np.float32)
        top = 65535.0 if a.max() > 255 else 255.0
        img = Image.fromarray((np.clip(a / top, 0, 1) * 255).round().astype(np.uint8))
    if img.mode in ("RGBA", "LA", "PA") or (img.mode == "P" and "transparency" in img.info):
        rgba = img.convert("RGBA")
        img = Image.new("RGB", rgba.size)
        img.paste(rgba, mask=rgba.getchannel("A"))
    return img.convert("L" if grey else "RGB")


def all_grey(files: list) -> bool:
    """Whether the first images (headers only) are all grey (no colour to keep)."""
    from PIL import Image

    modes = set()
    for f in files[:200]:
        try:
            with Image.open(f) as img:
                modes.add(img.mode)
        except Exception:  # noqa: BLE001 - an unreadable file counts for nothing
            continue
    return bool(modes) and modes <= {"1", "L", "LA", "I", "I;16", "I;16B", "I;16L", "I;16N", "F"}


def common_size(files: list) -> int:
    """The most common shorter side among the first images (headers only), at most 64."""
    from PIL import Image

    sides = collections.Counter()
    for f in files[:200]:
        try:
            with Image.open(f) as img:
                sides[min(img.size)] += 1
        except Exception:  # noqa: BLE001 - an unreadable file counts for nothing
            continue
    side = sides.most_common(1)[0][0] if sides else 32
    return max(SIZES[0], min(side, LARGEST_SIZE))


def _cache_folder(root: Path, key: str) -> Path:
    """Beside the data when the folder can be written, else under the genviz cache."""
    beside = root / CACHE
    try:
        beside.mkdir(exist_ok=True)
        probe = beside / f".probe.{os.getpid()}"
        probe.write_bytes(b"")
        probe.unlink()
        return beside / key
    except OSError:
        digest = hashlib.sha256(str(root).encode()).hexdigest()[:16]
        return paths.cache_root() / "datasets" / digest / key


def _check_size(size: int | None) -> None:
    if size is not None and not SIZES[0] <= size <= SIZES[1]:
        raise GenvizError(
            f"the image size must be between {SIZES[0]} and {SIZES[1]} pixels, not {size}.",
            "dataset_size",
            low=SIZES[0],
            high=SIZES[1],
        )


@functools.lru_cache(maxsize=8)
def _folder(root: str, split: str, size: int | None, grey: bool):
    _check_size(size)
    folder = Path(root)
    files, classes, listing = _files(folder)
    every = [f for items in files.values() for f, _ in items]
    size = size or common_size(every)
    grey = grey or all_grey(every)  # a folder of grey images keeps one channel
    key = store.key(files=listing, size=size, grey=grey, version=VERSION)[:16]
    cache = _cache_folder(folder, key)
    if not (cache / "meta.json").is_file():
        _decode(files, classes, size, grey, cache)
    meta = json.loads((cache / "meta.json").read_text())
    images = np.load(cache / "images.npy", mmap_mode="c")  # copy-on-write: never written back
    labels = np.load(cache / "labels.npy")
    end = meta["images"]  # the rows after it were unreadable files'
    rows = slice(0, meta["train"]) if split == "train" else slice(meta["train"], end)
    name = spec(root, size, grey)  # the size always: a checkpoint keeps what it trained on
    return Split(
        name, split, torch.from_numpy(images[rows]), torch.from_numpy(labels[rows]).long(),
        tuple(classes), style="photo",
    )  # fmt: skip


def _decode(files, classes: list[str], size: int, grey: bool, cache: Path) -> None:
    """Decode every image once into the cache, streamed into a memory map so that a folder
    larger than memory decodes too: images.npy (N, C, size, size) uint8 in split order (the
    training images, then the test images: each split a slice of the map; rows of unreadable
    files are left at the end, unused) and labels.npy."""
    ids = {c: i for i, c in enumerate(classes)}
    if "all" in files:  # no train/ and test/ folders: a seeded tenth held out
        items = files["all"]
        order = np.random.default_rng(0).permutation(len(items))
        cut = max(1, math.ceil(TEST_SHARE * len(items)))
        files = {"train": [items[i] for i in sorted(order[cut:])],
                 "test": [items[i] for i in sorted(order[:cut])]}  # fmt: skip
    total = sum(len(v) for v in files.values())
    cache.parent.mkdir(parents=True, exist_ok=True)
    done = cache.with_name(f".{cache.name}.{os.getpid()}.part")
    done.mkdir(parents=True, exist_ok=True)
    shape = (total, 1 if grey else 3, size, size)
    images = np.lib.format.open_memmap(done / "images.npy", "w+", np.uint8, shape)
    labels, kept = [], {}
    for split in ("train", "test"):
        kept[split] = 0
        for f, label in files.get(split, []):
            a = open_image(f, size, grey)
            if a is not None:
                images[len(labels)] = a
                labels.append(ids[label])
                kept[split] += 1
    images.flush()
    del images
    if min(kept.values()) < 1:
        shutil.rmtree(done, ignore_errors=True)
        raise GenvizError(
            f"only {len(labels)} of the {total} images could be read; a dataset needs at least "
            "two (one to train on, one to test).",
            "dataset_too_few",
            n=len(labels),
        )
    np.save(done / "labels.npy", np.asarray(labels, np.int64))
    meta = {"classes": classes, "size": size, "grey": grey, "skipped": total - len(labels),
            "train": kept["train"], "images": len(labels)}  # fmt: skip
    (done / "meta.json").write_text(json.dumps(meta))
    with contextlib.suppress(OSError):  # another process decoded the folder meanwhile: theirs
        done.rename(cache)  # the whole cache appears at once
    if done.exists():
        shutil.rmtree(done, ignore_errors=True)


def forget() -> None:
    """Drop the splits kept in memory (a file was rewritten): its next load reads it again."""
    _folder.cache_clear()
    _npz.cache_clear()


def skipped(name: str) -> int:
    """How many files of a folder dataset could not be read (after it was loaded once)."""
    base, options = parse_spec(name)
    for meta in Path(base, CACHE).glob("*/meta.json"):
        found = json.loads(meta.read_text())
        if found["size"] == options.get("size"):
            return found["skipped"]
    return 0


# -- an .npz -----------------------------------------------------------------------------------


@functools.lru_cache(maxsize=4)
def _npz(path: str, split: str, size: int | None, grey: bool):
    _check_size(size)
    try:
        with np.load(path, allow_pickle=False) as f:
            arrays = {k: f[k] for k in f.files}
    except ValueError as e:
        why = "it holds Python objects, which genviz never unpickles" if "pickle" in str(e) else e
        raise GenvizError(f"{path} cannot be read ({why}); save plain arrays.", "npz_bad") from None
    except (OSError, EOFError) as e:
        raise GenvizError(f"{path} is not a readable .npz file ({e}).", "npz_bad") from None
    images = _npz_images(path, arrays.get("images"))
    labels = _npz_labels(path, arrays.get("labels"), len(images))
    names = _npz_names(path, arrays.get("class_names"), int(labels.max()) + 1, Path(path).stem)
    images = _recolour(images, grey)
    if size is not None and size != images.shape[-1]:
        images = torch.nn.functional.interpolate(
            torch.from_numpy(images).float(), size=(size, size), mode="area"
        ).round().to(torch.uint8).numpy()  # fmt: skip
    index = _npz_rows(path, arrays.get("test"), len(images), split)
    blank = bool(arrays.get("blank", False))  # latents imported with no images: none to show
    return Split(
        spec(path, size, grey), split, torch.from_numpy(images[index]).contiguous(),
        torch.from_numpy(labels[index]), names, style="none" if blank else "photo",
        ids=torch.from_numpy(index),
    )  # fmt: skip


def _npz_rows(path: str, test, n: int, split: str) -> np.ndarray:
    """The rows of a split: those an optional boolean `test` array marks (where every row is a
    test row, as in a set of imported latents, the training split is the same rows), else a
    seeded tenth held out."""
    if test is None:
        order = np.random.default_rng(0).permutation(n)
        cut = max(1, math.ceil(TEST_SHARE * n))
        return np.sort(order[:cut] if split == "test" else order[cut:])
    if test.shape != (n,) or test.dtype != np.bool_ or not test.any():
        raise GenvizError(
            f"{path}'s test array must be {n} true or false values, one per image, at least "
            "one true.",
            "npz_bad",
        )
    chosen = test if split == "test" or test.all() else ~test
    return np.flatnonzero(chosen)


def _npz_images(path: str, images) -> np.ndarray:
    """(N, C, H, W) uint8 from (N, H, W) or (N, H, W, C) uint8, square."""
    if images is None:
        raise GenvizError(f"{path} has no 'images' array; save one as images=...", "npz_bad")
    if images.dtype != np.uint8:
        raise GenvizError(
            f"{path}'s images are {images.dtype}, not uint8; save them as 0-255 bytes.", "npz_bad"
        )
    if images.ndim == 3:
        images = images[:, :, :, None]
    if images.ndim != 4 or images.shape[3] not in (1, 3, 4) or len(images) < 2:
        raise GenvizError(
            f"{path}'s images have the shape {images.shape}; give (N, H, W) or (N, H, W, C) "
            "with C 1, 3 or 4 and at least two images.",
            "npz_bad",
        )
    if images.shape[1] != images.shape[2] or not SIZES[0] <= images.shape[1] <= SIZES[1]:
        raise GenvizError(
            f"{path}'s images are {images.shape[1]}x{images.shape[2]}; give square images of "
            f"{SIZES[0]} to {SIZES[1]} pixels.",
            "npz_bad",
        )
    return np.ascontiguousarray(images[..., :3].transpose(0, 3, 1, 2))


def _npz_labels(path: str, labels, n: int) -> np.ndarray:
    if labels is None:
        return np.zeros(n, np.int64)
    if labels.shape != (n,) or labels.dtype.kind not in "iu" or (labels < 0).any():
        raise GenvizError(
            f"{path}'s labels must be {n} whole numbers of 0 or more, one per image.", "npz_bad"
        )
    return labels.astype(np.int64)


def _npz_names(path: str, names, classes: int, stem: str) -> tuple[str, ...]:
    if names is None:
        return (stem,) if classes == 1 else tuple(str(i) for i in range(classes))
    if names.dtype.kind != "U" or names.ndim != 1 or len(names) < classes:
        raise GenvizError(
            f"{path}'s class_names must be text, one for each of the {classes} labels.",
            "npz_bad",
        )
    return tuple(str(n) for n in names)


def _recolour(images: np.ndarray, grey: bool) -> np.ndarray:
    if grey and images.shape[1] == 3:
        weights = np.array([0.299, 0.587, 0.114], np.float32)[None, :, None, None]
        return (images * weights).sum(1, keepdims=True).round().astype(np.uint8)
    return images
