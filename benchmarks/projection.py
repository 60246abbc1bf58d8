"""Seconds to a picture of a checkpoint's latents: a shipped (precomputed) one; a fresh one
(no cache) from the warmed-up worker, for UMAP and t-SNE; and the naive baselines, a fresh
process running `import umap; UMAP().fit_transform(x)` and, with --split all, openTSNE with
its defaults (`TSNE().fit(x)`). Bars: shipped <= 2 s; fresh UMAP <= 15 s and t-SNE <= 30 s
for the 10,000 test latents, <= 30 s and <= 90 s for MNIST's 70,000 (--split all).

    python -m genviz bench projection [--checkpoint checkpoints/mnist/ae-conv] [--points N]
                                      [--split test|all]
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

import numpy as np
import torch

from genviz import checkpoint, data
from genviz.analysis import batches
from genviz.errors import GenvizError
from genviz.serve import pictures

NAIVE_UMAP = """
import sys, time
import numpy as np
start = time.perf_counter()
import umap
x = np.load(sys.argv[1])
umap.UMAP().fit_transform(x)
print(time.perf_counter() - start)
"""
NAIVE_TSNE = """
import sys, time
import numpy as np
start = time.perf_counter()
from openTSNE import TSNE
x = np.load(sys.argv[1])
TSNE(n_jobs=-1).fit(x)
print(time.perf_counter() - start)
"""
BARS = {"test": {"umap": 15, "tsne": 30}, "all": {"umap": 30, "tsne": 90}}


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m genviz bench projection", description=__doc__)
    p.add_argument("--checkpoint", default="checkpoints/mnist/ae-conv", help="whose test latents")
    p.add_argument(
        "--points", type=int, default=None, help=f"first N ({pictures.DEFAULT_POINTS:,})"
    )
    p.add_argument("--data", default=None, help="data root (default $GENVIZ_DATA or ./data)")
    p.add_argument("--split", choices=("test", "all"), default="test", help="all: test + train")
    args = p.parse_args(argv)
    ckpt = checkpoint.load(args.checkpoint, device="cpu")
    test = data.load_dataset(ckpt.dataset, "test", root=args.data)
    if args.split == "all":
        test = test.then(data.load_dataset(ckpt.dataset, "train", root=args.data))
    part = test.take(min(args.points or pictures.DEFAULT_POINTS, len(test)))
    if args.split == "all" and args.points is None:
        part = test
    latents = batches.embed(ckpt.model, part).numpy()
    print(
        f"projections of {len(part):,} {args.split} latents of {args.checkpoint} "
        f"({latents.shape[1]} numbers each) on the CPU ({torch.get_num_threads()} threads, "
        f"load {os.getloadavg()[0]:.2f})",
        flush=True,
    )
    with tempfile.TemporaryDirectory() as tmp:
        np.save(Path(tmp) / "x.npy", latents)
        naive = [("import umap; UMAP().fit_transform (umap-learn's defaults)", NAIVE_UMAP)]
        if args.split == "all":
            naive.append(("from openTSNE import TSNE; TSNE().fit (its defaults)", NAIVE_TSNE))
        for words, script in naive:
            start = time.perf_counter()
            run = subprocess.run(
                [sys.executable, "-c", script, str(Path(tmp) / "x.npy")],
                env=dict(os.environ),
                capture_output=True,
                text=True,
                timeout=1800,
            )
            if run.returncode != 0:
                last = run.stderr.strip().splitlines()[-1]
                raise GenvizError(f"the naive baseline failed: {last}")
            took = time.perf_counter() - start
            print(f"  naive: fresh process, {words}: {took:6.1f} s", flush=True)
        # stopped after the opening: a picture that is not shipped would otherwise be computed
        # by its worker ahead of, or beside, the fresh pictures timed below
        opening = pictures.Service(Path(tmp) / "cache")
        for method in ("pca", "tsne", "umap"):
            start = time.perf_counter()
            shown = pictures.picture(opening, ckpt, latents, args.split, method, 2)
            took = time.perf_counter() - start
            if shown.pending:
                print(f"  opening the page, {method:4s} 2-D: not shipped with this checkpoint")
                continue
            verdict = "PASS" if took <= 2 else "FAIL"
            print(
                f"  opening the page, {method:4s} 2-D ({shown.source}): {took:6.3f} s   "
                f"bar: <= 2 s   {verdict}",
                flush=True,
            )
        opening.stop()
        service = pictures.Service(Path(tmp) / "cache")
        start = time.perf_counter()
        service.start()
        while service.warm_seconds is None:
            time.sleep(0.1)
        print(
            f"  worker started and warmed up (umap imported, numba compiled) in "
            f"{time.perf_counter() - start:.1f} s, in the background at server start",
            flush=True,
        )
        for method, bar in BARS[args.split].items():
            fresh = uuid.uuid4().hex  # a key never seen: nothing cached
            start = time.perf_counter()
            job = service.wait(service.request(fresh, latents, method, 2), 900)
            took = time.perf_counter() - start
            if job.state == "error":
                raise GenvizError(job.error)
            f = job.faithfulness
            print(
                f"  fresh {method:4s} 2-D from the warm worker: {took:6.1f} s   bar: <= {bar} s "
                f"  {'PASS' if took <= bar else 'FAIL'}   (trustworthiness "
                f"{f['trustworthiness']:.3f}, neighbours kept {f['neighbours_kept']:.3f})",
                flush=True,
            )
        service.stop()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
