"""Checkpoints: `<name>.safetensors` (weights) beside `<name>.json` (everything else).

The JSON names the model kind and its config, so `load` rebuilds the model from the registry
and never unpickles anything. Both files are written to a temporary name and renamed, weights
first; the JSON carries the weights' SHA-256, so a pair that does not belong together (an
interrupted overwrite, a file copied over) is caught on load with a clear sentence.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
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


@dataclass
class Checkpoint:
    model: GenModel
    meta: dict
    path: Path  # the stem: <path>.json and <path>.safetensors

    @property
    def class_names(self) -> list[str]:
        return self.meta["class_names"]

    @property
    def dataset(self) -> str:
        return self.meta["dataset"]


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
) -> Path:
    """Write the checkpoint atomically and return its stem. `half` stores float16 weights
    (half the size; they are cast back to float32 on load)."""
    base = stem(path)
    base.parent.mkdir(parents=True, exist_ok=True)
    tensors = {}
    for name, t in model.state_dict().items():
        t = t.detach().to("cpu")
        if half and t.is_floating_point():
            t = t.half()
        tensors[name] = t.contiguous().clone()  # clone: safetensors refuses shared storage
    blob = st_save(tensors, metadata={"kind": model.kind, "format": str(FORMAT)})
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
            "file": base.name + ".safetensors",
            "sha256": hashlib.sha256(blob).hexdigest(),
            "dtype": "float16" if half else "float32",
            "bytes": len(blob),
        },
        "genviz_version": __version__,
        "torch_version": torch.__version__,
        "created": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
    }
    _atomic_write(
        {
            base.with_suffix(".safetensors"): blob,
            base.with_suffix(".json"): json.dumps(meta, indent=1).encode(),
        }
    )
    return base


def update_meta(path: str | os.PathLike, **fields) -> dict:
    """Change fields of a checkpoint's JSON (metrics after an eval, say), atomically."""
    meta = read_meta(path)
    meta.update(fields)
    _atomic_write({stem(path).with_suffix(".json"): json.dumps(meta, indent=1).encode()})
    return meta


def read_meta(path: str | os.PathLike) -> dict:
    """The checkpoint's JSON, checked for the fields load needs (no weights are read)."""
    base = stem(path)
    js = base.with_suffix(".json")
    if not js.is_file():
        raise CheckpointError(
            f"no checkpoint at {base}: expected {js.name} and {base.name}.safetensors there; "
            "run 'python -m genviz list' to see the checkpoints found."
        )
    try:
        meta = json.loads(js.read_text(encoding="utf-8"))
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise CheckpointError(
            f"{js} is not valid JSON ({exc}): the checkpoint is damaged; restore it or retrain."
        ) from None
    if not isinstance(meta, dict):
        meta = {}
    missing = [k for k in ("kind", "config", "dataset", "class_names") if k not in meta]
    if missing:
        raise CheckpointError(
            f"{js} lacks {', '.join(missing) or 'its fields'}: it is not a genviz checkpoint."
        )
    if meta.get("format", FORMAT) > FORMAT:
        raise CheckpointError(
            f"{js} was written by a newer genviz (format {meta['format']}); upgrade genviz."
        )
    return meta


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
        model = cls(cls.Config.from_stored(meta["config"], kind))
    except (GenvizError, TypeError) as exc:
        raise CheckpointError(f"{base}.json has a config this genviz cannot build: {exc}") from None
    tensors = _read_weights(base, meta)
    _check_shapes(base, kind, model.state_dict(), tensors)
    target = model.state_dict()
    model.load_state_dict({k: v.to(target[k].dtype) for k, v in tensors.items()})
    return Checkpoint(model.to(device).eval(), meta, base)


def list_checkpoints(root: str | os.PathLike = "checkpoints") -> list[dict]:
    """Every checkpoint under `root`, from the JSON alone (no torch work): path, name, kind,
    dataset, config, metrics and capabilities; or 'error', the reason a checkpoint cannot be
    used, so one bad file never hides the others. Sorted by path."""
    found = []
    for js in sorted(Path(root).rglob("*.json")):
        if not js.with_suffix(".safetensors").is_file():
            continue
        entry = {"path": str(js.with_suffix("")), "name": js.stem}
        try:
            meta = read_meta(js)
            cls = REGISTRY.get(meta["kind"])
            if cls is None:
                raise CheckpointError(
                    f"{js} holds a model of kind '{meta['kind']}', which this genviz does not know."
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


def _read_weights(base: Path, meta: dict) -> dict[str, torch.Tensor]:
    file = base.with_suffix(".safetensors")
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


def _check_shapes(base: Path, kind: str, want: dict, got: dict) -> None:
    missing = [k for k in want if k not in got]
    extra = [k for k in got if k not in want]
    if missing or extra:
        names = ", ".join((missing or extra)[:3])
        raise CheckpointError(
            f"{base}.safetensors does not fit its {kind} config "
            f"({'lacks' if missing else 'has extra'} tensors {names}): the weights and the JSON "
            "do not belong together."
        )
    for k, t in want.items():
        if tuple(got[k].shape) != tuple(t.shape):
            raise CheckpointError(
                f"{base}.safetensors holds '{k}' with shape {tuple(got[k].shape)}, but its {kind} "
                f"config needs {tuple(t.shape)}: the weights and the JSON do not belong together."
            )


def _atomic_write(files: dict[Path, bytes]) -> None:
    """Write every file to a temporary name and sync it, then rename them all into place.

    A crash while writing (the long part) leaves the old files untouched; only a crash in the
    instant between the renames can pair new weights with an old JSON, and load's hash check
    reports that.
    """
    temps = {path: path.with_name(f".{path.name}.{os.getpid()}.tmp") for path in files}
    try:
        for path, blob in files.items():
            with open(temps[path], "wb") as f:
                f.write(blob)
                f.flush()
                os.fsync(f.fileno())
        for path, tmp in temps.items():
            os.replace(tmp, path)
    finally:
        for tmp in temps.values():
            tmp.unlink(missing_ok=True)
