"""Projections for the app: a disk cache keyed by what a picture depends on, and a worker
process that computes t-SNE and UMAP off the server's threads.

The worker is one long-lived process, started (and warmed up: umap imported, numba's
compilation paid) when the server starts. Running there, a projection never holds the
server's GIL, and numba's threading layer is only ever entered by one thread. Requests for
the same picture share one job; a finished job is written to the cache, so a second request
is answered from disk, also after a restart. A checkpoint folder may ship its projections in
`projections/`, found before the user cache.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import multiprocessing as mp
import os
import threading
import time
import traceback
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from genviz import project
from genviz.errors import GenvizError

VERSION = 1  # bump when a method's output changes, so old cache entries are not reused


def cache_key(
    weights_sha: str,
    split: str,
    points: int,
    method: str,
    dim: int,
    seed: int = 0,
    params: dict | None = None,
) -> str:
    """The name of a picture: a hash of everything its coordinates depend on."""
    request = {
        "v": VERSION,
        "weights": weights_sha,
        "split": split,
        "points": points,
        "method": method,
        "dim": dim,
        "seed": seed,
        "params": project.check(method, dim, params),
    }
    return hashlib.sha256(json.dumps(request, sort_keys=True).encode()).hexdigest()[:32]


@dataclass
class Job:
    """One picture being made; the app polls it. `coords` is set once `state` is 'done'."""

    key: str
    method: str
    dim: int
    state: str = "queued"  # queued, running, done, error
    done: int = 0
    total: int = 0
    stage: str = "waiting for the worker"
    coords: np.ndarray | None = None
    faithfulness: dict = field(default_factory=dict)
    seconds: float = 0.0
    source: str = "computed"  # computed, cache or shipped
    error: str = ""

    @property
    def ready(self) -> bool:
        return self.state == "done"


def read(path: Path) -> Job | None:
    """A cached picture, or None when the file is missing or unreadable (never unpickled)."""
    try:
        with np.load(path, allow_pickle=False) as f:
            meta = json.loads(str(f["meta"]))
            coords = f["coords"].astype(np.float32)
    except (OSError, ValueError, KeyError):
        return None
    return Job(
        path.stem,
        meta["method"],
        meta["dim"],
        "done",
        1,
        1,
        "done",
        coords,
        meta["faithfulness"],
        meta["seconds"],
    )


def write(path: Path, job: Job, half: bool = False) -> None:
    """Store a finished picture atomically (a temporary file, then a rename)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    meta = {
        "method": job.method,
        "dim": job.dim,
        "faithfulness": job.faithfulness,
        "seconds": job.seconds,
    }
    tmp = path.with_name(f".{path.stem}.{os.getpid()}.{threading.get_ident()}.npz")
    coords = job.coords.astype(np.float16 if half else np.float32)
    np.savez(tmp, coords=coords, meta=np.array(json.dumps(meta)))
    os.replace(tmp, path)


def compute(
    latents: np.ndarray, method: str, dim: int, seed: int = 0, params=None, progress=None
) -> tuple[np.ndarray, dict, float]:
    """Coordinates, faithfulness and seconds for one picture, in this thread."""
    start = time.perf_counter()
    coords = project.project(latents, method, dim, seed, params, progress)
    seconds = time.perf_counter() - start
    return coords, project.faithfulness(latents, coords), seconds


def _serve(inbox, outbox) -> None:  # the worker process's main loop
    try:
        outbox.put(("warm", None, project.warm_up()))
    except Exception as e:  # noqa: BLE001 - UMAP unusable: say so, keep serving the rest
        outbox.put(("warm", None, f"{type(e).__name__}: {e}"))
    while True:
        message = inbox.get()
        if message is None:
            return
        key, latents, method, dim, seed, params = message
        outbox.put(("progress", key, (0, 0, "starting")))
        try:
            result = compute(
                latents,
                method,
                dim,
                seed,
                params,
                lambda d, t, s, k=key: outbox.put(("progress", k, (d, t, s))),
            )
            outbox.put(("done", key, result))
        except GenvizError as e:
            outbox.put(("error", key, str(e)))
        except Exception:  # noqa: BLE001 - reported to the page as one line, logged in full
            traceback.print_exc()
            outbox.put(("error", key, "the projection failed; see the server log."))


class Projector:
    """Shared by every session of a server: `request` returns a Job at once."""

    def __init__(self, cache_dir: Path | None = None):
        self.cache_dir = Path(cache_dir or project.cache_root() / "projections")
        self.jobs: dict[str, Job] = {}
        self.lock = threading.Lock()
        self.process = None
        self.warm_seconds: float | str | None = None  # seconds, or why the warm-up failed

    def start(self) -> Projector:
        """Start the worker (it warms up at once); safe to call again."""
        with self.lock:
            if self.process is not None and self.process.is_alive():
                return self
            project.configure_numba()  # the worker inherits NUMBA_CACHE_DIR
            ctx = mp.get_context("spawn")  # no fork of a threaded server
            self.inbox, self.outbox = ctx.Queue(), ctx.Queue()
            self.process = ctx.Process(
                target=_serve, args=(self.inbox, self.outbox), daemon=True, name="genviz-projector"
            )
            self.process.start()
            threading.Thread(target=self._listen, daemon=True, name="genviz-listen").start()
        return self

    def stop(self) -> None:
        if self.process is not None and self.process.is_alive():
            self.inbox.put(None)
            self.process.join(timeout=10)
            if self.process.is_alive():
                self.process.kill()

    def request(
        self,
        key: str,
        latents,
        method: str,
        dim: int,
        seed: int = 0,
        params: dict | None = None,
        shipped: Path | None = None,
    ) -> Job:
        """The picture named `key`: from a shipped folder or the cache when there, else a
        job for the worker (PCA is computed here and now: it takes milliseconds)."""
        with self.lock:
            job = self.jobs.get(key)
            if job is not None and job.state != "error":
                return job
        for folder, source in ((shipped, "shipped"), (self.cache_dir, "cache")):
            found = read(folder / f"{key}.npz") if folder is not None else None
            if found is not None:
                found.source = source
                with self.lock:
                    self.jobs[key] = found
                return found
        job = Job(key, method, dim)
        latents = np.ascontiguousarray(latents, dtype=np.float32)
        if method == "pca":
            self._finish(job, compute(latents, method, dim, seed, params))
        else:
            self.start()
            self.inbox.put((key, latents, method, dim, seed, params))
        with self.lock:
            self.jobs[key] = job
        return job

    def _finish(self, job: Job, result) -> None:
        job.coords, job.faithfulness, job.seconds = result
        job.done = job.total = max(job.total, 1)
        job.stage = "done"
        with contextlib.suppress(OSError):  # a read-only home: shown, just not kept
            write(self.cache_dir / f"{job.key}.npz", job)
        job.state = "done"

    def _listen(self) -> None:
        while True:
            try:
                kind, key, payload = self.outbox.get()
            except (EOFError, OSError):
                return
            if kind == "warm":
                self.warm_seconds = payload
                continue
            with self.lock:
                job = self.jobs.get(key)
            if job is None:
                continue
            if kind == "progress":
                job.state = "running"
                job.done, job.total, job.stage = payload
            elif kind == "done":
                self._finish(job, payload)
            else:
                job.error, job.state = payload, "error"

    def wait(self, job: Job, timeout: float = 600) -> Job:
        """Block until the job is done or failed (for scripts and tests; pages poll)."""
        deadline = time.monotonic() + timeout
        while job.state not in ("done", "error"):
            if time.monotonic() > deadline:
                raise GenvizError(f"the {job.method} projection took longer than {timeout} s.")
            time.sleep(0.05)
        return job


_SHARED: Projector | None = None
_SHARED_LOCK = threading.Lock()


def shared() -> Projector:
    """The one projector of this process (the app's server)."""
    global _SHARED
    with _SHARED_LOCK:
        if _SHARED is None:
            _SHARED = Projector()
        return _SHARED
