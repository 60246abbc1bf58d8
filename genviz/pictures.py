"""Pictures of a checkpoint's latents: one call (`picture`) returns what to draw now, whether it
is the latent space itself, a shipped or cached projection, or PCA standing in while t-SNE or
UMAP is computed in the background with progress.

Behind it: a disk cache keyed by everything a picture depends on, the pictures shipped beside
a checkpoint (`projections/<name>/`), and one long-lived worker process that computes t-SNE
and UMAP off the server's threads (`genviz.worker`: no port, restarted if it dies). Requests
for the same picture share one job; a job that outlives its deadline or loses its worker ends
in an error state with a sentence, and the next request tries again.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import threading
import time
import traceback
from collections import OrderedDict
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from genviz import project
from genviz.errors import GenvizError

VERSION = 1  # bump when a method's output changes, so old cache entries are not reused
DEFAULT_POINTS = 10_000  # the whole MNIST test split; fast enough (README: Projections)
# the pictures shipped with each encoder (PCA is computed on the spot, in milliseconds)
SHIPPED = (("tsne", 2), ("umap", 2), ("umap", 3))
DEADLINE_S = 900  # a job not done by then has failed (a 3-D t-SNE of 10,000 points takes ~60 s)
KEPT_JOBS = 64  # finished jobs held in memory; older ones are read back from the disk cache


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
    """One projection being made. `coords` is set once `state` is 'done'."""

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
    error_key: str = "picture_failed"  # the app's sentence for `error` (ui text err.<key>)
    started: float = field(default_factory=time.monotonic)

    @property
    def ready(self) -> bool:
        return self.state == "done"

    @property
    def finished(self) -> bool:
        return self.state in ("done", "error")


@dataclass
class Picture:
    """What a latent map draws now. `coords` is always there: the picture asked for, or PCA
    standing in while it is computed (`pending`), or after it failed (`error`)."""

    coords: np.ndarray  # (N, dim)
    method: str  # what `coords` are: latent, pca, tsne or umap
    asked: str  # the method asked for
    source: str  # latent, shipped, cache or computed
    seconds: float = 0.0
    faithfulness: dict | None = None  # None for the latent space itself
    job: Job | None = None  # the job for `asked`, while it runs
    error: str = ""
    error_key: str = ""

    @property
    def pending(self) -> bool:
        return self.job is not None and not self.job.finished


def read(path: Path) -> Job | None:
    """A stored picture, or None when the file is missing or unreadable (never unpickled)."""
    try:
        with np.load(path, allow_pickle=False) as f:
            meta = json.loads(str(f["meta"]))
            coords = f["coords"].astype(np.float32)
        job = Job(path.stem, meta["method"], int(meta["dim"]), "done", 1, 1, "done", coords)
        job.faithfulness, job.seconds = dict(meta["faithfulness"]), float(meta["seconds"])
    except (OSError, ValueError, KeyError, TypeError):
        return None
    if coords.ndim != 2 or coords.shape[1] != job.dim or not np.isfinite(coords).all():
        return None
    return job


def write(path: Path, job: Job, half: bool = False) -> None:
    """Store a finished picture atomically (a temporary file, then a rename)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    meta = {
        "method": job.method,
        "dim": job.dim,
        "faithfulness": job.faithfulness,
        "seconds": job.seconds,
    }
    tmp = path.with_name(f".{path.stem}.{os.getpid()}.{threading.get_ident()}.tmp.npz")
    coords = job.coords.astype(np.float16 if half else np.float32)
    try:
        np.savez(tmp, coords=coords, meta=np.array(json.dumps(meta)))
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)


def compute(
    latents: np.ndarray, method: str, dim: int, seed: int = 0, params=None, progress=None
) -> tuple[np.ndarray, dict, float]:
    """Coordinates, faithfulness and seconds for one picture, in this thread."""
    start = time.perf_counter()
    coords = project.project(latents, method, dim, seed, params, progress)
    seconds = time.perf_counter() - start
    return coords, project.faithfulness(latents, coords), seconds


class Service:
    """Shared by every session of a server: `request` returns a Job at once."""

    def __init__(self, cache_dir: Path | None = None):
        from genviz.worker import Worker

        self.cache_dir = Path(cache_dir or project.cache_root() / "projections")
        self.jobs: OrderedDict[str, Job] = OrderedDict()
        self.lock = threading.Lock()
        self.worker = Worker("genviz.pictures", self._on_message, self._on_worker_exit)
        self.warm_seconds: float | str | None = None  # seconds, or why the warm-up failed

    def start(self) -> Service:
        """Start the worker (it warms up at once); safe to call again."""
        project.configure_numba()  # the worker inherits NUMBA_CACHE_DIR
        self.worker.ensure()
        return self

    def stop(self) -> None:
        self.worker.stop()

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
        """The projection named `key`: from a shipped folder or the cache when there, else a
        job for the worker. PCA takes milliseconds: it is computed here, and only a finished
        PCA job is ever handed out."""
        with self.lock:
            job = self._live(key)
            if job is not None:
                return job
        for folder, source in ((shipped, "shipped"), (self.cache_dir, "cache")):
            found = read(folder / f"{key}.npz") if folder is not None else None
            if found is not None and len(found.coords) == len(latents):
                found.source = source
                return self._keep(found)
        latents = np.ascontiguousarray(latents, dtype=np.float32)
        if method == "pca":
            job = Job(key, method, dim)
            self._finish(job, compute(latents, method, dim, seed, params))
            return self._keep(job)
        with self.lock:
            job = self._live(key)  # another session may have asked meanwhile
            if job is not None:
                return job
            job = Job(key, method, dim)
            self.jobs[key] = job
        self.start()
        if not self.worker.send((key, latents, method, dim, seed, params)):
            self._fail(
                job, "the projection worker could not be started; try again.", "picture_worker"
            )
        return job

    def _live(self, key: str) -> Job | None:
        """A job for key that is done or still in time (called with the lock held)."""
        job = self.jobs.get(key)
        if job is None:
            return None
        if not job.finished and time.monotonic() - job.started > DEADLINE_S:
            job.error = f"the {job.method} projection took longer than {DEADLINE_S} s; try again."
            job.error_key, job.state = "picture_deadline", "error"
        if job.state == "error":
            del self.jobs[key]  # shown once to whoever holds it; the next request retries
            return None
        self.jobs.move_to_end(key)
        return job

    def _keep(self, job: Job) -> Job:
        with self.lock:
            job = self.jobs.setdefault(job.key, job)
            self.jobs.move_to_end(job.key)
            done = [k for k, j in self.jobs.items() if j.finished]
            for k in done[: max(0, len(self.jobs) - KEPT_JOBS)]:
                del self.jobs[k]
        return job

    def _finish(self, job: Job, result) -> None:
        job.coords, job.faithfulness, job.seconds = result
        job.done = job.total = max(job.total, 1)
        job.stage = "done"
        with contextlib.suppress(OSError):  # a read-only home: shown, just not kept
            write(self.cache_dir / f"{job.key}.npz", job)
        job.state = "done"

    def _fail(self, job: Job, why: str, key: str = "picture_failed") -> None:
        job.error, job.error_key, job.state = why, key, "error"

    def _on_message(self, message) -> None:
        kind, key, payload = message
        if kind == "warm":
            self.warm_seconds = payload
            return
        with self.lock:
            job = self.jobs.get(key)
        if job is None or job.finished:
            return
        if kind == "progress":
            job.state = "running"
            job.done, job.total, job.stage = payload
        elif kind == "done":
            self._finish(job, payload)
            self._keep(job)
        else:
            self._fail(job, payload)

    def _on_worker_exit(self) -> None:
        with self.lock:
            for job in self.jobs.values():
                if not job.finished:
                    why = "the projection worker stopped; it restarts on the next request."
                    self._fail(job, why, "picture_worker")

    def wait(self, job: Job, timeout: float = 600) -> Job:
        """Block until the job is done or failed (for scripts and tests; pages poll)."""
        deadline = time.monotonic() + timeout
        while not job.finished:
            if time.monotonic() > deadline:
                raise GenvizError(f"the {job.method} projection took longer than {timeout} s.")
            time.sleep(0.05)
        return job


def shipped_folder(path: str | Path) -> Path:
    """Where a checkpoint's precomputed pictures live: projections/<name>/ beside it."""
    path = Path(path)
    return path.parent / "projections" / path.name


def picture(
    service: Service,
    ckpt,
    latents: np.ndarray,
    split: str,
    method: str,
    dim: int,
    seed: int = 0,
    params: dict | None = None,
) -> Picture:
    """What to draw for a checkpoint's latents of the first len(latents) images of `split`.

    A latent space of `dim` numbers is drawn as it is (method "latent"). Otherwise the
    shipped or cached picture is returned at once; a missing one is computed (PCA here,
    t-SNE and UMAP in the worker) and PCA stands in until it is ready."""
    latents = np.asarray(latents, dtype=np.float32)
    if method == "latent" or latents.shape[1] == dim:
        if latents.shape[1] != dim:
            raise GenvizError(f"this latent space has {latents.shape[1]} numbers, not {dim}.")
        return Picture(latents, "latent", "latent", "latent")
    sha = ckpt.meta["weights"]["sha256"]

    def key(m: str) -> str:
        return cache_key(sha, split, len(latents), m, dim, seed, params if m == method else None)

    job = service.request(
        key(method), latents, method, dim, seed, params, shipped_folder(ckpt.path)
    )
    if job.ready:
        return Picture(job.coords, method, method, job.source, job.seconds, job.faithfulness)
    pca = service.request(key("pca"), latents, "pca", dim)
    shown = Picture(pca.coords, "pca", method, pca.source, pca.seconds, pca.faithfulness, job)
    shown.error, shown.error_key = job.error, job.error_key if job.error else ""
    return shown


def ships_pictures(model) -> bool:
    """Whether a model's set carries t-SNE/UMAP pictures: not without latents, nor for a
    latent vector of 2 or 3 numbers, which the map shows as it is."""
    small = model.can.latent == "vector" and model.latent_shape[0] <= 3
    return model.can.encode and not small


def ship(path: str | Path, data_root=None, log=lambda line: None) -> list[Path]:
    """Precompute a checkpoint's t-SNE and UMAP pictures of its test latents into
    projections/<name>/ beside it, replacing those of an earlier training."""
    from genviz import checkpoint, data, metrics

    ckpt = checkpoint.load(path)
    folder = shipped_folder(ckpt.path)
    for old in folder.glob("*.npz") if folder.is_dir() else ():
        old.unlink()
    if not ships_pictures(ckpt.model):
        return []
    test = data.load_dataset(ckpt.dataset, "test", root=data_root)
    latents = metrics.embed(ckpt.model, test.take(min(DEFAULT_POINTS, len(test)))).numpy()
    written = []
    for method, dim in SHIPPED:
        job = Job(
            cache_key(ckpt.meta["weights"]["sha256"], "test", len(latents), method, dim),
            method,
            dim,
        )
        job.coords, job.faithfulness, job.seconds = compute(latents, method, dim)
        write(folder / f"{job.key}.npz", job, half=True)
        written.append(folder / f"{job.key}.npz")
        log(f"{ckpt.path.name}: {method} {dim}-D in {job.seconds:.1f} s")
    return written


_SHARED: Service | None = None
_SHARED_LOCK = threading.Lock()


def shared() -> Service:
    """The one picture service of this process (the app's server)."""
    global _SHARED
    with _SHARED_LOCK:
        if _SHARED is None:
            _SHARED = Service()
        return _SHARED


def _handle(message, reply) -> None:  # the worker process, one job at a time
    key, latents, method, dim, seed, params = message
    reply(("progress", key, (0, 0, "starting")))
    try:
        progress = lambda d, t, s: reply(("progress", key, (d, t, s)))  # noqa: E731
        reply(("done", key, compute(latents, method, dim, seed, params, progress)))
    except GenvizError as e:
        reply(("error", key, str(e)))
    except Exception:  # noqa: BLE001 - reported to the page as one line, logged in full
        traceback.print_exc()
        reply(("error", key, "the projection failed; see the server log."))


def _worker_main() -> None:
    import warnings

    from genviz import worker

    warnings.filterwarnings("ignore")  # library chatter would only clutter the server log

    def warm_up(reply) -> None:  # umap imported and numba compiled before the first job
        try:
            reply(("warm", None, project.warm_up()))
        except Exception as e:  # noqa: BLE001 - UMAP unusable: say so, keep serving the rest
            reply(("warm", None, f"{type(e).__name__}: {e}"))

    # GENVIZ_WARM_UP=0 skips it (tests that are not about it; a machine that never runs UMAP)
    wanted = os.environ.get("GENVIZ_WARM_UP", "1") != "0"
    worker.serve(_handle, on_start=warm_up if wanted else None)


if __name__ == "__main__":
    _worker_main()
