"""Where genviz keeps things: the data, the shipped checkpoints and their views, the user's
checkpoints and the cache. Every module asks here, so a folder is named in one place.

Environment variables move them: GENVIZ_DATA (the datasets), GENVIZ_USER_DIR (the app's
trained checkpoints), GENVIZ_CACHE (results and pictures computed on the spot).
"""

from __future__ import annotations

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]  # the repository genviz/ lives in
CHECKPOINTS = ROOT / "checkpoints"  # the shipped sets, one folder per dataset
VIEWS = "views"  # a shipped set's precomputed results: <dataset folder>/views/<name>/<key>.npz
MANIFEST = "MANIFEST.json"  # every shipped file with its size, SHA-256 and recipe
# the test splits shipped with genviz (MNIST's and Fashion-MNIST's, the copies the shipped
# views were made of), so every page works on a fresh clone with no download
TESTSETS = ROOT / "testsets"


def data_root(root: str | os.PathLike | None = None) -> Path:
    """Where the torchvision datasets live: `root`, else $GENVIZ_DATA, else ./data."""
    return Path(root or os.environ.get("GENVIZ_DATA") or "data")


def cache_root() -> Path:
    """$GENVIZ_CACHE, else ~/.cache/genviz."""
    return Path(os.environ.get("GENVIZ_CACHE") or Path.home() / ".cache" / "genviz")


def user_checkpoints() -> Path:
    """Where the app saves what is trained on its Train page: $GENVIZ_USER_DIR, else
    checkpoints/user (ignored by git)."""
    return Path(os.environ.get("GENVIZ_USER_DIR") or CHECKPOINTS / "user")


def views(folder: str | os.PathLike) -> Path:
    """A set's precomputed views: <folder>/views, for the checkpoints in `folder`."""
    return Path(folder) / VIEWS


def shipped_views(dataset: str) -> Path:
    """The shipped set's precomputed views of a dataset."""
    return views(CHECKPOINTS / dataset)
