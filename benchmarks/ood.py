"""Out-of-distribution detection between two datasets of one image size, both directions: the
shipped models of each set score its own test images and the other set's, and each detector's
AUROC (foreign images as positives) is printed beside PCA-20's, fitted on the same training
images in the same run. Below 50%, a detector ranks the foreign images as more typical.

    python -m genviz bench ood [--pair mnist,fashion-mnist] [--models ae-conv,vae,...]
                               [--limit N] [--nll-samples 100] [--data DIR]
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

import torch

from genviz import checkpoint, data
from genviz.analysis import ood
from genviz.errors import GenvizError
from genviz.meta import sibling

MODELS = "ae-conv,dae,vae,vae-2d,ae-2d,ae-3d,course-mlp-ae,course-conv-ae,course-linear-ae"
NAMES = {"recon": "recon", "nll": "-log p", "knn": "kNN-5", "pca": "PCA-20"}


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m genviz bench ood", description=__doc__)
    p.add_argument("--pair", default="mnist,fashion-mnist", help="two datasets of one size")
    p.add_argument("--models", default=MODELS, help="shipped names; those a set lacks are skipped")
    p.add_argument("--root", default="checkpoints", help="the shipped sets' folder")
    p.add_argument("--limit", type=int, default=None, help="test images per set (default all)")
    p.add_argument("--train", type=int, default=10_000, help="training images for kNN and PCA")
    p.add_argument("--nll-samples", type=int, default=100, help="importance samples per image")
    p.add_argument("--data", default=None, help="data root (default $GENVIZ_DATA or ./data)")
    args = p.parse_args(argv)
    pair = args.pair.split(",")
    if len(pair) != 2 or pair[1] not in ood.foreign_sets(pair[0]):
        raise GenvizError(f"--pair {args.pair} is not two datasets of one image size.")
    torch.manual_seed(0)
    print(
        f"out-of-distribution AUROC (%), foreign images positive; {args.nll_samples} importance "
        f"samples for -log p; kNN and PCA-20 on {args.train:,} training images",
        flush=True,
    )
    print(
        f"  {'trained on':14s} {'foreign':14s} {'model':17s}"
        + "".join(f"{n:>9s}" for n in NAMES.values())
    )
    inverted = []
    for own_name, foreign_name in (pair, pair[::-1]):
        train = data.load_dataset(own_name, "train", root=args.data).take(args.train)
        own = data.load_dataset(own_name, "test", root=args.data)
        foreign = data.load_dataset(foreign_name, "test", root=args.data)
        if args.limit:
            own, foreign = own.take(args.limit), foreign.take(args.limit)
        for name in args.models.split(","):
            path = Path(args.root) / own_name / name
            if not sibling(path, ".json").is_file():
                continue
            start = time.perf_counter()
            model = checkpoint.load(path).model
            found = ood.probe(model, train, own, foreign, args.nll_samples).aurocs()
            cells = "".join(f"{found[d]:9.1f}" if d in found else f"{'-':>9s}" for d in NAMES)
            took = time.perf_counter() - start
            print(
                f"  {own_name:14s} {foreign_name:14s} {name:17s}{cells}   ({took:.0f} s)",
                flush=True,
            )
            inverted += [f"{own_name} {name} {NAMES[d]}" for d, v in found.items() if v < 50]
    if inverted:
        print("  ranks the foreign images as MORE typical (AUROC < 50): " + "; ".join(inverted))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
