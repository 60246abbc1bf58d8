"""Checkpoints: `<name>.safetensors` (the weights) and `<name>.json` (everything else, read by
genviz.meta), written atomically and loaded without unpickling anything.

The JSON names the model kind and its config, so `load` rebuilds the model from the registry;
the model's size is checked on PyTorch's meta device before anything is allocated. A save
writes the weights first and the JSON last, each through `store.atomic_write`: the JSON's
rename is the one moment a checkpoint changes. Overwriting writes the new weights beside the
old ones under a second name (`<name>.<hash>.safetensors`), switches the JSON to them and
removes the old ones, then settles back on the plain name the same way, so a crash at any
point leaves the old pair or the new pair whole, never a mix; `clean` removes the leftovers.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import time
from dataclasses import dataclass
from pathlib import Path

import torch
from safetensors.torch import load as st_load

from genviz import store
from genviz.errors import CheckpointError, GenvizError
from genviz.meta import FORMAT, read_meta, sibling, stem, weights_file
from genviz.models import REGISTRY, GenModel
from genviz.models.base import check_size
from genviz.version import __version__

NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,99}")  # a checkpoint beside another


class _Described:
    """What a checkpoint's JSON says of it, for anything that holds that JSON as `meta`."""

    meta: dict

    @property
    def class_names(self) -> list[str]:
        return self.meta["class_names"]

    @property
    def dataset(self) -> str:
        return self.meta["dataset"]

    @property
    def sha(self) -> str:
        """The SHA-256 of its weights file: names every result computed from it."""
        return self.meta.get("weights", {}).get("sha256") or ""


@dataclass
class Checkpoint(_Described):
    model: GenModel
    meta: dict
    path: Path  # the stem: <path>.json, and the weights file it names beside it


class Lazy(_Described):
    """A checkpoint whose JSON is read now and whose model is loaded on first use: enough to
    find a precomputed result without building the model."""

    def __init__(self, path: str | os.PathLike, device: str | torch.device = "cpu"):
        self.path, self.device = stem(path), device
        self.meta = read_meta(self.path)
        self._loaded: Checkpoint | None = None

    @property
    def model(self) -> GenModel:
        if self._loaded is None:
            self._loaded = load(self.path, self.device)
        return self._loaded.model


def save(
    model: GenModel,
    path: str | os.PathLike,
    *,
    dataset: str,
    class_names: list[str] | tuple[str, ...],
    history: list[dict] | None = None,
    metrics: dict | None = None,
    seed: int | None = None,
    train: dict | None = None,
    half: bool = False,
    slim: bool = False,
    base_model: str | os.PathLike | None = None,
) -> Path:
    """Write the checkpoint atomically and return its stem. `half` stores float16 weights
    (half the size; they are cast back to float32 on load); `slim` leaves out the weights the
    model's `stand_ins` name (they load as copies of others), and, for a prior whose base
    checkpoint (`base_model`) lies in the same folder, that model's weights (they load from
    it, checked against its SHA-256)."""
    base = stem(path)
    try:
        base.parent.mkdir(parents=True, exist_ok=True)
    except OSError as e:
        raise CheckpointError(f"cannot write to {base.parent} ({e.strerror}).") from None
    clean(base.parent)
    left_out = model.stand_ins() if slim else {}
    by_reference = _base_reference(model, stem(base_model), path) if slim and base_model else None
    skip = tuple(left_out) + ((by_reference["prefix"],) if by_reference else ())
    tensors = {}
    for name, t in model.state_dict().items():
        if skip and name.startswith(skip):
            continue
        t = t.detach().to("cpu")
        if half and t.is_floating_point():
            t = t.half()
        tensors[name] = t.contiguous().clone()  # clone: safetensors refuses shared storage
    blob = safetensors_bytes(tensors, {"kind": model.kind, "format": str(FORMAT)})
    sha = hashlib.sha256(blob).hexdigest()
    meta = {
        "format": FORMAT,
        "kind": model.kind,
        "config": model.config.to_dict(),
        "dataset": dataset,
        "image_shape": list(model.config.image_shape),
        "class_names": list(class_names),
        "history": history or [],
        "metrics": metrics or {},
        "seed": seed,
        "train": train or {},
        "weights": {
            "file": f"{base.name}.safetensors",
            "sha256": sha,
            "dtype": "float16" if half else "float32",
            "bytes": len(blob),
            **({"stand_ins": left_out} if left_out else {}),
            **({"base": by_reference} if by_reference else {}),
        },
        "genviz_version": __version__,
        "torch_version": torch.__version__,
        "created": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
    }
    _switch(base, meta, blob)
    return base


def _switch(base: Path, meta: dict, blob: bytes) -> None:
    """Put the new weights and JSON in place of the old pair, a whole pair at every moment:
    the weights go in under a second name (<name>.<sha16>.safetensors, which `clean` knows
    for genviz's own), the JSON switches to them, and only then do they take the plain name
    (a hard link, else a copy) and the JSON switches again. A kill at any point leaves a pair
    that loads, and nothing `clean` does not find: a first save too (its weights used to be
    written under the plain name before any JSON named them, an orphan no cleanup removed)."""
    plain = base.parent / f"{base.name}.safetensors"
    previous = _weights_in_use(base)
    if previous == plain and _same_weights(base, meta):
        _write_meta(base, meta)
        return
    second = base.parent / f"{base.name}.{meta['weights']['sha256'][:16]}.safetensors"
    store.atomic_write(second, blob)
    _write_meta(base, {**meta, "weights": {**meta["weights"], "file": second.name}})
    if previous is not None and previous != second:
        previous.unlink(missing_ok=True)
    plain.unlink(missing_ok=True)  # (a leftover of an interrupted save: the JSON names second)
    try:
        os.link(second, plain)
    except OSError:  # a filesystem without hard links: the same bytes, written again
        store.atomic_write(plain, blob)
    _write_meta(base, meta)
    second.unlink(missing_ok=True)


def _same_weights(base: Path, meta: dict) -> bool:
    """Whether the checkpoint at `base` already has the weights `meta` describes."""
    old = _meta_or_none(base)
    return old is not None and old.get("weights", {}).get("sha256") == meta["weights"]["sha256"]


def _meta_or_none(base: Path) -> dict | None:
    try:
        return read_meta(base)
    except CheckpointError:
        return None


def _write_meta(base: Path, meta: dict) -> None:
    store.atomic_write(sibling(base, ".json"), json.dumps(meta, indent=1).encode())


def update_meta(path: str | os.PathLike, **fields) -> dict:
    """Change fields of a checkpoint's JSON (metrics after an eval, say), atomically."""
    meta = read_meta(path)
    meta.update(fields)
    _write_meta(stem(path), meta)
    return meta


def _weights_in_use(base: Path) -> Path | None:
    """The weights file an existing checkpoint at base uses, or None if there is none."""
    if not sibling(base, ".json").is_file():
        return None
    meta = _meta_or_none(base)
    # a damaged JSON is overwritten; its weights name is unknown, so the plain one is assumed
    return sibling(base, ".safetensors") if meta is None else weights_file(base, meta)


def load(path: str | os.PathLike, device: str | torch.device = "cpu") -> Checkpoint:
    """Rebuild the model a checkpoint describes and load its weights, in eval mode."""
    base = stem(path)
    meta = read_meta(base)
    kind = meta["kind"]
    if kind not in REGISTRY:
        raise CheckpointError(
            f"{base} holds a model of kind '{kind}', which this genviz does not know "
            f"(it knows {', '.join(REGISTRY)}); upgrade genviz or pick another checkpoint."
        )
    cls = REGISTRY[kind]
    try:
        config = cls.Config.from_stored(meta["config"], kind)
    except (GenvizError, TypeError, ValueError, RecursionError) as exc:
        raise CheckpointError(f"{base}.json has a config this genviz cannot build: {exc}") from None
    try:
        check_size(cls, config)  # the training rule, before anything is allocated
    except GenvizError as exc:
        if exc.key in ("too_many_weights", "too_many_activations"):
            raise CheckpointError(
                f"{base}.json describes a model over genviz's limits ({exc}); the JSON is "
                "damaged, or the model was made by something else: restore it or retrain."
            ) from None
        raise CheckpointError(f"{base}.json has a config this genviz cannot build: {exc}") from None
    except (TypeError, ValueError, RecursionError, RuntimeError) as exc:
        raise CheckpointError(f"{base}.json has a config this genviz cannot build: {exc}") from None
    model = cls(config)
    tensors = _with_base(base, _read_weights(base, meta), meta)
    tensors = _stand_in(tensors, meta, model.stand_ins())
    _check_shapes(base, kind, model.state_dict(), tensors)
    broken = [
        k for k, t in tensors.items() if t.is_floating_point() and not torch.isfinite(t).all()
    ]
    if broken:
        raise CheckpointError(
            f"{weights_file(base, meta).name} holds weights that are not numbers (NaN or "
            f"infinite, in {broken[0]}): the training diverged or the file is damaged; retrain."
        )
    target = model.state_dict()
    model.load_state_dict({k: v.to(target[k].dtype) for k, v in tensors.items()})
    return Checkpoint(model.to(device).eval(), meta, base)


def clean(folder: str | os.PathLike) -> list[Path]:
    """Remove what interrupted saves left in a folder: temporary files of processes that are
    gone, and weights files of an overwrite that their JSON does not name (under the second
    name, or the plain one when the JSON names the second). Returns what was removed."""
    folder = Path(folder)
    removed = store.clean(folder)
    if not folder.is_dir():
        return removed
    for f in folder.glob(f"*.{PART}.safetensors"):  # parts beside a checkpoint
        js = folder / f"{f.name.removesuffix(f'.{PART}.safetensors')}.json"
        if not js.is_file() or read_beside(js, PART) is None:
            if js.is_file() and _meta_or_none(js) is None:
                continue  # a damaged JSON: keep everything for whoever restores it
            f.unlink(missing_ok=True)  # its checkpoint is gone, or has other weights now
            removed.append(f)
    for f in folder.glob("*.safetensors"):
        second = re.fullmatch(r"(.+)\.[0-9a-f]{16}\.safetensors", f.name)
        js = folder / f"{second[1] if second else f.stem}.json"
        if not second and not js.is_file():
            continue  # a plain name without a JSON is not an interrupted save's
        meta = _meta_or_none(js) if js.is_file() else None
        if js.is_file() and meta is None:
            continue  # a damaged JSON: keep everything for whoever restores it
        if meta is None or weights_file(js, meta).name != f.name:
            f.unlink(missing_ok=True)
            removed.append(f)
    return removed


DTYPES = {
    torch.float64: "F64", torch.float32: "F32", torch.float16: "F16", torch.bfloat16: "BF16",
    torch.int64: "I64", torch.int32: "I32", torch.int16: "I16", torch.int8: "I8",
    torch.uint8: "U8", torch.bool: "BOOL",
}  # fmt: skip


def safetensors_bytes(tensors: dict[str, torch.Tensor], metadata: dict | None = None) -> bytes:
    """A safetensors file's bytes written canonically: the header's keys sorted and the
    tensors laid out in name order, so the same weights always give the same bytes (and
    SHA-256). safetensors' own writer orders the metadata as a hash map does, which changed
    between saves of identical weights."""
    header, parts, offset = {}, [], 0
    if metadata:
        header["__metadata__"] = {str(k): str(v) for k, v in metadata.items()}
    for name in sorted(tensors):
        t = tensors[name].detach().to("cpu").contiguous()
        if t.dtype not in DTYPES:
            raise CheckpointError(f"cannot store {name} of type {t.dtype} in safetensors.")
        data = t.reshape(-1).view(torch.uint8).numpy().tobytes() if t.numel() else b""
        header[name] = {"dtype": DTYPES[t.dtype], "shape": list(t.shape),
                        "data_offsets": [offset, offset + len(data)]}  # fmt: skip
        parts.append(data)
        offset += len(data)
    text = json.dumps(header, sort_keys=True, separators=(",", ":")).encode()
    text += b" " * (-len(text) % 8)  # the data starts on an 8-byte boundary
    return len(text).to_bytes(8, "little") + text + b"".join(parts)


def _read_weights(base: Path, meta: dict) -> dict[str, torch.Tensor]:
    file = weights_file(base, meta)
    if not file.is_file():
        raise CheckpointError(f"{file} is missing; the JSON alone cannot rebuild the model.")
    blob = file.read_bytes()
    expected = meta.get("weights", {}).get("sha256")
    if expected and hashlib.sha256(blob).hexdigest() != expected:
        raise CheckpointError(
            f"{file} does not match its JSON (SHA-256 differs): it is truncated, damaged or "
            "from another save; restore both files together or retrain."
        )
    try:
        return st_load(blob)
    except Exception as exc:  # safetensors raises its own error type for a damaged header
        raise CheckpointError(
            f"{file} is corrupt or truncated ({exc}); restore it or retrain."
        ) from None


def _base_reference(model, base: Path, path: Path) -> dict | None:
    """How a prior's base model is found again: its checkpoint's name in the same folder,
    the prefix of its weights in the prior's, and its weights' SHA-256."""
    field = getattr(model, "base_field", None)
    if field is None or base.parent.resolve() != stem(path).parent.resolve():
        return None
    return {
        "file": base.name,
        "prefix": field + ".",
        "sha256": read_meta(base)["weights"]["sha256"],
    }


def _with_base(path: Path, tensors: dict, meta: dict) -> dict:
    """A slim prior's base weights, read from the base checkpoint beside it."""
    ref = meta.get("weights", {}).get("base")
    if ref is None:
        return tensors
    ok = isinstance(ref, dict) and all(isinstance(ref.get(k), str) for k in ("file", "prefix"))
    if not ok or not NAME.fullmatch(ref["file"]):
        raise CheckpointError(f"{path}.json has a malformed 'weights.base'; restore it or retrain.")
    base = path.parent / ref["file"]
    base_meta = read_meta(base)
    if base_meta["weights"].get("sha256") != ref.get("sha256"):
        raise CheckpointError(
            f"{path.name} was trained on other weights of {ref['file']} than those beside it "
            f"now: retrain {path.name} on it (or restore the {ref['file']} it was trained on)."
        )
    found = {ref["prefix"] + k: t for k, t in _read_weights(base, base_meta).items()}
    return {**found, **tensors}


def _stand_in(tensors: dict, meta: dict, allowed: dict[str, str]) -> dict:
    """A slim checkpoint's left-out weights, copied from those the JSON says stand in for
    them (only the pairs the model itself allows)."""
    pairs = meta.get("weights", {}).get("stand_ins", {})
    if not isinstance(pairs, dict):
        return tensors
    out = dict(tensors)
    for gone, source in pairs.items():
        if allowed.get(gone) != source:
            continue
        for name, t in tensors.items():
            if name.startswith(source) and gone + name[len(source) :] not in tensors:
                out[gone + name[len(source) :]] = t.clone()
    return out


def _check_shapes(base: Path, kind: str, want: dict, got: dict) -> None:
    missing = [k for k in want if k not in got]
    extra = [k for k in got if k not in want]
    if missing or extra:
        names = ", ".join((missing or extra)[:3])
        raise CheckpointError(
            f"the weights of {base} do not fit its {kind} config "
            f"({'lacks' if missing else 'has extra'} tensors {names}): the weights and the JSON "
            "do not belong together."
        )
    for k, t in want.items():
        if tuple(got[k].shape) != tuple(t.shape):
            raise CheckpointError(
                f"the weights of {base} hold '{k}' with shape {tuple(got[k].shape)}, but its "
                f"{kind} config needs {tuple(t.shape)}: the weights and the JSON do not belong "
                "together."
            )


PART = "replay"  # the one part kept beside a checkpoint today (genviz.analysis.replay)


def beside(path: str | os.PathLike, part: str) -> Path:
    """The file of a part that belongs to a checkpoint but not to its weights."""
    return stem(path).with_name(f"{stem(path).name}.{part}.safetensors")


def write_beside(path: str | os.PathLike, part: str, tensors: dict[str, torch.Tensor]) -> Path:
    """Tensors that belong to a checkpoint but not to its weights (a training replay), in
    <stem>.<part>.safetensors, written atomically and bound to the weights they belong to
    (their SHA-256, in the file's header); returns that file."""
    owner = read_meta(path)["weights"]["sha256"]
    out = beside(path, part)
    return store.atomic_write(out, safetensors_bytes(tensors, {"weights_sha256": owner}))


def read_beside(path: str | os.PathLike, part: str) -> dict[str, torch.Tensor] | None:
    """What write_beside wrote for the checkpoint's present weights, or None: no such file,
    one that cannot be read, or one of weights it no longer has (a save of a new model that
    was cut off before its replay was written leaves the old model's replay beside it)."""
    found = beside(path, part)
    try:
        blob = found.read_bytes()
        owner = _header(blob).get("__metadata__", {}).get("weights_sha256")
        if owner is not None and owner != read_meta(path)["weights"]["sha256"]:
            return None  # (a file from before the binding, with no owner named, is taken)
        return st_load(blob)
    except Exception:  # noqa: BLE001 - a missing file, or safetensors' own error types
        return None


def _header(blob: bytes) -> dict:
    """A safetensors file's JSON header (its first 8 bytes give the header's length)."""
    size = int.from_bytes(blob[:8], "little")
    if size > len(blob) - 8 or size > 100_000_000:
        raise CheckpointError("not a safetensors file")
    return json.loads(blob[8 : 8 + size])
