"""One split of a dataset as tensors (`Split`), and how a dataset is named: a built-in name,
or a user's folder or file by its path with its options after a `?` (`spec`, `parse_spec`)."""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import os
import urllib.parse
from dataclasses import dataclass
from pathlib import Path

import torch

from genviz.errors import GenvizError


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
    factors: torch.Tensor | None = None  # (N, F) int64: each image's known factors, if any
    factor_names: tuple[str, ...] = ()
    style: str = "ink"  # "ink" (white strokes on black, centred), "photo", or "none" (no images)
    ids: torch.Tensor | None = None  # (N,) which rows of the whole split these are; None: all
    origin: str | None = None  # the fingerprint of the whole split a part was taken from

    @functools.cached_property
    def fingerprint(self) -> str:
        """A hash of the whole split's images and labels (a part's: its whole split's), so a
        stored result computed on other data (another copy, another order) is never reused.
        Computed once per loaded split."""
        if self.origin is not None:
            return self.origin
        digest = hashlib.sha256()
        digest.update(repr((tuple(self.images.shape), self.class_names)).encode())
        for t in (self.images, self.labels):
            digest.update(memoryview(t.detach().cpu().contiguous().numpy()).cast("B"))
        return digest.hexdigest()[:16]

    @property
    def rows(self) -> torch.Tensor:
        """(N,) the row of the whole split each image is (given latents are found by it)."""
        return torch.arange(len(self)) if self.ids is None else self.ids

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
        factors = None if self.factors is None else self.factors[index]
        return dataclasses.replace(
            self,
            images=self.images[index],
            labels=self.labels[index],
            factors=factors,
            ids=self.rows[index],
            origin=self.fingerprint,
        )

    def then(self, other: Split) -> Split:
        """This split followed by `other` (split "all": MNIST's test images, then its
        training ones); its fingerprint is made of both."""
        if self.image_shape != other.image_shape or self.class_names != other.class_names:
            raise GenvizError(f"{self.name}'s splits differ in shape or classes.")
        factors = None
        if self.factors is not None and other.factors is not None:
            factors = torch.cat([self.factors, other.factors])
        digest = hashlib.sha256(f"{self.fingerprint}+{other.fingerprint}".encode())
        return dataclasses.replace(
            self,
            split=f"{self.split}+{other.split}",
            images=torch.cat([self.images, other.images]),
            labels=torch.cat([self.labels, other.labels]),
            factors=factors,
            ids=None,
            origin=digest.hexdigest()[:16],
        )


@dataclass(frozen=True)
class Absent:
    """A split that is not on this computer (a fresh clone holds only the test splits genviz
    ships): it has a name and a length, so a shipped result made of it is still found, and
    anything that needs its images raises the sentence that says how to get them."""

    name: str
    split: str
    length: int
    why: GenvizError
    fingerprint = None  # a result's record of it is trusted: there is no other copy here

    def __len__(self) -> int:
        return self.length

    def take(self, index) -> Absent:
        n = index if isinstance(index, int) else len(range(self.length)[index])
        return dataclasses.replace(self, length=min(n, self.length))

    def __getattr__(self, attr: str):
        if attr.startswith("__"):
            raise AttributeError(attr)
        raise self.why


def spec(path: str | os.PathLike, image_size: int | None = None, grey: bool = False) -> str:
    """The name of a user's dataset with its options: 'photos?size=32&grey=true'."""
    options = {"size": image_size} if image_size else {}
    options |= {"grey": "true"} if grey else {}
    found = str(Path(path).expanduser().resolve())
    return found + ("?" + urllib.parse.urlencode(options) if options else "")


def parse_spec(name: str) -> tuple[str, dict]:
    """A dataset's name and its options: ('photos', {'size': 32, 'grey': True})."""
    base, _, query = name.partition("?")
    options: dict = {}
    for key, value in urllib.parse.parse_qsl(query, keep_blank_values=True):
        if key == "size":
            try:
                options["size"] = int(value)
            except ValueError:
                raise GenvizError(f"the image size in '{name}' is not a whole number.") from None
        elif key == "grey":
            options["grey"] = value.lower() in ("1", "true", "yes", "")
        else:
            raise GenvizError(f"'{name}' has an option genviz does not know: {key}.")
    return base, options
