"""The course's own networks, layer by layer: each preset is a model kind with its options and
the settings its notes train it with (optimiser Adam throughout). `train --preset NAME` and the
Train page's preset picker start from them; any option can still be changed."""

from __future__ import annotations

from dataclasses import dataclass, field

from genviz.errors import GenvizError
from genviz.models import GenModel
from genviz.models import build as build_kind
from genviz.workflow import Settings

# every preset's dataset is 28x28 grey with ten classes (MNIST, Fashion-MNIST)
IMAGE_SHAPE, CLASSES = (1, 28, 28), 10


@dataclass(frozen=True)
class Preset:
    kind: str
    dataset: str
    options: dict
    settings: dict = field(default_factory=dict)  # Settings' fields: epochs, batch_size, lr...
    notes: str = ""  # what the course's notes do, in a line


PRESETS: dict[str, Preset] = {
    "course-mlp-ae": Preset(
        "ae",
        "mnist",
        {"hidden": (256, 128), "latent_dim": 20, "activation": "leaky_relu"},
        {"epochs": 20, "batch_size": 128, "lr": 1e-3},
        "784-256-128-20, LeakyReLU(0.2), sigmoid output, squared error",
    ),
    "course-conv-ae": Preset(
        "ae",
        "mnist",
        {
            "arch": "course-conv",
            "channels": (8, 16, 32),
            "hidden": (128,),
            "latent_dim": 4,
            "activation": "relu",
        },  # fmt: skip
        {"epochs": 30, "batch_size": 256, "lr": 1e-3, "weight_decay": 1e-5},
        "Conv 1-8-16-32 (stride 2, batch norm), 3x3x32 -> 128 -> 4, mirrored decoder",
    ),
    "course-vae-200": Preset(
        "vae",
        "mnist",
        {"hidden": (400, 400), "latent_dim": 200, "activation": "leaky_relu"},
        {"epochs": 20, "batch_size": 128, "lr": 1e-3},
        "784-400-400-200, LeakyReLU(0.2), binary cross-entropy + KL",
    ),
    "course-ae-3d": Preset(
        "ae",
        "fashion-mnist",
        {"hidden": (128, 64, 12), "latent_dim": 3, "activation": "relu"},
        {"epochs": 10, "batch_size": 64, "lr": 5e-3},
        "784-128-64-12-3, ReLU, sigmoid output, squared error; lr 0.005, 10 epochs, batch 64",
    ),
    "course-vae": Preset(
        "vae",
        "mnist",
        {"hidden": (400,), "latent_dim": 20, "activation": "relu"},
        {"epochs": 10, "batch_size": 128, "lr": 1e-3},
        "784-400-20, ReLU, binary cross-entropy + KL; 10 epochs, batch 128, lr 1e-3",
    ),
    "course-linear-ae": Preset(
        "ae",
        "mnist",
        {"hidden": (), "latent_dim": 16, "activation": "linear", "output": "linear"},
        {"epochs": 20, "batch_size": 128, "lr": 1e-3},
        "784-16-784, no activation at all: it learns PCA's subspace",
    ),
}


def preset(name: str) -> Preset:
    if name not in PRESETS:
        raise GenvizError(f"no preset named {name}; choose from {', '.join(PRESETS)}.")
    return PRESETS[name]


def settings(name: str, **overrides) -> Settings:
    return Settings(**{**preset(name).settings, **overrides})


def build(name: str, **options) -> GenModel:
    """The preset's untrained network (options override its own), without loading any data."""
    chosen = preset(name)
    return build_kind(
        chosen.kind,
        image_shape=IMAGE_SHAPE,
        num_classes=CLASSES,
        **{**chosen.options, **options},
    )
