"""One-class anomaly detection: for each class an autoencoder is trained on that class's
training images only and scores every test image by its reconstruction error divided by the
image's RMS (`applications.normalised`) added, in standard units, to the distance of its latent
from the class's latents (`applications.one_class_scores`); PCA-k fitted on the same images is
the baseline, in the same run. The error alone and raw MSE are printed too. Bar: mean AUROC
of the autoencoder's combined score >= 97.

    python -m genviz bench anomaly [--dataset mnist] [--epochs 20] [--classes 0,8] [--data DIR]
"""

from __future__ import annotations

import argparse

from genviz import data
from genviz.analysis.applications import ONE_CLASS_MODEL, one_class_aurocs
from genviz.errors import GenvizError
from genviz.train import pick_device

COLUMNS = ("ae", "ae_error", "ae_mse", "pca", "pca_mse")


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m genviz bench anomaly", description=__doc__)
    p.add_argument("--dataset", default="mnist")
    p.add_argument("--epochs", type=int, default=20, help="epochs per class")
    p.add_argument("--classes", default=None, help="e.g. 0,8 (default all)")
    p.add_argument("--device", default="cpu")
    p.add_argument("--data", default=None, help="data root (default $GENVIZ_DATA or ./data)")
    p.add_argument("--pca", type=int, default=20, help="PCA components of the baseline")
    args = p.parse_args(argv)
    if args.epochs < 1:
        raise GenvizError("--epochs must be at least 1.")
    train, test = (data.load_dataset(args.dataset, s, root=args.data) for s in data.SPLITS)
    try:
        classes = (
            list(range(train.num_classes))
            if args.classes is None
            else [int(c) for c in args.classes.split(",")]
        )
    except ValueError:
        raise GenvizError(f"--classes {args.classes!r} is not a list of class numbers.") from None
    spec = {k: v for k, v in ONE_CLASS_MODEL.items() if k != "kind"}
    k = args.pca
    print(
        f"one-class anomaly detection on {args.dataset}: {ONE_CLASS_MODEL['kind']} {spec}, "
        f"{args.epochs} epochs per class on {pick_device(args.device)}; AUROC (%) over the "
        f"{len(test):,} test images",
        flush=True,
    )
    print(f"  class  AE err+z   AE / |x|     AE MSE   PCA-{k} / |x|   PCA-{k} MSE")
    rows = []
    for c in classes:
        row = one_class_aurocs(train, test, c, args.epochs, args.device, k)
        rows.append([row[col] for col in COLUMNS])
        print(f"  {c:5d}" + "".join(f"{a:11.1f}" for a in rows[-1]), flush=True)
    means = [sum(col) / len(col) for col in zip(*rows)]
    print("  mean " + "".join(f"{a:11.1f}" for a in means))
    verdict = "PASS" if means[0] >= 97 else "FAIL"
    print(f"  bar: mean AUROC of the AE's error + latent distance >= 97   {verdict}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
