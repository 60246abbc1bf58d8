"""Bringing in what was made elsewhere, as checkpoints every page opens by capability.

- `import_programs`: an encoder and/or a decoder (or a generator) exported with
  `torch.export.save`, read by genviz.programs (nothing unpickled, ATen operators only),
  checked against the dataset they belong to and run once on it, saved as an `imported` model.
- `import_module`: a person's own class on their own machine (`pkg.mod:Class`, its weights as
  safetensors and its config as JSON), exported here once with `torch.export`; only the
  programs are saved, so the app never imports the user's code.
- `import_latents`: latents with no model (a `.npy`, `.csv` or `.parquet`), with optional
  labels and images, one per row, saved as a `given` model beside a dataset of its rows.
"""

from __future__ import annotations

import importlib
import inspect
import json
import os
import sys
from pathlib import Path

import numpy as np
import torch
from safetensors import SafetensorError
from safetensors.torch import load_file

from genviz import checkpoint, data, imagesets, programs
from genviz.errors import GenvizError
from genviz.models import build
from genviz.split import Split

BATCH = 64  # the batch a module is exported at: the programs run in batches of this size


# -- programs ----------------------------------------------------------------------------------


def import_programs(
    dataset: str,
    target: str | os.PathLike,
    *,
    encoder: str | os.PathLike | programs.Program | None = None,
    decoder: str | os.PathLike | programs.Program | None = None,
    prior: str = "normal",
    output: str = "unit",
    input: str = "unit",
    root=None,
    origin: str = "",
) -> Path:
    """Check the programs against `dataset`, run them once on its test images, and save them
    as an `imported` checkpoint at `target` (its stem). Returns the stem."""
    found = {p: _read(src, p) for p, src in (("encoder", encoder), ("decoder", decoder)) if src}
    if not found:
        raise GenvizError("give an encoder, a decoder or both (.pt2 files).", "import_none")
    test = data.load_dataset(dataset, "test", root=root)
    latent_dim = _check_shapes(found, test)
    specs = {part: _spec(program) for part, program in found.items()}
    model = build(
        "imported",
        image_shape=test.image_shape,
        num_classes=test.num_classes,
        programs=specs,
        latent_dim=latent_dim,
        prior=prior,
        output=output,
        input=input,
    )
    state = {f"{part}.{k}": v for part, p in found.items() for k, v in p.weights.items()}
    model.load_state_dict({**model.state_dict(), **state})
    _try(model, test)
    return checkpoint.save(
        model,
        target,
        dataset=test.name,
        class_names=test.class_names,
        train={"name": test.name, "imported": origin or "programs"},
    )


def _read(source, part: str) -> programs.Program:
    """A program given as itself, as the bytes of a .pt2 file (an upload) or as its path."""
    if isinstance(source, programs.Program):
        return source
    if isinstance(source, bytes):
        return programs.read(source, f"the {part}")
    path = Path(source).expanduser()
    if not path.is_file():
        raise GenvizError(
            f"{path} does not exist; give the .pt2 file of the {part}.", "no_file", path=path
        )
    return programs.read(path, f"the {part} ({path.name})")


def _spec(program: programs.Program) -> dict:
    """What the checkpoint's JSON keeps of a program (its weights go to the safetensors)."""
    return {
        "graph": program.graph,
        "weights": {
            k: [str(v.dtype).removeprefix("torch."), list(v.shape)]
            for k, v in program.weights.items()
        },
        "parameters": sorted(program.parameters),
        "inputs": [list(s) for s in program.inputs],
        "outputs": [list(s) for s in program.outputs],
    }


def _mismatch(part: str, what: str, key: str, **values) -> GenvizError:
    return GenvizError(f"the {part} does not fit this dataset: {what}.", key, **values)


def _check_shapes(found: dict[str, programs.Program], test: Split) -> int:
    """The latent size both programs agree on; one sentence for any shape that does not fit
    the dataset's images."""
    image = tuple(test.image_shape)
    dims = []
    if "encoder" in found:
        p = found["encoder"]
        if len(p.inputs) != 1 or tuple(p.inputs[0][1:]) != image:
            got = ", ".join(str(tuple(s)) for s in p.inputs)
            raise _mismatch(
                "encoder",
                f"it takes {got}, the images are (batch, {image})",
                "import_encoder_in",
                got=got,
                image=image,
            )
        batch = p.inputs[0][0]
        if not 1 <= len(p.outputs) <= 2 or any(len(s) != 2 or s[0] != batch for s in p.outputs):
            raise _mismatch(
                "encoder",
                "it should give (batch, latent) or a mean and a log-variance",
                "import_encoder_out",
            )
        dims.append(p.outputs[0][1])
    if "decoder" in found:
        p = found["decoder"]
        if not 1 <= len(p.inputs) <= 2 or len(p.inputs[0]) != 2:
            raise _mismatch(
                "decoder",
                "it should take (batch, latent) and maybe (batch,) labels",
                "import_decoder_in",
            )
        batch = p.inputs[0][0]
        if len(p.inputs) == 2 and tuple(p.inputs[1]) != (batch,):
            raise _mismatch(
                "decoder", "its labels should be one whole number per latent", "import_decoder_in"
            )
        if not p.outputs or tuple(p.outputs[0]) != (batch, *image):
            got = tuple(p.outputs[0]) if p.outputs else "nothing"
            raise _mismatch(
                "decoder",
                f"it makes {got}, the images are (batch, {image})",
                "import_decoder_out",
                got=got,
                image=image,
            )
        dims.append(p.inputs[0][1])
    if len(set(dims)) > 1:
        raise GenvizError(
            f"the encoder gives {dims[0]} numbers per image but the decoder takes {dims[1]}; "
            "export a matching pair.",
            "import_pair",
            enc=dims[0],
            dec=dims[1],
        )
    return dims[0]


def _try(model, test: Split) -> None:
    """Run the programs once on a few test images (more than a batch, so the padded last
    batch runs too); a program that raises or gives NaN gets one sentence."""
    n = min(len(test), max(model.batch.values()) + 1)
    x, y = test.floats(slice(0, n)), test.labels[:n]
    try:
        with torch.no_grad():
            if model.can.encode:
                z = model.encode(x, y)
                _finite(z, "encoder")
            if model.can.decoder:
                draw = torch.Generator().manual_seed(0)
                z = torch.randn(n, model.config.latent_dim, generator=draw)
                _finite(model.decode(z, y), "decoder")
    except GenvizError:
        raise
    except Exception as e:  # the user's program: whatever it raises, one sentence
        why = str(e).splitlines()[0][:200] if str(e) else type(e).__name__
        raise GenvizError(
            f"the program failed when run on {data.title(test.name)} ({why}); check it runs "
            "on a batch of these images before exporting.",
            "import_raised",
            why=why,
        ) from None


def _finite(t: torch.Tensor, part: str) -> None:
    if not torch.isfinite(t).all():
        raise GenvizError(
            f"the {part} gave NaN or infinite numbers on this dataset's images; check its "
            "input range (--input) and weights.",
            f"import_nan_{part}",
        )


# -- a module of the user's own -------------------------------------------------------------------


class _Method(torch.nn.Module):
    """One method of the user's module as a module's forward, for torch.export."""

    def __init__(self, inner: torch.nn.Module, name: str):
        super().__init__()
        self.inner, self.name = inner, name

    def forward(self, *args):
        out = getattr(self.inner, self.name)(*args)
        return tuple(out[:2]) if isinstance(out, list | tuple) else out


def load_module(target: str, weights=None, config=None) -> torch.nn.Module:
    """The user's `pkg.mod:Class` built from its JSON config and loaded with its safetensors
    weights; on their own machine, from the CLI (the app never calls this)."""
    if ":" not in target:
        raise GenvizError(f"give the module as pkg.mod:Class, not {target}.", "module_bad")
    module_name, class_name = target.split(":", 1)
    sys.path.insert(0, os.getcwd())  # a module beside the user, as `python -c` would find it
    try:
        cls = getattr(importlib.import_module(module_name), class_name)
    except (ImportError, AttributeError) as e:
        raise GenvizError(
            f"cannot import {target} ({e}); run from the folder that holds {module_name}.",
            "module_bad",
        ) from None
    finally:
        sys.path.remove(os.getcwd())
    options = {}
    if config:
        try:
            options = json.loads(Path(config).read_text())
        except (OSError, ValueError) as e:
            raise GenvizError(f"cannot read {config} as JSON ({e}).", "module_bad") from None
    try:
        model = cls(**options)
    except Exception as e:
        raise GenvizError(f"{class_name}(**config) failed ({e}); check {config}.") from None
    if weights:
        try:
            model.load_state_dict(load_file(str(weights)))
        except (OSError, SafetensorError, RuntimeError) as e:
            why = str(e).splitlines()[0][:200]
            raise GenvizError(
                f"cannot load {weights} into {class_name} ({why}).", "module_bad"
            ) from None
    return model.eval()


def export_module(
    model: torch.nn.Module, image_shape, latent_dim: int | None = None, conditional=None
) -> dict[str, programs.Program]:
    """The module's `encode` and `decode` (or `sample`, for a generator) exported with
    torch.export at a batch of BATCH and read back through genviz.programs' checks."""
    found = {}
    x = torch.rand(BATCH, *image_shape)
    if hasattr(model, "encode"):
        found["encoder"] = _export(_Method(model, "encode"), x)
        latent_dim = found["encoder"].outputs[0][1]
    method = next((m for m in ("decode", "sample") if hasattr(model, m)), None)
    if method is not None:
        if latent_dim is None:
            raise GenvizError(
                "a generator alone does not say its latent size; give --latent-dim.", "module_bad"
            )
        takes = len(inspect.signature(getattr(model, method)).parameters)
        z = torch.randn(BATCH, latent_dim)
        labels = (torch.arange(BATCH) % 10,) if (conditional or takes >= 2) else ()
        found["decoder"] = _export(_Method(model, method), z, *labels)
    if not found:
        raise GenvizError(
            f"{type(model).__name__} has no encode, decode or sample method to import.",
            "module_bad",
        )
    return found


def _export(fn: torch.nn.Module, *examples) -> programs.Program:
    try:
        return programs.export(fn, *examples)
    except GenvizError:
        raise
    except Exception as e:
        why = str(e).splitlines()[0][:200] if str(e) else type(e).__name__
        raise GenvizError(
            f"torch.export could not export {fn.name} of {type(fn.inner).__name__} ({why}).",
            "module_bad",
        ) from None


# -- latents with no model -------------------------------------------------------------------------


def read_table(path: str | os.PathLike, what: str = "latents") -> np.ndarray:
    """A table of numbers (or, for labels, words) from .npy, .csv or .parquet, read without
    unpickling."""
    path = Path(path).expanduser()
    if not path.is_file():
        raise GenvizError(
            f"{path} does not exist; give the file of the {what}.", "no_file", path=path
        )
    suffix = path.suffix.lower()
    try:
        if suffix == ".npy":
            return np.load(path, allow_pickle=False)
        if suffix in (".csv", ".tsv", ".txt"):
            import pandas as pd

            sep = "\t" if suffix == ".tsv" else ","
            frame = pd.read_csv(path, header=None, sep=sep)
            if what == "latents" and not _numeric(frame.iloc[0]):  # a header row
                frame = pd.read_csv(path, sep=sep)
            return frame.to_numpy()
        if suffix == ".parquet":
            import pyarrow.parquet as pq

            return pq.read_table(path).to_pandas().to_numpy()
    except (ValueError, OSError) as e:
        why = "it holds Python objects, which genviz never unpickles" if "pickle" in str(e) else e
        raise GenvizError(
            f"cannot read {path.name} ({why}).", "latents_read", name=path.name
        ) from None
    raise GenvizError(
        f"{path.name} is not .npy, .csv or .parquet; save the {what} as one of those.",
        "latents_read",
        name=path.name,
    )


def _numeric(row) -> bool:
    try:
        np.asarray(row, dtype=np.float64)
        return True
    except (TypeError, ValueError):
        return False


def _latents(path) -> np.ndarray:
    table = read_table(path, "latents")
    if table.ndim == 1:
        table = table[:, None]
    try:
        z = np.asarray(table, dtype=np.float32)
    except (TypeError, ValueError):
        raise GenvizError(
            f"{Path(path).name} holds text as well as numbers; keep only the latents' columns.",
            "latents_text",
            name=Path(path).name,
        ) from None
    if z.ndim != 2 or len(z) < 2 or not np.isfinite(z).all():
        raise GenvizError(
            f"{Path(path).name} should be a table of finite numbers, one row per item and at "
            f"least two rows; it is {z.shape}.",
            "latents_table",
            name=Path(path).name,
        )
    return z


def _labels(path, n: int) -> tuple[np.ndarray, tuple[str, ...]]:
    """One label per row: whole numbers, or words (then the classes are the words, sorted)."""
    table = read_table(path, "labels").reshape(-1)
    if len(table) != n:
        raise GenvizError(
            f"{Path(path).name} has {len(table)} labels for {n} latents; give one per row.",
            "latents_labels",
            got=len(table),
            n=n,
        )
    if table.dtype.kind in "iu" and (table >= 0).all():
        labels = table.astype(np.int64)
        return labels, tuple(str(i) for i in range(int(labels.max()) + 1))
    names, labels = np.unique(table.astype(str), return_inverse=True)
    return labels.astype(np.int64), tuple(str(s) for s in names)


def _images(path, n: int) -> np.ndarray:
    """(N, H, W[, C]) uint8 images, one per row: an .npy, an .npz's `images`, or a folder
    read in the order of its file names."""
    path = Path(path).expanduser()
    if path.is_dir():
        files = sorted(f for f in path.iterdir() if f.suffix.lower() in imagesets.SUFFIXES)
        if len(files) != n:
            raise GenvizError(
                f"{path} has {len(files)} images for {n} latents; give one per row.",
                "latents_images",
                got=len(files),
                n=n,
            )
        size = imagesets.common_size(files)
        decoded = [imagesets.open_image(f, size, grey=False) for f in files]
        broken = [f.name for f, a in zip(files, decoded) if a is None]
        if broken:
            raise GenvizError(
                f"{broken[0]} in {path} cannot be read; replace it so each row has its image.",
                "latents_broken",
                name=broken[0],
            )
        return np.stack(decoded).transpose(0, 2, 3, 1)
    if path.suffix.lower() == ".npz":
        with np.load(path, allow_pickle=False) as f:
            if "images" not in f.files:
                raise GenvizError(
                    f"{path.name} has no 'images' array; save one as images=...",
                    "latents_noimages",
                    name=path.name,
                )
            images = f["images"]
    else:
        images = read_table(path, "images")
    if len(images) != n:
        raise GenvizError(
            f"{path.name} has {len(images)} images for {n} latents; give one per row.",
            "latents_images",
            got=len(images),
            n=n,
        )
    return images


def import_latents(
    latents: str | os.PathLike,
    target: str | os.PathLike,
    *,
    labels=None,
    images=None,
    dataset: str | None = None,
    root=None,
) -> Path:
    """Latents, one per row, saved as a `given` checkpoint at `target`. With `dataset` the rows
    are its test images in order; else the rows' images (or none) and labels are written as a
    dataset beside it (`<target>.npz`, every row a test row). Returns the checkpoint's stem."""
    z = _latents(latents)
    target = Path(target)
    if dataset is not None:
        if images is not None or labels is not None:
            raise GenvizError(
                "with --dataset the images and labels are the dataset's; drop --images and "
                "--labels.",
                "latents_both",
            )
        test = data.load_dataset(dataset, "test", root=root)
        if len(test) != len(z):
            raise GenvizError(
                f"{data.title(test.name)}'s test split has {len(test)} images but there are "
                f"{len(z)} latents; give one per test image, in order.",
                "latents_rows",
                rows=len(test),
                n=len(z),
            )
        name, shape, names = test.name, test.image_shape, test.class_names
    else:
        name, shape, names = _write_rows(z, target, labels, images)
    model = build(
        "given", image_shape=shape, num_classes=len(names), rows=len(z), latent_dim=z.shape[1]
    )
    model.latents.copy_(torch.from_numpy(z))
    return checkpoint.save(
        model, target, dataset=name, class_names=names, train={"name": name, "imported": "latents"}
    )


def _write_rows(z: np.ndarray, target: Path, labels, images) -> tuple[str, tuple, tuple]:
    """The rows' images and labels as an .npz dataset beside the checkpoint (written
    atomically); returns its name, image shape and class names."""
    n = len(z)
    y, names = _labels(labels, n) if labels is not None else (np.zeros(n, np.int64), ("all",))
    arrays = {"labels": y, "class_names": np.array(names), "test": np.ones(n, bool)}
    if images is not None:
        arrays["images"] = _images(images, n)
    else:  # no images: blank 8x8 stand-ins that the pages do not show
        arrays["images"] = np.zeros((n, 8, 8), np.uint8)
        arrays["blank"] = np.array(True)
    path = target.with_suffix(".npz")
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(path.name + ".partial.npz")
    np.savez(partial, **arrays)
    os.replace(partial, path)
    imagesets.forget()
    part = data.load_dataset(str(path.resolve()), "test")  # checks what was written, as a user's
    return part.name, part.image_shape, part.class_names
