"""The app's projection service: cache keys, the disk cache, the worker process, and export."""

import csv

import numpy as np
import pytest
import torch
from PIL import Image

from genviz import export, project, projector
from genviz.errors import GenvizError


@pytest.fixture(scope="module")
def latents(digits_test):
    return digits_test.floats().flatten(1).numpy()


def test_cache_key_names_everything_a_picture_depends_on():
    key = projector.cache_key("abc", "test", 360, "umap", 2)
    assert key == projector.cache_key("abc", "test", 360, "umap", 2, 0, {"n_neighbors": 15})
    others = [
        projector.cache_key("abd", "test", 360, "umap", 2),  # the checkpoint changed
        projector.cache_key("abc", "train", 360, "umap", 2),
        projector.cache_key("abc", "test", 100, "umap", 2),
        projector.cache_key("abc", "test", 360, "tsne", 2),
        projector.cache_key("abc", "test", 360, "umap", 3),
        projector.cache_key("abc", "test", 360, "umap", 2, 1),
        projector.cache_key("abc", "test", 360, "umap", 2, 0, {"min_dist": 0.5}),
    ]
    assert len({key, *others}) == 8
    with pytest.raises(GenvizError, match="umap has no setting"):
        projector.cache_key("abc", "test", 360, "umap", 2, 0, {"perplexity": 3})


def test_changing_a_fixed_setting_renames_that_methods_pictures_only(monkeypatch):
    tsne, umap = (projector.cache_key("abc", "test", 360, m, 2) for m in ("tsne", "umap"))
    monkeypatch.setitem(project.FIXED, "tsne", {**project.FIXED["tsne"], "ints_in_interval": 1})
    assert projector.cache_key("abc", "test", 360, "tsne", 2) != tsne
    assert projector.cache_key("abc", "test", 360, "umap", 2) == umap


def test_pca_is_immediate_and_a_cache_hit_survives_a_restart(latents, tmp_path):
    key = projector.cache_key("w", "test", len(latents), "pca", 2)
    first = projector.Projector(tmp_path).request(key, latents, "pca", 2)
    assert first.ready and first.source == "computed" and first.coords.shape == (len(latents), 2)
    assert 0 < first.faithfulness["trustworthiness"] <= 1
    restarted = projector.Projector(tmp_path)  # a new server process, the same disk
    again = restarted.request(key, np.zeros_like(latents), "pca", 2)  # latents unused on a hit
    assert again.source == "cache" and np.array_equal(again.coords, first.coords)
    assert again.faithfulness == first.faithfulness and restarted.process is None


def test_shipped_projections_come_first(latents, tmp_path):
    key = projector.cache_key("w", "test", len(latents), "tsne", 2)
    job = projector.Job(key, "tsne", 2, coords=np.ones((len(latents), 2), np.float32))
    projector.write(tmp_path / "shipped" / f"{key}.npz", job, half=True)
    found = projector.Projector(tmp_path / "cache").request(
        key, latents, "tsne", 2, shipped=tmp_path / "shipped"
    )
    assert found.source == "shipped" and found.ready and (found.coords == 1).all()


def test_a_damaged_cache_file_is_recomputed(latents, tmp_path):
    key = projector.cache_key("w", "test", len(latents), "pca", 3)
    (tmp_path / f"{key}.npz").write_bytes(b"not a zip")
    job = projector.Projector(tmp_path).request(key, latents, "pca", 3)
    assert job.source == "computed" and job.coords.shape == (len(latents), 3)


@pytest.mark.slow
def test_the_worker_computes_umap_and_tsne_off_the_thread(latents, tmp_path):
    service = projector.Projector(tmp_path).start()
    try:
        keys = {m: projector.cache_key("w", "test", len(latents), m, 2) for m in ("umap", "tsne")}
        umap_job = service.request(keys["umap"], latents, "umap", 2)
        assert service.request(keys["umap"], latents, "umap", 2) is umap_job  # one job, shared
        tsne_job = service.request(keys["tsne"], latents, "tsne", 2, params={"iterations": 50})
        assert not tsne_job.ready  # the call returned before the work was done
        for job in (service.wait(umap_job, 300), service.wait(tsne_job, 300)):
            assert job.state == "done", job.error
            assert job.coords.shape == (len(latents), 2)
            assert job.faithfulness["trustworthiness"] > 0.8
        assert tsne_job.total == 300 and tsne_job.done == 300
        assert isinstance(service.warm_seconds, float)
        bad = service.request("few", latents[:3], "umap", 2)
        assert service.wait(bad, 60).state == "error" and "at least 5 points" in bad.error
    finally:
        service.stop()
    cached = projector.Projector(tmp_path).request(keys["umap"], latents, "umap", 2)
    assert cached.source == "cache" and np.array_equal(cached.coords, umap_job.coords)


def test_tensorboard_export(digits_test, tmp_path):
    part = digits_test.take(50)
    files = export.tensorboard(
        tmp_path, torch.randn(50, 4), part.labels, part.class_names, part.floats()
    )
    assert {f.name for f in files} == {
        "tensors.tsv",
        "metadata.tsv",
        "sprite.png",
        "projector_config.pbtxt",
    }
    rows = (tmp_path / "tensors.tsv").read_text().splitlines()
    assert len(rows) == 50 and len(rows[0].split("\t")) == 4
    meta = (tmp_path / "metadata.tsv").read_text().splitlines()
    assert meta[0] == "label\tclass" and len(meta) == 51
    assert Image.open(tmp_path / "sprite.png").size == (8 * 8, 8 * 8)  # 50 images -> 8 x 8
    config = (tmp_path / "projector_config.pbtxt").read_text()
    assert 'image_path: "sprite.png"' in config and "single_image_dim: 8" in config


def test_coordinates_csv(digits_test, tmp_path):
    part = digits_test.take(5)
    coords = np.arange(15, dtype=np.float32).reshape(5, 3)
    path = export.coordinates_csv(tmp_path / "map.csv", coords, part.labels, part.class_names)
    rows = list(csv.reader(path.read_text().splitlines()))
    assert rows[0] == ["index", "label", "class", "x", "y", "z"] and len(rows) == 6
    assert float(rows[2][4]) == 4.0


def test_a_sprite_too_big_is_refused():
    with pytest.raises(GenvizError, match="export fewer"):
        export.sprite(torch.zeros(100_000, 1, 28, 28))
