"""What the latent map draws besides its points: thumbnails of the data at dense spots (a level
per zoom), density contours (the data's, and a VAE's prior where the map is a linear picture of
the latent), clusters found on the map with their majority class and purity, how well each
point's neighbours were kept, and the per-point measures its histograms filter by.

Everything takes the map's 2-D coordinates (N, 2) as numpy and returns plain arrays, so the
app and the benchmark share it. All but the neighbours kept per point (`kept_per_point`,
exact and quadratic in N above three dimensions) grow linearly with the points.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import torch

from genviz.analysis import batches, ood
from genviz.analysis.batches import batched
from genviz.errors import GenvizError
from genviz.models import GenModel
from genviz.split import Split

# quantiles of the data's mass the contours enclose (the highest-density regions)
MASS = (0.5, 0.8, 0.95)
CLUSTER_SAMPLE = 10_000  # HDBSCAN runs on at most this many points; the rest join their nearest


def bounds(coords: np.ndarray) -> tuple[float, float, float, float]:
    """(x0, y0, x1, y1) of the points, a little wider so nothing sits on the edge."""
    xy = np.asarray(coords, dtype=np.float64)[:, :2]
    lo, hi = xy.min(0), xy.max(0)
    pad = 0.02 * np.maximum(hi - lo, 1e-6)
    return (
        float(lo[0] - pad[0]),
        float(lo[1] - pad[1]),
        float(hi[0] + pad[0]),
        float(hi[1] + pad[1]),
    )


def _cells(xy: np.ndarray, box, side: int) -> np.ndarray:
    """Each point's cell in a side x side grid over `box`."""
    x0, y0, x1, y1 = box
    cx = np.clip(((xy[:, 0] - x0) / (x1 - x0) * side).astype(np.int64), 0, side - 1)
    cy = np.clip(((xy[:, 1] - y0) / (y1 - y0) * side).astype(np.int64), 0, side - 1)
    return cy * side + cx


def representatives(xy: np.ndarray, cells: np.ndarray, minimum: int = 1) -> np.ndarray:
    """For each cell holding at least `minimum` points, the point nearest its points' mean."""
    count = np.bincount(cells)
    mean = (
        np.stack([np.bincount(cells, xy[:, k]) for k in (0, 1)], 1) / np.maximum(count, 1)[:, None]
    )
    far = ((xy - mean[cells]) ** 2).sum(1)
    order = np.lexsort((far, cells))  # by cell, nearest first
    first = order[np.r_[True, cells[order][1:] != cells[order][:-1]]]
    return first[count[cells[first]] >= minimum]


@dataclass
class Thumbnails:
    """Which images to show on the map at which zoom: `items` rows of (level, point index); at
    level l the map is cut into 2 ** (first + l) cells a side and each dense cell shows the
    point nearest its middle. `indices` are the distinct points, in atlas order."""

    items: np.ndarray  # (M, 2) int64: level, point index
    indices: np.ndarray  # (K,) the distinct points shown at some level
    first: int
    levels: int
    box: tuple[float, float, float, float]

    def slots(self) -> np.ndarray:
        """(M,) each item's place in the atlas (its point's position in `indices`)."""
        return np.searchsorted(self.indices, self.items[:, 1])


def thumbnails(coords: np.ndarray, first: int = 2, levels: int = 4) -> Thumbnails:
    """Representative points per grid cell at `levels` zoom levels (4x4 to 32x32 cells by
    default: at most 1,360 thumbnails). A cell shows an image only where the data is dense
    enough to hide it (at least 3 points, and a tenth of an occupied cell's mean), so a lone
    outlier is a point, not a picture."""
    xy = np.asarray(coords, dtype=np.float64)[:, :2]
    box = bounds(xy)
    items = []
    for level in range(levels):
        cells = _cells(xy, box, 2 ** (first + level))
        occupied = np.bincount(cells)
        minimum = max(3, int(0.1 * occupied[occupied > 0].mean()))
        chosen = representatives(xy, cells, minimum)
        items.append(np.stack([np.full(len(chosen), level), chosen], 1))
    items = np.concatenate(items).astype(np.int64)
    return Thumbnails(items, np.unique(items[:, 1]), first, levels, box)


def atlas(images: torch.Tensor, columns: int | None = None) -> tuple[np.ndarray, int]:
    """(an (rows*H, cols*W[, 3]) uint8 sheet of the images in order, cols): the thumbnails
    sent to the browser in one picture. `images` is (K, C, H, W) uint8."""
    k, c, h, w = images.shape
    cols = columns or max(1, int(np.ceil(np.sqrt(k))))
    rows = max(1, -(-k // cols))
    sheet = torch.zeros(rows * cols, c, h, w, dtype=torch.uint8)
    sheet[:k] = images
    sheet = sheet.view(rows, cols, c, h, w).permute(0, 3, 1, 4, 2).reshape(rows * h, cols * w, c)
    out = sheet.numpy()
    return (out[..., 0] if c == 1 else out), cols


def _blur(grid: np.ndarray, sigma: float) -> np.ndarray:
    radius = max(1, int(3 * sigma))
    t = np.arange(-radius, radius + 1)
    kernel = np.exp(-0.5 * (t / sigma) ** 2)
    kernel /= kernel.sum()
    out = np.apply_along_axis(lambda r: np.convolve(r, kernel, "same"), 0, grid)
    return np.apply_along_axis(lambda r: np.convolve(r, kernel, "same"), 1, out)


@dataclass
class Density:
    """A density over the map's box on a size x size grid (row = y), scaled to 0..255, and the
    levels (in the same units) that enclose MASS of it."""

    grid: np.ndarray  # (size, size) uint8, grid[j, i] at x_i, y_j
    box: tuple[float, float, float, float]
    levels: list[float]


def _levels(values: np.ndarray, mass=MASS) -> list[float]:
    """The heights whose upper sets hold each share of the total (highest-density regions)."""
    flat = np.sort(values.ravel())[::-1]
    total = np.cumsum(flat)
    if total[-1] <= 0:
        return []
    return [float(flat[min(np.searchsorted(total, m * total[-1]), len(flat) - 1)]) for m in mass]


def _scaled(values: np.ndarray, box) -> Density:
    top = values.max()
    scaled = values / top * 255 if top > 0 else values
    levels = _levels(scaled)
    return Density(np.round(scaled).astype(np.uint8), box, [round(v, 2) for v in levels])


def density(coords: np.ndarray, box=None, size: int = 96, sigma: float = 1.5) -> Density:
    """The points' density: a histogram on the grid, smoothed by a Gaussian of `sigma` cells."""
    xy = np.asarray(coords, dtype=np.float64)[:, :2]
    box = box or bounds(xy)
    x0, y0, x1, y1 = box
    hist, _, _ = np.histogram2d(xy[:, 1], xy[:, 0], bins=size, range=[[y0, y1], [x0, x1]])
    return _scaled(_blur(hist, sigma), box)


def gaussian_density(mean, cov, box, size: int = 96) -> Density:
    """A 2-D Gaussian's density on the same grid as `density` (its cells' centres)."""
    x0, y0, x1, y1 = box
    xs = x0 + (np.arange(size) + 0.5) * (x1 - x0) / size
    ys = y0 + (np.arange(size) + 0.5) * (y1 - y0) / size
    gx, gy = np.meshgrid(xs, ys)
    d = np.stack([gx - mean[0], gy - mean[1]], -1)
    inv = np.linalg.inv(np.asarray(cov, dtype=np.float64))
    return _scaled(np.exp(-0.5 * np.einsum("...i,ij,...j->...", d, inv, d)), box)


def prior_on_map(latents: np.ndarray, coords: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(mean, covariance) on the map of the prior N(0, I) over the latent, where the map is a
    linear picture of the latent (the latent itself, or PCA): the linear map from latents to
    coordinates is found by least squares and must fit them exactly; otherwise GenvizError (a
    t-SNE or UMAP map has no such picture of the prior)."""
    z = np.asarray(latents, dtype=np.float64)
    xy = np.asarray(coords, dtype=np.float64)[:, :2]
    design = np.c_[z, np.ones(len(z))]
    fit, *_ = np.linalg.lstsq(design, xy, rcond=None)
    err = np.abs(design @ fit - xy).max() / (np.abs(xy).max() + 1e-12)
    if err > 1e-3:
        raise GenvizError("the prior is drawn only on a linear map of the latent (itself or PCA).")
    a, b = fit[:-1], fit[-1]
    return b, a.T @ a


@dataclass
class Cluster:
    x: float
    y: float
    size: int
    majority: int  # the most common class
    purity: float  # its share of the cluster
    representative: int  # the point nearest the cluster's middle


def clusters(
    coords: np.ndarray, labels: np.ndarray, min_share: float = 0.01, seed: int = 0
) -> tuple[np.ndarray, list[Cluster]]:
    """Clusters found on the map by HDBSCAN (density-based: their number is found, not given),
    each with its majority class, purity and representative point. Over CLUSTER_SAMPLE points,
    HDBSCAN runs on a seeded sample and every point joins the cluster of its nearest sampled
    point (noise stays noise, -1). Returns (each point's cluster, the clusters by size)."""
    from sklearn.cluster import HDBSCAN
    from sklearn.neighbors import KDTree

    xy = np.asarray(coords, dtype=np.float64)[:, :2]
    n = len(xy)
    if n < 20:
        raise GenvizError("clusters need at least 20 points.")
    rng = np.random.default_rng(seed)
    sample = rng.permutation(n)[:CLUSTER_SAMPLE] if n > CLUSTER_SAMPLE else np.arange(n)
    m = len(sample)
    found = HDBSCAN(min_cluster_size=max(10, int(min_share * m)), min_samples=10, copy=True)
    sample_labels = found.fit(xy[sample]).labels_
    if m < n:
        near = KDTree(xy[sample]).query(xy, k=1, return_distance=False)[:, 0]
        assigned = sample_labels[near]
    else:
        assigned = sample_labels
    labels = np.asarray(labels)
    out = []
    for c in range(assigned.max() + 1):
        members = np.flatnonzero(assigned == c)
        if not len(members):
            continue
        counts = np.bincount(labels[members])
        middle = xy[members].mean(0)
        rep = members[((xy[members] - middle) ** 2).sum(1).argmin()]
        out.append(
            Cluster(
                float(middle[0]),
                float(middle[1]),
                len(members),
                int(counts.argmax()),
                float(counts.max() / len(members)),
                int(rep),
            )
        )
    order = sorted(range(len(out)), key=lambda k: -out[k].size)
    renumber = np.full(assigned.max() + 2, -1)
    for new, old in enumerate(order):
        renumber[old] = new
    return renumber[assigned], [out[k] for k in order]


def _knn(points: torch.Tensor, k: int, chunk: int = 512) -> torch.Tensor:
    """(N, k) each point's k nearest others, exact: by a k-d tree in 2 or 3 dimensions, else
    by distances in chunks (no N x N matrix kept)."""
    if points.shape[1] <= 3:
        from sklearn.neighbors import KDTree

        x = points.double().numpy()
        near = KDTree(x).query(x, k=k + 1, return_distance=False)
        # itself first, unless a duplicate point came first: drop itself wherever it is
        mine = near == np.arange(len(x))[:, None]
        mine[~mine.any(1), -1] = True
        return torch.from_numpy(near[~mine].reshape(len(x), k))
    out = []
    sq = (points**2).sum(1)
    for start in range(0, len(points), chunk):
        rows = points[start : start + chunk]
        d = sq[start : start + chunk, None] - 2 * rows @ points.T + sq[None]
        d[torch.arange(len(rows)), torch.arange(start, start + len(rows))] = float("inf")
        out.append(d.topk(k, largest=False).indices)
    return torch.cat(out)


def kept_per_point(latents, coords, k: int = 10) -> np.ndarray:
    """(N,) for each point, the share of its k nearest neighbours in the latent space that are
    also among its k nearest on the map: 1 where the picture kept its neighbourhood, 0 where
    its neighbours on the map are strangers. Exact; quadratic time in N, chunked memory."""
    z = torch.as_tensor(np.asarray(latents), dtype=torch.float32).flatten(1)
    xy = torch.as_tensor(np.asarray(coords)[:, :2], dtype=torch.float32)
    if len(z) <= k:
        raise GenvizError(f"neighbours kept with k={k} needs more than {k} points.")
    near_z, near_xy = _knn(z, k), _knn(xy, k)
    shared = (near_z.unsqueeze(2) == near_xy.unsqueeze(1)).any(2).sum(1)
    return (shared.float() / k).numpy()


def histogram(values: np.ndarray, bins: int = 30, lo=None, hi=None, mask=None):
    """(counts, edges) of `values`, over the same edges whether or not `mask` picks a subset,
    so the selection's histogram can be drawn over the whole one."""
    v = np.asarray(values, dtype=np.float64)
    finite = np.isfinite(v)
    lo = float(np.min(v[finite])) if lo is None else lo
    hi = float(np.max(v[finite])) if hi is None else hi
    edges = np.linspace(lo, hi if hi > lo else lo + 1, bins + 1)
    picked = finite if mask is None else finite & np.asarray(mask, dtype=bool)
    counts, _ = np.histogram(v[picked], edges)
    return counts, edges


REFERENCE = 10_000  # "unusual" is measured against at most this many of the points


def measure_names(model: GenModel, judged: bool, critic: bool = False) -> list[str]:
    """The measures `measures` gives for a model (`judged`: with a classifier; `critic`: with
    a GAN whose discriminator scores the images)."""
    can = model.can
    names = []
    if can.encode and can.decoder and can.latent not in ("given", "none", "noise"):
        names.append("error")
    if can.likelihood:
        names.append("kl")
    if can.encode and can.latent in ("vector", "given"):
        names.append("unusual")
    return names + (["confidence"] if judged else []) + (["critic"] if critic else [])


def unusual(latents, k: int = 10, seed: int = 0) -> np.ndarray:
    """(N,) each point's distance in the latent space to its k-th nearest other point among a
    seeded sample of REFERENCE of them: the out-of-distribution probe's k-NN score
    (`ood.kth_neighbour_distance`), large far from the data; linear in N."""
    z = torch.as_tensor(np.asarray(latents), dtype=torch.float32).flatten(1)
    n = len(z)
    ref = torch.randperm(n, generator=torch.Generator().manual_seed(seed))[: min(n, REFERENCE)]
    if len(ref) <= k:
        raise GenvizError(f"the unusual score with k={k} needs more than {k} points.")
    same = torch.full((n,), -1, dtype=torch.long)
    same[ref] = torch.arange(len(ref))  # a sampled point is not its own neighbour
    return ood.kth_neighbour_distance(z[ref], z, k, same).numpy()


@torch.no_grad()
def measures(
    model: GenModel,
    part: Split,
    classifier: GenModel | None = None,
    critic: GenModel | None = None,
    latents=None,
) -> dict:
    """Per image of `part`, what the map's histograms filter by, where the model has it:
    "error" (mean squared reconstruction error), "kl" (KL(q(z|x) || N(0, I)) of a VAE's
    posterior, in nats), "unusual" (`unusual` over the latents), "confidence" (the dataset's
    classifier's top probability) and "critic" (a GAN discriminator's raw score of the image:
    higher is more like its training data)."""
    out = {}
    model.eval()
    names = measure_names(model, classifier is not None, critic is not None)
    if "error" in names:

        def error(x, y):
            return (model.reconstruct(x, y).float() - x).pow(2).flatten(1).mean(1)

        out["error"] = batched(error, part, model.device).numpy()
    if "kl" in names:

        def kl(x, y):
            mu, logvar = (t.float() for t in model.posterior(x, y))
            return 0.5 * (mu.pow(2) + logvar.exp() - 1 - logvar).sum(1)

        out["kl"] = batched(kl, part, model.device).numpy()
    if "unusual" in names:
        out["unusual"] = unusual(batches.embed(model, part) if latents is None else latents)
    if critic is not None:
        critic.eval()

        def score(x, y):
            return critic.discriminate(x, y if critic.can.conditional else None).float().flatten()

        out["critic"] = batched(score, part, critic.device).numpy()
    if classifier is not None:
        classifier.eval()
        confident = batched(lambda x, y: classifier.predict(x)[1], part, classifier.device)
        out["confidence"] = confident.numpy()
    return out


def align(source: np.ndarray, target: np.ndarray) -> np.ndarray:
    """`source` (N, 2) moved onto `target` by the rotation (or reflection), scale and shift that
    bring it closest (orthogonal Procrustes): two pictures of the same points, comparable."""
    a = np.asarray(source, dtype=np.float64)[:, :2]
    b = np.asarray(target, dtype=np.float64)[:, :2]
    ma, mb = a.mean(0), b.mean(0)
    a0, b0 = a - ma, b - mb
    u, s, vt = np.linalg.svd(a0.T @ b0)
    rotation = u @ vt
    scale = s.sum() / max((a0**2).sum(), 1e-12)
    return (a0 @ rotation * scale + mb).astype(np.float32)


def changed(first: np.ndarray, second: np.ndarray, k: int = 10) -> np.ndarray:
    """(N,) the share of each point's k nearest neighbours in one picture that are not among
    them in the other: 0 where the two pictures agree about it, 1 where they do not at all."""
    return 1.0 - kept_per_point(np.asarray(first)[:, :2], second, k)
