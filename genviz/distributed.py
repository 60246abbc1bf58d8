"""Data-parallel training on torch.distributed, started by torchrun.

`torchrun --nproc_per_node=N -m genviz train ...` starts N copies of the command; each finds
its rank in the environment torchrun sets (RANK, WORLD_SIZE, LOCAL_RANK, MASTER_ADDR...),
and `session()` joins them into one process group: gloo on the CPU, NCCL on CUDA GPUs.

What `train.fit` does with a group of N ranks:
- every rank holds the whole split on its device and draws the same permutation each epoch;
  each global batch of B images is cut into N shards and rank r trains on shard r;
- before every optimizer step the gradients of that optimizer's parameters are summed over
  the ranks in one flat all-reduce, each weighted by its shard's share of the batch, so every
  rank takes the step a single process would take on the whole batch (the averaging that
  DistributedDataParallel does in its backward hooks; genviz's models step their own
  optimizers, a GAN two of them, so the averaging sits on the optimizers instead);
- the VQ-VAE's codebook statistics are summed over the ranks (`all_sum`) and dead codes are
  re-seeded from rank 0's outputs (`from_first`), so every rank keeps the same codebook;
- buffers (batch-norm statistics) are copied from rank 0 at the end of each epoch, as
  DistributedDataParallel copies them before each forward;
- only rank 0 logs, reports progress and writes the checkpoint.

Outside a group (a plain `python -m genviz train`) every function here is a no-op.
"""

from __future__ import annotations

import contextlib
import datetime
import os
from collections.abc import Iterator

import torch
import torch.distributed as dist
from torch import nn

from genviz.errors import GenvizError


def world() -> int:
    """How many ranks train together (1 outside a group)."""
    return dist.get_world_size() if _active() else 1


def rank() -> int:
    return dist.get_rank() if _active() else 0


def is_main() -> bool:
    """True on the rank that logs and saves (and outside a group)."""
    return rank() == 0


def launched() -> bool:
    """True when torchrun (or another launcher) started this process as one of several."""
    return int(os.environ.get("WORLD_SIZE", "1")) > 1


def launched_rank() -> int:
    """This process's rank as the launcher set it, before any group is joined (0 outside)."""
    return int(os.environ.get("RANK", "0"))


def _active() -> bool:
    return dist.is_available() and dist.is_initialized() and dist.get_world_size() > 1


def local_device() -> torch.device | None:
    """The CUDA device of this rank on its machine (LOCAL_RANK), or None off CUDA."""
    if _active() and dist.get_backend() == "nccl":
        return torch.device("cuda", int(os.environ.get("LOCAL_RANK", "0")))
    return None


@contextlib.contextmanager
def session(device: str = "auto", timeout_s: float = 1800) -> Iterator[None]:
    """Join the process group that torchrun described in the environment, for the length of
    the block; outside torchrun, do nothing. CUDA ranks use NCCL, CPU ranks gloo."""
    if not launched() or _active():
        yield
        return
    if not dist.is_available():
        raise GenvizError("this PyTorch build has no torch.distributed; train in one process.")
    cuda = device in ("auto", "cuda") and torch.cuda.is_available()
    if device == "cuda" and not cuda:
        raise GenvizError("--device cuda was asked for but no CUDA GPU is visible; use cpu.")
    if cuda:
        torch.cuda.set_device(int(os.environ.get("LOCAL_RANK", "0")))
    dist.init_process_group(
        "nccl" if cuda else "gloo", timeout=datetime.timedelta(seconds=timeout_s)
    )
    try:
        yield
        dist.barrier()  # leave together: a gloo rank that leaves first can abort at exit
    finally:
        dist.destroy_process_group()


def all_sum(*tensors: torch.Tensor) -> None:
    """Sum each tensor over the ranks, in place."""
    if _active():
        for t in tensors:
            dist.all_reduce(t)


def from_first(*tensors: torch.Tensor) -> None:
    """Overwrite each tensor with rank 0's copy, in place."""
    if _active():
        for t in tensors:
            dist.broadcast(t, 0)


def same_start(model: nn.Module) -> None:
    """Give every rank rank 0's parameters and buffers (they start from one seed anyway)."""
    if _active():
        from_first(*(t.data for t in model.state_dict().values()))


def same_buffers(model: nn.Module) -> None:
    """Copy rank 0's buffers (batch-norm running statistics) to every rank."""
    if _active():
        from_first(*(b.data for b in model.buffers()))


class GradientAverage:
    """Hooks on a model's optimizers that sum the ranks' gradients before each step, each
    rank's weighted by `share` (its shard's fraction of the global batch; set per step).
    The hooks live as long as the optimizers."""

    def __init__(self, optimizers: list[torch.optim.Optimizer]):
        self.share = 1.0
        for o in optimizers:
            o.register_step_pre_hook(self._reduce)

    def _reduce(self, optimizer, args, kwargs) -> None:
        grads = [p.grad for g in optimizer.param_groups for p in g["params"] if p.grad is not None]
        if not grads:
            return
        flat = torch.cat([g.reshape(-1).float() for g in grads]).mul_(self.share)
        dist.all_reduce(flat)
        offset = 0
        for g in grads:
            g.copy_(flat[offset : offset + g.numel()].view_as(g))
            offset += g.numel()
