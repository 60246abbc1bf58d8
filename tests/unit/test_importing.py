"""Models and latents made elsewhere: a small VAE that is not a genviz class, trained a few steps,
exported with torch.export, imported as programs and as the user's own module, and opened by
capability; latents with no model; and every bad input as one sentence. A malicious .pt2
cannot run code: its pickles are never read and a graph that calls anything but an ATen
operator is refused."""

import io
import json
import textwrap
import zipfile

import numpy as np
import own_vae
import pytest
import torch
from own_vae import SHAPE, saved
from torch import nn

from genviz import checkpoint, data, importing, programs
from genviz.analysis import batches
from genviz.cli import main
from genviz.errors import GenvizError
from genviz.models import KINDS, build_for


@pytest.fixture(scope="module")
def own(tmp_path_factory):
    """The user's own VAE module on disk, trained a few steps on digits, with its weights and
    config; returns (folder, module instance)."""
    folder = tmp_path_factory.mktemp("own")
    return folder, own_vae.trained(folder)


@pytest.fixture(scope="module")
def exported(own):
    folder, vae = own
    return own_vae.exported(vae, folder)


def test_a_program_runs_as_torch_export_load_runs_it(exported):
    enc, _ = exported
    x = torch.rand(32, *SHAPE)
    ours = programs.module(programs.read(enc))(x)
    theirs = torch.export.load(enc).module()(x)
    assert all(torch.allclose(a, b, atol=1e-6) for a, b in zip(ours, theirs))


def test_an_exported_vae_opens_by_its_capabilities(own, exported, tmp_path):
    _, vae = own
    enc, dec = exported
    path = importing.import_programs(
        "digits", tmp_path / "mine", encoder=enc, decoder=dec, output="logits"
    )
    ckpt = checkpoint.load(path)  # from safetensors + JSON, graphs checked again
    model = ckpt.model
    assert model.kind == "imported" and ckpt.dataset == "digits"
    assert model.can.encode and model.can.decoder and model.can.sample
    for need in ("map", "vector", "sample", "decode"):
        assert model.can.fits(need), need
    test = data.load_dataset("digits", "test")
    z = batches.embed(model, test)  # 360 rows: batches of 32, the last one padded
    with torch.no_grad():
        assert torch.allclose(z, vae.encode(test.floats())[0], atol=1e-5)
        x = test.floats(slice(0, 5))
        want = torch.sigmoid(vae.decode(vae.encode(x)[0]))
    assert torch.allclose(model.reconstruct(x), want, atol=1e-5)
    drawn = model.sample(7, generator=torch.Generator().manual_seed(0))
    assert drawn.shape == (7, *SHAPE) and drawn.min() >= 0 and drawn.max() <= 1
    # it learned digits: reconstructions are closer to their own image than to the others'
    err = ((model.reconstruct(test.floats()) - test.floats()) ** 2).mean()
    assert err < ((test.floats() - test.floats().mean(0)) ** 2).mean()


def test_the_users_own_module_is_exported_once_and_imported(own, tmp_path, monkeypatch):
    folder, vae = own
    monkeypatch.chdir(folder)
    code = main(
        ["import", "--dataset", "digits", "--module", "myvae:TinyVAE", "--weights",
         "vae.safetensors", "--config", "config.json", "--output", "logits", "--out",
         str(tmp_path), "--name", "tiny"]
    )  # fmt: skip
    assert code == 0
    meta = json.loads((tmp_path / "tiny.json").read_text())
    assert meta["kind"] == "imported" and meta["train"]["imported"] == "module myvae:TinyVAE"
    assert "myvae" not in (tmp_path / "tiny.json").read_text().replace("myvae:TinyVAE", "")
    model = checkpoint.load(tmp_path / "tiny").model
    x = data.load_dataset("digits", "test").floats(slice(0, 3))
    with torch.no_grad():
        assert torch.allclose(model.encode(x), vae.encode(x)[0], atol=1e-5)


def test_latents_with_no_model_show_with_their_images_and_labels(tmp_path):
    rng = np.random.default_rng(0)
    z = rng.standard_normal((50, 6)).astype(np.float32)
    np.save(tmp_path / "z.npy", z)
    (tmp_path / "labels.csv").write_text("\n".join(["cat", "dog"] * 25))
    np.save(tmp_path / "images.npy", rng.integers(0, 255, (50, 16, 16, 3), dtype=np.uint8))
    path = importing.import_latents(
        tmp_path / "z.npy",
        tmp_path / "out" / "pets",
        labels=tmp_path / "labels.csv",
        images=tmp_path / "images.npy",
    )
    ckpt = checkpoint.load(path)
    assert ckpt.model.can.fits("map") and not ckpt.model.can.fits("encode")
    test = data.load_dataset(ckpt.dataset, "test")
    assert len(test) == 50 and test.image_shape == (3, 16, 16) and test.style == "photo"
    assert ckpt.class_names == ["cat", "dog"] and test.labels[:2].tolist() == [0, 1]
    assert np.allclose(batches.embed(ckpt.model, test).numpy(), z)
    picked = test.take(torch.tensor([7, 3]))  # a part finds its own rows
    assert np.allclose(batches.embed(ckpt.model, picked).numpy(), z[[7, 3]])


def test_latents_alone_and_latents_of_a_builtin_test_split(tmp_path):
    pd = pytest.importorskip("pandas")
    frame = pd.DataFrame(np.random.default_rng(1).standard_normal((360, 3)), columns=list("abc"))
    frame.to_csv(tmp_path / "z.csv", index=False)  # a header row
    alone = checkpoint.load(importing.import_latents(tmp_path / "z.csv", tmp_path / "alone"))
    assert data.load_dataset(alone.dataset, "test").style == "none"  # no images to show
    frame.to_parquet(tmp_path / "z.parquet")
    path = importing.import_latents(tmp_path / "z.parquet", tmp_path / "d", dataset="digits")
    beside = checkpoint.load(path)
    assert beside.dataset == "digits"
    test = data.load_dataset("digits", "test")
    assert np.allclose(batches.embed(beside.model, test).numpy(), frame.to_numpy(), atol=1e-6)


def test_the_cli_imports_latents(tmp_path, capsys):
    np.save(tmp_path / "emb.npy", np.random.default_rng(0).standard_normal((20, 5)))
    assert main(["import-latents", str(tmp_path / "emb.npy"), "--out", str(tmp_path)]) == 0
    assert (tmp_path / "emb.json").is_file() and (tmp_path / "emb.npz").is_file()
    assert main(["import-latents", str(tmp_path / "emb.npy"), "--out", str(tmp_path)]) == 2
    assert "exists" in capsys.readouterr().err


def test_imported_kinds_are_not_trained():
    assert "imported" not in KINDS and "given" not in KINDS
    with pytest.raises(GenvizError, match="does not train"):
        build_for("imported", data.load_dataset("digits", "train"))


# -- bad input: one sentence each --------------------------------------------------------------


def one_sentence(excinfo, *words):
    text = str(excinfo.value)
    assert "\n" not in text and text.endswith(".")
    for word in words:
        assert word in text


def test_programs_that_do_not_fit_the_dataset(tmp_path, own, exported):
    _, vae = own
    enc, dec = exported
    with pytest.raises(GenvizError) as e:  # 8x8 programs for 28x28 images
        importing.import_programs("shapes", tmp_path / "x", encoder=enc)
    one_sentence(e, "does not fit", "(batch, (3, 32, 32))")
    wide = tmp_path / "wide.pt2"
    wide.write_bytes(saved(nn.Linear(5, 64), torch.randn(32, 5)))
    with pytest.raises(GenvizError) as e:
        importing.import_programs("digits", tmp_path / "x", encoder=enc, decoder=wide)
    one_sentence(e, "does not fit")
    with pytest.raises(GenvizError) as e:
        importing.import_programs("digits", tmp_path / "x")
    one_sentence(e, "give an encoder")
    with pytest.raises(GenvizError) as e:
        importing.import_programs("digits", tmp_path / "x", encoder=tmp_path / "none.pt2")
    one_sentence(e, "does not exist")
    (tmp_path / "junk.pt2").write_bytes(b"not a zip")
    with pytest.raises(GenvizError) as e:
        importing.import_programs("digits", tmp_path / "x", encoder=tmp_path / "junk.pt2")
    one_sentence(e, "not a .pt2 archive")


class Raises(nn.Module):
    """Indexes past the image's 64 pixels: fine to export, an IndexError when run."""

    def __init__(self):
        super().__init__()
        self.register_buffer("pick", torch.tensor([0, 999]))

    def forward(self, x):
        return x.flatten(1)[:, self.pick]


class Nan(nn.Module):
    def forward(self, x):
        return torch.log(-x.flatten(1)[:, :2] - 1)


@pytest.mark.parametrize(
    ("module", "key"), [(Raises, "import_raised"), (Nan, "import_nan_encoder")]
)
def test_a_program_that_fails_on_the_data(tmp_path, module, key):
    bad = tmp_path / "bad.pt2"
    bad.write_bytes(saved(module(), torch.rand(4, *SHAPE)))
    with pytest.raises(GenvizError) as e:
        importing.import_programs("digits", tmp_path / "x", encoder=bad)
    one_sentence(e)
    assert e.value.key == key


def test_a_module_that_does_not_exist(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    with pytest.raises(GenvizError) as e:
        importing.load_module("nowhere.at_all:VAE")
    one_sentence(e, "cannot import nowhere.at_all:VAE")
    with pytest.raises(GenvizError) as e:
        importing.load_module("no_colon")
    one_sentence(e, "pkg.mod:Class")


@pytest.mark.parametrize(
    ("table", "words"),
    [
        (np.array([1.0, np.nan, 2.0]), "finite"),
        (np.zeros((1, 3)), "at least two"),
    ],
)
def test_bad_latents(tmp_path, table, words):
    np.save(tmp_path / "z.npy", table)
    with pytest.raises(GenvizError) as e:
        importing.import_latents(tmp_path / "z.npy", tmp_path / "out")
    one_sentence(e, words)


def test_pickled_latents_and_mismatched_rows(tmp_path):
    np.save(tmp_path / "z.npy", np.array([{"a": 1}, {"b": 2}], dtype=object), allow_pickle=True)
    with pytest.raises(GenvizError) as e:
        importing.import_latents(tmp_path / "z.npy", tmp_path / "out")
    one_sentence(e, "never unpickles")
    np.save(tmp_path / "z.npy", np.zeros((9, 2)))
    with pytest.raises(GenvizError) as e:
        importing.import_latents(tmp_path / "z.npy", tmp_path / "out", dataset="digits")
    one_sentence(e, "360 images", "9 latents")
    np.save(tmp_path / "y.npy", np.zeros(4, np.int64))
    with pytest.raises(GenvizError) as e:
        importing.import_latents(tmp_path / "z.npy", tmp_path / "out", labels=tmp_path / "y.npy")
    one_sentence(e, "4 labels for 9 latents")


# -- a malicious .pt2 ---------------------------------------------------------------------------


class Ran(Exception):
    pass


class Payload:
    """Unpickling this calls `alarm`, standing in for code an attacker's pickle would run."""

    def __reduce__(self):
        return (alarm, ())


def alarm():
    raise Ran("the pickle ran")


def rewrite(blob: bytes, change) -> bytes:
    """A .pt2 archive with `change(name, content) -> content` applied to each member."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(blob)) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            dst.writestr(info, change(info.filename, src.read(info)))
    return out.getvalue()


@pytest.fixture
def honest():
    torch.manual_seed(0)
    return saved(nn.Sequential(nn.Flatten(), nn.Linear(64, 3)), torch.rand(4, *SHAPE))


def graph_of(blob: bytes) -> dict:
    with zipfile.ZipFile(io.BytesIO(blob)) as z:
        name = next(n for n in z.namelist() if "/models/" in n and n.endswith(".json"))
        return json.loads(z.read(name))


def with_graph(blob: bytes, edit) -> bytes:
    def change(name, content):
        if "/models/" in name and name.endswith(".json"):
            graph = json.loads(content)
            edit(graph)
            return json.dumps(graph).encode()
        return content

    return rewrite(blob, change)


@pytest.mark.filterwarnings("ignore:Detected pickle protocol")
def test_a_pickle_in_the_sample_inputs_never_runs(honest):
    import pickle

    poisoned = rewrite(
        honest,
        lambda name, content: pickle.dumps(Payload()) if "sample_inputs" in name else content,
    )
    names = zipfile.ZipFile(io.BytesIO(poisoned)).namelist()
    assert any("sample_inputs" in n for n in names)  # the attack is really in the file
    with pytest.raises(Ran):  # torch's own loader would run it ...
        torch.export.load(io.BytesIO(poisoned))
    program = programs.read(poisoned)  # ... genviz never reads it
    assert programs.module(program)(torch.rand(4, *SHAPE)).shape == (4, 3)


def test_a_weight_saved_as_a_pickle_is_refused(honest):
    def change(name, content):
        if name.endswith("_weights_config.json"):
            config = json.loads(content)
            for entry in config["config"].values():
                entry["use_pickle"] = True
            return json.dumps(config).encode()
        return content

    with pytest.raises(GenvizError, match="saved as a pickle"):
        programs.read(rewrite(honest, change))


def test_a_graph_that_calls_anything_but_aten_is_refused(honest):
    def hub(graph):
        graph["graph_module"]["graph"]["nodes"][0]["target"] = "torch.hub.load"

    with pytest.raises(GenvizError, match="torch.hub.load, which is not an ATen operator"):
        programs.read(with_graph(honest, hub))
    assert graph_of(honest)["graph_module"]["graph"]["nodes"]  # the honest one has nodes


def test_symbolic_shapes_and_custom_objects_are_refused(honest):
    def symbolic(graph):
        values = graph["graph_module"]["graph"]["tensor_values"]
        first = next(iter(values.values()))
        first["sizes"][0] = {"as_expr": {"expr_str": "__import__('os').system('true')"}}
        graph["graph_module"]["graph"]["tensor_values"] = values
        graph["graph_module"]["graph"]["sym_int_values"] = {"s0": {"as_expr": {"expr_str": "s"}}}
        graph["graph_module"]["graph"]["nodes"][0]["inputs"][0]["arg"] = {
            "as_sym_int": {"as_expr": {"expr_str": "s"}}
        }

    with pytest.raises(GenvizError, match="symbolic"):
        programs.read(with_graph(honest, symbolic))

    def custom(graph):
        graph["graph_module"]["graph"]["custom_obj_values"] = {"x": {"class_fqn": "os.system"}}
        graph["graph_module"]["graph"]["nodes"][0]["inputs"][0]["arg"] = {"as_custom_obj": {}}

    with pytest.raises(GenvizError, match="custom objects"):
        programs.read(with_graph(honest, custom))

    def dynamic(graph):
        graph["range_constraints"] = {"s0": {"min_val": 2, "max_val": 9}}

    with pytest.raises(GenvizError, match="dynamic shapes"):
        programs.read(with_graph(honest, dynamic))


def test_the_checked_graph_is_checked_again_when_loaded(own, exported, tmp_path):
    enc, dec = exported
    path = importing.import_programs("digits", tmp_path / "m", encoder=enc, decoder=dec)
    meta = json.loads(path.with_suffix(".json").read_text())
    meta["config"]["programs"]["encoder"]["graph"]["graph_module"]["graph"]["nodes"][0][
        "target"
    ] = "builtins.eval"
    path.with_suffix(".json").write_text(json.dumps(meta))
    with pytest.raises(GenvizError, match="builtins.eval"):
        checkpoint.load(path)


def test_the_module_route_needs_a_latent_size_for_a_generator_alone(tmp_path):
    code = textwrap.dedent(
        """
        import torch
        class G(torch.nn.Module):
            def __init__(self):
                super().__init__()
                self.fc = torch.nn.Linear(3, 64)
            def sample(self, z):
                return torch.sigmoid(self.fc(z)).view(-1, 1, 8, 8)
        """
    )
    (tmp_path / "gen.py").write_text(code)
    import sys

    sys.path.insert(0, str(tmp_path))
    try:
        model = importing.load_module("gen:G")
    finally:
        sys.path.remove(str(tmp_path))
    with pytest.raises(GenvizError, match="--latent-dim"):
        importing.export_module(model, SHAPE)
    parts = importing.export_module(model, SHAPE, latent_dim=3)
    path = importing.import_programs("digits", tmp_path / "g", decoder=parts["decoder"])
    model = checkpoint.load(path).model
    assert model.can.sample and not model.can.encode and not model.can.fits("map")
