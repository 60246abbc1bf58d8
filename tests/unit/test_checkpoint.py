"""Checkpoints under hostile conditions: an overwrite killed at every step leaves the old pair
or the new pair; a malformed JSON, absurd sizes, NaN weights and a pickle renamed to
.safetensors each get one sentence (and nothing is unpickled); leftovers of killed saves are
cleaned; a damaged pair is listed as unusable."""

import contextlib
import hashlib
import os
import pickle
import signal
import subprocess
import sys
import time

import pytest
import torch
from conftest import ROOT, edit_json, tiny

from genviz import checkpoint, meta
from genviz.cli import main
from genviz.errors import CheckpointError, GenvizError

NAMES = list("0123456789")


def save(model, path):
    return checkpoint.save(model, path, dataset="digits", class_names=NAMES)


def weights_of(path):
    return checkpoint.load(path).model.state_dict()


def same(a, b) -> bool:
    return a.keys() == b.keys() and all(torch.equal(a[k], b[k]) for k in a)


def two_models():
    old, new = tiny("ae"), tiny("ae")
    torch.nn.init.zeros_(new.encoder.head.weight)
    return old, new


@pytest.mark.parametrize("first", [False, True], ids=["overwrite", "first-save"])
@pytest.mark.parametrize("step", range(1, 20))
def test_a_save_killed_at_any_step_leaves_a_whole_pair_and_no_stray_part(
    tmp_path, monkeypatch, step, first
):
    """Each step of a save and its replay (write and sync the new weights under a second
    name, rename them, write, sync and rename the JSON, remove the old weights, link the plain
    name, switch again, then the replay) fails in turn, as a killed process would stop there.
    What is left loads, its replay is its own or none, and `clean` leaves nothing else."""
    old, new = two_models()
    path = tmp_path / "ae"
    if not first:
        save(old, path)
        checkpoint.write_beside(path, "replay", {"x": torch.zeros(2)})
    calls = []
    real = {name: getattr(checkpoint.os, name) for name in ("fsync", "replace", "link")}
    real_unlink = checkpoint.Path.unlink

    def step_or_die(call):
        def wrapped(*args, **kwargs):
            calls.append(call)
            if len(calls) == step:
                raise OSError("killed")
            return call(*args, **kwargs)

        return wrapped

    for name, call in real.items():
        monkeypatch.setattr(checkpoint.os, name, step_or_die(call))
    monkeypatch.setattr(checkpoint.Path, "unlink", step_or_die(real_unlink))
    with contextlib.suppress(GenvizError, OSError):  # the "kill"
        save(new, path)
        checkpoint.write_beside(path, "replay", {"x": torch.ones(2)})
    monkeypatch.undo()
    checkpoint.clean(tmp_path)
    left = sorted(p.name for p in tmp_path.iterdir())
    if first and not (tmp_path / "ae.json").is_file():  # killed before any JSON: nothing left
        assert left == [], left
        return
    after = weights_of(path)  # never a mix that refuses to load
    is_new = same(after, new.state_dict())
    assert is_new or same(after, old.state_dict())
    replay = checkpoint.read_beside(path, "replay")
    assert replay is None or float(replay["x"][0]) == (1.0 if is_new else 0.0)  # its own
    wanted = ["ae.json", meta.read_meta(path)["weights"]["file"]]
    assert left == sorted(wanted + ([] if replay is None else ["ae.replay.safetensors"])), left


def test_a_replay_written_before_the_binding_is_still_shown(tmp_path):
    path = save(tiny("ae"), tmp_path / "ae")  # the shipped replays have no owner in them
    checkpoint.beside(path, "replay").write_bytes(
        checkpoint.safetensors_bytes({"x": torch.ones(2)})
    )
    assert checkpoint.read_beside(path, "replay") is not None
    assert checkpoint.clean(tmp_path) == []


@pytest.mark.slow
def test_a_really_killed_overwrite_leaves_a_loadable_checkpoint(tmp_path):
    code = f"""
import sys, torch
sys.path[:0] = [{str(ROOT)!r}, {str(ROOT / "tests")!r}]
from conftest import tiny
from genviz import checkpoint
i = 0
while True:
    torch.manual_seed(i); i += 1
    checkpoint.save(tiny("vae", hidden=(256,)), {str(tmp_path / "vae")!r}, dataset="digits",
                    class_names=list("0123456789"))
"""
    sidecar = tmp_path / "vae.json"
    for delay in (0.4, 0.7, 1.1):
        before = sidecar.stat().st_mtime_ns if sidecar.exists() else None
        proc = subprocess.Popen([sys.executable, "-c", code])
        # imports take from one second to many on a loaded machine: kill only once this
        # process has written a pair, then some saves later
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and (
            not sidecar.exists() or sidecar.stat().st_mtime_ns == before
        ):
            time.sleep(0.05)
        time.sleep(delay)
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        checkpoint.load(tmp_path / "vae")  # whichever pair it is, it is whole
    checkpoint.clean(tmp_path)
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"format": None}, "malformed 'format'"),
        ({"format": "1"}, "malformed 'format'"),
        ({"kind": ["ae"]}, "malformed 'kind'"),
        ({"config": ["latent_dim", 4]}, "malformed 'config'"),
        ({"config": None}, "malformed 'config'"),
        ({"class_names": "0123456789"}, "malformed 'class_names'"),
        ({"image_shape": [1, 8]}, "malformed 'image_shape'"),
        ({"seed": "zero"}, "malformed 'seed'"),
        ({"weights": {"file": "../../etc/passwd"}}, "malformed 'weights.file'"),
        ({"config": {"latent_dim": 10**12, "hidden": [32]}}, "latent_dim must be at most"),
        ({"config": {"latent_dim": 4, "hidden": [999_999, 999_999]}}, "over genviz's limit"),
        # small weights, but 60000x60000 images: the activations are bounded too
        ({"config": {"image_shape": [1, 60_000, 60_000]}}, "layers' outputs.* genviz's limit"),
    ],
)
def test_a_malformed_sidecar_gets_one_sentence(tmp_path, change, message):
    kind = "pix2pix" if "outputs" in message else "ae"
    path = save(tiny(kind), tmp_path / kind)
    edit_json(path, **change)
    with pytest.raises(CheckpointError, match=message) as err:
        checkpoint.load(path)
    assert "\n" not in str(err.value)
    listed = meta.list_checkpoints(tmp_path)[0]
    if "limit" not in message:  # listed as unusable from the JSON alone (the size needs torch)
        assert "error" in listed and "\n" not in listed["error"]


@pytest.mark.parametrize(
    "text",
    ["[" * 100_000 + "]" * 100_000, '{"kind": "ae", "seed": ' + "9" * 5000 + "}"],
    ids=["nested-100000-deep", "5000-digit-integer"],
)
def test_json_that_python_cannot_read_gets_one_sentence(tmp_path, text, capsys):
    path = save(tiny("ae"), tmp_path / "ae")
    path.with_suffix(".json").write_text(text)
    with pytest.raises(CheckpointError, match="not valid JSON"):
        checkpoint.load(path)
    assert main(["list", "--root", str(tmp_path)]) == 0  # listed as unusable, not a crash
    assert "unusable: " in capsys.readouterr().out
    assert main(["eval", str(path)]) == 2


def test_nan_weights_are_refused(tmp_path):
    model = tiny("ae")
    with torch.no_grad():
        model.encoder.head.weight[0, 0] = float("nan")
    with pytest.raises(CheckpointError, match="not numbers"):
        checkpoint.load(save(model, tmp_path / "ae"))


class Explodes:
    def __reduce__(self):
        return (os.system, ("touch exploded",))


def test_a_pickle_renamed_to_safetensors_is_never_unpickled(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    path = save(tiny("ae"), tmp_path / "ae")
    blob = pickle.dumps(Explodes())
    path.with_suffix(".safetensors").write_bytes(blob)
    # its own hash, so the hash check passes: the parser must refuse it
    edit_json(path, weights={"sha256": hashlib.sha256(blob).hexdigest()})
    with pytest.raises(CheckpointError, match="corrupt or truncated"):
        checkpoint.load(path)
    assert not (tmp_path / "exploded").exists()


def test_clean_removes_what_killed_saves_left(tmp_path):
    path = save(tiny("ae"), tmp_path / "ae")
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                          capture_output=True, text=True).stdout.strip()  # fmt: skip
    stale = tmp_path / f".ae.safetensors.{dead}.0badf00d.tmp"
    live = tmp_path / f".ae.json.{os.getpid()}.0badf00d.tmp"  # a save in progress: kept
    orphan = tmp_path / "ae.0123456789abcdef.safetensors"  # an overwrite's, never switched to
    for f in (stale, live, orphan):
        f.write_bytes(b"x" * 100)
    assert set(checkpoint.clean(tmp_path)) == {stale, orphan}
    assert live.exists() and checkpoint.load(path)


def test_a_damaged_pair_is_listed_as_unusable(tmp_path):
    path = save(tiny("ae"), tmp_path / "ae")
    save(tiny("vae"), tmp_path / "vae")
    with open(path.with_suffix(".safetensors"), "ab") as f:
        f.write(b"trailing bytes")
    found = {c["name"]: c for c in meta.list_checkpoints(tmp_path)}
    assert "does not match" in found["ae"]["error"] and "error" not in found["vae"]


def test_a_name_with_a_dot_is_taken_whole(tmp_path):
    """'beta-0.5' and 'beta-0.25' are two checkpoints: neither is cut at its dot, neither
    replaces the other, and each loads as itself."""
    from genviz.workflow import Settings, target_for, train_and_save

    made = {}
    for name, dim in (("beta-0.5", 2), ("beta-0.25", 3)):
        options = {"hidden": (16,), "latent_dim": dim}
        made[name] = train_and_save("ae", "digits", options, Settings(epochs=1), tmp_path / name)
    files = sorted(p.name for p in tmp_path.iterdir())
    assert files == [
        "beta-0.25.json", "beta-0.25.replay.safetensors", "beta-0.25.safetensors",
        "beta-0.5.json", "beta-0.5.replay.safetensors", "beta-0.5.safetensors",
    ]  # fmt: skip
    for name, dim in (("beta-0.5", 2), ("beta-0.25", 3)):
        assert checkpoint.load(tmp_path / name).model.config.latent_dim == dim
    with pytest.raises(GenvizError, match="beta-0.5.json exists"):
        target_for(tmp_path, "beta-0.5")
    for bad in ("mine.json", "mine.safetensors", "x.replay", "x.0123456789abcdef", "x.NPZ"):
        with pytest.raises(GenvizError, match="not allowed"):
            target_for(tmp_path, bad)


def test_the_same_weights_always_give_the_same_bytes(tmp_path):
    """safetensors' own writer ordered its header as a hash map does (two hashes in ten saves
    of identical weights); the canonical writer gives one, and safetensors reads it back."""
    from safetensors.torch import load as st_load

    from genviz.checkpoint import safetensors_bytes

    tensors = {f"w{i}": torch.randn(3, 4) for i in range(20)}
    tensors |= {"A": torch.arange(5), "half": torch.ones(2, dtype=torch.bfloat16),
                "flag": torch.tensor(True), "empty": torch.zeros(0, 3)}  # fmt: skip
    blobs = {safetensors_bytes(tensors, {"kind": "ae", "format": "1"}) for _ in range(10)}
    assert len(blobs) == 1
    back = st_load(blobs.pop())
    assert set(back) == set(tensors)
    assert all(torch.equal(back[k], t) and back[k].dtype == t.dtype for k, t in tensors.items())
    model = tiny("ae")
    names = list("0123456789")
    a = checkpoint.save(model, tmp_path / "a", dataset="digits", class_names=names)
    b = checkpoint.save(model, tmp_path / "b", dataset="digits", class_names=names)
    assert a.with_suffix(".safetensors").read_bytes() == b.with_suffix(".safetensors").read_bytes()


def test_a_checkpoint_must_name_its_weights_hash(tmp_path):
    """The hash names every result computed from the weights: without it two checkpoints'
    views would share a name, so the loader refuses the JSON in a sentence."""
    path = save(tiny("ae"), tmp_path / "ae")
    edit_json(path, weights={})
    with pytest.raises(CheckpointError, match="weights.sha256"):
        checkpoint.load(path)
