"""What the latent map draws besides its points (genviz.analysis.mapping), and how its points
travel to the browser (ui.mapview)."""

import dataclasses

import numpy as np
import pytest
import torch

from genviz.analysis import mapping
from genviz.errors import GenvizError


def blobs(n_each=200, centres=((0, 0), (10, 0), (0, 10)), seed=0):
    rng = np.random.default_rng(seed)
    coords = np.concatenate([rng.normal(size=(n_each, 2)) * 0.5 + c for c in centres])
    labels = np.repeat(np.arange(len(centres)), n_each)
    return coords.astype(np.float32), labels


def test_thumbnails_pick_the_point_nearest_each_dense_cells_middle_per_level():
    coords, _ = blobs()
    found = mapping.thumbnails(coords, first=1, levels=3)
    assert set(found.items[:, 0]) == {0, 1, 2}
    for level in range(3):  # each shown point lies in a cell nobody else shows
        side = 2 ** (1 + level)
        cells = mapping._cells(coords[found.items[found.items[:, 0] == level, 1]], found.box, side)
        assert len(set(cells)) == len(cells)
    # three blobs in a 2x2 grid: three cells hold data, each shows the point nearest its mean
    coarse = found.items[found.items[:, 0] == 0, 1]
    assert len(coarse) == 3
    for i in coarse:
        blob = coords[np.linalg.norm(coords - coords[i], axis=1) < 4]
        nearest = np.linalg.norm(blob - blob.mean(0), axis=1).min()
        assert np.linalg.norm(coords[i] - blob.mean(0)) == pytest.approx(nearest, abs=1e-5)
    assert (found.indices[found.slots()] == found.items[:, 1]).all()


def test_a_lone_outlier_gets_no_thumbnail():
    coords, _ = blobs()
    coords = np.r_[coords, [[30.0, 30.0]]]
    found = mapping.thumbnails(coords, first=1, levels=3)
    assert len(coords) - 1 not in found.indices


def test_the_atlas_is_the_images_in_order_on_one_sheet():
    images = torch.arange(5 * 4, dtype=torch.uint8).view(5, 1, 2, 2) * 10
    sheet, cols = mapping.atlas(images)
    assert cols == 3 and sheet.shape == (4, 6)
    assert (sheet[2:4, 2:4] == images[4, 0].numpy()).all()  # the fifth: row 1, column 1
    colour, _ = mapping.atlas(torch.zeros(2, 3, 4, 4, dtype=torch.uint8))
    assert colour.shape == (4, 8, 3)


def test_density_contours_hold_the_stated_share_of_the_mass():
    coords, _ = blobs(n_each=2000)
    found = mapping.density(coords)
    grid = found.grid.astype(float)
    assert found.grid.dtype == np.uint8 and found.grid.max() == 255
    shares = [grid[grid >= level].sum() / grid.sum() for level in found.levels]
    assert shares == pytest.approx(list(mapping.MASS), abs=0.03)


def test_the_prior_is_drawn_only_on_a_linear_map_of_the_latent():
    rng = np.random.default_rng(0)
    z = rng.normal(size=(500, 6))
    a = rng.normal(size=(6, 2))
    mean, cov = mapping.prior_on_map(z, z @ a + 3.0)
    assert mean == pytest.approx([3.0, 3.0]) and cov == pytest.approx(a.T @ a)
    with pytest.raises(GenvizError, match="linear map"):
        mapping.prior_on_map(z, np.tanh(z @ a) * 4)
    box = (-5.0, -5.0, 5.0, 5.0)
    peak = mapping.gaussian_density([1.0, -2.0], np.eye(2), box, size=100)
    j, i = np.unravel_index(peak.grid.argmax(), peak.grid.shape)
    assert (-5 + (i + 0.5) * 0.1, -5 + (j + 0.5) * 0.1) == pytest.approx((1.0, -2.0), abs=0.1)


def test_clusters_are_found_with_their_class_purity_and_a_middle_point(monkeypatch):
    coords, labels = blobs(n_each=300)
    labels[:30] = 2  # a tenth of the first blob mislabelled
    assigned, found = mapping.clusters(coords, labels)
    assert len(found) == 3 and sorted(c.majority for c in found) == [0, 1, 2]
    first = next(c for c in found if c.majority == 0)
    assert first.purity == pytest.approx(0.9, abs=0.02)
    assert np.linalg.norm(coords[first.representative] - [0, 0]) < 0.5
    monkeypatch.setattr(mapping, "CLUSTER_SAMPLE", 200)  # the rest join their nearest sampled
    sampled, again = mapping.clusters(coords, labels)
    assert len(again) == 3 and (sampled >= 0).mean() > 0.9
    for c in range(3):  # each blob one cluster
        assert len(set(sampled[labels == c][30:]) - {-1}) == 1


def test_neighbours_kept_per_point_is_one_for_a_faithful_map_and_low_for_a_shuffled_one():
    rng = np.random.default_rng(0)
    z = rng.normal(size=(400, 2)).astype(np.float32)
    assert mapping.kept_per_point(z, z * 3 + 1) == pytest.approx(np.ones(400))
    shuffled = mapping.kept_per_point(z, z[rng.permutation(400)])
    assert shuffled.mean() < 0.1 and shuffled.shape == (400,)


def test_measures_of_a_vae_with_a_judge_and_a_critic():
    from genviz import checkpoint, data, paths

    part = data.load_dataset("digits", "test").take(50)
    vae, judge, gan = (
        checkpoint.load(paths.CHECKPOINTS / "digits" / n).model
        for n in ("vae", "classifier", "gan")
    )
    found = mapping.measures(vae, part, judge, gan)
    assert set(found) == {"error", "kl", "unusual", "confidence", "critic"}
    assert all(len(v) == 50 and np.isfinite(v).all() for v in found.values())
    assert (found["kl"] > 0).all() and (found["unusual"] > 0).all()
    assert ((found["confidence"] > 0) & (found["confidence"] <= 1)).all()
    assert mapping.measure_names(judge, False) == []
    scored = gan.discriminate(part.floats()[:2], None).flatten()  # the discriminator's own
    assert found["critic"][:2] == pytest.approx(scored.detach().numpy(), abs=1e-4)


def test_a_point_far_from_the_rest_is_the_most_unusual(monkeypatch):
    coords, _ = blobs()
    far = np.r_[coords, [[40.0, 40.0]]]
    assert mapping.unusual(far).argmax() == len(far) - 1
    monkeypatch.setattr(mapping, "REFERENCE", 100)  # measured against a sample: still found
    assert mapping.unusual(far).argmax() == len(far) - 1


def test_a_histogram_of_a_subset_shares_the_whole_ones_bins():
    v = np.linspace(0, 1, 101)
    whole, edges = mapping.histogram(v, 10)
    part, same = mapping.histogram(v, 10, mask=v > 0.5)
    assert (edges == same).all() and whole.sum() == 101 and part.sum() == 50


def test_the_points_travel_as_x_then_y_as_float32_then_a_class_byte(tmp_path, monkeypatch):
    from ui import mapview

    coords = np.array([[1.5, -2.0], [3.0, 4.25]])
    blob = mapview.points_blob(coords, np.array([7, 2]))
    n = 2
    assert np.frombuffer(blob[: 4 * n], np.float32).tolist() == [1.5, 3.0]
    assert np.frombuffer(blob[4 * n : 8 * n], np.float32).tolist() == [-2.0, 4.25]
    assert list(blob[8 * n :]) == [7, 2]
    monkeypatch.setattr(mapview, "folder", lambda: tmp_path)
    (tmp_path / "data").mkdir()
    url = mapview.put(blob, ".bin")
    assert (tmp_path / url).read_bytes() == blob and mapview.put(blob, ".bin") == url


def test_a_split_followed_by_another_is_both_with_its_own_fingerprint():
    from genviz import data

    test, train = data.load_dataset("digits", "test"), data.load_dataset("digits", "train")
    both = test.then(train)
    assert len(both) == len(test) + len(train) and both.split == "test+train"
    assert (both.images[len(test) :] == train.images).all()
    assert both.fingerprint not in (test.fingerprint, train.fingerprint)
    assert both.take(10).fingerprint == both.fingerprint
    renamed = dataclasses.replace(train, class_names=tuple("abcdefghij"))
    with pytest.raises(GenvizError, match="differ"):
        test.then(renamed)


def test_two_pictures_are_aligned_and_their_disagreements_found():
    rng = np.random.default_rng(0)
    a = rng.normal(size=(300, 2))
    turn = np.array([[0.0, -1.0], [1.0, 0.0]])
    b = a @ turn * 2.5 + [4.0, -1.0]  # the same picture turned, scaled and moved
    assert mapping.align(a, b) == pytest.approx(b.astype(np.float32), abs=1e-4)
    assert mapping.changed(a, b) == pytest.approx(np.zeros(300))
    swapped = b.copy()
    swapped[[0, 1]] = swapped[[1, 0]]  # two points trade places: they, and their neighbours, differ
    moved = mapping.changed(a, swapped)
    assert moved[0] > 0.5 and moved[1] > 0.5 and np.median(moved) == 0


def test_kept_groups_export_as_csv_whatever_their_names():
    import csv
    import io

    from ui.mapgroups import as_csv

    kept = {'the "odd", ones': [2, 0], "rest": [1]}
    rows = list(csv.reader(io.StringIO(as_csv(kept, np.array([1, 0, 1]), ["zero", "one"]))))
    assert rows == [
        ["index", "group", "class"],
        ["2", 'the "odd", ones', "one"],
        ["0", 'the "odd", ones', "one"],
        ["1", "rest", "zero"],
    ]
