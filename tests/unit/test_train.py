"""The training loop: reproducible, cancellable, and reporting progress."""

import threading

import pytest
import torch
from conftest import tiny

from genviz.errors import GenvizError
from genviz.train import _autocast, fit, pick_device


def test_same_seed_same_weights_on_cpu(digits):
    runs = []
    for _ in range(2):
        model = tiny("dae")
        result = fit(model, digits, epochs=2, batch_size=64, device="cpu", seed=3)
        runs.append((model.state_dict(), result.history))
    (a, ha), (b, hb) = runs
    assert all(torch.equal(a[k], b[k]) for k in a)
    assert [h["loss"] for h in ha] == [h["loss"] for h in hb]
    other = tiny("dae")
    fit(other, digits, epochs=2, batch_size=64, device="cpu", seed=4)
    assert not all(torch.equal(a[k], other.state_dict()[k]) for k in a)


def test_auto_precision_keeps_a_vqvae_in_float32(digits):
    runs = {}
    for precision in ("auto", "fp32", "bf16"):
        model = tiny("vqvae")
        fit(model, digits.take(256), epochs=1, batch_size=64, device="cpu", precision=precision)
        runs[precision] = torch.cat([p.detach().flatten() for p in model.parameters()])
    assert torch.equal(runs["auto"], runs["fp32"])
    assert not torch.equal(runs["auto"], runs["bf16"])  # bf16 really was asked for


def test_auto_precision_is_bf16_only_where_it_pays():
    cpu = torch.device("cpu")
    auto = _autocast(cpu, "auto")
    assert isinstance(auto, torch.autocast) == torch.cpu._is_amx_tile_supported()
    assert isinstance(_autocast(cpu, "bf16"), torch.autocast)
    assert not isinstance(_autocast(cpu, "fp32"), torch.autocast)


def test_progress_events_count_steps_and_epochs(digits):
    events = []
    fit(
        tiny("ae"),
        digits,
        epochs=2,
        batch_size=500,
        device="cpu",
        val=digits.take(100),
        on_progress=events.append,
    )
    steps = [e for e in events if e.kind == "step"]
    epochs = [e for e in events if e.kind == "epoch"]
    assert len(steps) == 2 * 3 and [e.step for e in steps[:3]] == [1, 2, 3]
    assert steps[0].steps_per_epoch == 3 and steps[-1].eta_s == 0
    assert all(e.samples_per_s > 0 and e.eta_s >= 0 for e in steps)
    assert "mse" in steps[0].logs  # losses read back on the first step of each epoch
    assert [e.epoch for e in epochs] == [1, 2]
    assert {"loss", "mse", "val_loss", "seconds", "samples_per_s"} <= set(epochs[-1].logs)


def test_cancel_stops_after_the_current_step_and_keeps_finished_epochs(digits):
    cancel = threading.Event()

    def stop_in_second_epoch(event):
        if event.epoch == 2 and event.step == 1:
            cancel.set()

    result = fit(
        tiny("vae"),
        digits,
        epochs=5,
        batch_size=64,
        device="cpu",
        on_progress=stop_in_second_epoch,
        cancel=cancel,
    )
    assert result.cancelled and len(result.history) == 1


def test_a_last_batch_of_one_is_folded_away(digits):
    events = []
    fit(
        tiny("gan"),
        digits.take(129),
        epochs=1,
        batch_size=64,
        device="cpu",
        on_progress=events.append,
    )  # 129 = 64 + 64 + 1: batch norm cannot take one image
    assert events[-1].logs["samples_per_s"] > 0
    assert max(e.step for e in events) == 2


def test_device_and_precision_choices():
    assert pick_device("cpu").type == "cpu"
    assert pick_device("auto").type in ("cpu", "cuda", "mps")
    with pytest.raises(GenvizError, match="unknown device 'tpu'"):
        pick_device("tpu")
    if not torch.cuda.is_available():
        with pytest.raises(GenvizError, match="no CUDA GPU"):
            pick_device("cuda")


def test_bad_settings_are_sentences(digits):
    with pytest.raises(GenvizError, match="at least 1"):
        fit(tiny("ae"), digits, epochs=0)
    with pytest.raises(GenvizError, match="unknown precision 'fp8'"):
        fit(tiny("ae"), digits, epochs=1, device="cpu", precision="fp8")


@pytest.mark.skipif(not torch.cuda.is_available(), reason="needs a CUDA GPU")
def test_trains_on_cuda_in_bf16(digits):
    model = tiny("vae")
    result = fit(model, digits, epochs=2, batch_size=64, device="cuda")
    assert (
        result.device.startswith("cuda") and result.history[-1]["loss"] < result.history[0]["loss"]
    )


def test_a_run_whose_loss_becomes_nan_stops_with_a_sentence(digits):
    model = tiny("ae")
    real_loss = model.loss

    def poisoned(x, y=None):
        loss, logs = real_loss(x, y)
        return loss * float("nan"), logs

    model.loss = poisoned
    with pytest.raises(GenvizError, match="diverged in epoch 1 .*lower the learning rate"):
        fit(model, digits.take(256), epochs=2, batch_size=64, device="cpu")


def test_a_run_whose_held_out_loss_becomes_nan_is_not_saved(digits, tmp_path, monkeypatch):
    """Training stays finite, but the held-out loss does not (as a VAE at lr 10 did): the
    run stops with the sentence and writes no checkpoint."""
    from genviz.models.ae import AE
    from genviz.workflow import Settings, train_and_save

    real_loss = AE.loss

    def held_out_nan(self, x, y=None):
        loss, logs = real_loss(self, x, y)
        return (loss, logs) if self.training else (loss * float("nan"), logs)

    monkeypatch.setattr(AE, "loss", held_out_nan)
    with pytest.raises(GenvizError, match="diverged in epoch 1 .*val_loss"):
        train_and_save("ae", "digits", {"hidden": (16,)}, Settings(epochs=2), tmp_path / "x")
    assert not list(tmp_path.iterdir())
