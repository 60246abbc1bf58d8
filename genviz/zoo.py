"""The shipped checkpoints as data: each is a recipe (a kind, its options and how long to
train), run through the one training workflow. `retrain` rebuilds a dataset's set with seed 0,
measures each model (the set's classifier judges the samplers) and precomputes its pictures."""

from __future__ import annotations

import functools
import json
import shutil
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from genviz import checkpoint, data, metrics, ood, pictures, presets
from genviz.errors import GenvizError
from genviz.models import family
from genviz.workflow import Settings, train_and_save


@dataclass(frozen=True)
class Recipe:
    kind: str
    options: dict = field(default_factory=dict)  # the model's config
    epochs: int = 10
    batch_size: int = 128
    lr: float | None = None  # None: the family's default
    base: str | None = None  # the set's model it is built on (a prior's VQ-VAE)
    eval: dict = field(default_factory=dict)  # options of metrics.evaluate, e.g. nll_samples
    weight_decay: float = 0.0

    def settings(self, device: str = "auto") -> Settings:
        return Settings(
            self.epochs,
            self.batch_size,
            self.lr,
            0,
            device,
            "auto",
            half=True,
            slim=True,
            weight_decay=self.weight_decay,
        )

    @classmethod
    def of_preset(cls, name: str, **changes) -> Recipe:
        """One of the course's networks, trained as its notes train it."""
        chosen = presets.preset(name)
        return cls(chosen.kind, dict(chosen.options), **{**chosen.settings, **changes})


# genviz 0.1's GAN recipe (the plain DCGAN with the non-saturating loss)
LEGACY_GAN = {"loss": "bce", "ema_decay": 0.0, "d_lr_scale": 1.0, "mbstd": False}

# The classifier comes first in each set: the others' evaluations use it.
RECIPES: dict[str, dict[str, Recipe]] = {
    "digits": {
        "classifier": Recipe("classifier", epochs=60, batch_size=64),
        "ae-2d": Recipe("ae", {"latent_dim": 2}, epochs=300, batch_size=64),
        "ae-conv": Recipe("ae", {"arch": "conv", "channels": (16, 32), "latent_dim": 16}, 300, 64),
        "dae": Recipe("dae", {"channels": (16, 32), "latent_dim": 16, "noise_level": 0.3}, 300, 64),
        "vae": Recipe("vae", {"latent_dim": 8, "hidden": (256,)}, epochs=300, batch_size=64),
        "cvae": Recipe("cvae", {"latent_dim": 8, "hidden": (256,)}, epochs=300, batch_size=64),
        "vqvae": Recipe("vqvae", {"codebook_size": 64}, epochs=300, batch_size=64),
        # 1,437 images: the prior overfits after about 10 epochs (test NLL rises from there);
        # 48 channels and 6 layers fit as well as 64 and 8 (NLL 2.84 against 2.86 nats per
        # code) in half the checkpoint
        "pixelcnn": Recipe(
            "pixelcnn",
            {"class_conditional": True, "channels": 48, "layers": 6},
            epochs=10,
            batch_size=64,
            base="vqvae",
        ),
        "gan": Recipe("gan", LEGACY_GAN, epochs=300, batch_size=64),
        "cgan": Recipe("cgan", LEGACY_GAN, epochs=300, batch_size=64),
    },
    # sized for a 2-core CPU (README: Shipped checkpoints); the 1000-sample likelihood is
    # measured where the bar asks for it, 100 samples elsewhere
    "mnist": {
        "classifier": Recipe("classifier", epochs=6),
        # the 2-D models are 256-128 wide, as Fashion-MNIST's: 512-256 took 2.1 MB each of
        # the 40 MiB budget
        "ae-2d": Recipe("ae", {"latent_dim": 2, "hidden": (256, 128)}, epochs=20),
        "ae-conv": Recipe("ae", {"arch": "conv", "channels": (32, 64, 128), "latent_dim": 32}, 25),
        "dae": Recipe("dae", {"channels": (32, 64, 128), "latent_dim": 32, "noise_level": 0.5}, 15),
        "vae": Recipe(
            "vae", {"latent_dim": 20, "hidden": (512, 256), "binarize": True}, epochs=300
        ),
        "vae-2d": Recipe(
            "vae", {"latent_dim": 2, "hidden": (256, 128)}, 20, eval={"nll_samples": 100}
        ),
        "cvae": Recipe(
            "cvae", {"latent_dim": 8, "hidden": (512, 256)}, 30, eval={"nll_samples": 100}
        ),
        "vqvae": Recipe("vqvae", epochs=8, lr=1e-3),
        "pixelcnn": Recipe("pixelcnn", {"class_conditional": True}, epochs=5, base="vqvae"),
        # the one-level VQ-VAE's bottom (7x7 grid, 128 codes) under a 4x4 level of 64 codes;
        # the top-alone reconstruction (the default) makes the top level hold the digit, and
        # cost reconstruction that 12 epochs made up (MSE 0.0027 at 8)
        "vqvae2": Recipe("vqvae2", epochs=12),
        "pixelcnn2": Recipe(
            "pixelcnn2",
            {"class_conditional": True, "channels": 48, "layers": 8, "top_channels": 32},
            epochs=5,
            base="vqvae2",
        ),
        # image-to-image: pix2pix (L1 + adversarial) and the same U-Net on L1 alone, per task
        **{
            f"pix2pix-{task}{tail}": Recipe("pix2pix", {"task": task, "adv_weight": adv}, 5)
            for task in ("edges", "masked", "noisy")
            for tail, adv in (("", 1.0), ("-l1", 0.0))
        },
        # the defaults (hinge loss, spectral norm, two time-scale rates, minibatch standard
        # deviation, the generator's moving average), 65 epochs: Frechet 146 -> 48.0 and class
        # entropy 0.916 -> 0.981 ln 10 against genviz 0.1's DCGAN (60 epochs: 0.97995, 1e-4 short)
        "gan": Recipe("gan", epochs=65),
        # hinge loss, spectral norm, two time-scale rates and the generator's moving average
        # (the defaults) with an auxiliary class loss: 99.0% of samples are the digit asked
        # for after 20 epochs (93.1% after 8 with genviz 0.1's DCGAN)
        "cgan": Recipe("cgan", {"class_loss": 1.0, "mbstd": False}, epochs=20),
        # the course's own networks, as its notes train them (genviz.presets)
        "course-mlp-ae": Recipe.of_preset("course-mlp-ae"),
        "course-conv-ae": Recipe.of_preset("course-conv-ae"),
        "course-linear-ae": Recipe.of_preset("course-linear-ae"),
    },
    # Fashion-MNIST: the MNIST recipes where they carry over, smaller VAEs (the 40 MB budget),
    # a longer conv AE (clothes have more detail than digits) and the cGAN's MNIST recipe
    "fashion-mnist": {
        "classifier": Recipe("classifier", epochs=15),
        "ae-2d": Recipe("ae", {"latent_dim": 2, "hidden": (256, 128)}, epochs=20),
        "ae-conv": Recipe(
            "ae",
            {"arch": "conv", "channels": (32, 64, 128), "latent_dim": 32},
            30,
            eval={"pca_k": 30},
        ),
        "dae": Recipe("dae", {"channels": (32, 64, 128), "latent_dim": 32, "noise_level": 0.5}, 15),
        "vae": Recipe("vae", {"latent_dim": 20, "hidden": (400,)}, 50, eval={"nll_samples": 100}),
        "vae-2d": Recipe("vae", {"latent_dim": 2, "hidden": (400,)}, 20, eval={"nll_samples": 100}),
        "cvae": Recipe("cvae", {"latent_dim": 8, "hidden": (400,)}, 30, eval={"nll_samples": 100}),
        "vqvae": Recipe("vqvae", epochs=8, lr=1e-3),
        "pixelcnn": Recipe("pixelcnn", {"class_conditional": True}, epochs=5, base="vqvae"),
        "cgan": Recipe("cgan", {"class_loss": 1.0, "mbstd": False}, epochs=20),
        "ae-3d": Recipe.of_preset("course-ae-3d"),  # the notes' 3-D latent space
    },
}


def recipes(dataset: str, only: list[str] | None = None) -> dict[str, Recipe]:
    """A dataset's recipes (or the named ones), with a sentence for an unknown name."""
    if dataset not in RECIPES:
        raise GenvizError(f"no recipes for {dataset}; choose from {', '.join(RECIPES)}.")
    found = RECIPES[dataset]
    unknown = sorted(set(only or []) - set(found))
    if unknown:
        raise GenvizError(
            f"no recipe named {', '.join(unknown)} for {dataset}; choose from {', '.join(found)}."
        )
    return {n: r for n, r in found.items() if only is None or n in only}


def made_by(meta: dict, recipe: Recipe) -> bool:
    """Whether a checkpoint's JSON says it was trained by `recipe` (kind, options, settings)."""
    if meta.get("kind") != recipe.kind:
        return False
    # a checkpoint older than a field trained with its legacy value
    config = {**family(recipe.kind).Config.legacy, **meta.get("config", {})}
    train = meta.get("train", {})
    same_options = all(
        config.get(k) == (list(v) if isinstance(v, tuple) else v) for k, v in recipe.options.items()
    )
    lr = train.get("lr")
    return (
        same_options
        and train.get("weight_decay", 0.0) == recipe.weight_decay
        and train.get("epochs_asked", train.get("epochs")) == recipe.epochs
        and train.get("batch_size") == recipe.batch_size
        and (recipe.lr is None or lr == recipe.lr)
        and meta.get("seed") == 0
    )


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
        base = checkpoint.load(out / recipe.base) if recipe.base else None
        train_and_save(
            recipe.kind,
            dataset,
            recipe.options,
            recipe.settings(device),
            out / name,
            base=base,
            root=data_root,
            origin=f"zoo: {dataset}/{name}",
            on_epoch=None if on_epoch is None else (lambda m, ev, n=name: on_epoch(n, m, ev)),
        )
        measure(out / name, data_root, **recipe.eval)
        log(f"{name}: {time.perf_counter() - began:.0f} s")
    # the pictures after every training: UMAP's numba threads keep spinning once they have
    # run, and a training after them in the same process ran many times slower
    for name in chosen:
        pictures.ship(out / name, data_root)
    precompute(dataset, root, data_root, log)  # the set changed: its shipped views too
    return time.perf_counter() - start


def measure(path: str | Path, data_root=None, **options) -> dict:
    """Evaluate a shipped checkpoint on the whole test set and store the figures in its JSON;
    a sampler is judged by the classifier shipped beside it."""
    ckpt = checkpoint.load(path)
    test = data.load_dataset(ckpt.dataset, "test", root=data_root)
    train = (
        data.load_dataset(ckpt.dataset, "train", root=data_root) if ckpt.model.can.encode else None
    )
    judge_path = Path(path).parent / "classifier"
    judge = None
    can = ckpt.model.can
    judged = can.sample or can.translate or can.hierarchy
    if judged and judge_path.with_suffix(".json").is_file():
        judge = checkpoint.load(judge_path).model
    result = metrics.evaluate(ckpt.model, test, train, classifier=judge, **options)
    checkpoint.update_meta(path, metrics={**ckpt.meta.get("metrics", {}), **result})
    return result


def precompute(
    dataset: str,
    root: str | Path = "checkpoints",
    data_root=None,
    log: Callable[[str], None] = lambda line: None,
) -> Path:
    """Compute, for a shipped set, every view the app opens on that is the same for everyone
    (genviz.showcase), into <root>/<dataset>/precomputed: a first visit then reads files."""
    from genviz import showcase, store

    folder = Path(root) / dataset
    shipped = showcase.shipped_folder(folder)
    if shipped.is_dir():
        shutil.rmtree(shipped)  # results of earlier weights would only linger
    load = functools.partial(data.load_dataset, root=data_root)
    train, test = load(dataset, "train"), load(dataset, "test")
    names = [n for n in RECIPES[dataset] if (folder / f"{n}.json").is_file()]
    models = {n: checkpoint.load(folder / n) for n in names}
    judge = next((c for c in models.values() if c.model.can.judge), None)
    with store.precomputing(shipped):
        for name, ckpt in models.items():
            _precompute_model(ckpt, judge, train, test, data_root)
            log(f"{name}: precomputed")
        denoisers = [c for c in models.values() if c.model.can.denoise]
        if denoisers and "ae-conv" in models:  # the Denoise page's opening pair
            pair = {c.path.name: c for c in (denoisers[0], models["ae-conv"])}
            for noise in data.NOISES:
                showcase.denoise_curve(pair, test.floats(slice(0, 500)), noise)
        showcase.pca_curve(train.take(10_000), test.take(2_000), shipped)
        sweep = (*showcase.sweep_splits(dataset, load), showcase.SWEEP_BETAS)
        showcase.beta_sweep(*sweep, showcase.sweep_epochs(dataset), shipped)
        log("pca curve and KL sweep: precomputed")
        for label in range(train.num_classes):
            showcase.anomaly_scores(train, test, label, showcase.anomaly_epochs(dataset), shipped)
        log("one-class anomaly scores: precomputed")
    return shipped


def _precompute_model(ckpt, judge, train, test, data_root=None) -> None:
    """One shipped model's views: its preview, and what its pages open on."""
    from genviz import showcase

    showcase.preview(ckpt, test)
    can = ckpt.model.can
    if can.codebook:
        showcase.code_usage(ckpt, test)
    if can.hierarchy:
        for level in ("top", "bottom"):
            showcase.code_usage(ckpt, test, level)
    if can.prior:
        labels = range(ckpt.model.config.num_classes) if can.conditional else [None]
        for label in labels:
            for j in (None, judge):
                showcase.prior_samples(ckpt, j, 0, 1.0, label)
    if can.encode and can.latent == "vector":
        part = test.take(min(pictures.DEFAULT_POINTS, len(test)))
        showcase.familiarity_yardstick(ckpt, metrics.embed(ckpt.model, part), part)
        showcase.reconstruction_mse(ckpt, test.take(2_000))
        n_train, n_test = showcase.USES_SPLITS
        showcase.latent_uses(ckpt, train.take(n_train), test.take(n_test))
        if not can.conditional:  # the probe against each foreign set on disk
            present = data.available(data_root)
            for foreign in ood.foreign_sets(ckpt.dataset, present):
                load = functools.partial(data.load_dataset, root=data_root)
                splits = showcase.ood_splits(ckpt.dataset, foreign, load)
                showcase.ood_probe(ckpt, *splits)


TABLE_HEAD = (
    "| name | kind | MSE | kNN-5 | kind's own figure | fidelity | confident (>= 0.9) "
    "| class entropy (max {max:.3f}) | Fréchet | size |",
    "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |",
)


def describe(meta: dict) -> str:
    """A model in a few words: 'ae (conv, 32-D)', 'vqvae (7x7 codes, 128)'."""
    kind, config = meta["kind"], meta["config"]
    words = []
    if config.get("arch") and kind not in ("gan", "cgan", "classifier"):
        words.append(config["arch"])
    if kind == "dae":
        words.append(f"{config.get('noise')} {config.get('noise_level')}")
    if config.get("latent_dim") and kind not in ("gan", "cgan"):
        words.append(f"{config['latent_dim']}-D")
    if kind == "vqvae":
        words.append(f"{config.get('codebook_size')} codes")
    if kind == "vqvae2":
        words.append(
            f"{config.get('top_codebook_size')} top, {config.get('codebook_size')} bottom codes"
        )
    if kind in ("pixelcnn", "pixelcnn2") and config.get("class_conditional"):
        words.append("class-conditional")
    if kind == "pix2pix":
        words.append(config.get("task", "?"))
        words.append("L1 + adversarial" if config.get("adv_weight", 1.0) > 0 else "L1 alone")
    return f"{kind} ({', '.join(words)})" if words else kind


def own_figure(meta: dict) -> str:
    """The figure that belongs to the kind, as the README's tables show it."""
    m = meta.get("metrics", {})
    if "accuracy" in m:
        return f"accuracy {m['accuracy']:.1%}"
    if "denoised_psnr" in m:
        return f"PSNR {m['noisy_psnr']:.2f} → {m['denoised_psnr']:.2f} dB"
    if "nll" in m:
        return f"NLL {m['nll']:.2f} nats ({m.get('nll_samples')} samples, {m.get('nll_data')})"
    if "codes_used_top" in m:
        return (
            f"codes used {m['codes_used_top']}/{m['codebook_size_top']} top, "
            f"{m['codes_used_bottom']}/{m['codebook_size_bottom']} bottom"
        )
    if "l1" in m:
        acc = f", classifier {m['output_accuracy']:.1%}" if "output_accuracy" in m else ""
        return f"L1 {m['l1']:.4f} (input {m['input_l1']:.4f}){acc}"
    if "codes_used" in m:
        return (
            f"{m['codes_used']}/{m['codebook_size']} codes used, perplexity {m['perplexity']:.1f}"
        )
    if "bits_per_code" in m:
        return f"{m['bits_per_code']:.2f} bits/code"
    return "–"


def table(folder: str | Path) -> list[str]:
    """The README's table of a shipped set: one markdown row per checkpoint, from its JSON."""
    rows, top = [], 0.0
    for path in sorted(Path(folder).glob("*.json")):
        meta = json.loads(path.read_text())
        m = meta.get("metrics", {})
        top = max(top, m.get("class_entropy_max", 0.0))

        def cell(key, form, m=m):
            return format(m[key], form) if key in m else "–"

        size = checkpoint.weights_file(path, meta).stat().st_size / 1024
        cells = [
            f"`{path.stem}`",
            describe(meta),
            cell("mse", ".4f"),
            cell("knn5_acc", ".3f"),
            own_figure(meta),
            cell("fidelity", ".1%"),
            cell("confident_share", ".1%"),
            cell("class_entropy", ".3f"),
            cell("frechet", ".1f"),
            f"{size:.0f} KB",
        ]
        rows.append("| " + " | ".join(cells) + " |")
    return [TABLE_HEAD[0].format(max=top), TABLE_HEAD[1], *rows]
