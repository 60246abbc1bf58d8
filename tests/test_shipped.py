"""The shipped checkpoints load, match their recipes, and still meet loose versions of
their bars on the test set, so a broken retrain is caught here."""

import json
from pathlib import Path

import pytest
from conftest import ROOT

from genviz import checkpoint, data, metrics, zoo

SHIPPED = sorted((ROOT / "checkpoints").glob("*/*.json"))
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
    }
}


def test_every_recipe_is_shipped_and_within_budget():
    for dataset, recipes in zoo.RECIPES.items():
        folder = ROOT / "checkpoints" / dataset
        assert sorted(p.stem for p in folder.glob("*.json")) == sorted(recipes), dataset
    sizes = [p.stat().st_size for p in (ROOT / "checkpoints").rglob("*") if p.is_file()]
    assert max(sizes) <= 3 * 2**20 and sum(sizes) <= 30 * 2**20


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_shipped_checkpoint_loads_and_meets_its_loose_bar(path: Path):
    ckpt = checkpoint.load(path)  # checks the weights' hash and every tensor's shape
    meta = json.loads(path.read_text())
    dataset, name = path.parent.name, path.stem
    recipe = zoo.commands(dataset, Path("checkpoints") / dataset)[name]
    assert meta["train"]["command"].startswith(" ".join(recipe))  # made by its recipe
    assert meta["metrics"], "eval --save was not run on it"
    test = data.load(dataset, "test")
    train = data.load(dataset, "train") if ckpt.model.can_encode else None
    judge = None
    if ckpt.model.can_sample:
        judge = checkpoint.load(path.parent / "classifier").model
    result = metrics.evaluate(
        ckpt.model, test, train, nll_samples=50, classifier=judge, samples=300
    )
    for figure, op, bar in LOOSE[dataset][name]:
        value = result[figure]
        assert value >= bar if op == ">=" else value <= bar, (figure, value, bar)
