"""The shipped sets as files: every recipe shipped under its plain name and within the budget,
the manifest true to the files, each encoder's shipped pictures made from its weights, and
every lesson step pointing at a shipped model and a page. (Whether the models still meet their
bars is tests/e2e/test_shipped.py.)"""

import json
from pathlib import Path

import pytest
from conftest import ROOT

from genviz import checkpoint, data, paths, store, zoo
from genviz.serve import pictures

CHECKPOINTS = ROOT / "checkpoints"
SHIPPED = sorted(CHECKPOINTS.glob("*/*.json"))


def test_every_recipe_is_shipped_under_its_plain_name():
    for dataset, recipes in zoo.RECIPES.items():
        folder = CHECKPOINTS / dataset
        assert sorted(p.stem for p in folder.glob("*.json")) == sorted(recipes), dataset
        for name in recipes:
            named = json.loads((folder / f"{name}.json").read_text())["weights"]["file"]
            assert named == f"{name}.safetensors", (dataset, name)


def test_the_manifest_lists_every_shipped_file_and_the_budget_holds():
    """What the manifest lists is what is shipped (the user's own checkpoints are not), so the
    weights could move to a release asset with a one-step fetch checked against it."""
    listed = json.loads((CHECKPOINTS / paths.MANIFEST).read_text())
    assert listed == zoo.manifest(CHECKPOINTS), "run: python -m genviz manifest"
    sizes = [entry["bytes"] for entry in listed["files"].values()]
    manifest = (CHECKPOINTS / paths.MANIFEST).stat().st_size
    blocks = sum(-(-size // 4096) * 4096 for size in [*sizes, manifest])  # as a checkout's disk
    assert max(sizes) <= 3 * 2**20 and blocks <= 48 * 2**20, blocks
    for dataset, recipes in zoo.RECIPES.items():
        for name in recipes:
            entry = listed["files"][f"{dataset}/{name}.safetensors"]
            assert entry["recipe"] == f"{dataset}/{name}"


def test_the_manifest_leaves_out_what_a_user_trained(tmp_path):
    (tmp_path / "digits").mkdir()
    (tmp_path / "digits" / "ae-2d.json").write_text("{}")
    (tmp_path / "user" / "digits").mkdir(parents=True)
    (tmp_path / "user" / "digits" / "mine.json").write_text("{}")
    found = zoo.manifest(tmp_path)["files"]
    assert list(found) == ["digits/ae-2d.json"]
    assert found["digits/ae-2d.json"]["recipe"] == "digits/ae-2d"


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_shipped_projections_belong_to_the_shipped_weights(path: Path):
    """A retrain must also refresh the precomputed t-SNE and UMAP pictures."""
    ckpt = checkpoint.Lazy(path)
    if not data.available()[ckpt.dataset]:
        pytest.skip(f"{ckpt.dataset} is not under GENVIZ_DATA")
    n = min(pictures.DEFAULT_POINTS, len(data.load_dataset(ckpt.dataset, "test")))
    want = set(zoo.make.picture_keys(ckpt, n).values())
    folder = paths.views(path.parent) / pictures.RESULT
    found = {p.stem for p in folder.glob("*.npz")}
    if not pictures.ships_pictures(ckpt.model):
        assert not want & found
        return
    assert want <= found
    for key in want:
        job = pictures.as_job(key, store.read(folder / f"{key}.npz"), n)
        assert job is not None and 0.8 < job.faithfulness["trustworthiness"] <= 1


def test_no_picture_is_left_from_weights_that_are_gone():
    for folder in sorted(CHECKPOINTS.iterdir()):
        if not folder.is_dir() or not data.available().get(folder.name):
            continue
        n = min(pictures.DEFAULT_POINTS, len(data.load_dataset(folder.name, "test")))
        kept = set()
        for js in folder.glob("*.json"):
            kept |= set(zoo.make.picture_keys(checkpoint.Lazy(js), n).values())
        shipped = {p.stem for p in (paths.views(folder) / pictures.RESULT).glob("*.npz")}
        assert shipped <= kept, folder.name


def test_every_lesson_step_links_to_a_shipped_model_and_a_page():
    from ui.lessons import LESSONS
    from ui.pages import PAGES

    pages = {Path(file).stem for file, _, _ in PAGES}
    for number, steps in LESSONS.items():
        for step in steps:
            assert step.page in pages, (number, step.page)
            name = step.params.get("ckpt")
            if name is not None:
                dataset = step.params.get("dataset", "digits")
                assert (CHECKPOINTS / dataset / f"{name}.json").is_file(), (number, name)


def test_the_shipped_test_splits_keep_their_own_budget_and_match_the_views():
    files = [f for f in paths.TESTSETS.rglob("*") if f.is_file()]
    assert sum(f.stat().st_size for f in files) <= 8 * 2**20
    for name in data.SHIPPED_TEST:
        recorded = json.loads((CHECKPOINTS / name / "views" / store.DATA).read_text())
        shipped = data._read_shipped_test(name, data._shipped_test(name))
        assert recorded[f"{name}:test"] == shipped.fingerprint  # the views' own test images
