"""Pictures of a checkpoint's latents, the server's half: one call (`picture`) returns what to
draw now, whether it is the latent space itself, a shipped or cached projection, or PCA
standing in while t-SNE or UMAP is computed in the background with progress.

Behind it: the results store (genviz.store: a set's views folder, then the disk cache), and
one long-lived worker process that computes t-SNE and UMAP off the server's threads
(genviz.serve.picture_worker; no port, restarted if it dies). Requests for the same picture
share one job; a job that outlives its deadline or loses its worker ends in an error state with
a sentence, and the next request tries again. The two halves talk in `Order` (to the worker)
and `News` (back).
"""

from __future__ import annotations

import contextlib
import threading
import time
from collections import OrderedDict
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from genviz import paths, store
from genviz.analysis import projection
from genviz.errors import GenvizError
from genviz.serve.worker import Worker

RESULT = "projection"  # the pictures' name in the results store: views/projection/<key>.npz
DEFAULT_POINTS = 10_000  # the whole MNIST test split; fast enough (docs/speed.md)
# the pictures shipped with each encoder (PCA is computed on the spot, in milliseconds)
SHIPPED = (("tsne", 2), ("umap", 2), ("umap", 3))
DEADLINE_S = 900  # a job not done by then has failed (a 3-D t-SNE of 10,000 points takes ~60 s)
KEPT_JOBS = 64  # finished jobs held in memory; older ones are read back from the disk cache
# a worker with work to do that says nothing for this long (not even its heartbeat, every
# 2 s) is paused or stuck: it is killed and its jobs fail with a sentence; the next request
# starts a fresh worker
STALL_S = 30.0


def key(
    weights_sha: str,
    split: str,
    points: int,
    method: str,
    dim: int,
    seed: int = 0,
    params: dict | None = None,
) -> str:
    """The name of a picture: a hash of everything its coordinates depend on."""
    return store.key(
        weights=weights_sha,
        split=split,
        points=points,
        method=method,
        dim=dim,
        seed=seed,
        params=projection.check(method, dim, params),
        fixed=projection.FIXED[method],
    )


@dataclass
class Order:
    """The server to the worker: compute one picture (None as a message: stop)."""

    key: str
    latents: np.ndarray
    method: str
    dim: int
    seed: int = 0
    params: dict | None = None


@dataclass
class News:
    """The worker to the server: "warm" (the warm-up ended: `seconds`, or `error`),
    "progress" (`done` of `total`, `stage`), "done" (`coords`, `faithfulness`, `seconds`) or
    "error" (`error`, a sentence) for the job `key`."""

    what: str
    key: str = ""
    done: int = 0
    total: int = 0
    stage: str = ""
    coords: np.ndarray | None = None
    faithfulness: dict = field(default_factory=dict)
    seconds: float = 0.0
    error: str = ""


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
    forming: np.ndarray | None = None  # the picture as it is being optimised (t-SNE), if told
    error: str = ""
    error_key: str = "picture_failed"  # the app's sentence for `error` (ui text err.<key>)
    started: float = field(default_factory=time.monotonic)

    @property
    def ready(self) -> bool:
        return self.state == "done"

    @property
    def finished(self) -> bool:
        return self.state in ("done", "error")

    def finish(self, coords: np.ndarray, faithfulness: dict, seconds: float) -> Job:
        self.coords, self.faithfulness, self.seconds = coords, faithfulness, seconds
        self.done = self.total = max(self.total, 1)
        self.stage, self.state = "done", "done"
        return self

    def result(self, half: bool = False) -> store.Result:
        """The finished picture as a stored result (float16 coordinates to ship)."""
        meta = {
            "method": self.method,
            "dim": self.dim,
            "faithfulness": self.faithfulness,
            "seconds": self.seconds,
        }
        return {"coords": self.coords.astype(np.float16 if half else np.float32), "meta": meta}


def as_job(key: str, result: store.Result | None, points: int) -> Job | None:
    """A stored picture as a finished job, or None when it is unreadable or does not fit."""
    try:
        meta, coords = result["meta"], result["coords"].astype(np.float32)
        job = Job(key, meta["method"], int(meta["dim"]))
        job.finish(coords, dict(meta["faithfulness"]), float(meta["seconds"]))
    except (TypeError, KeyError, ValueError):
        return None
    fits = coords.ndim == 2 and coords.shape == (points, job.dim)
    return job if fits and np.isfinite(coords).all() else None


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


class Service:
    """Shared by every session of a server: `request` returns a Job at once."""

    def __init__(self, cache_dir: Path | None = None):
        self.cache_dir = Path(cache_dir or store.cache_dir())  # pictures: <cache_dir>/projection
        self.jobs: OrderedDict[str, Job] = OrderedDict()
        self.lock = threading.Lock()
        self.worker = Worker("genviz.serve.picture_worker", self._on_news, self._on_worker_exit)
        self.warm_seconds: float | str | None = None  # seconds, or why the warm-up failed
        self._watchdog: threading.Thread | None = None
        self._stopping = threading.Event()

    def start(self) -> Service:
        """Start the worker (it warms up at once) and its watchdog; safe to call again."""
        projection.configure_numba()  # the worker inherits NUMBA_CACHE_DIR
        self.worker.ensure()
        with self.lock:
            if self._watchdog is None or not self._watchdog.is_alive():  # again after stop()
                self._stopping.clear()
                self._watchdog = threading.Thread(target=self._watch, daemon=True)
                self._watchdog.start()
        return self

    def _watch(self) -> None:
        """Every few seconds: a worker with jobs to do and nothing said for STALL_S is
        replaced (`_stalled`)."""
        while not self._stopping.wait(min(5.0, STALL_S / 3)):
            with self.lock:
                waiting = any(not job.finished for job in self.jobs.values())
                if waiting and self.worker.alive and self.worker.silent_for() > STALL_S:
                    self._stalled()

    def stop(self) -> None:
        self._stopping.set()
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
        """The projection named `key`: from a set's views folder (`shipped`) or the cache
        when there, else a job for the worker. PCA takes milliseconds: it is computed here,
        and only a finished PCA job is ever handed out."""
        with self.lock:
            job = self._live(key)
            if job is not None:
                return job
        for folder, source in ((shipped, "shipped"), (self.cache_dir, "cache")):
            if folder is None:
                continue
            found = as_job(key, store.read(folder / RESULT / f"{key}.npz"), len(latents))
            if found is not None:
                found.source = source
                return self._keep(found)
        latents = np.ascontiguousarray(latents, dtype=np.float32)
        if method == "pca":
            job = Job(key, method, dim)
            self._done(job, *projection.compute(latents, method, dim, seed, params))
            return self._keep(job)
        with self.lock:
            job = self._live(key)  # another session may have asked meanwhile
            if job is not None:
                return job
            job = Job(key, method, dim)
            self.jobs[key] = job
        self.start()
        if not self.worker.send(Order(key, latents, method, dim, seed, params)):
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

    def _done(self, job: Job, coords, faithfulness: dict, seconds: float) -> None:
        job.finish(coords, faithfulness, seconds)
        with contextlib.suppress(GenvizError, OSError):  # a read-only home: shown, not kept
            store.write(self.cache_dir / RESULT / f"{job.key}.npz", job.result())

    def _fail(self, job: Job, why: str, key: str = "picture_failed") -> None:
        job.error, job.error_key, job.state = why, key, "error"

    def _on_news(self, news: News) -> None:
        if news.what == "warm":
            self.warm_seconds = news.error or news.seconds
            return
        with self.lock:
            job = self.jobs.get(news.key)
        if job is None or job.finished:
            return
        if news.what == "progress":
            job.state = "running"
            job.done, job.total, job.stage = news.done, news.total, news.stage
            if news.coords is not None:
                job.forming = news.coords
        elif news.what == "done":
            self._done(job, news.coords, news.faithfulness, news.seconds)
            self._keep(job)
        else:
            self._fail(job, news.error)

    def _stalled(self) -> None:
        """The worker has said nothing for STALL_S with work to do: fail its jobs with the
        reason, and kill it (the lock is held; the exit's note then finds them failed, and the
        next request starts a fresh worker)."""
        silent = round(self.worker.silent_for())
        for job in self.jobs.values():
            if not job.finished:
                why = f"the projection worker stopped answering for {silent} s and was replaced"
                self._fail(job, why + "; try again.", "picture_stalled")
        self.worker.kill()

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


def picture(
    service: Service,
    ckpt,
    latents: np.ndarray,
    split: str,
    method: str,
    dim: int,
    seed: int = 0,
    params: dict | None = None,
    data=(),
) -> Picture:
    """What to draw for a checkpoint's latents of the first len(latents) images of `split`
    (`data`: that split, so a shipped picture of other data is never drawn).

    A latent space of `dim` numbers is drawn as it is (method "latent"). Otherwise the
    shipped or cached picture is returned at once; a missing one is computed (PCA here,
    t-SNE and UMAP in the worker) and PCA stands in until it is ready."""
    latents = np.asarray(latents, dtype=np.float32)
    if method == "latent" or latents.shape[1] == dim:
        if latents.shape[1] != dim:
            raise GenvizError(f"this latent space has {latents.shape[1]} numbers, not {dim}.")
        return Picture(latents, "latent", "latent", "latent")

    views = paths.views(Path(ckpt.path).parent)
    shipped = not data or store.made_of(views, data)
    views = views if shipped else None

    def named(m: str) -> str:
        name = key(ckpt.sha, split, len(latents), m, dim, seed, params if m == method else None)
        return name if shipped else store.key(result=name, data=store.prints(data))

    job = service.request(named(method), latents, method, dim, seed, params, views)
    if job.ready:
        return Picture(job.coords, method, method, job.source, job.seconds, job.faithfulness)
    pca = service.request(named("pca"), latents, "pca", dim)
    shown = Picture(pca.coords, "pca", method, pca.source, pca.seconds, pca.faithfulness, job)
    shown.error, shown.error_key = job.error, job.error_key if job.error else ""
    return shown


def ships_pictures(model) -> bool:
    """Whether a model's set carries t-SNE/UMAP pictures: not without latents, nor for a
    latent vector of 2 or 3 numbers, which the map shows as it is."""
    small = model.can.latent == "vector" and model.latent_shape[0] <= 3
    return model.can.encode and not small


_SHARED: Service | None = None
_SHARED_LOCK = threading.Lock()


def shared() -> Service:
    """The one picture service of this process (the app's server)."""
    global _SHARED
    with _SHARED_LOCK:
        if _SHARED is None:
            _SHARED = Service()
        return _SHARED
