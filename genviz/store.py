"""Files that cannot tear, and results that are the same for everyone.

`atomic_write` is the project's one writer: a temporary name beside the target, synced, then
renamed over it, so a crash leaves the old file or the new one and never part of one; `clean`
removes what a killed writer left behind. Checkpoints, results, pictures and the app's
component files are all written through it.

A result (a model's preview, prior samples, anomaly scores, a latent map's picture) is a dict
of numpy arrays plus one JSON-able dict ("meta"), kept as an .npz file that is never
unpickled, under a name that hashes everything it depends on (`key`). `fetch` finds it in a
shipped set's views folder, else in the cache, else computes and caches it, so neither a
first visit nor a server restart pays for it again.
"""

from __future__ import annotations

import contextlib
import contextvars
import hashlib
import io
import json
import os
import re
import secrets
from collections.abc import Callable, Iterator
from pathlib import Path

import numpy as np

from genviz import paths
from genviz.errors import GenvizError

VERSION = 1  # bump when what a result means changes, so old files are not reused
TEMPORARY = re.compile(r"\.(?P<file>.+)\.(?P<pid>\d+)\.[0-9a-f]{8}\.tmp")
Result = dict  # name -> np.ndarray, and "meta" -> dict
_PRECOMPUTING: contextvars.ContextVar[Path | None] = contextvars.ContextVar(
    "precompute", default=None
)
DATA = "data.json"  # in a views folder: the fingerprint of every split its results were made of


# -- writing ---------------------------------------------------------------------------------


def atomic_write(path: str | os.PathLike, blob: bytes) -> Path:
    """Write `blob` to a temporary name beside `path`, sync, then rename over `path`: a crash
    while writing leaves `path` as it was; a stray temporary is removed by `clean`."""
    path = Path(path)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}.tmp")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with open(tmp, "wb") as f:
            f.write(blob)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except OSError as e:
        raise GenvizError(f"cannot write {path} ({e.strerror or e}); nothing changed.") from e
    finally:
        tmp.unlink(missing_ok=True)
    return path


def clean(folder: str | os.PathLike) -> list[Path]:
    """Remove the temporaries that writers which are gone left in `folder`; returns them."""
    folder = Path(folder)
    removed = []
    if not folder.is_dir():
        return removed
    for f in folder.iterdir():
        m = TEMPORARY.fullmatch(f.name)
        if m and f.is_file() and not _alive(int(m["pid"])):
            f.unlink(missing_ok=True)
            removed.append(f)
    return removed


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


# -- results ---------------------------------------------------------------------------------


def key(**parts) -> str:
    """The name of a result: a hash of what it depends on (weights hashes, settings)."""
    text = json.dumps({"v": VERSION, **parts}, sort_keys=True, default=str)
    return hashlib.sha256(text.encode()).hexdigest()[:32]


def cache_dir() -> Path:
    """Where results computed on the spot are kept: <GENVIZ_CACHE or ~/.cache/genviz>/store,
    or the folder `results_in` names for the block running now."""
    return _RESULTS.get() or paths.cache_root() / "store"


_RESULTS: contextvars.ContextVar[Path | None] = contextvars.ContextVar("results", default=None)


@contextlib.contextmanager
def results_in(folder: str | os.PathLike | None):
    """Keep the block's results in `folder` (a worker computing for a server that names its
    own results folder); None keeps the usual one."""
    token = _RESULTS.set(Path(folder) if folder else None)
    try:
        yield
    finally:
        _RESULTS.reset(token)


def read(path: str | os.PathLike) -> Result | None:
    """A stored result, or None when it is missing, truncated or not ours (then recompute)."""
    try:
        with np.load(path, allow_pickle=False) as f:
            out = {k: f[k] for k in f.files if k != "meta"}
            out["meta"] = json.loads(str(f["meta"])) if "meta" in f.files else {}
        return out
    except (OSError, ValueError, KeyError, TypeError):
        return None


def write(path: str | os.PathLike, result: Result, compress: bool = True) -> Path:
    """Store a result atomically."""
    arrays = {k: np.asarray(v) for k, v in result.items() if k != "meta"}
    packed = io.BytesIO()
    save = np.savez_compressed if compress else np.savez
    save(packed, meta=np.array(json.dumps(result.get("meta", {}))), **arrays)
    return atomic_write(path, packed.getvalue())


@contextlib.contextmanager
def precomputing(folder: str | os.PathLike) -> Iterator[Path]:
    """Within this block, every result is computed afresh and written into `folder` (a
    shipped set's views), never read from or written to the user's cache; the splits they
    were made of are recorded in its data.json."""
    token = _PRECOMPUTING.set(Path(folder))
    try:
        yield Path(folder)
    finally:
        _PRECOMPUTING.reset(token)


def prints(data) -> dict[str, str]:
    """{"<dataset>:<split>": fingerprint} of the splits a result is made of (a split that is
    not here, genviz.split.Absent, has none: a shipped result of it is trusted)."""
    return {f"{s.name}:{s.split}": s.fingerprint for s in data if s.fingerprint is not None}


def record(folder: str | os.PathLike, data) -> None:
    """Add the splits' fingerprints to a views folder's data.json."""
    path = Path(folder) / DATA
    known = _recorded(path) or {}
    found = {**known, **prints(data)}
    if found != known:
        atomic_write(path, json.dumps(found, indent=1, sort_keys=True).encode())


def _recorded(path: Path) -> dict | None:
    try:
        found = json.loads(path.read_text())
    except (OSError, ValueError):
        return None
    return found if isinstance(found, dict) else None


def made_of(folder: str | os.PathLike | None, data) -> bool:
    """Whether a views folder's results were made of exactly these splits (the same images
    and labels in the same order): a shipped result of other data is never used."""
    if folder is None:
        return False
    known = _recorded(Path(folder) / DATA) or {}
    return all(known.get(k) == v for k, v in prints(data).items())


def fetch(
    name: str,
    key: str,
    compute: Callable[[], Result] | None,
    shipped: Path | None = None,
    valid: Callable[[Result], bool] = lambda result: True,
    data=(),
) -> Result | None:
    """The result `name`/`key`: shipped, else cached, else computed now and cached (or None
    when `compute` is None: a look, not a computation). `valid` rejects a stored result that
    does not fit the request (it is then computed again). `data`, the splits it is made of:
    a shipped result counts only if its folder's data.json names the same data, and a cached
    one is kept under the data's fingerprints too."""
    target = _PRECOMPUTING.get()
    if target is not None and compute is not None:
        if data:
            record(target, data)
        return read(write(target / name / f"{key}.npz", compute()))
    cached = _of_data(key, data) if data else key
    if data and not made_of(shipped, data):
        shipped = None
    for folder, stem in ((shipped, key), (cache_dir(), cached)):
        if folder is not None:
            found = read(folder / name / f"{stem}.npz")
            if found is not None and valid(found):
                return found
    if compute is None:
        return None
    result = compute()
    keep(name, cached, result)
    return result


def _of_data(name: str, data) -> str:
    """A result's name in the cache: its own name and the fingerprints of its data."""
    return key(result=name, data=prints(data))


def keep(name: str, key: str, result: Result) -> None:
    """Cache a result computed on the spot (a read-only home: used, just not kept)."""
    with contextlib.suppress(GenvizError, OSError):
        write(cache_dir() / name / f"{key}.npz", result)
