"""Datasets as one uint8 tensor per split, and the corruptions a denoising autoencoder undoes.

`digits` is scikit-learn's bundled 8x8 set and works offline. `mnist`, `fashion-mnist` and
`kmnist` are read by torchvision's own loaders from `<root>/<Folder>/raw`, where root is the
`root` argument, else `$GENVIZ_DATA`, else `./data`. Nothing is downloaded unless asked for.
"""

from __future__ import annotations

import functools
import math
import os
from dataclasses import dataclass
from pathlib import Path

import torch

from genviz.errors import DatasetMissing, GenvizError
from genviz.paths import data_root

IDX_FILES = (
    "train-images-idx3-ubyte",
    "train-labels-idx1-ubyte",
    "t10k-images-idx3-ubyte",
    "t10k-labels-idx1-ubyte",
)
# name -> torchvision class name (also its folder under the data root)
TORCHVISION_SETS = {"mnist": "MNIST", "fashion-mnist": "FashionMNIST", "kmnist": "KMNIST"}
DATASETS = ("digits", *TORCHVISION_SETS)
SPLITS = ("train", "test")
KMNIST_KANA = ("お", "き", "す", "つ", "な", "は", "ま", "や", "れ", "を")


@dataclass(frozen=True, eq=False)
class Split:
    """One split of a dataset, kept whole in memory (or on the GPU) as uint8.

    The tensors may be shared with a cache: treat them as read-only.
    """

    name: str
    split: str
    images: torch.Tensor  # (N, C, H, W) uint8, 0 = black
    labels: torch.Tensor  # (N,) int64
    class_names: tuple[str, ...]

    def __len__(self) -> int:
        return self.images.shape[0]

    @property
    def image_shape(self) -> tuple[int, int, int]:
        return tuple(self.images.shape[1:])

    @property
    def num_classes(self) -> int:
        return len(self.class_names)

    @property
    def device(self) -> torch.device:
        return self.images.device

    def floats(self, index=slice(None)) -> torch.Tensor:
        """The images at `index` as float32 in [0, 1]."""
        return self.images[index].float().div_(255)

    def take(self, index) -> Split:
        """A smaller split: `index` is a slice, an int count (the first n) or index tensor."""
        if isinstance(index, int):
            index = slice(0, index)
        return Split(
            self.name, self.split, self.images[index], self.labels[index], self.class_names
        )


def load_dataset(
    name: str,
    split: str = "train",
    *,
    root: str | os.PathLike | None = None,
    download: bool = False,
) -> Split:
    """Load one split of a dataset as uint8 tensors on the CPU (cached per process)."""
    if name not in DATASETS:
        raise GenvizError(f"unknown dataset '{name}'; choose from {', '.join(DATASETS)}.")
    if split not in SPLITS:
        raise GenvizError(f"unknown split '{split}'; choose train or test.")
    if name == "digits":
        return _load_digits(split)
    folder = data_root(root).resolve()
    if download:
        _download(name, folder)
    return _load_idx(name, split, str(folder))


def available(root: str | os.PathLike | None = None) -> dict[str, bool]:
    """Which datasets can be loaded right now without a download."""
    folder = data_root(root)
    return {name: name == "digits" or not _missing_files(name, folder) for name in DATASETS}


def _missing_files(name: str, folder: Path) -> list[str]:
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
    if missing:
        raw = Path(folder) / TORCHVISION_SETS[name] / "raw"
        found = (
            f"is not in {raw} (expected the four files {', '.join(IDX_FILES)})"
            if len(missing) == len(IDX_FILES)
            else f"in {raw} is incomplete (missing {', '.join(missing)})"
        )
        raise DatasetMissing(
            f"{name} {found}: download it with --download, or point --data or GENVIZ_DATA "
            "at the folder that holds it."
        )
    import torchvision

    cls = getattr(torchvision.datasets, TORCHVISION_SETS[name])
    try:
        ds = cls(root=folder, train=split == "train", download=False)
    except Exception as exc:  # torchvision raises assorted errors for a damaged IDX file
        raise GenvizError(
            f"the {name} files in {Path(folder) / TORCHVISION_SETS[name] / 'raw'} could not be "
            f"read ({exc}); delete them and download again with --download."
        ) from exc
    names = tuple(ds.classes)
    if name == "mnist":  # torchvision says '0 - zero'
        names = tuple(str(d) for d in range(10))
    elif name == "kmnist":  # torchvision gives romaji only; show the kana beside them
        names = tuple(f"{kana} ({romaji})" for kana, romaji in zip(KMNIST_KANA, names))
    return Split(name, split, ds.data.unsqueeze(1).contiguous(), ds.targets.long(), names)


def _download(name: str, folder: Path) -> None:
    if not _missing_files(name, folder):
        return
    import torchvision

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
            f"could not download {name} into {folder} ({type(exc).__name__}); check the "
            "internet connection, or copy the four IDX files into that folder by hand."
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
