"""The app's small helpers: durations people read, charts that show one point, the server's
classroom settings."""

import tomllib

import numpy as np
from conftest import ROOT

import ui
from ui.forms import duration


def test_durations_read_as_hours_minutes_and_seconds():
    assert duration(8624) == "2 h 23 min"  # not "8624 s left"
    assert duration(200) == "3 min 20 s" and duration(42.4) == "42 s" and duration(-3) == "0 s"


def test_a_chart_of_one_epoch_shows_its_point_and_counts_epochs_from_one():
    fig = ui.lines([{"epoch": 1, "loss": 0.5, "val_loss": 0.6}], "epoch", {"loss": "train"})
    assert "markers" in fig.data[0].mode and list(fig.data[0].x) == [1]


def test_outline_frames_a_cell_in_red():
    framed = ui.images.outline(np.zeros((20, 20), np.uint8), (5, 5, 15, 15))
    assert framed.shape == (20, 20, 3) and tuple(framed[5, 10]) == (230, 30, 30)
    assert tuple(framed[10, 10]) == (0, 0, 0)  # the inside is untouched


def test_the_server_config_suits_a_classroom():
    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text())
    assert config["server"]["maxUploadSize"] == 5  # the app's own limit, not 200 MB
    assert config["server"]["enableXsrfProtection"] is True
    assert config["server"]["fileWatcherType"] == "none"
    assert config["client"]["showErrorDetails"] == "none"
    assert config["browser"]["gatherUsageStats"] is False


def test_messages_name_the_servers_folders_as_genvizs_own(monkeypatch, tmp_path):
    from genviz import paths
    from genviz.errors import CheckpointError, DatasetMissing
    from ui.text import say

    monkeypatch.setenv("GENVIZ_USER_DIR", str(tmp_path / "users"))
    monkeypatch.setenv("GENVIZ_DATA", str(tmp_path / "shared"))
    damaged = CheckpointError(f"{paths.user_checkpoints() / 'mnist' / 'x'}.json is damaged")
    assert say(damaged).endswith(": checkpoints/user/mnist/x.json is damaged")
    missing = DatasetMissing(f"copy them into {paths.data_root() / 'MNIST' / 'raw'}")
    assert "into data/MNIST/raw" in say(missing) and str(tmp_path) not in say(missing)
    assert str(ROOT) not in say(CheckpointError(f"{ROOT / 'checkpoints' / 'mnist'} is odd"))


def test_a_run_started_beside_another_takes_one_thread_and_a_run_alone_keeps_them():
    import threading

    import torch

    before = torch.get_num_threads()
    torch.set_num_threads(2)
    try:
        seen, second_in, first_may_end = {}, threading.Event(), threading.Event()

        def first():
            with ui.classroom.one_of_many():
                seen["alone"] = torch.get_num_threads()
                second_in.wait(10)
                first_may_end.wait(10)

        def second():
            with ui.classroom.one_of_many():
                seen["beside another"] = torch.get_num_threads()
                second_in.set()
                first_may_end.set()

        def later():
            with ui.classroom.one_of_many():
                seen["alone again"] = torch.get_num_threads()

        one = threading.Thread(target=first)
        one.start()
        while "alone" not in seen:
            threading.Event().wait(0.01)
        for run in (second, later):
            thread = threading.Thread(target=run)
            thread.start()
            thread.join(10)
            one.join(10)
        assert seen == {"alone": 2, "beside another": 1, "alone again": 2}
    finally:
        torch.set_num_threads(before)
