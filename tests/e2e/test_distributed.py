"""Training on torch.distributed: two CPU ranks under torchrun with gloo, as a user would
start them, against one process with the same seed and total batch."""

import json
import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest
import torch
import torch.distributed as dist
from safetensors.torch import load_file

from genviz import checkpoint

HERE = Path(__file__).parent
ROOT = HERE.parents[1]
# the same losses up to the order of float sums: the gradients are summed over two shards
TOLERANCE = 1e-4

pytestmark = pytest.mark.skipif(not dist.is_available(), reason="no torch.distributed")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def torchrun(ranks: int, *args: str) -> subprocess.CompletedProcess:
    command = [
        sys.executable, "-m", "torch.distributed.run", f"--nproc_per_node={ranks}",
        "--master_addr=127.0.0.1", f"--master_port={free_port()}", *args,
    ]  # fmt: skip
    env = {
        **os.environ,
        "OMP_NUM_THREADS": "1",
        "GLOO_SOCKET_IFNAME": "lo",
        "PYTHONPATH": str(ROOT),
    }
    done = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-4000:]
    return done


@pytest.fixture(scope="module")
def runs(tmp_path_factory):
    out = tmp_path_factory.mktemp("ranks")
    kinds = ("ae", "vqvae", "gan")
    torchrun(2, str(HERE / "ddp_worker.py"), str(out), *kinds)
    torchrun(1, str(HERE / "ddp_worker.py"), str(out), "ae")
    return out


def weights(out: Path, tag: str) -> dict[str, torch.Tensor]:
    return load_file(out / f"{tag}.safetensors")


@pytest.mark.parametrize("kind", ["ae", "vqvae", "gan"])
def test_both_ranks_end_with_the_same_weights_and_buffers(runs, kind):
    first, second = weights(runs, f"{kind}-0-of-2"), weights(runs, f"{kind}-1-of-2")
    assert first.keys() == second.keys()
    for name in first:
        assert torch.equal(first[name], second[name]), name
    history = json.loads((runs / f"{kind}-0-of-2.json").read_text())
    assert len(history) == 3
    other = json.loads((runs / f"{kind}-1-of-2.json").read_text())
    assert [row["loss"] for row in history] == [row["loss"] for row in other]


def test_two_ranks_follow_one_process_loss_curve(runs):
    two = json.loads((runs / "ae-0-of-2.json").read_text())
    one = json.loads((runs / "ae-0-of-1.json").read_text())
    assert two[-1]["loss"] < two[0]["loss"] * 0.95  # it trains
    for a, b in zip(two, one):
        assert abs(a["loss"] - b["loss"]) <= TOLERANCE * b["loss"], (a["loss"], b["loss"])
    end_two, end_one = weights(runs, "ae-0-of-2"), weights(runs, "ae-0-of-1")
    for name in end_one:
        assert torch.allclose(end_two[name], end_one[name], atol=1e-4), name


def test_torchrun_trains_a_checkpoint_that_loads_like_any_other(tmp_path):
    done = torchrun(
        2, "-m", "genviz", "train", "vae", "--dataset", "digits", "--epochs", "2",
        "--hidden", "32", "--latent-dim", "2", "--out", str(tmp_path), "--name", "pair",
        "--device", "cpu", "--quiet",
    )  # fmt: skip
    assert done.stdout.count("saved ") == 1, done.stdout  # rank 0 alone reports and writes
    assert "x 2 ranks" in done.stdout
    ckpt = checkpoint.load(tmp_path / "pair")
    assert ckpt.meta["train"]["ranks"] == 2
    assert len(ckpt.meta["history"]) == 2
    written = sorted(p.name for p in tmp_path.iterdir())  # once, and no temporary files left
    assert written == ["pair.json", "pair.replay.safetensors", "pair.safetensors"]
