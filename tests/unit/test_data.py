"""Datasets: digits offline, real MNIST, the missing-files message, synthetic Fashion-MNIST."""

import struct
from pathlib import Path

import numpy as np
import pytest
import torch

from genviz import data
from genviz.errors import DatasetMissing, GenvizError


def test_digits_loads_offline_as_uint8(digits, digits_test):
    assert digits.images.dtype == torch.uint8
    assert digits.image_shape == (1, 8, 8)
    assert (len(digits), len(digits_test)) == (1437, 360)
    assert digits.images.max() == 255 and digits.images.min() == 0
    assert digits.class_names == tuple("0123456789")
    assert set(digits_test.labels.tolist()) == set(range(10))  # stratified: every class


def test_real_mnist_from_the_data_root(mnist_root):
    train = data.load_dataset("mnist", "train", root=mnist_root)
    test = data.load_dataset("mnist", "test", root=mnist_root)
    assert train.images.shape == (60000, 1, 28, 28) and train.images.dtype == torch.uint8
    assert len(test) == 10000
    assert torch.bincount(test.labels).tolist()[:3] == [980, 1135, 1032]  # the known test counts
    assert train.class_names[0] == "0"


def test_genviz_data_variable_sets_the_root(monkeypatch, tmp_path):
    monkeypatch.setenv("GENVIZ_DATA", str(tmp_path))
    assert data.data_root() == tmp_path
    assert data.data_root("elsewhere").name == "elsewhere"


def test_missing_files_name_the_folder_and_the_four_files(tmp_path):
    with pytest.raises(DatasetMissing) as err:
        data.load_dataset("kmnist", root=tmp_path)
    message = str(err.value)
    assert str(tmp_path / "KMNIST" / "raw") in message
    for name in data.IDX_FILES:
        assert name in message
    assert "python -m genviz download kmnist" in message
    assert data.available(tmp_path) == {
        "digits": True,
        "mnist": True,  # its shipped test split (testsets/)
        "fashion-mnist": True,
        "kmnist": False,
        "cifar10": False,
        "shapes": True,  # generated: always there
    }
    assert not data.has_train("mnist", tmp_path) and data.has_train("digits", tmp_path)


def write_idx(folder, split: str, images: np.ndarray, labels: np.ndarray) -> None:
    """Write IDX files as LeCun's format defines them (big-endian header, then uint8 data)."""
    folder.mkdir(parents=True, exist_ok=True)
    n, h, w = images.shape
    with open(folder / f"{split}-images-idx3-ubyte", "wb") as f:
        f.write(struct.pack(">IIII", 2051, n, h, w) + images.astype(np.uint8).tobytes())
    with open(folder / f"{split}-labels-idx1-ubyte", "wb") as f:
        f.write(struct.pack(">II", 2049, n) + labels.astype(np.uint8).tobytes())


def test_synthetic_fashion_mnist_reads_as_torchvision_reads_it(tmp_path):
    import torchvision

    rng = np.random.default_rng(0)
    raw = tmp_path / "FashionMNIST" / "raw"
    train_images = rng.integers(0, 256, (12, 28, 28))
    write_idx(raw, "train", train_images, np.arange(12) % 10)
    write_idx(raw, "t10k", rng.integers(0, 256, (5, 28, 28)), np.arange(5))
    train = data.load_dataset("fashion-mnist", "train", root=tmp_path)
    test = data.load_dataset("fashion-mnist", "test", root=tmp_path)
    assert train.images.shape == (12, 1, 28, 28) and len(test) == 5
    assert torch.equal(train.images[:, 0], torch.from_numpy(train_images.astype(np.uint8)))
    assert train.labels.tolist() == [i % 10 for i in range(12)]
    assert train.class_names[0] == "T-shirt/top" and train.class_names[9] == "Ankle boot"
    for split, ours in (("train", train), ("test", test)):  # genviz reads without torchvision
        theirs = torchvision.datasets.FashionMNIST(tmp_path, train=split == "train")
        assert torch.equal(ours.images[:, 0], theirs.data)
        assert torch.equal(ours.labels, theirs.targets) and ours.class_names == tuple(
            theirs.classes
        )


def test_damaged_idx_file_gives_a_sentence(tmp_path):
    raw = tmp_path / "KMNIST" / "raw"
    write_idx(raw, "train", np.zeros((3, 28, 28)), np.zeros(3))
    write_idx(raw, "t10k", np.zeros((3, 28, 28)), np.zeros(3))
    (raw / "train-images-idx3-ubyte").write_bytes(b"\x00\x00\x08\x03garbage")
    with pytest.raises(GenvizError, match="could not be read"):
        data.load_dataset("kmnist", root=tmp_path)


def test_unknown_dataset_and_split():
    with pytest.raises(GenvizError, match="not one of digits, mnist, .* nor a folder of images"):
        data.load_dataset("cifar")
    with pytest.raises(GenvizError, match="train or test"):
        data.load_dataset("digits", "valid")


@pytest.mark.parametrize("noise", data.NOISES)
def test_corruptions_stay_in_range_and_hit_the_asked_share(noise):
    x = torch.full((64, 1, 8, 8), 0.5)
    y = data.corrupt(x, noise, 0.3, torch.Generator().manual_seed(0))
    assert y.shape == x.shape and y.min() >= 0 and y.max() <= 1
    changed = (y != x).float().mean().item()
    if noise == "gaussian":
        assert changed > 0.95
    else:
        assert 0.25 < changed < 0.35
    assert torch.equal(data.corrupt(x, noise, 0.0), x)


def test_gaussian_noise_at_half_matches_the_issue_reference(mnist_root):
    """The issue quotes 9.4 dB for MNIST test images with sigma 0.5 (clipped) noise."""
    from genviz.analysis.metrics import per_image_mse, psnr

    x = data.load_dataset("mnist", "test", root=mnist_root).floats()
    noisy = data.corrupt(x, "gaussian", 0.5, torch.Generator().manual_seed(0))
    assert psnr(per_image_mse(noisy, x)).mean().item() == pytest.approx(9.4, abs=0.1)


@pytest.mark.parametrize(
    ("spec", "message"),
    [("blur:0.3", "unknown noise"), ("gaussian:x", "not a number"), ("mask:1.5", "out of range")],
)
def test_bad_noise_specs(spec, message):
    with pytest.raises(GenvizError, match=message):
        data.parse_noise(spec)
    assert data.parse_noise("salt-pepper:0.2") == ("salt-pepper", 0.2)


def test_a_failed_download_leaves_no_empty_dataset_folders(tmp_path, monkeypatch):
    import torchvision

    class Offline:
        def __init__(self, root, train, download):
            raw = Path(root) / "MNIST" / "raw"
            raw.mkdir(parents=True, exist_ok=True)
            (raw / "train-images-idx3-ubyte.gz").write_bytes(b"half a file")
            raise OSError("no internet")

    monkeypatch.setattr(torchvision.datasets, "MNIST", Offline)
    with pytest.raises(GenvizError, match="could not download mnist .*copy the four IDX files"):
        data.load_dataset("mnist", "train", root=tmp_path / "data", download=True)
    assert not (tmp_path / "data").exists()
    kept = tmp_path / "mine" / "MNIST" / "raw"
    kept.mkdir(parents=True)
    (kept / "notes.txt").write_text("mine")
    with pytest.raises(GenvizError):
        data.load_dataset("mnist", "train", root=tmp_path / "mine", download=True)
    assert (kept / "notes.txt").read_text() == "mine" and len(list(kept.iterdir())) == 1
