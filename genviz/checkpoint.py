"""Checkpoints: `<name>.json` (everything but the weights) and the safetensors file it names,
`<name>.safetensors` at first.

The JSON names the model kind and its config, so `load` rebuilds the model from the registry
and never unpickles anything; it is checked field by field before any use, and the model's
size is checked on PyTorch's meta device before anything is allocated. A save writes the
weights first and the JSON last, each to a temporary name, synced, then renamed: the JSON's
rename is the one moment a checkpoint changes. Overwriting writes the new weights beside the
old ones under a new name, so a crash at any point leaves either the old pair or the new
pair, never a mix; the old weights are removed after the switch.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
import re
import secrets
import time
from dataclasses import dataclass
from pathlib import Path

import torch
from safetensors.torch import load as st_load
from safetensors.torch import save as st_save

from genviz.errors import CheckpointError, GenvizError
from genviz.models import REGISTRY, GenModel
from genviz.version import __version__

FORMAT = 1
MAX_JSON_BYTES = 16 * 2**20
MAX_PARAMETERS = 100_000_000  # far above any model here; a larger config is a damaged one
WEIGHTS = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*\.safetensors")
SHA256 = re.compile(r"[0-9a-f]{64}")
NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,99}")  # a checkpoint beside another
TEMPORARY = re.compile(r"\.(?P<file>.+)\.(?P<pid>\d+)\.[0-9a-f]{8}\.tmp")


class _Described:
    """What a checkpoint's JSON says of it, for anything that holds that JSON as `meta`."""

    meta: dict

    @property
    def class_names(self) -> list[str]:
        return self.meta["class_names"]

    @property
    def dataset(self) -> str:
        return self.meta["dataset"]


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


def stem(path: str | os.PathLike) -> Path:
    """'runs/vae', 'runs/vae.json' and 'runs/vae.safetensors' all name the same checkpoint."""
    p = Path(path)
    return p.with_suffix("") if p.suffix in (".json", ".safetensors") else p


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
    tensors = {}
    left_out = model.stand_ins() if slim else {}
    by_reference = _base_reference(model, stem(base_model), path) if slim and base_model else None
    skip = tuple(left_out) + ((by_reference["prefix"],) if by_reference else ())
    for name, t in model.state_dict().items():
        if skip and name.startswith(skip):
            continue
        t = t.detach().to("cpu")
        if half and t.is_floating_point():
            t = t.half()
        tensors[name] = t.contiguous().clone()  # clone: safetensors refuses shared storage
    blob = st_save(tensors, metadata={"kind": model.kind, "format": str(FORMAT)})
    sha = hashlib.sha256(blob).hexdigest()
    previous = _weights_in_use(base)
    # a first save takes the plain name; an overwrite a new one, so the old pair stays whole
    weights = base.parent / (
        f"{base.name}.safetensors" if previous is None else f"{base.name}.{sha[:16]}.safetensors"
    )
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
            "file": weights.name,
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
    if previous != weights:
        _atomic_write(weights, blob)
    _atomic_write(base.with_suffix(".json"), json.dumps(meta, indent=1).encode())  # the switch
    if previous is not None and previous != weights:
        previous.unlink(missing_ok=True)
    return base


def update_meta(path: str | os.PathLike, **fields) -> dict:
    """Change fields of a checkpoint's JSON (metrics after an eval, say), atomically."""
    meta = read_meta(path)
    meta.update(fields)
    _atomic_write(stem(path).with_suffix(".json"), json.dumps(meta, indent=1).encode())
    return meta


def read_meta(path: str | os.PathLike) -> dict:
    """The checkpoint's JSON, every field checked for type and range (no weights are read)."""
    base = stem(path)
    js = base.with_suffix(".json")
    if not js.is_file():
        raise CheckpointError(
            f"no checkpoint at {base}: expected {js.name} and its weights there; "
            "run 'python -m genviz list' to see the checkpoints found."
        )
    if js.stat().st_size > MAX_JSON_BYTES:
        raise CheckpointError(f"{js} is over {MAX_JSON_BYTES // 2**20} MB: it is not a checkpoint.")
    try:
        meta = json.loads(js.read_text(encoding="utf-8"))
    except (ValueError, UnicodeDecodeError, RecursionError) as exc:
        reason = "nested too deeply" if isinstance(exc, RecursionError) else str(exc)[:120]
        raise CheckpointError(
            f"{js} is not valid JSON ({reason}): the checkpoint is damaged; restore it or retrain."
        ) from None
    _check_meta(meta, js)
    return meta


def _check_meta(meta, js: Path) -> None:
    def bad(field: str, what: str):
        raise CheckpointError(f"{js} has a malformed '{field}' ({what}); restore it or retrain.")

    if not isinstance(meta, dict):
        raise CheckpointError(f"{js} is not a genviz checkpoint (not a JSON object).")
    missing = [k for k in ("kind", "config", "dataset", "class_names") if k not in meta]
    if missing:
        raise CheckpointError(f"{js} lacks {', '.join(missing)}: it is not a genviz checkpoint.")
    fmt = meta.get("format", FORMAT)
    if not _whole(fmt) or fmt < 1:
        bad("format", "a whole number of at least 1 is needed")
    if fmt > FORMAT:
        raise CheckpointError(f"{js} was written by a newer genviz (format {fmt}); upgrade genviz.")
    if not isinstance(meta["kind"], str):
        bad("kind", "a name is needed")
    if not isinstance(meta["config"], dict):
        bad("config", "an object of options is needed")
    if not isinstance(meta["dataset"], str):
        bad("dataset", "a name is needed")
    names = meta["class_names"]
    if not isinstance(names, list) or not 1 <= len(names) <= 100_000:
        bad("class_names", "a list of names is needed")
    if not all(isinstance(n, str) for n in names):
        bad("class_names", "every class name must be text")
    shape = meta.get("image_shape", [1, 1, 1])
    if not (isinstance(shape, list) and len(shape) == 3 and all(_whole(v) for v in shape)):
        bad("image_shape", "three whole numbers are needed")
    if not (1 <= shape[0] <= 4 and 1 <= shape[1] <= 4096 and 1 <= shape[2] <= 4096):
        bad("image_shape", "1-4 channels of at most 4096 x 4096 pixels")
    for field, typ in (("history", list), ("metrics", dict), ("train", dict)):
        if not isinstance(meta.get(field, typ()), typ):
            bad(field, f"a {'list' if typ is list else 'an object'} is needed")
    if meta.get("seed") is not None and not _whole(meta["seed"]):
        bad("seed", "a whole number is needed")
    weights = meta.get("weights", {})
    if not isinstance(weights, dict):
        bad("weights", "an object is needed")
    if "file" in weights and not (
        isinstance(weights["file"], str) and WEIGHTS.fullmatch(weights["file"])
    ):
        bad("weights.file", "a .safetensors file name beside the JSON is needed")
    if "sha256" in weights and not (
        isinstance(weights["sha256"], str) and SHA256.fullmatch(weights["sha256"])
    ):
        bad("weights.sha256", "64 hexadecimal digits are needed")
    if "bytes" in weights and not (_whole(weights["bytes"]) and weights["bytes"] >= 0):
        bad("weights.bytes", "a whole number is needed")


def _whole(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def weights_file(path: str | os.PathLike, meta: dict) -> Path:
    """The weights file a checkpoint's JSON names (the plain name for older ones)."""
    base = stem(path)
    return base.parent / meta.get("weights", {}).get("file", f"{base.name}.safetensors")


def _weights_in_use(base: Path) -> Path | None:
    """The weights file an existing checkpoint at base uses, or None if there is none."""
    if not base.with_suffix(".json").is_file():
        return None
    try:
        return weights_file(base, read_meta(base))
    except CheckpointError:  # a damaged JSON is overwritten; its weights name is unknown
        return base.with_suffix(".safetensors")


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
        with torch.device("meta"):  # the size first, with nothing allocated
            size = sum(t.numel() for t in cls(config).state_dict().values())
    except (GenvizError, TypeError, ValueError, RecursionError) as exc:
        raise CheckpointError(f"{base}.json has a config this genviz cannot build: {exc}") from None
    if size > MAX_PARAMETERS:
        raise CheckpointError(
            f"{base}.json describes a model of {size:,} numbers, over genviz's limit of "
            f"{MAX_PARAMETERS:,}: the JSON is damaged; restore it or retrain."
        )
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


def list_checkpoints(root: str | os.PathLike = "checkpoints") -> list[dict]:
    """Every checkpoint under `root`, from the JSON alone (no torch work): path, name, kind,
    dataset, config, metrics and capabilities; or 'error', the reason a checkpoint cannot be
    used, so one bad file never hides the others. Sorted by path."""
    found = []
    for js in sorted(Path(root).rglob("*.json")):
        if not _looks_like_checkpoint(js):
            continue
        entry = {"path": str(js.with_suffix("")), "name": js.stem}
        try:
            meta = read_meta(js)
            cls = REGISTRY.get(meta["kind"])
            if cls is None:
                raise CheckpointError(
                    f"{js} holds a model of kind '{meta['kind']}', which this genviz does not know."
                )
            try:  # the options' types and ranges (no torch work)
                cls.Config.from_stored(meta["config"], meta["kind"])
            except (GenvizError, TypeError, ValueError) as exc:
                raise CheckpointError(
                    f"{js} has a config this genviz cannot build: {exc}"
                ) from None
            file = weights_file(js, meta)
            expected = meta.get("weights", {}).get("bytes")
            if not file.is_file():
                raise CheckpointError(f"{js.name} names {file.name}, which is missing.")
            if expected is not None and file.stat().st_size != expected:
                raise CheckpointError(
                    f"{file.name} does not match {js.name} (its size differs): it is damaged "
                    "or from another save; restore both files together or retrain."
                )
            entry.update(
                kind=meta["kind"],
                dataset=meta["dataset"],
                config=meta["config"],
                metrics=meta.get("metrics", {}),
                capabilities=dataclasses.asdict(cls.capabilities(meta["config"])),
            )
            entry["latent_dim"] = meta["config"].get("latent_dim")
        except CheckpointError as exc:
            entry["error"] = str(exc)
        found.append(entry)
    return found


def _looks_like_checkpoint(js: Path) -> bool:
    """A JSON beside a safetensors file of its name, or one that says it names weights."""
    if js.with_suffix(".safetensors").is_file():
        return True
    try:
        with open(js, "rb") as f:
            return b'"weights"' in f.read(MAX_JSON_BYTES)
    except OSError:
        return False


def clean(folder: str | os.PathLike) -> list[Path]:
    """Remove what interrupted saves left in a folder: temporary files of processes that are
    gone, and weights files of an overwrite that no JSON names. Returns what was removed."""
    folder = Path(folder)
    removed = []
    if not folder.is_dir():
        return removed
    for f in folder.iterdir():
        m = TEMPORARY.fullmatch(f.name)
        if m and f.is_file() and not _alive(int(m["pid"])):
            f.unlink(missing_ok=True)
            removed.append(f)
    for f in folder.glob("*.*.safetensors"):
        owner = re.fullmatch(r"(.+)\.[0-9a-f]{16}\.safetensors", f.name)
        if owner is None:
            continue
        js = folder / f"{owner[1]}.json"
        try:
            named = weights_file(js, read_meta(js)).name if js.is_file() else None
        except CheckpointError:
            continue  # a damaged JSON: keep everything for whoever restores it
        if named != f.name:
            f.unlink(missing_ok=True)
            removed.append(f)
    return removed


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


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


def write_beside(path: str | os.PathLike, part: str, tensors: dict[str, torch.Tensor]) -> Path:
    """Tensors that belong to a checkpoint but not to its weights (a training replay), in
    <stem>.<part>.safetensors, written atomically; returns that file."""
    out = stem(path).with_name(f"{stem(path).name}.{part}.safetensors")
    _atomic_write(out, st_save({k: t.contiguous() for k, t in tensors.items()}))
    return out


def read_beside(path: str | os.PathLike, part: str) -> dict[str, torch.Tensor] | None:
    """What write_beside wrote, or None when there is no such file or it cannot be read."""
    found = stem(path).with_name(f"{stem(path).name}.{part}.safetensors")
    try:
        return st_load(found.read_bytes())
    except Exception:  # noqa: BLE001 - a missing file, or safetensors' own error types
        return None


def _atomic_write(path: Path, blob: bytes) -> None:
    """Write to a temporary name beside path, sync, then rename over path: a crash while
    writing leaves path as it was; a stray temporary is removed by `clean`."""
    tmp = path.with_name(f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}.tmp")
    try:
        with open(tmp, "wb") as f:
            f.write(blob)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except OSError as e:
        raise CheckpointError(f"cannot write {path} ({e.strerror or e}); nothing changed.") from e
    finally:
        tmp.unlink(missing_ok=True)
