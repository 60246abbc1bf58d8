"""Shared fixtures: tiny model configs, the digits splits, and the real MNIST when present;
and the two lanes: `python -m pytest -q` runs every test not marked slow (everything under
tests/e2e/ is slow), `python -m pytest -q --full` runs them all."""

import json
import os
from pathlib import Path

import pytest
import torch

from genviz import data
from genviz.models import KINDS, build

ROOT = Path(__file__).resolve().parents[1]

# tiny configs, so every test trains in well under a second
TINY = {
    "ae": {"hidden": (32,), "latent_dim": 4},
    "dae": {"channels": (4, 8), "latent_dim": 4},
    "vae": {"hidden": (32,), "latent_dim": 4},
    "cvae": {"hidden": (32,), "latent_dim": 4},
    "vqvae": {"hidden": 16, "codebook_size": 16, "code_dim": 4},
    "pixelcnn": {
        "channels": 16,
        "layers": 2,
        "vqvae": {"hidden": 16, "codebook_size": 16, "code_dim": 4},
    },
    "vqvae2": {"hidden": 16, "codebook_size": 16, "top_codebook_size": 8, "code_dim": 4},
    "pixelcnn2": {
        "channels": 16,
        "layers": 2,
        "top_channels": 8,
        "top_layers": 2,
        "vqvae2": {"hidden": 16, "codebook_size": 16, "top_codebook_size": 8, "code_dim": 4},
    },
    "gan": {"channels": (8, 16), "latent_dim": 8},
    "cgan": {"channels": (8, 16), "latent_dim": 8},
    "pix2pix": {"channels": (4, 8), "d_channels": (8,)},
    "diffusion": {"channels": (8, 16), "cond_dim": 16, "steps": 4},
    "flow": {"channels": (8, 16), "cond_dim": 16, "steps": 4},
    "latent-flow": {
        "hidden": 16,
        "layers": 2,
        "steps": 4,
        "autoencoder": {"hidden": (32,), "latent_dim": 4},
    },  # fmt: skip
    "classifier": {"channels": (8, 16), "features": 16},
}
assert set(TINY) == set(KINDS), "give every registered kind a tiny test config"


def tiny(kind: str, image_shape=(1, 8, 8), **overrides):
    torch.manual_seed(0)
    return build(kind, image_shape=image_shape, num_classes=10, **{**TINY[kind], **overrides})


def edit_json(path, **changes):
    """Change fields of a checkpoint's JSON sidecar in place (to damage it on purpose)."""
    js = path.with_suffix(".json")
    meta = json.loads(js.read_text())
    meta.update(changes)
    js.write_text(json.dumps(meta))


def pytest_addoption(parser):
    parser.addoption(
        "--full",
        action="store_true",
        help="also the slow tests: the browser, torchrun, the classroom and the shipped bars",
    )


def pytest_collection_modifyitems(config, items):
    e2e = ROOT / "tests" / "e2e"
    for item in items:
        if Path(item.fspath).is_relative_to(e2e):
            item.add_marker(pytest.mark.slow)
    if config.getoption("--full"):
        return
    slow = [item for item in items if item.get_closest_marker("slow")]
    if slow:
        config.hook.pytest_deselected(items=slow)
        items[:] = [item for item in items if not item.get_closest_marker("slow")]


@pytest.fixture(scope="session")
def digits():
    return data.load_dataset("digits", "train")


@pytest.fixture(scope="session")
def digits_test():
    return data.load_dataset("digits", "test")


@pytest.fixture(scope="session")
def mnist_root():
    """The data root holding real MNIST (GENVIZ_DATA, else ../shared/data); skip if absent."""
    root = Path(os.environ.get("GENVIZ_DATA") or ROOT.parent / "shared" / "data")
    if not data.available(root)["mnist"]:
        pytest.skip(f"real MNIST is not under {root}")
    return root


@pytest.fixture(autouse=True)
def private_store(tmp_path, monkeypatch):
    """Results computed on the spot go to a folder of the test's own, never the user's cache
    (a result cached by an earlier run would hide a computation the test expects)."""
    from genviz import store

    monkeypatch.setattr(store, "cache_dir", lambda: tmp_path / "store")
