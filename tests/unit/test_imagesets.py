"""A user's own data: a folder of images (classes from subfolders, train/ and test/ folders or a
held-out tenth, any size and mode brought to one, decoded once into a cache), an .npz file
read without unpickling, the generated `shapes` set with its factors, and every family
training on colour images. Every bad input gets one sentence."""

import json

import numpy as np
import pytest
import torch
from conftest import TINY
from PIL import Image

from genviz import data, imagesets, shapes
from genviz.cli import main
from genviz.errors import GenvizError
from genviz.models import KINDS, REGISTRY
from genviz.workflow import Settings, train_and_save


def picture(path, size=(20, 24), mode="RGB", seed=0):
    rng = np.random.default_rng(seed)
    a = rng.integers(0, 256, (*size[::-1], 3), dtype=np.uint8)
    path.parent.mkdir(parents=True, exist_ok=True)
    Image.fromarray(a).convert(mode).save(path)
    return path


@pytest.fixture(autouse=True)
def fresh():
    imagesets.forget()


@pytest.fixture
def classes(tmp_path):
    """Two classes of colour images of two sizes, with a broken file and a stray text file."""
    root = tmp_path / "pets"
    for c, n in (("cat", 12), ("dog", 8)):
        for i in range(n):
            picture(root / c / f"{i}.png", (20, 24) if i % 3 else (40, 30), seed=i)
    (root / "cat" / "broken.png").write_bytes(b"not an image")
    (root / "notes.txt").write_text("not an image either")
    return root


def test_a_folder_of_classes_gives_labels_a_held_out_tenth_and_one_size(classes):
    train, test = data.load_dataset(str(classes), "train"), data.load_dataset(str(classes), "test")
    assert train.class_names == ("cat", "dog") and len(train) + len(test) == 20
    assert len(test) == 3 and train.image_shape == (3, 20, 20)  # a tenth of the 21 files; the
    # most common shorter side
    assert train.style == "photo" and train.name.endswith("pets?size=20")
    assert sorted(torch.cat([train.labels, test.labels]).tolist()) == [0] * 12 + [1] * 8
    assert imagesets.skipped(train.name) == 1  # the broken file, said once


def test_a_folder_is_decoded_once(classes, monkeypatch):
    first = data.load_dataset(str(classes), "train")
    imagesets._folder.cache_clear()
    monkeypatch.setattr(imagesets, "_decode", lambda *a: pytest.fail("decoded again"))
    again = data.load_dataset(first.name, "train")
    assert torch.equal(first.images, again.images)
    cache = list((classes / imagesets.CACHE).glob("*/images.npy"))
    assert len(cache) == 1 and np.load(cache[0], mmap_mode="r").shape[0] == 21  # one unused


def test_options_make_it_grey_and_another_size(classes):
    name = data.named(str(classes), 16, True)
    part = data.load_dataset(name, "train")
    assert part.image_shape == (1, 16, 16) and part.name == name
    assert data.title(name) == "pets 16 px grey"


def test_train_and_test_folders_give_the_split_and_a_flat_folder_one_class(tmp_path):
    for split, n in (("train", 5), ("test", 3)):
        for i in range(n):
            picture(tmp_path / "set" / split / "a" / f"{i}.jpg", seed=i)
    assert len(data.load_dataset(str(tmp_path / "set"), "test")) == 3
    for i in range(4):
        picture(tmp_path / "flat" / f"{i}.webp", seed=i)
    flat = data.load_dataset(str(tmp_path / "flat"), "train")
    assert flat.class_names == ("flat",) and len(flat) == 3


def test_any_mode_is_read_and_a_transparent_background_is_black(tmp_path):
    root = tmp_path / "modes"
    picture(root / "cmyk.jpg", mode="CMYK")
    picture(root / "grey.png", mode="L")
    picture(root / "palette.png", mode="P")
    Image.fromarray(np.full((20, 20), 60000, np.uint16)).save(root / "deep.png")  # 16-bit
    clear = np.zeros((20, 20, 4), np.uint8)
    clear[5:15, 5:15] = (255, 0, 0, 255)  # a red square on a transparent sheet
    Image.fromarray(clear).save(root / "alpha.png")
    found = torch.cat([data.load_dataset(str(root), s).images for s in ("train", "test")])
    assert len(found) == 5 and found.dtype == torch.uint8
    assert found.amax((1, 2, 3)).min() > 0  # each has something, the 16-bit one scaled
    plain = imagesets.open_image(root / "alpha.png", 20, False)
    assert plain[:, 0, 0].tolist() == [0, 0, 0] and plain[:, 10, 10].tolist() == [255, 0, 0]


@pytest.mark.parametrize(
    "make, message",
    [
        (lambda root: None, "holds no PNG, JPEG or WebP image"),
        (lambda root: picture(root / "one.png"), "needs at least two"),
        (lambda root: [(root / f"{i}.png").write_bytes(b"") for i in range(50)], "only 0 of"),
        (lambda root: picture(root / "train" / "a.png"), "train/ or a test/|but not the other"),
    ],
    ids=["empty", "one image", "empty files", "one split"],
)
def test_a_folder_that_cannot_be_a_dataset_gets_one_sentence(tmp_path, make, message):
    root = tmp_path / "bad"
    root.mkdir()
    make(root)
    with pytest.raises(GenvizError, match=message):
        data.load_dataset(str(root), "train")


def test_a_folder_that_cannot_be_written_caches_under_genviz(classes, tmp_path, monkeypatch):
    monkeypatch.setenv("GENVIZ_CACHE", str(tmp_path / "cache"))
    monkeypatch.setattr(imagesets.Path, "mkdir", _refuse_inside(classes))
    part = data.load_dataset(str(classes), "train")
    assert len(part) == 17 and not (classes / imagesets.CACHE).exists()
    assert list((tmp_path / "cache" / "datasets").glob("*/*/images.npy"))


def _refuse_inside(root):
    real = imagesets.Path.mkdir

    def mkdir(self, *a, **k):
        if self.is_relative_to(root):
            raise PermissionError("read-only")
        return real(self, *a, **k)

    return mkdir


def test_an_npz_of_colour_images_with_labels_and_names(tmp_path):
    rng = np.random.default_rng(0)
    images = rng.integers(0, 256, (30, 16, 16, 3), dtype=np.uint8)
    path = tmp_path / "mine.npz"
    np.savez(path, images=images, labels=np.arange(30) % 3, class_names=np.array(["a", "b", "c"]))
    train, test = data.load_dataset(str(path), "train"), data.load_dataset(str(path), "test")
    assert train.image_shape == (3, 16, 16) and len(train) + len(test) == 30 and len(test) == 3
    assert train.class_names == ("a", "b", "c")
    grey = data.load_dataset(data.named(str(path), 8, True), "train")
    assert grey.image_shape == (1, 8, 8)


@pytest.mark.parametrize(
    "arrays, message",
    [
        ({"pixels": np.zeros((4, 8, 8), np.uint8)}, "no 'images' array"),
        ({"images": np.zeros((4, 8, 8), np.float32)}, "not uint8"),
        ({"images": np.zeros((4, 8), np.uint8)}, "give \\(N, H, W\\)"),
        ({"images": np.zeros((4, 8, 12), np.uint8)}, "square images"),
        ({"images": np.zeros((4, 8, 8), np.uint8), "labels": np.array([0, 1])}, "one per image"),
        (
            {
                "images": np.zeros((4, 8, 8), np.uint8),
                "labels": np.arange(4),
                "class_names": np.array(["a"]),
            },
            "one for each of the 4 labels",
        ),  # fmt: skip
        ({"images": np.array([{"x": 1}] * 4, dtype=object)}, "never unpickles"),
    ],
    ids=["no images", "floats", "shape", "not square", "labels", "names", "pickled"],
)
def test_an_npz_that_cannot_be_a_dataset_gets_one_sentence(tmp_path, arrays, message):
    path = tmp_path / "bad.npz"
    np.savez(path, **arrays)
    with pytest.raises(GenvizError, match=message):
        data.load_dataset(str(path), "train")


def test_a_name_that_is_neither_built_in_nor_a_path_says_so():
    with pytest.raises(GenvizError, match="nor a folder of images, nor an .npz"):
        data.named("no/such/folder")
    with pytest.raises(GenvizError, match="one size and one colour"):
        data.named("mnist", 32)


def test_shapes_holds_every_combination_once_with_its_factors():
    train, test = shapes.load("train"), shapes.load("test")
    assert len(train) + len(test) == np.prod(shapes.factor_sizes()) == 18_432
    assert len(test) == round(0.1 * 18_432) and train.image_shape == (3, 32, 32)
    assert train.factor_names == shapes.FACTORS and train.factors.shape == (len(train), 6)
    assert torch.equal(train.labels, train.factors[:, 0]) and train.class_names == shapes.SHAPES
    part = train.take(torch.tensor([3, 1]))
    assert torch.equal(part.factors, train.factors[[3, 1]])  # factors follow a subset
    colours = part.images.flatten(2).amax(2)  # (2, 3): the shape's colour, on black
    for row, f in zip(colours, part.factors):
        want = torch.tensor(list(shapes.COLOURS.values())[f[1]])
        assert (row.float() - want).abs().max() <= 2
    assert data.load_dataset("shapes", "test").factors.shape == (len(test), 6)


def trained_bases(split_name, tmp_path):
    """The models the priors are built on (VQ models, an autoencoder), trained for one epoch
    on the split."""
    found = {}
    for kind in ("vqvae", "vqvae2", "ae"):
        target = tmp_path / kind
        train_and_save(kind, split_name, TINY[kind], Settings(epochs=1, batch_size=8), target)
        found[kind] = target
    return found


@pytest.mark.parametrize("kind", KINDS)
def test_every_family_trains_on_a_folder_of_colour_images(kind, classes, tmp_path):
    from genviz import checkpoint

    options = dict(TINY[kind])
    base = None
    needs = REGISTRY[kind].caps.built_on
    if needs is not None:
        base_kind = {"codebook": "vqvae", "hierarchy": "vqvae2", "vector": "ae"}[needs]
        base = checkpoint.load(trained_bases(str(classes), tmp_path)[base_kind])
        options.pop(REGISTRY[kind].base_field, None)
    trained = train_and_save(
        kind, str(classes), options, Settings(epochs=1, batch_size=8), tmp_path / kind, base=base
    )
    assert trained.model.config.image_shape == (3, 20, 20)
    meta = json.loads((tmp_path / f"{kind}.json").read_text())
    assert meta["dataset"].endswith("pets?size=20") and meta["history"]


def test_the_command_line_trains_on_a_folder_made_small_and_grey(classes, tmp_path, capsys):
    argv = ["train", "ae", "--dataset", str(classes), "--image-size", "12", "--grey",
            "--epochs", "1", "--hidden", "8", "--quiet", "--out", str(tmp_path)]  # fmt: skip
    assert main(argv) == 0
    meta = json.loads(next(tmp_path.glob("ae-*.json")).read_text())
    assert meta["image_shape"] == [1, 12, 12] and meta["dataset"].endswith("pets?size=12&grey=true")
    assert main(["train", "ae", "--dataset", str(tmp_path / "none")]) == 2
    assert "unknown dataset" in capsys.readouterr().err


@pytest.mark.parametrize("kind", KINDS)
def test_every_family_trains_on_shapes(kind):
    from genviz.models import build_for
    from genviz.train import fit

    part = shapes.load("train").take(96)
    options = dict(TINY[kind])
    base = None
    needs = REGISTRY[kind].caps.built_on
    if needs is not None:
        base_kind = {"codebook": "vqvae", "hierarchy": "vqvae2", "vector": "ae"}[needs]
        base = build_for(base_kind, part, options.pop(REGISTRY[kind].base_field))
    model = build_for(kind, part, options, base)
    history = fit(model, part, epochs=1, batch_size=32, seed=0).history
    assert model.config.image_shape == (3, 32, 32) and all(map(np.isfinite, history[0].values()))


def test_a_folder_of_grey_images_keeps_one_channel(tmp_path):
    for i in range(6):
        picture(tmp_path / "ink" / "a" / f"{i}.png", (16, 16), mode="L", seed=i)
    part = data.load_dataset(str(tmp_path / "ink"), "train")
    assert part.image_shape == (1, 16, 16)
