"""Recipes: a kind, its options and how to train it. One type serves the shipped sets (each
shipped checkpoint is a recipe run through the one training workflow with seed 0) and the
course's own networks (`COURSE`: each reproduces a network of the course's notes, layer by
layer, with the notes' loss, optimiser (Adam), learning rate, epochs and batch size; the
Train page and `train --preset NAME` start from them)."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field

from genviz.errors import GenvizError
from genviz.models import GenModel, build, family
from genviz.workflow import Settings

# the course's datasets are 28x28 grey with ten classes (MNIST, Fashion-MNIST)
COURSE_SHAPE, COURSE_CLASSES = (1, 28, 28), 10


@dataclass(frozen=True)
class Recipe:
    kind: str
    options: dict = field(default_factory=dict)  # the model's config
    epochs: int = 10
    batch_size: int = 128
    lr: float | None = None  # None: the family's default
    weight_decay: float = 0.0
    base: str | None = None  # the set's model it is built on (a prior's VQ-VAE)
    eval: dict = field(default_factory=dict)  # options of metrics.evaluate, e.g. nll_samples
    dataset: str | None = None  # a course network's dataset (a shipped set's is its folder)
    notes: str = ""  # what the course's notes do, in a line
    replay: bool = True  # ship the latent map's replay over training (False: the budget)
    seed: int = 0

    def settings(self, **changes) -> Settings:
        """The training settings of the recipe; `changes` set the rest (device, half...)."""
        given = {"epochs": self.epochs, "batch_size": self.batch_size, "lr": self.lr}
        return Settings(
            **{**given, "weight_decay": self.weight_decay, "seed": self.seed, **changes}
        )

    def given(self) -> dict:
        """The training settings the recipe fixes (lr None: the family's), for a form."""
        found = {"epochs": self.epochs, "batch_size": self.batch_size, "lr": self.lr}
        return {**found, "weight_decay": self.weight_decay}

    def build(self, **options) -> GenModel:
        """A course network, untrained (options override its own), without loading any data."""
        merged = {**self.options, **options}
        return build(self.kind, image_shape=COURSE_SHAPE, num_classes=COURSE_CLASSES, **merged)


COURSE: dict[str, Recipe] = {
    "course-mlp-ae": Recipe(
        "ae",
        {"hidden": (256, 128), "latent_dim": 20, "activation": "leaky_relu"},
        epochs=20,
        lr=1e-3,
        dataset="mnist",
        notes="784-256-128-20, LeakyReLU(0.2), sigmoid output, squared error",
    ),
    "course-conv-ae": Recipe(
        "ae",
        {
            "arch": "course-conv",
            "channels": (8, 16, 32),
            "hidden": (128,),
            "latent_dim": 4,
            "activation": "relu",
        },  # fmt: skip
        epochs=30,
        batch_size=256,
        lr=1e-3,
        weight_decay=1e-5,
        dataset="mnist",
        notes="Conv 1-8-16-32 (stride 2, batch norm), 3x3x32 -> 128 -> 4, mirrored decoder",
    ),
    "course-vae-200": Recipe(
        "vae",
        {"hidden": (400, 400), "latent_dim": 200, "activation": "leaky_relu"},
        epochs=20,
        lr=1e-3,
        dataset="mnist",
        notes="784-400-400-200, LeakyReLU(0.2), binary cross-entropy + KL",
    ),
    "course-ae-3d": Recipe(
        "ae",
        {"hidden": (128, 64, 12), "latent_dim": 3, "activation": "relu"},
        epochs=10,
        batch_size=64,
        lr=5e-3,
        dataset="fashion-mnist",
        notes="784-128-64-12-3, ReLU, sigmoid output, squared error; lr 0.005, 10 epochs, batch 64",
    ),
    "course-vae": Recipe(
        "vae",
        {"hidden": (400,), "latent_dim": 20, "activation": "relu"},
        epochs=10,
        lr=1e-3,
        dataset="mnist",
        notes="784-400-20, ReLU, binary cross-entropy + KL; 10 epochs, batch 128, lr 1e-3",
    ),
    "course-linear-ae": Recipe(
        "ae",
        {"hidden": (), "latent_dim": 16, "activation": "linear", "output": "linear"},
        epochs=20,
        lr=1e-3,
        dataset="mnist",
        notes="784-16-784, no activation at all: it learns PCA's subspace",
    ),
}


def course(name: str) -> Recipe:
    """One of the course's networks, by name."""
    if name not in COURSE:
        raise GenvizError(f"no preset named {name}; choose from {', '.join(COURSE)}.")
    return COURSE[name]


SHAPES_NET = {"arch": "conv", "channels": (32, 64, 128), "latent_dim": 10}

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
    # sized for a 2-core CPU (docs/models.md); the 1000-sample likelihood is measured where
    # the bar asks for it, 100 samples elsewhere
    "mnist": {
        "classifier": Recipe("classifier", epochs=6),
        # a second judge of the samplers, independent of the first: another architecture (an
        # MLP), another seed
        "judge2": Recipe("classifier", {"arch": "mlp", "hidden": (256,)}, epochs=10, seed=1),
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
        # 12 epochs: 92.2% of samples confident by the shipped classifier and 91.1% by the
        # second judge (5 epochs: 90.5% and 88.7%)
        "pixelcnn": Recipe("pixelcnn", {"class_conditional": True}, epochs=12, base="vqvae"),
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
        # flow matching and diffusion on small U-Nets told the noise level and the class, with
        # classifier-free guidance; the diffusion U-Net is narrower (16-32-48: the budget)
        "flow": Recipe("flow", epochs=15, replay=False),
        "diffusion": Recipe(
            "diffusion", {"channels": (16, 32, 48)}, epochs=8, replay=False, eval={"samples": 2000}
        ),
        # a learned prior over the conv AE's 32-d latent by flow matching (a 128-wide MLP, 61 s
        # on one thread): Frechet 15.3 against 104.6 for a Gaussian fitted to the same latents;
        # and one over the 2-D AE's latent, whose samples travel on its map
        "latent-flow": Recipe(
            "latent-flow", {"hidden": 128, "layers": 3}, epochs=10, base="ae-conv", replay=False
        ),
        "latent-flow-2d": Recipe(
            "latent-flow", {"hidden": 64, "layers": 3}, epochs=10, base="ae-2d", replay=False
        ),
        # the course's own networks, as its notes train them
        "course-mlp-ae": COURSE["course-mlp-ae"],
        "course-conv-ae": COURSE["course-conv-ae"],
        "course-linear-ae": COURSE["course-linear-ae"],
        # the course's 784-400-20 VAE (as lesson 6 trains it), without its replay; its
        # 784-400-400-200 VAE is a preset only: with the diffusion chapter shipped, its 2.4 MB
        # did not fit the 48 MiB budget (counted in 4 KB disk blocks)
        "course-vae": dataclasses.replace(COURSE["course-vae"], replay=False),
    },
    # Fashion-MNIST: the MNIST recipes where they carry over, smaller VAEs (the budget), a
    # longer conv AE (clothes have more detail than digits) and the cGAN's MNIST recipe
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
        "ae-3d": COURSE["course-ae-3d"],  # the notes' 3-D latent space
        # flow matching on MNIST's diffusion U-Net (16-32-48: the budget), ten epochs
        "flow": Recipe(
            "flow", {"channels": (16, 32, 48)}, epochs=10, replay=False, eval={"samples": 2000}
        ),
    },
    # shapes (32x32 colour, six known factors): a conv AE, a VAE and a beta-VAE alike in all
    # else (latent 10, conv 32-64-128), to score which factor each latent dimension holds
    "shapes": {
        "classifier": Recipe("classifier", epochs=3),
        # with batch norm: without it, squared error through a sigmoid on these mostly black
        # images drove every output to black by the second epoch (and never back)
        "ae-conv": Recipe("ae", {**SHAPES_NET, "batch_norm": True}, epochs=30, replay=False),
        "vae": Recipe("vae", {**SHAPES_NET}, epochs=30, eval={"nll_samples": 100}, replay=False),
        "beta-vae": Recipe(
            "vae", {**SHAPES_NET, "beta": 4.0}, epochs=30, eval={"nll_samples": 100}, replay=False
        ),
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
        and meta.get("seed") == recipe.seed
    )
