"""A checkpoint's JSON, read without touching its weights: every field checked for type and
range before any use, and the listing of a folder's checkpoints built from the JSONs alone
(no torch work), each with its capabilities or the one sentence that says why it is unusable.
"""

from __future__ import annotations

import dataclasses
import json
import os
import re
from pathlib import Path

from genviz import paths
from genviz.errors import CheckpointError, GenvizError
from genviz.models import REGISTRY

FORMAT = 1
MAX_JSON_BYTES = 16 * 2**20
WEIGHTS = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*\.safetensors")
SHA256 = re.compile(r"[0-9a-f]{64}")


def stem(path: str | os.PathLike) -> Path:
    """'runs/vae', 'runs/vae.json' and 'runs/vae.safetensors' all name the same checkpoint."""
    p = Path(path)
    return p.with_suffix("") if p.suffix in (".json", ".safetensors") else p


def sibling(base: str | os.PathLike, ext: str) -> Path:
    """A checkpoint's file with extension `ext` ('.json'): the whole name kept, so a name
    with a dot ('beta-0.5') is never cut at it as with_suffix would."""
    base = Path(base)
    return base.with_name(base.name + ext)


def weights_file(path: str | os.PathLike, meta: dict) -> Path:
    """The weights file a checkpoint's JSON names (the plain name for older ones)."""
    base = stem(path)
    return base.parent / meta.get("weights", {}).get("file", f"{base.name}.safetensors")


def read_meta(path: str | os.PathLike) -> dict:
    """The checkpoint's JSON, every field checked for type and range (no weights are read)."""
    base = stem(path)
    js = sibling(base, ".json")
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
    _check(meta, js)
    return meta


def _check(meta, js: Path) -> None:
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
    if not (isinstance(weights.get("sha256"), str) and SHA256.fullmatch(weights["sha256"])):
        # it names every result computed from the weights: without it, two checkpoints'
        # pictures and views would share one name
        bad("weights.sha256", "64 hexadecimal digits are needed")
    if "bytes" in weights and not (_whole(weights["bytes"]) and weights["bytes"] >= 0):
        bad("weights.bytes", "a whole number is needed")


def _whole(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def list_checkpoints(root: str | os.PathLike = "checkpoints") -> list[dict]:
    """Every checkpoint under `root`, from the JSON alone (no torch work): path, name, kind,
    dataset, config, metrics and capabilities; or 'error', the reason a checkpoint cannot be
    used, so one bad file never hides the others. Sorted by path."""
    found = []
    for js in sorted(Path(root).rglob("*.json")):
        if js.name == paths.MANIFEST or not _looks_like_checkpoint(js):
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
