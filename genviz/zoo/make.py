"""Making the shipped sets: `retrain` runs a dataset's recipes through the one training
workflow with seed 0, `measure` stores each model's test figures in its JSON (the set's
classifier judges the samplers), `ship_pictures` and `precompute` fill the set's views folder
with what the app's pages open on, and `write_manifest` lists every shipped file with its size
and SHA-256 (checkpoints/MANIFEST.json)."""

from __future__ import annotations

import hashlib
import json
import shutil
import time
from collections.abc import Callable
from pathlib import Path

from genviz import checkpoint, data, paths, store
from genviz.analysis import batches, metrics, ood, projection, replay
from genviz.meta import sibling
from genviz.serve import pictures, showcase, studies
from genviz.workflow import train_and_save
from genviz.zoo.sets import RECIPES, recipes


def retrain(
    dataset: str,
    root: str | Path = "checkpoints",
    device: str = "auto",
    data_root=None,
    only: list[str] | None = None,
    log: Callable[[str], None] = lambda line: None,
    on_epoch: Callable | None = None,
) -> float:
    """Retrain, evaluate and picture a dataset's shipped set (or the names in `only`) into
    <root>/<dataset>, then precompute the set's views; returns seconds. `log` receives one
    line per finished step; `on_epoch(name, model, event)` runs after every epoch."""
    chosen = recipes(dataset, only)
    out = Path(root) / dataset
    start = time.perf_counter()
    for name, recipe in chosen.items():
        began = time.perf_counter()
        train_recipe(dataset, name, root, device, data_root, on_epoch)
        measure(out / name, data_root, **recipe.eval)
        log(f"{name}: {time.perf_counter() - began:.0f} s")
    # the pictures after every training: UMAP's numba threads keep spinning once they have
    # run, and a training after them in the same process ran many times slower
    for name in chosen:
        ship_pictures(out / name, data_root, log)
    # the set changed: its shipped views too (only the retrained models' when `only` names
    # them, so the views of models that did not change are not written again)
    precompute(dataset, root, data_root, log, only=only)
    return time.perf_counter() - start


def train_recipe(
    dataset: str,
    name: str,
    root: str | Path = "checkpoints",
    device: str = "auto",
    data_root=None,
    on_epoch: Callable | None = None,
) -> Path:
    """Train one shipped model by its recipe (seed 0, float16, slim) into <root>/<dataset>."""
    recipe, out = recipes(dataset, [name])[name], Path(root) / dataset
    base = checkpoint.load(out / recipe.base) if recipe.base else None
    path = train_and_save(
        recipe.kind,
        dataset,
        recipe.options,
        recipe.settings(device=device, half=True, slim=True),
        out / name,
        base=base,
        root=data_root,
        origin=f"zoo: {dataset}/{name}",
        on_epoch=None if on_epoch is None else (lambda m, ev: on_epoch(name, m, ev)),
    ).path
    if not recipe.replay:  # not shipped (the budget)
        checkpoint.beside(path, replay.PART).unlink(missing_ok=True)
    return path


def measure(path: str | Path, data_root=None, **options) -> dict:
    """Evaluate a shipped checkpoint on the whole test set and store the figures in its JSON;
    a sampler is judged by the classifier shipped beside it."""
    ckpt = checkpoint.load(path)
    test = data.load_dataset(ckpt.dataset, "test", root=data_root)
    train = (
        data.load_dataset(ckpt.dataset, "train", root=data_root) if ckpt.model.can.encode else None
    )
    judge_path, second_path = Path(path).parent / "classifier", Path(path).parent / "judge2"
    judge = second = None
    can = ckpt.model.can
    judged = can.sample or can.translate or can.hierarchy
    if judged and sibling(judge_path, ".json").is_file():
        judge = checkpoint.load(judge_path).model
    if can.sample and sibling(second_path, ".json").is_file():  # an independent judge
        second = checkpoint.load(second_path).model
    result = metrics.evaluate(
        ckpt.model, test, train, classifier=judge, second_judge=second, **options
    )
    checkpoint.update_meta(path, metrics={**ckpt.meta.get("metrics", {}), **result})
    return result


def picture_keys(ckpt, points: int) -> dict[tuple[str, int], str]:
    """The names of a checkpoint's shipped pictures of its first `points` test latents."""
    return {
        (method, dim): pictures.key(ckpt.sha, "test", points, method, dim)
        for method, dim in pictures.SHIPPED
    }


def ship_pictures(path: str | Path, data_root=None, log=lambda line: None) -> list[Path]:
    """Precompute a checkpoint's t-SNE and UMAP pictures of its test latents into the views
    folder beside it (float16), and remove the pictures of weights no checkpoint there has."""
    ckpt = checkpoint.load(path)
    folder = paths.views(ckpt.path.parent) / pictures.RESULT
    test = data.load_dataset(ckpt.dataset, "test", root=data_root)
    part = test.take(min(pictures.DEFAULT_POINTS, len(test)))
    written = []
    if pictures.ships_pictures(ckpt.model):
        latents = batches.embed(ckpt.model, part).numpy()
        for (method, dim), key in picture_keys(ckpt, len(part)).items():
            job = pictures.Job(key, method, dim)
            job.finish(*projection.compute(latents, method, dim))
            written.append(store.write(folder / f"{key}.npz", job.result(half=True)))
            log(f"{ckpt.path.name}: {method} {dim}-D in {job.seconds:.1f} s")
        store.record(paths.views(ckpt.path.parent), (part,))  # the data they were made of
    prune_pictures(ckpt.path.parent, len(part))
    return written


def prune_pictures(folder: str | Path, points: int) -> list[Path]:
    """Remove the shipped pictures (of `points` test latents) that belong to no checkpoint of
    the folder any more, a retrained model's old ones; returns what was removed."""
    folder = Path(folder)
    kept = set()
    for js in folder.glob("*.json"):
        if js.name != paths.MANIFEST:
            kept |= set(picture_keys(checkpoint.Lazy(js), points).values())
    shipped = paths.views(folder) / pictures.RESULT
    gone = [f for f in sorted(shipped.glob("*.npz")) if f.stem not in kept]
    for f in gone:
        f.unlink()
    return gone


def precompute(
    dataset: str,
    root: str | Path = "checkpoints",
    data_root=None,
    log: Callable[[str], None] = lambda line: None,
    only: list[str] | None = None,
) -> Path:
    """Compute, for a shipped set, every view the app opens on that is the same for everyone
    (genviz.serve.showcase, .studies), into <root>/<dataset>/views: a first visit then reads
    files. The pictures (`ship_pictures`) stay; every other view is computed afresh. With
    `only`, just those models' own views are added (the rest, and the set's studies, stay)."""
    folder = Path(root) / dataset
    views = paths.views(folder)
    if only is None:
        for old in views.iterdir() if views.is_dir() else ():
            if old.is_dir() and old.name != pictures.RESULT:
                shutil.rmtree(old)  # results of earlier weights would only linger
    names = [n for n in RECIPES[dataset] if (folder / f"{n}.json").is_file()]
    models = {n: checkpoint.load(folder / n) for n in names}
    judge = next((c for c in models.values() if c.model.can.judge), None)
    classes = data.load_dataset(dataset, "test", root=data_root).num_classes
    with store.precomputing(views):
        for name, ckpt in models.items():
            if only is None or name in only:
                _precompute_model(ckpt, judge, data_root)
                log(f"{name}: precomputed")
        if only is not None:
            record_data(dataset, root, data_root)
            write_manifest(root)
            return views
        denoisers = [c for c in models.values() if c.model.can.denoise]
        if denoisers and "ae-conv" in models:  # the Denoise page's opening pair
            for noise in data.NOISES:
                showcase.denoise_curve(denoisers[0], models["ae-conv"], noise=noise, root=data_root)
        studies.pca_curve(dataset, root=data_root)
        studies.beta_sweep(dataset, root=data_root)
        log("pca curve and KL sweep: precomputed")
        for label in range(classes):
            studies.anomaly_scores(dataset, label, root=data_root)
        log("one-class anomaly scores: precomputed")
    record_data(dataset, root, data_root)
    write_manifest(root)
    return views


def _precompute_model(ckpt, judge, data_root=None) -> None:
    """One shipped model's views: its preview, and what its pages open on."""
    showcase.preview(ckpt, root=data_root)
    can = ckpt.model.can
    if can.codebook:
        showcase.code_usage(ckpt, root=data_root)
    if can.hierarchy:
        for level in ckpt.model.quantizers:
            showcase.code_usage(ckpt, level, root=data_root)
    if can.prior:
        labels = range(ckpt.model.config.num_classes) if can.conditional else [None]
        for label in labels:
            for j in (None, judge):
                showcase.prior_samples(ckpt, j, 0, 1.0, label)
    if can.stepwise and can.latent == "vector":
        showcase.latent_paths(ckpt, root=data_root)
    if can.stepwise and judge is not None:
        showcase.sampler_steps(ckpt, judge, root=data_root)
        if can.conditional:
            showcase.guidance_weights(ckpt, judge, root=data_root)
    if can.encode and can.latent == "vector":
        showcase.familiarity_yardstick(ckpt, root=data_root)
        showcase.reconstruction_mse(ckpt, root=data_root)
        showcase.latent_uses(ckpt, root=data_root)
        showcase.factors(ckpt, root=data_root)  # where the dataset's factors are known
        if not can.conditional:  # the probe against each foreign set on disk
            for foreign in ood.foreign_sets(ckpt.dataset, data.available(data_root)):
                showcase.ood_probe(ckpt, foreign, root=data_root)


def record_data(dataset: str, root: str | Path = "checkpoints", data_root=None) -> Path:
    """Record in a shipped set's views folder the fingerprints of the splits its views are
    made of (its own, and the foreign test sets of its out-of-distribution probe), so a user
    whose copy of the data differs (another order, another version) never gets them."""
    views = paths.views(Path(root) / dataset)
    splits = [data.load_dataset(dataset, s, root=data_root) for s in ("train", "test")]
    for foreign in ood.foreign_sets(dataset, data.available(data_root)):
        splits.append(data.load_dataset(foreign, "test", root=data_root))
    store.record(views, splits)
    return views / store.DATA


# -- the manifest ------------------------------------------------------------------------------


def manifest(root: str | Path = paths.CHECKPOINTS) -> dict:
    """Every shipped file under `root` (the datasets' folders; not the user's): its size, its
    SHA-256 and, for a checkpoint's files, the recipe that made it."""
    root = Path(root)
    files = {}
    for dataset in sorted(RECIPES):
        folder = root / dataset
        for f in sorted(folder.rglob("*")) if folder.is_dir() else ():
            if not f.is_file() or store.TEMPORARY.fullmatch(f.name):
                continue
            name = f.relative_to(root).as_posix()
            blob = f.read_bytes()
            entry = {"bytes": len(blob), "sha256": hashlib.sha256(blob).hexdigest()}
            owner = f.name.split(".")[0]
            if f.parent == folder and owner in RECIPES[dataset]:
                entry["recipe"] = f"{dataset}/{owner}"
            files[name] = entry
    total = sum(e["bytes"] for e in files.values())
    return {"about": "every shipped file: python -m genviz manifest writes it", "bytes": total,
            "files": files}  # fmt: skip


def write_manifest(root: str | Path = paths.CHECKPOINTS) -> Path:
    """checkpoints/MANIFEST.json, written from what is on disk now."""
    text = json.dumps(manifest(root), indent=1, ensure_ascii=False) + "\n"
    return store.atomic_write(Path(root) / paths.MANIFEST, text.encode())
