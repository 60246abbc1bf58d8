"""The projection engine: shapes, seeds, faithfulness, the way back, and UMAP in two threads."""

import os
import subprocess
import sys

import numpy as np
import pytest
import torch
from conftest import ROOT

from genviz.analysis import projection
from genviz.errors import GenvizError


@pytest.fixture(scope="module")
def points(digits_test):
    return digits_test.floats().flatten(1).numpy()  # 360 x 64


# umap imports numba and compiles it: seconds, so its cases run in the full lane
@pytest.mark.parametrize(
    "method",
    [pytest.param(m, marks=pytest.mark.slow) if m == "umap" else m for m in projection.METHODS],
)
@pytest.mark.parametrize("dim", [2, 3])
def test_each_method_gives_the_shape_and_repeats_under_a_seed(points, method, dim):
    params = {"iterations": 50} if method == "tsne" else None
    a = projection.project(points, method, dim, seed=1, params=params)
    b = projection.project(points, method, dim, seed=1, params=params)
    assert a.shape == (len(points), dim) and a.dtype == np.float32
    assert np.isfinite(a).all() and np.array_equal(a, b)


def test_tsne_reports_iterations(points):
    seen = []
    projection.project(
        points, "tsne", params={"iterations": 50}, progress=lambda *e: seen.append(e)
    )
    total = projection.FIXED["tsne"]["exaggeration_iters"] + 50
    done = [d for d, t, _, _ in seen]
    assert seen[-1] == (total, total, "done", None) and done == sorted(done) and len(seen) > 5


def test_tsne_hands_over_its_picture_as_it_forms(points, monkeypatch):
    monkeypatch.setattr(projection, "SNAPSHOT_S", 0.0)  # every tenth iteration
    seen = []
    final = projection.project(
        points, "tsne", seed=2, params={"iterations": 50}, progress=lambda *e: seen.append(e)
    )
    shots = [coords for _, _, stage, coords in seen if coords is not None]
    assert len(shots) >= 25 and all(s.shape == (len(points), 2) for s in shots)
    spread = [float(np.abs(s - final).mean()) for s in shots]
    assert spread[-1] < spread[0]  # the snapshots approach the final picture


@pytest.mark.slow
def test_tsne_in_3d_on_a_whole_test_split(monkeypatch):
    """From 10,000 points openTSNE picks its FFT method, which has no 3-D: a 3-D map of the
    MNIST test split failed. Few iterations; the point count is what matters."""
    monkeypatch.setitem(
        projection.FIXED, "tsne", {**projection.FIXED["tsne"], "exaggeration_iters": 5}
    )
    x = np.random.default_rng(0).random((10_000, 8), dtype=np.float32)
    assert projection.project(x, "tsne", 3, params={"iterations": 5}).shape == (10_000, 3)


def test_bad_requests_get_one_sentence(points):
    with pytest.raises(GenvizError, match="unknown projection 'isomap'"):
        projection.project(points, "isomap")
    with pytest.raises(GenvizError, match="2 or 3 dimensions"):
        projection.project(points, "pca", 4)
    with pytest.raises(GenvizError, match="umap has no setting perplexity"):
        projection.project(points, "umap", params={"perplexity": 5})


def test_a_latent_of_fewer_dimensions_is_drawn_as_it_is():
    line = np.arange(20, dtype=np.float32)[:, None]
    out = projection.project(line, "umap", 2)
    assert (
        np.allclose(np.abs(out[:, 0]), np.abs(line[:, 0] - line.mean())) and (out[:, 1] == 0).all()
    )


def test_faithfulness_is_in_range_and_ranks_random_below_pca(points, digits_test):
    pca = projection.project(points, "pca")
    rng = np.random.default_rng(0).random((len(points), 2))
    good, bad = projection.faithfulness(points, pca), projection.faithfulness(points, rng)
    for f in (good, bad):
        assert 0 <= f["trustworthiness"] <= 1 and 0 <= f["neighbours_kept"] <= 1
    assert good["trustworthiness"] > bad["trustworthiness"] + 0.1
    assert good["neighbours_kept"] > bad["neighbours_kept"]
    same = projection.faithfulness(points, points)
    assert same["trustworthiness"] == pytest.approx(1) and same["neighbours_kept"] == 1


def test_faithfulness_agrees_with_scikit_learn(points):
    from sklearn.manifold import trustworthiness

    coords = projection.project(points, "pca")
    ours = projection.faithfulness(points, coords, k=10, queries=len(points))
    # ours ranks neighbours in float32, scikit-learn in float64: a near-tie ranked the other
    # way moves the score by 2 / (n k (2n - 3k - 1)); allow a few dozen of them, whatever the
    # library versions (a fixed 1e-6 failed with another numpy)
    n, k = len(points), 10
    one_swap = 2 / (n * k * (2 * n - 3 * k - 1))
    theirs = trustworthiness(points, coords, n_neighbors=k)
    assert ours["trustworthiness"] == pytest.approx(theirs, rel=0, abs=50 * one_swap)


def test_inverse_is_exact_at_data_points_and_between_nearby_latents():
    coords = np.array([[0, 0], [1, 0], [0, 1], [5, 5]], dtype=np.float32)
    latents = torch.tensor([[0.0, 0], [2, 0], [0, 2], [9, 9]])
    assert torch.equal(projection.inverse(coords, latents, [1, 0]), latents[1:2])
    mid = projection.inverse(coords, latents, [0.5, 0.0], k=2)
    assert torch.allclose(mid, torch.tensor([[1.0, 0]]))
    with pytest.raises(GenvizError, match="has 2 numbers"):
        projection.inverse(coords, latents, [1, 2, 3])


TWO_THREADS = """
import threading, numpy as np
from genviz.analysis import projection
x = np.random.default_rng(0).random((5000, 16), dtype=np.float32)  # > 4096: nn-descent
results = {}
def fit(seed):
    results[seed] = projection.project(x, "umap", seed=seed)
threads = [threading.Thread(target=fit, args=(s,)) for s in (0, 1)]
[t.start() for t in threads]
[t.join() for t in threads]
print(sorted(results), [r.shape for r in results.values()])
"""


@pytest.mark.slow
def test_two_threads_fit_umap_at_once():
    """Streamlit serves each session in a thread; two UMAP requests at the same moment must
    both finish. numba's workqueue layer (its default where no OpenMP or TBB is installed)
    aborts the process on concurrent parallel calls, so the test forces that layer."""
    env = {**os.environ, "NUMBA_THREADING_LAYER": "workqueue", "PYTHONPATH": str(ROOT)}
    run = subprocess.run(
        [sys.executable, "-c", TWO_THREADS], env=env, capture_output=True, text=True, timeout=400
    )
    assert run.returncode == 0, run.stderr[-2000:]
    assert "[0, 1] [(5000, 2), (5000, 2)]" in run.stdout
