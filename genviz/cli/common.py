"""What the commands share: the data and device flags, flag values as config types, the
progress bar, and writing arrays."""

from __future__ import annotations

import argparse
import math
import sys
from pathlib import Path

import numpy as np

from genviz import checkpoint, data
from genviz.errors import GenvizError
from genviz.train import pick_device


def add_data_args(p: argparse.ArgumentParser, device: str = "auto") -> None:
    p.add_argument("--device", default=device, help="auto, cpu, cuda or mps")
    p.add_argument("--data", default=None, help="data root (default $GENVIZ_DATA or ./data)")
    p.add_argument("--download", action="store_true", help="download the dataset if missing")


def load(args, path: str | None = None) -> checkpoint.Checkpoint:
    return checkpoint.load(path or args.checkpoint, device=pick_device(args.device))


def split_of(ckpt, args, split: str) -> data.Split:
    """The checkpoint's dataset split, cut to --limit images when given."""
    part = data.load_dataset(
        ckpt.dataset, split, root=args.data, download=getattr(args, "download", False)
    )
    limit = getattr(args, "limit", None)
    return part if limit is None else part.take(limit)


def count(name: str, low: int = 1, high: int = 1_000_000):
    """An argparse type: a whole number in [low, high], else one sentence."""

    def parse(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(
                f"--{name} needs a whole number, not {text!r}"
            ) from None
        if not low <= value <= high:
            raise argparse.ArgumentTypeError(
                f"--{name} must be between {low} and {high}, not {value}"
            )
        return value

    return parse


def number(name: str, low: float, high: float, low_open: bool = False):
    """An argparse type: a finite number in [low, high] ((low, high] with low_open)."""

    def parse(text: str) -> float:
        try:
            value = float(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"needs a number, not {text!r}") from None
        inside = (low < value if low_open else low <= value) and value <= high
        if not (math.isfinite(value) and inside):
            side = "above" if low_open else "at least"
            raise argparse.ArgumentTypeError(
                f"must be a number {side} {low:g} and at most {high:g}, not {text}"
            )
        return value

    return parse


class ProgressBar:
    """A tqdm bar over all steps of the run, showing the latest losses."""

    def __init__(self):
        from tqdm import tqdm

        self.tqdm, self.bar = tqdm, None

    def __call__(self, ev):
        if self.bar is None:
            self.bar = self.tqdm(total=ev.epochs * ev.steps_per_epoch, unit="step", file=sys.stderr)
        if ev.kind == "step":
            self.bar.update(1)
            self.bar.set_description(f"epoch {ev.epoch}/{ev.epochs}")
            shown = {k: f"{v:.4g}" for k, v in list(ev.logs.items())[:4]}
            self.bar.set_postfix(shown, refresh=False)

    def close(self):
        if self.bar is not None:
            self.bar.close()


def save_images(out: str, x: np.ndarray) -> Path:
    """float32 (N, C, H, W) images to OUT.npy."""
    path = Path(out).with_suffix(".npy")
    writable(path.parent)
    np.save(path, x.astype(np.float32))
    print(f"wrote {path} {x.shape}")
    return path


def writable(folder: Path) -> Path:
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as e:
        raise GenvizError(
            f"cannot write to {folder} ({e.strerror}); choose another folder."
        ) from None
    return folder
