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
import os
import secrets
import subprocess
import sys
import threading
import time
import traceback
from dataclasses import dataclass, field
from multiprocessing.connection import Client, Listener
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
        "fixed": project.FIXED[method],
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


def _serve(conn) -> None:  # the worker process's main loop
    import warnings

    warnings.filterwarnings("ignore")  # library chatter would only clutter the server log
    try:
        conn.send(("warm", None, project.warm_up()))
    except Exception as e:  # noqa: BLE001 - UMAP unusable: say so, keep serving the rest
        conn.send(("warm", None, f"{type(e).__name__}: {e}"))
    while True:
        try:
            message = conn.recv()
        except (EOFError, OSError):  # the server went away
            return
        if message is None:
            return
        key, latents, method, dim, seed, params = message
        conn.send(("progress", key, (0, 0, "starting")))
        try:
            result = compute(
                latents,
                method,
                dim,
                seed,
                params,
                lambda d, t, s, k=key: conn.send(("progress", k, (d, t, s))),
            )
            conn.send(("done", key, result))
        except GenvizError as e:
            conn.send(("error", key, str(e)))
        except Exception:  # noqa: BLE001 - reported to the page as one line, logged in full
            traceback.print_exc()
            conn.send(("error", key, "the projection failed; see the server log."))


class Projector:
    """Shared by every session of a server: `request` returns a Job at once.

    The worker is a plain `python -m genviz.projector` process that connects back over an
    authenticated loopback socket (not multiprocessing's spawn, which would re-import the
    server's main script)."""

    def __init__(self, cache_dir: Path | None = None):
        self.cache_dir = Path(cache_dir or project.cache_root() / "projections")
        self.jobs: dict[str, Job] = {}
        self.lock = threading.Lock()
        self.process: subprocess.Popen | None = None
        self.conn = None
        self.pending: list[tuple] = []  # requests made before the worker connected
        self.warm_seconds: float | str | None = None  # seconds, or why the warm-up failed

    def start(self) -> Projector:
        """Start the worker (it warms up at once); safe to call again."""
        with self.lock:
            if self.process is not None and self.process.poll() is None:
                return self
            project.configure_numba()  # the worker inherits NUMBA_CACHE_DIR
            key = secrets.token_bytes(32)
            listener = Listener(("127.0.0.1", 0), authkey=key)
            host, port = listener.address
            env = {**os.environ, "GENVIZ_PROJECTOR": f"{host}:{port}:{key.hex()}"}
            root = str(Path(__file__).resolve().parents[1])
            env["PYTHONPATH"] = os.pathsep.join(filter(None, [root, env.get("PYTHONPATH")]))
            self.conn, self.pending = None, []
            self.process = subprocess.Popen([sys.executable, "-m", "genviz.projector"], env=env)
            threading.Thread(
                target=self._listen, args=(listener,), daemon=True, name="genviz-projector"
            ).start()
        return self

    def stop(self) -> None:
        if self.process is None:
            return
        with contextlib.suppress(OSError, AttributeError):
            self._send(None)
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()

    def _send(self, message) -> None:
        with self.lock:
            if self.conn is None:
                self.pending.append(message)
            else:
                self.conn.send(message)

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
        with self.lock:
            self.jobs[key] = job
        if method == "pca":
            self._finish(job, compute(latents, method, dim, seed, params))
        else:
            self.start()
            self._send((key, latents, method, dim, seed, params))
        return job

    def _finish(self, job: Job, result) -> None:
        job.coords, job.faithfulness, job.seconds = result
        job.done = job.total = max(job.total, 1)
        job.stage = "done"
        with contextlib.suppress(OSError):  # a read-only home: shown, just not kept
            write(self.cache_dir / f"{job.key}.npz", job)
        job.state = "done"

    def _listen(self, listener) -> None:
        conn = listener.accept()
        listener.close()
        with self.lock:
            self.conn = conn
            for message in self.pending:
                conn.send(message)
            self.pending = []
        while True:
            try:
                kind, key, payload = conn.recv()
            except (EOFError, OSError):
                self._fail_all("the projection worker stopped; reload the page to restart it.")
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

    def _fail_all(self, why: str) -> None:
        with self.lock:
            for job in self.jobs.values():
                if job.state in ("queued", "running"):
                    job.error, job.state = why, "error"

    def wait(self, job: Job, timeout: float = 600) -> Job:
        """Block until the job is done or failed (for scripts and tests; pages poll)."""
        deadline = time.monotonic() + timeout
        while job.state not in ("done", "error"):
            if time.monotonic() > deadline:
                raise GenvizError(f"the {job.method} projection took longer than {timeout} s.")
            time.sleep(0.05)
        return job


DEFAULT_POINTS = 10_000  # the whole MNIST test split; fast enough (README: Projections)


def points_of(ckpt, test, points: int | None = None):
    """What a checkpoint's latent map shows: the flat latents of the first `points` test
    images (default: all, up to DEFAULT_POINTS), their labels, and the picture's key maker."""
    from genviz.metrics import features

    part = test.take(min(points or DEFAULT_POINTS, len(test)))
    latents = features(ckpt.model, part).numpy()
    sha = ckpt.meta["weights"]["sha256"]

    def key(method: str, dim: int, seed: int = 0, params: dict | None = None) -> str:
        return cache_key(sha, test.split, len(part), method, dim, seed, params)

    return latents, part, key


def shipped_folder(ckpt) -> Path:
    """Where a checkpoint's precomputed pictures live: projections/<name>/ beside it."""
    return Path(ckpt.path).parent / "projections" / Path(ckpt.path).name


_SHARED: Projector | None = None
_SHARED_LOCK = threading.Lock()


def shared() -> Projector:
    """The one projector of this process (the app's server)."""
    global _SHARED
    with _SHARED_LOCK:
        if _SHARED is None:
            _SHARED = Projector()
        return _SHARED


def _worker_main() -> None:
    host, port, key = os.environ["GENVIZ_PROJECTOR"].split(":")
    with Client((host, int(port)), authkey=bytes.fromhex(key)) as conn:
        _serve(conn)


if __name__ == "__main__":
    _worker_main()
