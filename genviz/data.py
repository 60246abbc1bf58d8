"""Datasets as one uint8 tensor per split (memory-mapped for a user's own), and the
corruptions a denoising autoencoder undoes.

Built in: `digits` (scikit-learn's bundled 8x8 set) and `shapes` (generated: colour, with
known factors; genviz.shapes) work offline; `mnist`, `fashion-mnist` and `kmnist` are read
from torchvision's layout (`<root>/<Folder>/raw`, checked as torchvision checks them, without
importing it) and `cifar10` by torchvision's own checked loader, where root is the `root`
argument, else `$GENVIZ_DATA`, else `./data`. Nothing is downloaded unless asked for
(torchvision downloads).

A user's own dataset is named by its path: a folder of images or an `.npz` file
(genviz.imagesets), with its options after a `?`: `photos?size=32&grey=true` (`spec` writes
such a name, `parse_spec` reads it). The name is what a checkpoint records as its dataset.
"""

from __future__ import annotations

import functools
import hashlib
import math
import os
from pathlib import Path

import torch

from genviz.errors import DatasetMissing, GenvizError
from genviz.paths import TESTSETS, data_root
from genviz.split import Split, parse_spec, spec

IDX_FILES = (
    "train-images-idx3-ubyte",
    "train-labels-idx1-ubyte",
    "t10k-images-idx3-ubyte",
    "t10k-labels-idx1-ubyte",
)
# name -> torchvision class name (also its folder under the data root)
TORCHVISION_SETS = {"mnist": "MNIST", "fashion-mnist": "FashionMNIST", "kmnist": "KMNIST"}
CIFAR_FOLDER = "cifar-10-batches-py"  # torchvision's CIFAR10 reads it from the data root
DATASETS = ("digits", *TORCHVISION_SETS, "cifar10", "shapes")
# white strokes on black, centred (an upload is cropped to its ink and inverted if light);
# every other dataset is a "photo" (an upload is cropped to the middle square and resized)
INK = ("digits", *TORCHVISION_SETS)
SPLITS = ("train", "test")
# the built-in sets whose test split ships with genviz (testsets/<Folder>/t10k-*.gz)
SHIPPED_TEST = ("mnist", "fashion-mnist")
TRAIN_SIZES = {"mnist": 60_000, "fashion-mnist": 60_000}  # their training splits' lengths
FASHION_CLASSES = ("T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt",
                   "Sneaker", "Bag", "Ankle boot")  # fmt: skip
KMNIST_KANA = ("お", "き", "す", "つ", "な", "は", "ま", "や", "れ", "を")
KMNIST_ROMAJI = ("o", "ki", "su", "tsu", "na", "ha", "ma", "ya", "re", "wo")  # torchvision's


def named(name: str, image_size: int | None = None, grey: bool = False) -> str:
    """The full name of a dataset asked for with options: a user's folder or file by its
    absolute path with them; `shapes` at 64 pixels; a built-in name alone otherwise."""
    base, options = parse_spec(name)
    image_size = image_size or options.get("size")
    grey = grey or options.get("grey", False)
    if base not in DATASETS:
        _known(base)
        return spec(base, image_size, grey)
    if base == "shapes" and image_size and image_size != 32 and not grey:
        return f"shapes?size={image_size}"
    if image_size or grey:
        raise GenvizError(
            f"{base} comes in one size and one colour; --image-size and --grey are for your own "
            "folders and files (and --image-size 64 for shapes).",
            "dataset_options",
        )
    return base


def _known(base: str) -> None:
    if not ready(base):
        raise GenvizError(
            f"unknown dataset '{base}': it is not one of {', '.join(DATASETS)}, nor a folder "
            "of images, nor an .npz file; check the name or the path.",
            "dataset_unknown",
            name=base,
        )


def slug(name: str) -> str:
    """A folder name for a dataset's checkpoints: a built-in name, else the user's folder's
    name and a short hash of the whole name."""
    if parse_spec(name)[0] in DATASETS and "?" not in name:
        return name
    digest = hashlib.sha256(name.encode()).hexdigest()[:8]
    return f"{Path(parse_spec(name)[0]).name or 'data'}-{digest}"


def is_own(name: str) -> bool:
    """Whether a dataset is a user's own (a folder or an .npz), not a built-in one."""
    return parse_spec(name)[0] not in DATASETS


def title(name: str) -> str:
    """A dataset's name for people: a user's folder by its own name, with its options."""
    base, options = parse_spec(name)
    if base in DATASETS:
        return name
    words = [Path(base).name or base]
    words += [f"{options['size']} px"] if "size" in options else []
    return " ".join(words + (["grey"] if options.get("grey") else []))


def load_dataset(
    name: str,
    split: str = "train",
    *,
    root: str | os.PathLike | None = None,
    download: bool = False,
) -> Split:
    """Load one split of a dataset as uint8 tensors on the CPU (cached per process): a
    built-in name, or a user's folder of images or .npz file (with options, see `spec`)."""
    if split not in SPLITS:
        raise GenvizError(f"unknown split '{split}'; choose train or test.")
    base, options = parse_spec(name)
    if base == "digits":
        return _load_digits(split)
    if base == "shapes":
        from genviz import shapes

        return shapes.load(split, options.get("size", 32))
    if base not in DATASETS:
        _known(base)
        from genviz import imagesets

        return imagesets.load(base, split, options.get("size"), options.get("grey", False))
    folder = data_root(root).resolve()
    if download:
        _download(base, folder)
    if base == "cifar10":
        return _load_cifar(split, str(folder))
    return _load_idx(base, split, str(folder))


def ready(name: str, root: str | os.PathLike | None = None) -> bool:
    """Whether a dataset's test split can be loaded now: a built-in one's files (or its
    shipped test split), a user's folder or file."""
    base, _ = parse_spec(name)
    if base in DATASETS:
        return not _missing_files(base, data_root(root)) or _shipped_test(base) is not None
    found = Path(base).expanduser()
    return found.is_dir() or (found.suffix.lower() == ".npz" and found.is_file())


def available(root: str | os.PathLike | None = None) -> dict[str, bool]:
    """Which built-in datasets' test splits can be loaded right now without a download."""
    return {name: ready(name, root) for name in DATASETS}


def has_train(name: str, root: str | os.PathLike | None = None) -> bool:
    """Whether a dataset's training split is here (not only the test split genviz ships)."""
    base, _ = parse_spec(name)
    return base not in DATASETS or not _missing_files(base, data_root(root))


def _shipped_test(name: str) -> Path | None:
    """The folder of a built-in set's shipped test split, if it has one."""
    folder = TESTSETS / TORCHVISION_SETS.get(name, name)
    files = [folder / f"{f}.gz" for f in IDX_FILES[2:]]
    return folder if name in SHIPPED_TEST and all(f.is_file() for f in files) else None


def _missing_files(name: str, folder: Path) -> list[str]:
    if name in ("digits", "shapes"):
        return []
    if name == "cifar10":
        found = folder / CIFAR_FOLDER
        wanted = [f"data_batch_{i}" for i in range(1, 6)] + ["test_batch", "batches.meta"]
        return [f for f in wanted if not (found / f).is_file()]
    raw = folder / TORCHVISION_SETS[name] / "raw"
    return [f for f in IDX_FILES if not (raw / f).is_file()]


@functools.lru_cache(maxsize=2)
def _load_digits(split: str) -> Split:
    from sklearn.datasets import load_digits
    from sklearn.model_selection import train_test_split

    digits = load_digits()
    # sklearn stores 0..16 grey levels; a fixed stratified 80/20 split keeps runs comparable
    images = torch.from_numpy((digits.images * (255 / 16)).round()).to(torch.uint8)
    labels = torch.from_numpy(digits.target).long()
    train, test = train_test_split(
        torch.arange(len(labels)).numpy(), test_size=0.2, random_state=0, stratify=labels.numpy()
    )
    index = torch.from_numpy(train if split == "train" else test)
    names = tuple(str(d) for d in range(10))
    return Split("digits", split, images[index].unsqueeze(1), labels[index], names)  # (N, 1, 8, 8)


@functools.lru_cache(maxsize=8)
def _load_idx(name: str, split: str, folder: str) -> Split:
    missing = _missing_files(name, Path(folder))
    shipped = _shipped_test(name)
    if missing and split == "test" and shipped is not None:
        return _read_shipped_test(name, shipped)
    if missing and shipped is not None:  # a fresh clone: the test split, not the training one
        raise DatasetMissing(
            f"{name}'s training images are not here (genviz ships only its test images): "
            f"download them with python -m genviz download {name}, or point --data or "
            "GENVIZ_DATA at the folder that holds them.",
            "train_missing",
            name=name,
        )
    if missing:
        raw = Path(folder) / TORCHVISION_SETS[name] / "raw"
        found = (
            f"is not in {raw} (expected the four files {', '.join(IDX_FILES)})"
            if len(missing) == len(IDX_FILES)
            else f"in {raw} is incomplete (missing {', '.join(missing)})"
        )
        raise DatasetMissing(
            f"{name} {found}: download it with python -m genviz download {name}, or point "
            "--data or GENVIZ_DATA at the folder that holds it."
        )
    raw = Path(folder) / TORCHVISION_SETS[name] / "raw"
    fix = "delete them and download again with --download."
    return _read_idx(name, split, raw, "", fix)


def _read_shipped_test(name: str, folder: Path) -> Split:
    """A shipped test split: the two gzipped IDX files."""
    return _read_idx(name, "test", folder, ".gz", "restore it from the repository.")


def _read_idx(name: str, split: str, folder: Path, suffix: str, fix: str) -> Split:
    """A split of an IDX set (MNIST's format; torchvision's layout, its `raw` folder) read and
    checked as torchvision's MNIST class reads and checks it, without importing torchvision:
    its import (torch's compiler comes with torchvision.ops) was 2 of the 3 seconds of a
    server's first page."""
    import gzip

    import numpy as np

    def idx(path: Path, magic: int, dims: int) -> np.ndarray:
        try:
            blob = path.read_bytes()
            blob = gzip.decompress(blob) if suffix == ".gz" else blob
        except (OSError, EOFError) as exc:
            raise GenvizError(f"{path} could not be read ({exc}); {fix}") from exc
        size = 4 * (1 + dims)  # the magic number and one count per dimension
        head = np.frombuffer(blob[:size], ">u4") if len(blob) >= size else None
        shape = () if head is None else tuple(int(d) for d in head[1:])
        if head is None or int(head[0]) != magic or len(blob) != size + math.prod(shape):
            raise GenvizError(f"{path} could not be read: it is damaged; {fix}")
        return np.frombuffer(blob, np.uint8, offset=size).reshape(shape)

    part = "train" if split == "train" else "t10k"
    images = idx(folder / f"{part}-images-idx3-ubyte{suffix}", 2051, 3)
    labels = idx(folder / f"{part}-labels-idx1-ubyte{suffix}", 2049, 1)
    if len(images) != len(labels):
        raise GenvizError(f"{folder} holds {len(images)} images but {len(labels)} labels; {fix}")
    if name == "fashion-mnist":
        names = FASHION_CLASSES
    elif name == "kmnist":  # torchvision's romaji, with the kana beside them
        names = tuple(f"{kana} ({romaji})" for kana, romaji in zip(KMNIST_KANA, KMNIST_ROMAJI))
    else:
        names = tuple(str(d) for d in range(10))
    x = torch.from_numpy(images.copy()).unsqueeze(1)
    return Split(name, split, x, torch.from_numpy(labels.astype(np.int64)), names)


@functools.lru_cache(maxsize=2)
def _load_cifar(split: str, folder: str) -> Split:
    """CIFAR-10 (Krizhevsky 2009) by torchvision's loader, which checks each file's MD5
    against the published one before reading it (the files are pickles: only the
    published ones are opened)."""
    missing = _missing_files("cifar10", Path(folder))
    if missing:
        raise DatasetMissing(
            f"cifar10 is not in {Path(folder) / CIFAR_FOLDER} (missing {', '.join(missing)}): "
            "download it with python -m genviz download cifar10, or point --data or "
            "GENVIZ_DATA at the folder that holds it."
        )
    import torchvision

    try:
        ds = torchvision.datasets.CIFAR10(root=folder, train=split == "train", download=False)
    except Exception as exc:  # torchvision's integrity check, or a damaged file
        raise GenvizError(
            f"the cifar10 files in {Path(folder) / CIFAR_FOLDER} could not be read ({exc}); "
            "delete them and download again."
        ) from exc
    images = torch.from_numpy(ds.data).permute(0, 3, 1, 2).contiguous()  # (N, 32, 32, 3) -> NCHW
    labels = torch.as_tensor(ds.targets).long()
    return Split("cifar10", split, images, labels, tuple(ds.classes), style="photo")


def _download(name: str, folder: Path) -> None:
    if not _missing_files(name, folder):
        return
    import torchvision

    if name == "cifar10":
        try:
            for train in (True, False):
                torchvision.datasets.CIFAR10(root=str(folder), train=train, download=True)
        except Exception as exc:
            raise GenvizError(
                f"could not download cifar10 into {folder} ({type(exc).__name__}); check the "
                "internet connection."
            ) from exc
        _load_cifar.cache_clear()
        return
    cls = getattr(torchvision.datasets, TORCHVISION_SETS[name])
    raw = folder / TORCHVISION_SETS[name] / "raw"
    made = [p for p in (folder, raw.parent, raw) if not p.exists()]  # to undo on failure
    had = set(raw.iterdir()) if raw.is_dir() else set()
    try:
        for train in (True, False):
            cls(root=str(folder), train=train, download=True)
    except Exception as exc:
        # leave nothing behind that looks like a dataset: the partial files this download
        # wrote, then the folders it made (never a file that was there before)
        for partial in set(raw.iterdir()) - had if raw.is_dir() else ():
            if partial.is_file():
                partial.unlink()
        for path in reversed(made):
            if path.is_dir() and not any(path.iterdir()):
                path.rmdir()
        raise GenvizError(
            f"could not download {name} into {raw} ({type(exc).__name__}); check the "
            f"internet connection, or copy the four IDX files ({', '.join(IDX_FILES)}) into "
            "that folder by hand."
        ) from exc
    _load_idx.cache_clear()


# ---- corruptions -------------------------------------------------------------------------

NOISES = ("gaussian", "salt-pepper", "mask")


def corrupt(
    x: torch.Tensor, noise: str, level: float, generator: torch.Generator | None = None
) -> torch.Tensor:
    """Corrupt images in [0, 1]; the result stays in [0, 1].

    gaussian: add N(0, level^2) noise and clip. salt-pepper: a `level` share of pixels set to 0
    or 1 at random. mask: a `level` share of pixels set to 0.
    """
    if noise == "gaussian":
        noisy = x + level * torch.randn(x.shape, generator=generator, device=x.device)
        return noisy.clamp_(0, 1)
    hit = torch.rand(x.shape, generator=generator, device=x.device) < level
    if noise == "mask":
        return x.masked_fill(hit, 0.0)
    if noise == "salt-pepper":
        salt = torch.rand(x.shape, generator=generator, device=x.device) < 0.5
        return torch.where(hit, salt.to(x.dtype), x)
    raise GenvizError(f"unknown noise '{noise}'; choose from {', '.join(NOISES)}.")


def parse_noise(spec: str) -> tuple[str, float]:
    """'gaussian:0.5' -> ('gaussian', 0.5), with a clear error for anything else."""
    noise, _, level = spec.partition(":")
    if noise not in NOISES:
        raise GenvizError(
            f"unknown noise '{noise}' in '{spec}'; write it as NAME:LEVEL with NAME one of "
            f"{', '.join(NOISES)}, for example gaussian:0.5."
        )
    try:
        value = float(level)
    except ValueError:
        raise GenvizError(
            f"the noise level in '{spec}' is not a number; write it as {noise}:0.5."
        ) from None
    if not math.isfinite(value) or value < 0 or (noise != "gaussian" and value > 1):
        limit = "a sigma of 0 or more" if noise == "gaussian" else "a share between 0 and 1"
        raise GenvizError(f"noise level {value} is out of range; give {noise} {limit}.")
    return noise, value


def binarize(x: torch.Tensor, generator: torch.Generator | None = None) -> torch.Tensor:
    """Dynamic binarization: each pixel is 1 with probability equal to its grey level."""
    return torch.bernoulli(x, generator=generator)
