"""Training speed: one MNIST epoch of the MLP VAE 784-400-20 at batch 128, with genviz.fit and
with the loop a course student writes (torchvision MNIST + ToTensor + DataLoader, the
pytorch/examples VAE). Bar: genviz <= 1/4 of the reference (and < 0.25 s an epoch on a GPU).

    python -m genviz bench train [--device cpu] [--rounds 3] [--limit N] [--data DIR]
"""

from __future__ import annotations

import argparse
import os
import time

import torch
import torch.nn.functional as F
from torch import nn

from genviz import data
from genviz.errors import GenvizError
from genviz.models import build
from genviz.train import fit, pick_device

BATCH = 128


class ReferenceVAE(nn.Module):
    """The VAE of pytorch/examples (vae/main.py), as a course student writes it."""

    def __init__(self):
        super().__init__()
        self.fc1, self.fc21, self.fc22 = nn.Linear(784, 400), nn.Linear(400, 20), nn.Linear(400, 20)
        self.fc3, self.fc4 = nn.Linear(20, 400), nn.Linear(400, 784)

    def forward(self, x):
        h = F.relu(self.fc1(x.view(-1, 784)))
        mu, logvar = self.fc21(h), self.fc22(h)
        z = mu + torch.randn_like(mu) * torch.exp(0.5 * logvar)
        return torch.sigmoid(self.fc4(F.relu(self.fc3(z)))), mu, logvar


def reference_epoch(root, device: torch.device, limit: int | None = None) -> float:
    """Seconds for one epoch of the classic loop: torchvision MNIST, ToTensor, DataLoader."""
    from torchvision import datasets, transforms

    data.load_dataset("mnist", root=root)  # the same clear error as genviz when files are missing
    ds = datasets.MNIST(str(data.data_root(root)), train=True, transform=transforms.ToTensor())
    if limit is not None:
        ds = torch.utils.data.Subset(ds, range(limit))
    loader = torch.utils.data.DataLoader(ds, batch_size=BATCH, shuffle=True)
    model = ReferenceVAE().to(device)
    opt = torch.optim.Adam(model.parameters(), lr=1e-3)
    start = time.perf_counter()
    train_loss = 0.0
    for x, _ in loader:
        x = x.to(device)
        opt.zero_grad()
        recon, mu, logvar = model(x)
        bce = F.binary_cross_entropy(recon, x.view(-1, 784), reduction="sum")
        kld = -0.5 * torch.sum(1 + logvar - mu.pow(2) - logvar.exp())
        loss = bce + kld
        loss.backward()
        train_loss += loss.item()  # as pytorch/examples does, for its log line
        opt.step()
    _sync(device)
    return time.perf_counter() - start


def genviz_epochs(root, device: torch.device, epochs: int, limit: int | None = None) -> list[float]:
    """Seconds for each epoch of genviz's fit on the same model (784-400-20, batch 128)."""
    train = data.load_dataset("mnist", root=root)
    train = train if limit is None else train.take(limit)
    model = build("vae", image_shape=(1, 28, 28), hidden=(400,), latent_dim=20)
    times, last = [], time.perf_counter()

    def tick(ev):
        nonlocal last
        if ev.kind == "epoch":
            _sync(device)
            now = time.perf_counter()
            times.append(now - last)
            last = now

    fit(
        model,
        train,
        epochs=epochs,
        batch_size=BATCH,
        device=str(device),
        on_progress=tick,
        log_every=10**9,
    )
    return times


def _load_line() -> str:
    """The machine's load before the run: the figures are only comparable between quiet runs
    (README, Speed: on a busy machine PyTorch's threads wait on each other)."""
    try:
        load = os.getloadavg()[0]
    except (AttributeError, OSError):  # not on this platform
        return "machine load: not available here"
    line = f"machine load before the run: {load:.2f} (1-minute average) on {os.cpu_count()} cores"
    return line + (
        " - other work is running, expect slower and noisier figures" if load >= 0.5 else ""
    )


def _sync(device: torch.device) -> None:
    if device.type == "cuda":
        torch.cuda.synchronize()


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m genviz bench train", description=__doc__)
    p.add_argument("--device", default="cpu")
    p.add_argument("--rounds", type=int, default=3, help="alternating rounds; best of each")
    p.add_argument("--limit", type=int, default=None, help="only the first N training images")
    p.add_argument("--data", default=None, help="data root (default $GENVIZ_DATA or ./data)")
    args = p.parse_args(argv)
    if args.rounds < 1:
        raise GenvizError("--rounds must be at least 1.")
    if args.limit is not None and args.limit < BATCH:
        raise GenvizError(f"--limit must be at least {BATCH} (one batch).")
    dev = pick_device(args.device)
    torch.manual_seed(0)
    # the two alternate, and the best epoch of each is compared, so a burst of load from
    # elsewhere on a shared machine hits both alike
    print(
        f"one epoch of the MLP VAE 784-400-20, batch {BATCH}, MNIST train "
        f"({args.limit or 60000:,} images), on {dev}"
        f" ({torch.get_num_threads()} CPU threads), best of {args.rounds} rounds",
        flush=True,
    )
    print(f"  {_load_line()}", flush=True)
    refs, ours = [], []
    for r in range(args.rounds):
        refs.append(reference_epoch(args.data, dev, args.limit))
        # on a GPU the first epoch pays for CUDA start-up: the steady-state epoch is the figure
        ours.append(genviz_epochs(args.data, dev, 1 if dev.type == "cpu" else 3, args.limit)[-1])
        print(f"  round {r + 1}: reference {refs[-1]:.3f} s, genviz {ours[-1]:.3f} s", flush=True)
    ref, mine = min(refs), min(ours)
    ratio = mine / ref
    print(f"  reference loop (torchvision MNIST + ToTensor + DataLoader): {ref:8.3f} s")
    print(f"  genviz fit (uint8 tensor on the device, one training loop):  {mine:8.3f} s")
    verdict = "PASS" if ratio <= 0.25 else "FAIL"
    print(f"  ratio genviz / reference: {ratio:.3f}   bar: <= 0.25   {verdict}")
    if dev.type == "cuda":
        print(f"  GPU epoch: {mine:.3f} s   bar: < 0.25 s   {'PASS' if mine < 0.25 else 'FAIL'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
