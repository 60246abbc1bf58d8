"""The app's picture service: cache keys, the disk cache, the worker process (its deadline,
its restart, its pipes), one-call pictures, and export."""

import csv
import dataclasses

import numpy as np
import pytest
import torch
from PIL import Image

from genviz import paths, store
from genviz.analysis import export, projection
from genviz.errors import GenvizError
from genviz.serve import pictures


@pytest.fixture(scope="module")
def latents(digits_test):
    return digits_test.floats().flatten(1).numpy()


def test_cache_key_names_everything_a_picture_depends_on():
    key = pictures.key("abc", "test", 360, "umap", 2)
    assert key == pictures.key("abc", "test", 360, "umap", 2, 0, {"n_neighbors": 15})
    others = [
        pictures.key("abd", "test", 360, "umap", 2),  # the checkpoint changed
        pictures.key("abc", "train", 360, "umap", 2),
        pictures.key("abc", "test", 100, "umap", 2),
        pictures.key("abc", "test", 360, "tsne", 2),
        pictures.key("abc", "test", 360, "umap", 3),
        pictures.key("abc", "test", 360, "umap", 2, 1),
        pictures.key("abc", "test", 360, "umap", 2, 0, {"min_dist": 0.5}),
    ]
    assert len({key, *others}) == 8
    with pytest.raises(GenvizError, match="umap has no setting"):
        pictures.key("abc", "test", 360, "umap", 2, 0, {"perplexity": 3})


def test_changing_a_fixed_setting_renames_that_methods_pictures_only(monkeypatch):
    tsne, umap = (pictures.key("abc", "test", 360, m, 2) for m in ("tsne", "umap"))
    monkeypatch.setitem(
        projection.FIXED, "tsne", {**projection.FIXED["tsne"], "ints_in_interval": 1}
    )
    assert pictures.key("abc", "test", 360, "tsne", 2) != tsne
    assert pictures.key("abc", "test", 360, "umap", 2) == umap


def test_pca_is_immediate_and_a_cache_hit_survives_a_restart(latents, tmp_path):
    key = pictures.key("w", "test", len(latents), "pca", 2)
    first = pictures.Service(tmp_path).request(key, latents, "pca", 2)
    assert first.ready and first.source == "computed" and first.coords.shape == (len(latents), 2)
    assert 0 < first.faithfulness["trustworthiness"] <= 1
    restarted = pictures.Service(tmp_path)  # a new server process, the same disk
    again = restarted.request(key, np.zeros_like(latents), "pca", 2)  # latents unused on a hit
    assert again.source == "cache" and np.array_equal(again.coords, first.coords)
    assert again.faithfulness == first.faithfulness and restarted.worker.process is None


def ones(folder, key: str, method: str, n: int, half: bool = False) -> None:
    """A stored picture of n points all at (1, 1), in a folder of results."""
    job = pictures.Job(key, method, 2).finish(np.ones((n, 2), np.float32), {}, 0.0)
    store.write(folder / pictures.RESULT / f"{key}.npz", job.result(half=half))


def test_shipped_projections_come_first(latents, tmp_path):
    key = pictures.key("w", "test", len(latents), "tsne", 2)
    ones(tmp_path / "shipped", key, "tsne", len(latents), half=True)
    found = pictures.Service(tmp_path / "cache").request(
        key, latents, "tsne", 2, shipped=tmp_path / "shipped"
    )
    assert found.source == "shipped" and found.ready and (found.coords == 1).all()


def test_a_damaged_cache_file_is_recomputed(latents, tmp_path):
    key = pictures.key("w", "test", len(latents), "pca", 3)
    (tmp_path / pictures.RESULT).mkdir()
    (tmp_path / pictures.RESULT / f"{key}.npz").write_bytes(b"not a zip")
    job = pictures.Service(tmp_path).request(key, latents, "pca", 3)
    assert job.source == "computed" and job.coords.shape == (len(latents), 3)


@pytest.mark.slow
def test_the_worker_computes_umap_and_tsne_off_the_thread(latents, tmp_path):
    service = pictures.Service(tmp_path).start()
    try:
        keys = {m: pictures.key("w", "test", len(latents), m, 2) for m in ("umap", "tsne")}
        umap_job = service.request(keys["umap"], latents, "umap", 2)
        assert service.request(keys["umap"], latents, "umap", 2) is umap_job  # one job, shared
        tsne_job = service.request(keys["tsne"], latents, "tsne", 2, params={"iterations": 50})
        assert not tsne_job.ready  # the call returned before the work was done
        for job in (service.wait(umap_job, 300), service.wait(tsne_job, 300)):
            assert job.state == "done", job.error
            assert job.coords.shape == (len(latents), 2)
            assert job.faithfulness["trustworthiness"] > 0.8
        assert tsne_job.total == 300 and tsne_job.done == 300
        assert tsne_job.forming is not None and tsne_job.forming.shape == (len(latents), 2)
        assert isinstance(service.warm_seconds, float)
        bad = service.request("few", latents[:3], "umap", 2)
        assert service.wait(bad, 60).state == "error" and "at least 5 points" in bad.error
    finally:
        service.stop()
    cached = pictures.Service(tmp_path).request(keys["umap"], latents, "umap", 2)
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


class FakeCheckpoint:
    def __init__(self, path, sha="w"):
        self.path, self.sha = path, sha


def test_one_call_gives_the_latent_itself_a_shipped_picture_or_pca_meanwhile(latents, tmp_path):
    service = pictures.Service(tmp_path / "cache")
    ckpt = FakeCheckpoint(tmp_path / "model")
    two = pictures.picture(service, ckpt, latents[:, :2], "test", "latent", 2)
    assert two.method == two.source == "latent" and two.faithfulness is None
    with pytest.raises(GenvizError, match="has 64 numbers, not 2"):
        pictures.picture(service, ckpt, latents, "test", "latent", 2)
    key = pictures.key("w", "test", len(latents), "umap", 2)
    ones(paths.views(ckpt.path.parent), key, "umap", len(latents))
    shipped = pictures.picture(service, ckpt, latents, "test", "umap", 2)
    assert shipped.source == "shipped" and not shipped.pending and (shipped.coords == 1).all()
    service.start = lambda: service  # no worker process: the job stays queued
    service.worker.send = lambda message: True
    waiting = pictures.picture(service, ckpt, latents, "test", "tsne", 2)
    assert waiting.method == "pca" and waiting.asked == "tsne" and waiting.pending
    assert waiting.coords.shape == (len(latents), 2)


def test_two_sessions_asking_at_once_both_get_a_finished_pca(latents, tmp_path):
    """Under load a second request got the first one's unfinished job (coords None)."""
    import threading

    service = pictures.Service(tmp_path)
    key = pictures.key("race", "test", len(latents), "pca", 2)
    found, start = [], threading.Barrier(8)

    def ask():
        start.wait()
        found.append(service.request(key, latents, "pca", 2))

    threads = [threading.Thread(target=ask) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(found) == 8 and all(j.ready and j.coords is not None for j in found)


def test_a_job_past_its_deadline_fails_and_the_next_request_retries(latents, tmp_path):
    service = pictures.Service(tmp_path)
    service.start = lambda: service  # no worker process: nothing ever answers
    service.worker.send = lambda message: True
    job = service.request("slow", latents, "umap", 2)
    assert job.state == "queued"
    job.started -= pictures.DEADLINE_S + 1
    again = service.request("slow", latents, "umap", 2)
    assert job.state == "error" and "took longer than" in job.error
    assert again is not job and again.state == "queued"  # a fresh try


def test_finished_jobs_held_in_memory_are_bounded(latents, tmp_path):
    service = pictures.Service(tmp_path)
    for i in range(pictures.KEPT_JOBS + 20):
        service.request(f"k{i}", latents[:50], "pca", 2)
    assert len(service.jobs) <= pictures.KEPT_JOBS


def test_a_service_started_again_after_stop_watches_its_worker_again(tmp_path, monkeypatch):
    monkeypatch.setenv("GENVIZ_WARM_UP", "0")
    service = pictures.Service(tmp_path).start()
    try:
        first = service._watchdog
        service.stop()
        first.join(10)  # the watchdog ends with the service
        assert not first.is_alive()
        service.start()
        assert service._watchdog is not first and service._watchdog.is_alive()
    finally:
        service.stop()


@pytest.mark.slow
def test_a_killed_worker_fails_its_jobs_and_is_restarted(latents, tmp_path, monkeypatch):
    monkeypatch.setenv("GENVIZ_WARM_UP", "0")  # not what this test is about
    service = pictures.Service(tmp_path).start()
    try:
        first = service.worker.process
        job = service.request("killed", latents, "tsne", 2, params={"iterations": 2000})
        first.kill()
        assert service.wait(job, 60).state == "error" and "worker stopped" in job.error
        retry = service.request("killed", latents, "tsne", 2, params={"iterations": 50})
        assert service.wait(retry, 300).state == "done", retry.error
        assert service.worker.process is not first and service.worker.starts == 2
    finally:
        service.stop()


@pytest.mark.slow
def test_a_paused_worker_is_replaced_and_its_jobs_say_why(latents, tmp_path, monkeypatch):
    """A SIGSTOPped worker once left t-SNE at "0 of 0 steps" for 15 minutes, and the retry
    went to the same paused worker: its missing heartbeat gives it away now."""
    import os
    import signal

    monkeypatch.setenv("GENVIZ_WARM_UP", "0")
    monkeypatch.setattr(pictures, "STALL_S", 3.0)
    service = pictures.Service(tmp_path).start()
    try:
        first = service.worker.process
        job = service.request("paused", latents, "tsne", 2, params={"iterations": 2000})
        os.kill(first.pid, signal.SIGSTOP)
        assert service.wait(job, 30).state == "error" and job.error_key == "picture_stalled"
        assert "stopped answering" in job.error and first.wait(10) is not None  # killed
        retry = service.request("paused", latents, "tsne", 2, params={"iterations": 50})
        assert service.wait(retry, 300).state == "done", retry.error
        assert service.worker.process is not first
    finally:
        service.stop()


@pytest.mark.slow
@pytest.mark.skipif(not __import__("os").path.isdir("/proc/self/fd"), reason="needs /proc")
def test_the_worker_listens_on_no_port(tmp_path, monkeypatch):
    """It talks to the server over inherited pipes only: nobody else can connect to it."""
    import os
    import time

    monkeypatch.setenv("GENVIZ_WARM_UP", "0")
    service = pictures.Service(tmp_path).start()
    try:
        pid = service.worker.process.pid
        time.sleep(1)
        links = [os.readlink(f"/proc/{pid}/fd/{fd}") for fd in os.listdir(f"/proc/{pid}/fd")]
        assert not [link for link in links if link.startswith("socket:")], links
        assert sum(link.startswith("pipe:") for link in links) >= 2
    finally:
        service.stop()


def test_a_shipped_picture_of_other_data_is_never_drawn(digits_test, tmp_path):
    """The views folder says which data its pictures were made of; the same dataset's name
    with its images in another order (another copy of it) gets no shipped picture."""
    service = pictures.Service(tmp_path / "cache")
    ckpt = FakeCheckpoint(tmp_path / "model")
    views = paths.views(ckpt.path.parent)
    latents = digits_test.floats().flatten(1).numpy()
    ones(views, pictures.key("w", "test", len(latents), "umap", 2), "umap", len(latents))
    store.record(views, (digits_test,))
    same = pictures.picture(service, ckpt, latents, "test", "umap", 2, data=(digits_test,))
    assert same.source == "shipped"
    order = torch.randperm(len(digits_test), generator=torch.Generator().manual_seed(0))
    shuffled = dataclasses.replace(
        digits_test, images=digits_test.images[order], labels=digits_test.labels[order]
    )
    assert shuffled.fingerprint != digits_test.fingerprint
    service.start = lambda: service  # no worker: what is not shipped stays queued
    service.worker.send = lambda message: True
    other = pictures.picture(
        service, ckpt, latents[order.numpy()], "test", "umap", 2, data=(shuffled,)
    )
    assert other.source != "shipped" and other.pending  # computed afresh, not the shipped one


def test_a_shipped_result_of_other_data_is_computed_again(digits_test, tmp_path, monkeypatch):
    monkeypatch.setenv("GENVIZ_CACHE", str(tmp_path / "cache"))
    views = tmp_path / "views"
    with store.precomputing(views):
        store.fetch("r", "k", lambda: {"x": np.zeros(1)}, data=(digits_test.take(5),))
    assert store.made_of(views, (digits_test,))  # a part's data: its whole split
    calls = []

    def compute():
        calls.append(1)
        return {"x": np.ones(1)}

    found = store.fetch("r", "k", compute, views, data=(digits_test,))
    assert found["x"][0] == 0 and not calls  # shipped, made of this data
    flipped = dataclasses.replace(digits_test, labels=digits_test.labels.flip(0))
    found = store.fetch("r", "k", compute, views, data=(flipped,))
    assert found["x"][0] == 1 and calls == [1]  # other labels: computed, and cached apart
    assert store.fetch("r", "k", compute, views, data=(flipped,))["x"][0] == 1 and calls == [1]
    assert store.fetch("r", "k", compute, views, data=(digits_test,))["x"][0] == 0


PARENT = """
import sys, time
import numpy as np
from genviz.serve import pictures
service = pictures.Service(sys.argv[1]).start()
latents = np.random.default_rng(0).random((2000, 8), dtype=np.float32)
service.request("long", latents, "tsne", 2, params={"iterations": 5000})
print(service.worker.process.pid, flush=True)
time.sleep(600)
"""


def running(pid: int) -> bool:
    """Whether a process is alive (not gone, not a zombie waiting to be reaped)."""
    try:
        with open(f"/proc/{pid}/stat") as f:
            return f.read().rsplit(")", 1)[1].split()[0] != "Z"
    except FileNotFoundError:
        return False


@pytest.mark.slow
@pytest.mark.skipif(not __import__("os").path.isdir("/proc/self"), reason="needs /proc")
def test_a_worker_whose_server_is_killed_leaves_at_once(tmp_path):
    """A killed server's picture worker went on with its job (a warm-up, a projection) for
    minutes, for nobody, taking a core from the next server."""
    import signal
    import subprocess
    import sys
    import time

    parent = subprocess.Popen([sys.executable, "-c", PARENT, str(tmp_path)],
                              stdout=subprocess.PIPE, text=True)  # fmt: skip
    try:
        worker = int(parent.stdout.readline())
        time.sleep(2)  # warming up or projecting now
        assert running(worker)
        parent.send_signal(signal.SIGKILL)
        parent.wait(10)
        deadline = time.monotonic() + 10
        while running(worker) and time.monotonic() < deadline:
            time.sleep(0.2)
        assert not running(worker), "the worker outlived its server"
    finally:
        parent.kill()
