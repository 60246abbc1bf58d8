"""The one training loop: batches are sliced from a uint8 tensor kept on the device, the
model's `training_step` does the work, and hooks report progress (a CLI bar, an app) and add
measurements to each epoch's row of the history (genviz.analysis.inside.epoch_report)."""

from __future__ import annotations

import contextlib
import math
import random
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Protocol

import numpy as np
import torch

from genviz import distributed
from genviz.data import Split
from genviz.errors import GenvizError
from genviz.models import GenModel


class Cancel(Protocol):
    def is_set(self) -> bool: ...


@dataclass
class ProgressEvent:
    """What a progress callback receives, after every step and once more at each epoch's end."""

    kind: str  # "step" or "epoch"
    epoch: int  # 1-based
    epochs: int
    step: int  # steps done in this epoch
    steps_per_epoch: int
    samples_per_s: float
    eta_s: float  # seconds left for the whole run, from the speed so far
    logs: dict[str, float] = field(default_factory=dict)  # running means (epoch: final means)


@dataclass
class FitResult:
    history: list[dict[str, float]]  # one row per finished epoch
    cancelled: bool
    seconds: float
    device: str


def pick_device(device: str = "auto") -> torch.device:
    """'auto' picks CUDA, then Apple MPS, then the CPU."""
    if device == "auto":
        if torch.cuda.is_available():
            return torch.device("cuda")
        if getattr(torch.backends, "mps", None) and torch.backends.mps.is_available():
            return torch.device("mps")
        return torch.device("cpu")
    if device == "cuda" and not torch.cuda.is_available():
        raise GenvizError(
            "--device cuda was asked for but no CUDA GPU is visible; use auto or cpu."
        )
    if device not in ("cpu", "cuda", "mps"):
        raise GenvizError(f"unknown device '{device}'; choose auto, cpu, cuda or mps.")
    return torch.device(device)


def _autocast(dev: torch.device, precision: str):
    if precision not in ("auto", "bf16", "fp32"):
        raise GenvizError(f"unknown precision '{precision}'; choose auto, bf16 or fp32.")
    if precision == "auto":
        native = dev.type == "cuda" or (dev.type == "cpu" and _cpu_has_bf16())
        precision = "bf16" if native else "fp32"
    if precision == "fp32" or dev.type not in ("cpu", "cuda"):
        return contextlib.nullcontext()
    return torch.autocast(dev.type, dtype=torch.bfloat16)


def _cpu_has_bf16() -> bool:
    # only AMX's tile units make bf16 pay on a CPU: with AVX512-BF16 alone, autocast's casts
    # cost more than the products save (the MLP VAE's epoch on one Xeon thread: 3.3 s in bf16,
    # 2.0 s in float32)
    return getattr(torch.cpu, "_is_amx_tile_supported", lambda: False)()


def seed_everything(seed: int) -> None:
    random.seed(seed)
    np.random.seed(seed % 2**32)
    torch.manual_seed(seed)


def fit(
    model: GenModel,
    data: Split,
    *,
    epochs: int = 10,
    batch_size: int = 128,
    lr: float | None = None,
    device: str = "auto",
    seed: int = 0,
    val: Split | None = None,
    on_progress: Callable[[ProgressEvent], None] | None = None,
    report: Callable[[GenModel, Split], dict] | None = None,
    cancel: Cancel | None = None,
    log_every: int = 25,
    precision: str = "auto",
    weight_decay: float = 0.0,
) -> FitResult:
    """Train `model` in place on `data` and return the per-epoch history.

    `precision` "auto" trains in bf16 autocast on CUDA and on CPUs with AMX tile units,
    else in float32, and always in float32 for a model with `bf16_ok` False; "bf16" or
    "fp32" force one. On the CPU a run is reproducible from `seed` at the same thread count.
    Losses stay on the device as tensors and are read back every `log_every` steps and at
    each epoch's end, so a GPU never waits for the host.
    After each epoch the loss terms on `val` join the epoch's row, and so does what
    `report(model, val)` returns (the model's insides; the model is in eval mode then).
    `cancel` (a threading.Event, say) stops after the step in progress; the history then
    holds the finished epochs only. Inside a torchrun group (genviz.distributed) each rank
    trains on its shard of every batch with the gradients averaged over the ranks, and only
    rank 0 reports progress and evaluates `val`; every rank returns the global history.
    """
    if epochs < 1 or batch_size < 1:
        raise GenvizError("epochs and batch size must each be at least 1.")
    dev = pick_device(device)
    ranks, me = distributed.world(), distributed.rank()
    n = len(data)
    if n < 2 * ranks:
        raise GenvizError(f"{ranks} ranks need at least {2 * ranks} training images.")
    if me != 0:
        on_progress, val = None, None
    seed_everything(seed)
    model.to(dev).train()
    distributed.same_start(model)
    images, labels = data.images.to(dev), data.labels.to(dev)
    optimizers = model.configure_optimizers(lr, weight_decay)
    if precision == "auto" and not model.bf16_ok:
        precision = "fp32"
    autocast = _autocast(dev, precision)
    # the optimizers live for this call only, and so do the hooks that average their gradients
    averaging = distributed.GradientAverage(optimizers) if ranks > 1 else None
    # a last batch too small to shard (for one process: of one image) would break batch
    # norm; fold it into the one before
    small = 0 < n % batch_size < 2 * ranks
    steps = max(1, n // batch_size if small else math.ceil(n / batch_size))
    gen = torch.Generator().manual_seed(seed)
    history: list[dict[str, float]] = []
    start = time.perf_counter()
    done_samples = 0
    for epoch in range(1, epochs + 1):
        epoch_start = time.perf_counter()
        perm = torch.randperm(n, generator=gen).to(dev)
        sums: dict[str, torch.Tensor] = {}
        seen = 0
        logs: dict[str, float] = {}
        for step in range(steps):
            if cancel is not None and cancel.is_set():
                return FitResult(history, True, time.perf_counter() - start, str(dev))
            idx = perm[step * batch_size : (step + 1) * batch_size if step < steps - 1 else n]
            whole = len(idx)
            if averaging is not None:  # this rank's shard of the global batch
                idx = idx.tensor_split(ranks)[me]
                averaging.share = len(idx) / whole
            x = images.index_select(0, idx).float().div_(255)  # uint8 -> float in [0, 1]
            out = model.training_step(x, labels.index_select(0, idx), optimizers, autocast)
            b = len(idx)
            for k, v in out.items():  # weighted by batch size: epoch means are per sample
                sums[k] = sums[k] + v.float() * b if k in sums else v.float() * b
            seen += b
            done_samples += whole
            if on_progress is not None:
                if step % log_every == 0 or step == steps - 1:
                    logs = {k: v.item() / seen for k, v in sums.items()}
                elapsed = time.perf_counter() - start
                speed = done_samples / max(elapsed, 1e-9)
                left = epochs * n - done_samples
                on_progress(
                    ProgressEvent("step", epoch, epochs, step + 1, steps, speed, left / speed, logs)
                )
        if ranks > 1:  # the epoch's sums over every rank's shards; rank 0's batch norm
            names = sorted(sums)
            total = torch.stack([*(sums[k] for k in names), torch.tensor(float(seen), device=dev)])
            distributed.all_sum(total)
            sums, seen = dict(zip(names, total[:-1])), int(total[-1].round())
            distributed.same_buffers(model)
        row = {"epoch": epoch, **{k: v.item() / seen for k, v in sums.items()}}
        _finite(row, epoch)
        row["seconds"] = time.perf_counter() - epoch_start
        row["samples_per_s"] = seen / row["seconds"]
        if val is not None:
            held_out = evaluate_loss(model, val, batch_size=max(batch_size, 512))
            _finite(held_out, epoch)  # a model that diverges on held-out images is not saved
            row.update(held_out)
            if report is not None:
                row.update(report(model.eval(), val))
            model.train()
        history.append(row)
        if on_progress is not None:
            elapsed = time.perf_counter() - start
            eta = (epochs - epoch) * elapsed / epoch
            on_progress(
                ProgressEvent("epoch", epoch, epochs, steps, steps, row["samples_per_s"], eta, row)
            )
    return FitResult(history, False, time.perf_counter() - start, str(dev))


def _finite(losses: dict[str, float], epoch: int) -> None:
    """Stop a run whose loss terms (training or held-out) are not finite numbers."""
    bad = ", ".join(k for k, v in losses.items() if not math.isfinite(v))
    if bad:
        raise GenvizError(
            f"training diverged in epoch {epoch} ({bad} became infinite or not a number); "
            "nothing was saved: lower the learning rate and try again.",
            "diverged",
            epoch=epoch,
        )


@torch.no_grad()
def evaluate_loss(model: GenModel, data: Split, batch_size: int = 512) -> dict[str, float]:
    """The model's loss terms on a held-out split, per sample, as 'val_<name>' (adversarial
    models have no such loss and give {})."""
    if type(model).loss is GenModel.loss:
        return {}
    model.eval()
    dev = model.device
    sums: dict[str, float] = {}
    with torch.random.fork_rng(devices=[dev] if dev.type == "cuda" else []):
        torch.manual_seed(0)  # the noise inside a loss is the same at every epoch
        for start in range(0, len(data), batch_size):
            part = data.take(slice(start, start + batch_size))
            loss, logs = model.loss(part.floats().to(dev), part.labels.to(dev))
            for k, v in {"loss": loss, **logs}.items():
                sums[k] = sums.get(k, 0.0) + float(v) * len(part)
    return {f"val_{k}": v / len(data) for k, v in sums.items()}
