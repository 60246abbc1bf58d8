"""Projections of latents to 2-D or 3-D: exact PCA (torch), t-SNE (openTSNE; van der Maaten &
Hinton 2008, Policar et al. 2024) and UMAP (McInnes et al. 2018), seeded; how faithful a
picture is (trustworthiness, Venna & Kaski 2001, and the share of neighbours kept); and the
way back from a clicked point to a latent.

Everything here runs in the calling thread. genviz.serve.pictures runs it in a worker process
for the app, with a disk cache.
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Callable

import numpy as np
import torch

from genviz import paths
from genviz.analysis.pca import PCA
from genviz.errors import GenvizError

METHODS = ("pca", "tsne", "umap")
# the settings a user may change, with their defaults; anything else is refused
PARAMS: dict[str, dict[str, float | int]] = {
    "pca": {},
    "tsne": {"perplexity": 30, "iterations": 500},
    "umap": {"n_neighbors": 15, "min_dist": 0.1},
}
# settings genviz fixes rather than the user; they are part of a picture's cache key, so a
# change here recomputes that method's cached pictures and only those
FIXED: dict[str, dict[str, int]] = {
    "pca": {},
    # ints_in_interval 2 halves the FFT grid's resolution: t-SNE of 10,000 MNIST latents took
    # 14 s instead of 45 s on 2 cores, trustworthiness 0.989 either way, neighbours kept 0.42
    # against 0.43 (README: Responsiveness)
    "tsne": {"exaggeration_iters": 250, "ints_in_interval": 2},
    # umap's default is 500 epochs under 10,000 points and 200 above; 200 looks the same for
    # latents this size and takes 40% of the time
    "umap": {"n_epochs": 200},
}
# numba's default threading layer aborts the process when two threads enter parallel code at
# once (Streamlit runs each session in its own thread), so UMAP runs one at a time per process
NUMBA_LOCK = threading.Lock()
# umap-learn runs on one core whenever its random state is fixed; from this many points on it
# runs on every core without one (70,000 MNIST latents: 109 s seeded, bench projection), so a
# picture that large is not repeated bit for bit (it is cached once computed)
UMAP_PARALLEL_FROM = 20_000

# (done, total, stage, coords): t-SNE also hands over the picture as it forms (coords, at
# most every SNAPSHOT_S seconds), so a page can show it being optimised; else coords is None
Progress = Callable[[int, int, str, "np.ndarray | None"], None]
SNAPSHOT_S = 0.4


def check(method: str, dim: int, params: dict | None = None) -> dict:
    """The full parameter set of a request (defaults filled in); one sentence if it is bad."""
    if method not in METHODS:
        raise GenvizError(f"unknown projection '{method}'; choose from {', '.join(METHODS)}.")
    if dim not in (2, 3):
        raise GenvizError(f"a projection has 2 or 3 dimensions, not {dim}.")
    unknown = set(params or {}) - set(PARAMS[method])
    if unknown:
        raise GenvizError(f"{method} has no setting {', '.join(sorted(unknown))}.")
    return {**PARAMS[method], **(params or {})}


def project(
    x: np.ndarray | torch.Tensor,
    method: str = "pca",
    dim: int = 2,
    seed: int = 0,
    params: dict | None = None,
    progress: Progress | None = None,
) -> np.ndarray:
    """(N, D) points -> (N, dim) float32 coordinates; the same seed gives the same picture
    (UMAP: below UMAP_PARALLEL_FROM points)."""
    params = check(method, dim, params)
    x = np.ascontiguousarray(_numpy(x), dtype=np.float32).reshape(len(x), -1)
    if len(x) < 5:
        raise GenvizError("a projection needs at least 5 points.")
    report = progress or (lambda done, total, stage, coords=None: None)
    if method == "pca" or x.shape[1] <= dim:
        out = _pca(x, dim)
    elif method == "tsne":
        out = _tsne(x, dim, seed, report, **params)
    else:
        out = _umap(x, dim, seed, report, **params)
    return np.ascontiguousarray(out, dtype=np.float32)


def compute(
    latents: np.ndarray, method: str, dim: int, seed: int = 0, params=None, progress=None
) -> tuple[np.ndarray, dict, float]:
    """One picture, in this thread: its coordinates, their faithfulness and the seconds the
    projection took."""
    start = time.perf_counter()
    coords = project(latents, method, dim, seed, params, progress)
    seconds = time.perf_counter() - start
    return coords, faithfulness(latents, coords), seconds


def _pca(x: np.ndarray, dim: int) -> np.ndarray:
    k = min(dim, x.shape[1])
    coords = PCA(k).fit(torch.from_numpy(x)).transform(torch.from_numpy(x)).numpy()
    return np.pad(coords, ((0, 0), (0, dim - k)))  # a 1-D latent drawn on a line


def _tsne(x, dim, seed, report, perplexity, iterations):
    from openTSNE import TSNE

    perplexity = min(float(perplexity), (len(x) - 1) / 3)  # openTSNE's own limit
    fixed = FIXED["tsne"]
    total = fixed["exaggeration_iters"] + int(iterations)
    done, shown = 0, 0.0

    def tick(iteration, error, embedding):
        nonlocal done, shown
        done += 10
        snapshot = None
        if time.monotonic() - shown >= SNAPSHOT_S:  # the picture as it forms, now and then
            snapshot, shown = np.array(embedding, dtype=np.float32), time.monotonic()
        report(min(done, total), total, "optimising", snapshot)

    report(0, total, "finding neighbours", None)
    tsne = TSNE(
        n_components=dim,
        perplexity=perplexity,
        n_iter=int(iterations),
        early_exaggeration_iter=fixed["exaggeration_iters"],
        # openTSNE picks its FFT method from 10,000 points on, which has no 3-D
        negative_gradient_method="auto" if dim == 2 else "bh",
        ints_in_interval=fixed["ints_in_interval"],  # used by the FFT method only
        n_jobs=torch.get_num_threads(),
        random_state=seed,
        callbacks=tick,
        callbacks_every_iters=10,
    )
    out = np.asarray(tsne.fit(x))
    report(total, total, "done", None)
    return out


def _umap(x, dim, seed, report, n_neighbors, min_dist):
    configure_numba()
    import umap

    report(0, 2, "finding neighbours and laying out")
    with NUMBA_LOCK:
        parallel = len(x) >= UMAP_PARALLEL_FROM
        reducer = umap.UMAP(
            n_components=dim,
            n_neighbors=min(int(n_neighbors), len(x) - 1),
            min_dist=float(min_dist),
            random_state=None if parallel else seed,
            # one job is what a random state implies (said, so umap does not warn)
            n_jobs=-1 if parallel else 1,
            n_epochs=FIXED["umap"]["n_epochs"],
        )
        out = reducer.fit_transform(x)
    report(2, 2, "done")
    return out


def configure_numba() -> None:
    """Point numba's compile cache at a writable folder before umap is first imported."""
    if "NUMBA_CACHE_DIR" not in os.environ:
        folder = paths.cache_root() / "numba"
        folder.mkdir(parents=True, exist_ok=True)
        os.environ["NUMBA_CACHE_DIR"] = str(folder)


# umap finds neighbours exactly below 4,096 points and by nn-descent above; a warm-up must
# run the second path, or the first real picture pays for compiling it
WARM_UP_POINTS = 4200


def warm_up() -> float:
    """Import umap and fit a small set through the same code paths as a test split, so
    numba's compilation (or its disk-cache load) is paid now; returns seconds."""
    start = time.perf_counter()
    rng = np.random.default_rng(0)
    project(rng.random((WARM_UP_POINTS, 8), dtype=np.float32), "umap", 2)
    return time.perf_counter() - start


# -- how far to trust a picture ---------------------------------------------------------------


def faithfulness(
    x: np.ndarray | torch.Tensor,
    coords: np.ndarray | torch.Tensor,
    k: int = 10,
    queries: int = 2000,
    seed: int = 0,
) -> dict[str, float]:
    """Trustworthiness (1: no point in a projected neighbourhood comes from far away in the
    latent space) and neighbours_kept (the mean share of each point's k nearest latent-space
    neighbours that are also among its k nearest in the projection), both in [0, 1]. At most
    `queries` points (seeded) are asked about, each against all the others."""
    x = torch.as_tensor(_numpy(x), dtype=torch.float32).flatten(1)
    y = torch.as_tensor(_numpy(coords), dtype=torch.float32)
    n = len(x)
    if n <= 2 * k + 1:
        raise GenvizError(f"faithfulness with k={k} needs more than {2 * k + 1} points.")
    gen = torch.Generator().manual_seed(seed)
    picked = torch.randperm(n, generator=gen)[: min(queries, n)]
    penalty, kept = 0.0, 0.0
    for rows in picked.split(200):
        dx, dy = _distances(x, rows), _distances(y, rows)
        near_x = dx.topk(k, largest=False).indices  # (b, k)
        near_y = dy.topk(k, largest=False).indices
        in_x = torch.zeros_like(dx, dtype=torch.bool).scatter_(1, near_x, True)
        intruders = ~in_x.gather(1, near_y)  # projected neighbours that are not latent ones
        # rank of each projected neighbour in the latent space (1 = nearest)
        ranks = (dx.unsqueeze(1) < dx.gather(1, near_y).unsqueeze(2)).sum(2) + 1  # (b, k)
        penalty += float(((ranks - k) * intruders).sum())
        kept += float((~intruders).sum())
    m = len(picked)
    trust = 1 - 2 * penalty / (m * k * (2 * n - 3 * k - 1))
    return {"trustworthiness": float(trust), "neighbours_kept": kept / (m * k), "k": k}


def _distances(points: torch.Tensor, rows: torch.Tensor) -> torch.Tensor:
    """(b, N) distances from points[rows] to every point; a point is never its own neighbour."""
    d = torch.cdist(points[rows], points)
    d[torch.arange(len(rows)), rows] = float("inf")
    return d


# -- from the picture back to a latent --------------------------------------------------------


def inverse(
    coords: np.ndarray, latents: np.ndarray | torch.Tensor, point, k: int = 8
) -> torch.Tensor:
    """The latent under a clicked point of a projection: the inverse-distance-weighted mean of
    the latents of the k nearest projected points (exact at a data point). Returns (1, ...)."""
    latents = torch.as_tensor(_numpy(latents), dtype=torch.float32)
    c = torch.as_tensor(_numpy(coords), dtype=torch.float32)
    p = torch.as_tensor(np.asarray(point, dtype=np.float32)).reshape(1, -1)
    if p.shape[1] != c.shape[1]:
        raise GenvizError(f"a point of this {c.shape[1]}-D projection has {c.shape[1]} numbers.")
    d, idx = torch.cdist(p, c)[0].topk(min(k, len(c)), largest=False)
    if float(d[0]) < 1e-9:
        return latents[idx[:1]].clone()
    w = 1 / d.square()
    return ((w / w.sum()).reshape(-1, *[1] * (latents.dim() - 1)) * latents[idx]).sum(0)[None]


def _numpy(a) -> np.ndarray:
    return a.detach().cpu().numpy() if isinstance(a, torch.Tensor) else np.asarray(a)
