"""The shipped checkpoints load, match their recipes, and still meet loose versions of
their bars on the test set, so a broken retrain is caught here."""

import json
from pathlib import Path

import pytest
from conftest import ROOT

from genviz import checkpoint, data, zoo
from genviz.analysis import metrics

SHIPPED = sorted((ROOT / "checkpoints").glob("*/*.json"))  # the shipped sets' checkpoints
# loose bars on the digits test set with quick settings: (figure, comparison, value)
LOOSE = {
    "digits": {
        "classifier": [("accuracy", ">=", 0.95)],
        "ae-2d": [("mse", "<=", 0.05)],
        "ae-conv": [("mse", "<=", 0.012), ("knn5_acc", ">=", 0.93)],
        "dae": [("psnr_gain", ">=", 3.0)],
        "vae": [("nll", "<=", 30.0), ("knn5_acc", ">=", 0.9)],
        "cvae": [("fidelity", ">=", 0.95)],
        "vqvae": [("codes_used_share", ">=", 0.8), ("mse", "<=", 0.01)],
        "pixelcnn": [("confident_share", ">=", 0.8), ("fidelity", ">=", 0.8)],
        "gan": [("class_entropy", ">=", 0.8 * 2.302585)],
        "cgan": [("fidelity", ">=", 0.9)],
    },
    # MNIST: 500 test images (5,000 training images for kNN), 300 samples, 50 NLL samples
    "mnist": {
        "classifier": [("accuracy", ">=", 0.97)],
        "ae-2d": [("mse", "<=", 0.05)],
        "ae-conv": [("mse", "<=", 0.0045), ("knn5_acc", ">=", 0.95)],
        "dae": [("denoised_psnr", ">=", 19.0)],
        "vae": [("nll", "<=", 95.0), ("knn5_acc", ">=", 0.9)],
        "vae-2d": [("mse", "<=", 0.05)],
        "cvae": [("fidelity", ">=", 0.85)],
        "vqvae": [("codes_used_share", ">=", 0.8), ("mse", "<=", 0.01)],
        "pixelcnn": [("confident_share", ">=", 0.6)],
        "vqvae2": [
            ("codes_used_share_top", ">=", 0.9),
            ("codes_used_share_bottom", ">=", 0.9),
            ("mse", "<=", 0.004),
            ("swap_reads_top", ">=", 0.6),
        ],
        "pixelcnn2": [("confident_share", ">=", 0.7), ("fidelity", ">=", 0.8)],
        **{
            f"pix2pix-{task}{tail}": [("l1", "<=", l1), ("output_accuracy", ">=", acc)]
            for task, l1, acc in (
                ("edges", 0.035, 0.93),
                ("masked", 0.06, 0.75),
                ("noisy", 0.05, 0.92),
            )
            for tail in ("", "-l1")
        },
        "gan": [("class_entropy", ">=", 0.85 * 2.302585)],
        "cgan": [("fidelity", ">=", 0.9)],
        "course-mlp-ae": [("mse", "<=", 0.012), ("knn5_acc", ">=", 0.93)],
        "course-conv-ae": [("mse", "<=", 0.035)],
        "course-vae": [("nll", "<=", 110.0), ("knn5_acc", ">=", 0.9)],
        "judge2": [("accuracy", ">=", 0.96)],
        "flow": [("fidelity", ">=", 0.97)],
        "diffusion": [("fidelity", ">=", 0.95)],
        "latent-flow": [("confident_share", ">=", 0.7), ("class_entropy", ">=", 0.95 * 2.302585)],
        "latent-flow-2d": [("class_entropy", ">=", 0.85 * 2.302585)],
        "course-linear-ae": [("mse", "<=", 0.035)],
    },
    # Fashion-MNIST, with the same quick settings as MNIST
    "fashion-mnist": {
        "classifier": [("accuracy", ">=", 0.88)],
        "ae-2d": [("mse", "<=", 0.04)],
        "ae-3d": [("mse", "<=", 0.035)],
        "ae-conv": [("mse", "<=", 0.009), ("knn5_acc", ">=", 0.8)],
        "dae": [("denoised_psnr", ">=", 17.5)],
        "vae": [("mse", "<=", 0.02), ("knn5_acc", ">=", 0.8)],
        "vae-2d": [("mse", "<=", 0.04)],
        "cvae": [("fidelity", ">=", 0.65)],
        "vqvae": [("codes_used_share", ">=", 0.8), ("mse", "<=", 0.01)],
        "pixelcnn": [("confident_share", ">=", 0.55)],
        "cgan": [("fidelity", ">=", 0.85)],
        "flow": [("fidelity", ">=", 0.9)],  # 96.7% measured on 2,000 samples
    },
    # shapes: generated, so always here; 500 test images, 300 samples
    "shapes": {
        "classifier": [("accuracy", ">=", 0.65)],
        "ae-conv": [("mse", "<=", 0.003), ("knn5_acc", ">=", 0.45)],
        "vae": [("mse", "<=", 0.004), ("knn5_acc", ">=", 0.45)],
        "beta-vae": [("mse", "<=", 0.005), ("knn5_acc", ">=", 0.45)],
    },
}
QUICK = {
    "digits": (None, None),
    "mnist": (500, 5_000),
    "fashion-mnist": (500, 5_000),
    "shapes": (500, 5_000),
}


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_shipped_checkpoint_loads_and_meets_its_loose_bar(path: Path):
    ckpt = checkpoint.load(path)  # checks the weights' hash and every tensor's shape
    meta = json.loads(path.read_text())
    dataset, name = path.parent.name, path.stem
    assert zoo.made_by(meta, zoo.RECIPES[dataset][name]), "not made by its recipe"
    assert meta["metrics"], "it was not measured after training"
    if not data.available()[dataset]:
        pytest.skip(f"{dataset} is not under GENVIZ_DATA")
    n_test, n_train = QUICK[dataset]
    test = data.load_dataset(dataset, "test").take(n_test or slice(None))
    train = data.load_dataset(dataset, "train").take(n_train or slice(None))
    train = train if ckpt.model.can.encode else None
    judge = None
    can = ckpt.model.can
    if can.sample or can.translate or can.hierarchy:  # the classifier reads their images
        judge = checkpoint.load(path.parent / "classifier").model
    samples = 100 if can.stepwise else 300  # fifty network calls a sample: fewer, still clear
    result = metrics.evaluate(
        ckpt.model, test, train, nll_samples=50, classifier=judge, samples=samples
    )
    for figure, op, bar in LOOSE[dataset][name]:
        value = result[figure]
        assert value >= bar if op == ">=" else value <= bar, (figure, value, bar)
