"""Results that are the same for every user (a model's preview, prior samples, anomaly scores,
a sweep), kept as .npz files that are never unpickled: shipped beside the checkpoints when the
set is retrained, and cached on disk when computed on the spot, so neither a first visit nor a
server restart pays for them again.

A result is a dict of numpy arrays plus one JSON-able dict ("meta"); its name is a hash of
everything it depends on (`key`).
"""

from __future__ import annotations

import contextlib
import contextvars
import hashlib
import json
import os
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import numpy as np

from genviz import project

VERSION = 1  # bump when what a result means changes, so old files are not reused
Result = dict  # name -> np.ndarray, and "meta" -> dict
_PRECOMPUTING: contextvars.ContextVar[Path | None] = contextvars.ContextVar(
    "precompute", default=None
)


@contextlib.contextmanager
def precomputing(folder: Path) -> Iterator[Path]:
    """Within this block, every result is computed afresh and written into `folder` (the
    shipped set's), never read from or written to the user's cache."""
    token = _PRECOMPUTING.set(Path(folder))
    try:
        yield Path(folder)
    finally:
        _PRECOMPUTING.reset(token)


def key(**parts) -> str:
    """The name of a result: a hash of what it depends on (weights hashes, settings)."""
    text = json.dumps({"v": VERSION, **parts}, sort_keys=True, default=str)
    return hashlib.sha256(text.encode()).hexdigest()[:32]


def cache_dir() -> Path:
    """Where results computed on the spot are kept: <GENVIZ_CACHE or ~/.cache/genviz>/store."""
    return project.cache_root() / "store"


def read(path: Path) -> Result | None:
    try:
        with np.load(path, allow_pickle=False) as f:
            out = {k: f[k] for k in f.files if k != "meta"}
            out["meta"] = json.loads(str(f["meta"])) if "meta" in f.files else {}
        return out
    except (OSError, ValueError, KeyError):  # missing, truncated or not ours: recompute
        return None


def write(path: Path, result: Result) -> Path:
    """Store atomically: a temporary file, then a rename."""
    path.parent.mkdir(parents=True, exist_ok=True)
    arrays = {k: np.asarray(v) for k, v in result.items() if k != "meta"}
    meta = np.array(json.dumps(result.get("meta", {})))
    tmp = path.with_name(f".{path.stem}.{os.getpid()}.{threading.get_ident()}.tmp.npz")
    try:
        np.savez_compressed(tmp, meta=meta, **arrays)
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)
    return path


def fetch(
    name: str, key: str, compute: Callable[[], Result] | None, shipped: Path | None = None
) -> Result | None:
    """The result `name`/`key`: shipped, else cached, else computed now and cached (or None
    when `compute` is None: a look, not a computation)."""
    target = _PRECOMPUTING.get()
    if target is not None:
        return read(write(target / name / f"{key}.npz", compute()))
    for folder in (shipped, cache_dir()):
        if folder is not None:
            found = read(folder / name / f"{key}.npz")
            if found is not None:
                return found
    if compute is None:
        return None
    result = compute()
    with contextlib.suppress(OSError):  # a read-only home: shown, just not kept
        write(cache_dir() / name / f"{key}.npz", result)
    return result
