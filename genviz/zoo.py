"""The shipped checkpoints: each one is a `python -m genviz train` command, kept here, so
`python -m genviz retrain --dataset digits` rebuilds the whole set with the same settings
and seeds, then measures it with `eval --save` (the classifier judges the samplers)."""

from __future__ import annotations

import time
from pathlib import Path

# name -> what follows `python -m genviz train`; every run also gets --dataset, --out,
# --name, --seed 0, --half and --force. The classifier comes first: the others'
# evaluations use it. "{out}" is the folder the set is written to.
RECIPES: dict[str, dict[str, str]] = {
    "digits": {
        "classifier": "classifier --epochs 60 --batch-size 64",
        "ae-2d": "ae --latent-dim 2 --epochs 300 --batch-size 64",
        "ae-conv": "ae --arch conv --channels 16,32 --latent-dim 16 --epochs 300 --batch-size 64",
        "dae": "dae --channels 16,32 --latent-dim 16 --noise-level 0.3 "
        "--epochs 300 --batch-size 64",
        "vae": "vae --latent-dim 8 --hidden 256 --epochs 300 --batch-size 64",
        "cvae": "cvae --latent-dim 8 --hidden 256 --epochs 300 --batch-size 64",
        "vqvae": "vqvae --codebook-size 64 --epochs 300 --batch-size 64",
        # 1,437 images: the prior overfits after about 10 epochs (test NLL rises from there)
        "pixelcnn": "pixelcnn --vqvae {out}/vqvae --class-conditional true "
        "--epochs 10 --batch-size 64",
        "gan": "gan --epochs 300 --batch-size 64",
        "cgan": "cgan --epochs 300 --batch-size 64",
    },
    # sized for a 2-core CPU (about 1.5 hours, most of it the vae and the two GANs); " | "
    # starts extra `eval` flags: the 1000-sample likelihood is measured where the bar
    # asks for it, 100 samples elsewhere
    "mnist": {
        "classifier": "classifier --epochs 6",
        "ae-2d": "ae --latent-dim 2 --hidden 512,256 --epochs 20",
        "ae-conv": "ae --arch conv --channels 32,64,128 --latent-dim 32 --epochs 25",
        "dae": "dae --channels 32,64,128 --latent-dim 32 --noise-level 0.5 --epochs 15",
        "vae": "vae --latent-dim 20 --hidden 512,256 --binarize true --epochs 300",
        "vae-2d": "vae --latent-dim 2 --hidden 512,256 --epochs 20 | --nll-samples 100",
        "cvae": "cvae --latent-dim 8 --hidden 512,256 --epochs 30 | --nll-samples 100",
        "vqvae": "vqvae --lr 1e-3 --epochs 8",
        "pixelcnn": "pixelcnn --vqvae {out}/vqvae --class-conditional true --epochs 5",
        "gan": "gan --epochs 8",
        "cgan": "cgan --epochs 8",
    },
}


# the pictures shipped with each encoder (PCA is computed on the spot, in milliseconds)
SHIPPED_PROJECTIONS = (("tsne", 2), ("umap", 2), ("umap", 3))


def commands(dataset: str, out: Path) -> dict[str, list[str]]:
    """The full `train` argument list for every recipe of a dataset."""
    runs = {}
    for name, recipe in RECIPES[dataset].items():
        argv = recipe.format(out=out).split("|")[0].split()
        fixed = ["--out", str(out), "--name", name, "--seed", "0", "--half", "--force", "--quiet"]
        dataset_flag = [] if argv[0] == "pixelcnn" else ["--dataset", dataset]
        runs[name] = ["train", *argv, *dataset_flag, *fixed]
    return runs


def retrain(
    dataset: str,
    root: str = "checkpoints",
    device: str = "auto",
    data=None,
    only: list[str] | None = None,
) -> float:
    """Retrain and evaluate a dataset's shipped set (or the names in `only`) into
    <root>/<dataset>; returns seconds."""
    from genviz.cli import main  # the CLI is the one way a shipped checkpoint is made
    from genviz.models import family

    out = Path(root) / dataset
    extra = ["--device", device] + (["--data", str(data)] if data else [])
    start = time.perf_counter()
    for name, argv in commands(dataset, out).items():
        if only is not None and name not in only:
            continue
        began = time.perf_counter()
        _check(main([*argv, *extra]), name)
        samples = family(argv[1]).can_sample  # argv is ["train", KIND, ...]
        judge = ["--classifier", str(out / "classifier")] if samples else []
        flags = RECIPES[dataset][name].partition("|")[2].split()
        _check(main(["eval", str(out / name), "--save", *flags, *judge, *extra]), name)
        ship_projections(out / name, extra)
        print(f"{name}: {time.perf_counter() - began:.0f} s", flush=True)
    return time.perf_counter() - start


def ships_pictures(model) -> bool:
    """Whether a model's set carries t-SNE/UMAP pictures: not without latents, nor for a 2-D
    latent, which the map shows as it is."""
    return model.can_encode and model.latent_shape != (2,)


def ship_projections(path: Path, extra: list[str] = ()) -> None:
    """Precompute a checkpoint's t-SNE and UMAP pictures into projections/<name>/, replacing
    any from an earlier training (their keys name the old weights)."""
    from genviz import checkpoint, projector
    from genviz.cli import main

    ckpt = checkpoint.load(path)
    folder = projector.shipped_folder(ckpt)
    if folder.is_dir():
        for old in folder.glob("*.npz"):
            old.unlink()
    if not ships_pictures(ckpt.model):
        return
    for method, dim in SHIPPED_PROJECTIONS:
        argv = ["project", str(path), "--method", method, "--dim", str(dim), "--ship"]
        _check(main([*argv, *extra]), f"{path.name} ({method} {dim}-D)")


def _check(code: int, name: str) -> None:
    if code != 0:
        raise SystemExit(f"retraining {name} failed (exit {code}); the set is incomplete.")
