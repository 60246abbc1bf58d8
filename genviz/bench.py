"""Benchmarks that print genviz's figure beside a reference measured in the same run."""

from __future__ import annotations

import time

import torch
import torch.nn.functional as F
from torch import nn

from genviz import data
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

    data.load("mnist", root=root)  # the same clear error as genviz when the files are missing
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
    train = data.load("mnist", root=root)
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


def train_speed(
    root=None, device: str = "cpu", rounds: int = 3, limit: int | None = None
) -> dict[str, float]:
    """One MNIST epoch of the MLP VAE 784-400-20 at batch 128: genviz vs the reference loop.

    The two alternate for `rounds` rounds and the best epoch of each is compared, so a burst
    of load from elsewhere on a shared machine hits both alike. `limit` trains on the first
    images only (a quick check that the benchmark runs; the bar is for the full 60,000).
    """
    dev = pick_device(device)
    torch.manual_seed(0)
    print(
        f"one epoch of the MLP VAE 784-400-20, batch {BATCH}, MNIST train "
        f"({limit or 60000:,} images), on {dev}"
        f" ({torch.get_num_threads()} CPU threads), best of {rounds} rounds",
        flush=True,
    )
    refs, ours = [], []
    for r in range(rounds):
        refs.append(reference_epoch(root, dev, limit))
        # on a GPU the first epoch pays for CUDA start-up: the steady-state epoch is the figure
        ours.append(genviz_epochs(root, dev, 1 if dev.type == "cpu" else 3, limit)[-1])
        print(f"  round {r + 1}: reference {refs[-1]:.3f} s, genviz {ours[-1]:.3f} s", flush=True)
    ref, mine = min(refs), min(ours)
    ratio = mine / ref
    print(f"  reference loop (torchvision MNIST + ToTensor + DataLoader): {ref:8.3f} s")
    print(f"  genviz fit (uint8 tensor on the device, one training loop):  {mine:8.3f} s")
    verdict = "PASS" if ratio <= 0.25 else "FAIL"
    print(f"  ratio genviz / reference: {ratio:.3f}   bar: <= 0.25   {verdict}")
    if dev.type == "cuda":
        print(f"  GPU epoch: {mine:.3f} s   bar: < 0.25 s   {'PASS' if mine < 0.25 else 'FAIL'}")
    return {"reference_s": ref, "genviz_s": mine, "ratio": ratio}


def _sync(device: torch.device) -> None:
    if device.type == "cuda":
        torch.cuda.synchronize()


def anomaly(
    root=None,
    device: str = "cpu",
    dataset: str = "mnist",
    epochs: int = 10,
    pca_k: int = 20,
    classes: list[int] | None = None,
    model: dict | None = None,
) -> dict[str, float]:
    """One-class anomaly detection, mean AUROC over the classes: for each class an AE is
    trained on that class's training images only and scores every test image by its
    reconstruction error divided by the image's RMS (`applications.normalised`); PCA-k fitted
    on the same images is the baseline, in the same run. Raw-MSE scores are printed too."""
    from genviz.applications import (
        ONE_CLASS_MODEL,
        auroc,
        normalised,
        one_class,
        pca_errors,
        reconstruction_errors,
        train_one_class,
    )

    train, test = (data.load(dataset, s, root=root) for s in data.SPLITS)
    spec = dict(model or ONE_CLASS_MODEL)
    kind, options = spec["kind"], {k: v for k, v in spec.items() if k != "kind"}
    classes = list(range(train.num_classes)) if classes is None else classes
    print(
        f"one-class anomaly detection on {dataset}: {kind} {options}, {epochs} epochs per class "
        f"on {pick_device(device)}; AUROC (%) over the {len(test):,} test images",
        flush=True,
    )
    print(f"  class   AE / |x|   AE MSE   PCA-{pca_k} / |x|   PCA-{pca_k} MSE")
    rows = []
    for c in classes:
        net = train_one_class(train, c, epochs, device, spec, BATCH)
        ae, pca = reconstruction_errors(net, test), pca_errors(one_class(train, c), test, pca_k)
        anomalous = test.labels != c
        rows.append(
            [auroc(e, anomalous) for e in (normalised(ae, test), ae, normalised(pca, test), pca)]
        )
        print(f"  {c:5d}" + "".join(f"{a:11.1f}" for a in rows[-1]), flush=True)
    means = [sum(col) / len(col) for col in zip(*rows)]
    print("  mean " + "".join(f"{a:11.1f}" for a in means))
    print(f"  bar: mean AUROC of AE / |x| >= 97   {'PASS' if means[0] >= 97 else 'FAIL'}")
    return dict(zip(("auroc", "auroc_mse", "pca_auroc", "pca_auroc_mse"), means))


NAIVE_UMAP = """
import sys, time
import numpy as np
start = time.perf_counter()
import umap
x = np.load(sys.argv[1])
umap.UMAP().fit_transform(x)
print(time.perf_counter() - start)
"""


def projection(checkpoint_path: str, root=None, points: int | None = None) -> dict[str, float]:
    """Seconds to a picture of a checkpoint's test latents: a shipped (precomputed) one; a
    fresh one (no cache) from the warmed-up worker, for UMAP and t-SNE; and the naive
    baseline, a fresh process running `import umap; UMAP().fit_transform(x)`."""
    import subprocess
    import sys
    import tempfile
    import uuid
    from pathlib import Path

    import numpy as np

    from genviz import checkpoint, projector

    ckpt = checkpoint.load(checkpoint_path, device="cpu")
    test = data.load(ckpt.dataset, "test", root=root)
    latents, part, key = projector.points_of(ckpt, test, points)
    n = len(part)
    print(
        f"projections of {n:,} test latents of {checkpoint_path} ({latents.shape[1]} numbers "
        f"each) on the CPU ({torch.get_num_threads()} threads)",
        flush=True,
    )
    out: dict[str, float] = {}
    with tempfile.TemporaryDirectory() as tmp:
        np.save(Path(tmp) / "x.npy", latents)
        env = {**__import__("os").environ}
        start = time.perf_counter()
        run = subprocess.run(
            [sys.executable, "-c", NAIVE_UMAP, str(Path(tmp) / "x.npy")],
            env=env,
            capture_output=True,
            text=True,
            timeout=900,
        )
        out["naive_umap"] = time.perf_counter() - start
        if run.returncode != 0:
            raise SystemExit(f"the naive baseline failed:\n{run.stderr[-1000:]}")
        print(
            f"  naive: fresh process, import umap; UMAP().fit_transform: "
            f"{out['naive_umap']:6.1f} s",
            flush=True,
        )

        service = projector.Projector(Path(tmp) / "cache")
        shipped = projector.shipped_folder(ckpt)
        for method in ("pca", "tsne", "umap"):
            start = time.perf_counter()
            job = service.request(key(method, 2), latents, method, 2, shipped=shipped)
            if not job.ready:
                job = None  # not shipped: no figure for a shipped picture
            took = time.perf_counter() - start
            if job is not None:
                out[f"shipped_{method}"] = took
                verdict = "PASS" if took <= 2 else "FAIL"
                print(
                    f"  opening the page, {method:4s} 2-D ({job.source}): {took:6.3f} s   "
                    "bar: <= 2 s   "
                    f"{verdict}",
                    flush=True,
                )
            else:
                print(
                    f"  opening the page, {method:4s} 2-D: not shipped with this checkpoint",
                    flush=True,
                )

        start = time.perf_counter()
        service.start()
        while service.warm_seconds is None:
            time.sleep(0.1)
        print(
            f"  worker started and warmed up (umap imported, numba compiled) in "
            f"{time.perf_counter() - start:.1f} s, in the background at server start",
            flush=True,
        )
        for method, bar in (("umap", 15), ("tsne", 30)):
            fresh = uuid.uuid4().hex  # a key never seen: nothing cached
            start = time.perf_counter()
            job = service.wait(service.request(fresh, latents, method, 2), 900)
            took = time.perf_counter() - start
            out[f"fresh_{method}"] = took
            f = job.faithfulness
            print(
                f"  fresh {method:4s} 2-D from the warm worker: {took:6.1f} s   bar: <= {bar} s "
                f"  {'PASS' if took <= bar else 'FAIL'}   (trustworthiness "
                f"{f['trustworthiness']:.3f}, neighbours kept {f['neighbours_kept']:.3f})",
                flush=True,
            )
        service.stop()
    return out
