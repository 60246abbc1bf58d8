"""Programs a user exported elsewhere with `torch.export.save` (`.pt2` files), read without
unpickling or importing anything.

`torch.export.load` is not used: it unpickles (the sample inputs by `torch.load`, falling back
to `weights_only=False`, and any weight saved with `use_pickle`), it resolves every node's
target by walking attributes from `torch` (so a graph could call `torch.hub.load`), and it
parses symbolic shapes with `sympy.sympify`, which evaluates text. Instead genviz opens the
zip archive itself and reads only JSON and raw tensor bytes:

- the graph (`models/<name>.json`), whose every node must call an ATen operator
  (`torch.ops.aten.*`) or `_operator.getitem`, with fixed shapes only (no symbolic
  expressions, no custom objects, no range constraints);
- the weights and constants (`data/weights/*`, `data/constants/*`): raw bytes laid out by a
  JSON config; an entry saved as a pickle is refused;
- the sample inputs (a pickle) are never read.

Only then are the checked JSON and the tensors handed to torch's own deserializer, which with
plain dicts and no sample inputs reads nothing else. The program runs ATen operators only.
"""

from __future__ import annotations

import io
import json
import re
import zipfile
from dataclasses import dataclass, field

import torch

from genviz.errors import GenvizError

MAX_BYTES = 512 * 2**20  # a program's archive, uncompressed
TARGET = re.compile(r"torch\.ops\.aten\.\w+\.\w+|_operator\.getitem")
SYMBOLIC = ("as_sym_int", "as_sym_ints", "as_sym_float", "as_sym_floats", "as_sym_bool")
FORBIDDEN = ("as_custom_obj", "custom_obj", "as_graph", "as_operator")


@dataclass
class Program:
    """A checked exported program: its graph as JSON, its tensors, and the shapes of its
    inputs and outputs (fixed: an input's first number is the batch it runs at)."""

    graph: dict
    weights: dict[str, torch.Tensor] = field(default_factory=dict)  # by FQN: params, buffers
    parameters: set[str] = field(default_factory=set)  # which of the weights are parameters
    inputs: list[tuple[int, ...]] = field(default_factory=list)
    outputs: list[tuple[int, ...]] = field(default_factory=list)


def read(source, name: str = "the program") -> Program:
    """A .pt2 file (a path or bytes) as a checked Program; one sentence for anything else."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(source) if isinstance(source, bytes) else source)
    except (OSError, zipfile.BadZipFile, ValueError):
        raise _bad(
            name, "it is not a .pt2 archive (save it with torch.export.save)", "archive"
        ) from None
    with archive:
        if sum(i.file_size for i in archive.infolist()) > MAX_BYTES:
            raise _bad(
                name, f"it is over {MAX_BYTES // 2**20} MB unpacked", "big", mb=MAX_BYTES // 2**20
            )
        models = [n for n in archive.namelist() if re.fullmatch(r"[^/]+/models/[^/]+\.json", n)]
        if len(models) != 1:
            raise _bad(name, "it should hold exactly one exported program", "one")
        prefix, model = models[0].split("/models/")[0], models[0].split("/models/")[1][:-5]
        try:
            graph = json.loads(archive.read(models[0]))
            weights = _payloads(archive, prefix, f"weights/{model}_weights_config.json", name)
            constants = _payloads(archive, prefix, f"constants/{model}_constants_config.json", name)
        except (KeyError, ValueError, UnicodeDecodeError):
            raise _bad(name, "its archive is incomplete or damaged", "damaged") from None
    check(graph, name)
    if constants:
        raise _bad(
            name,
            "it holds tensors made inside forward (constants); register them as buffers of "
            "the module and export again",
            "constants",
        )
    parameters = {k for k in weights if k in _parameter_names(graph)}
    return Program(graph, weights, parameters, *_shapes(graph, name))


def _parameter_names(graph: dict) -> set[str]:
    specs = graph["graph_module"]["signature"]["input_specs"]
    return {s["parameter"]["parameter_name"] for s in specs if "parameter" in s}


def _bad(name: str, why: str, reason: str, **values) -> GenvizError:
    """One sentence; its key (err.program_<reason>) says it in the app's languages."""
    return GenvizError(f"{name} cannot be imported: {why}.", f"program_{reason}", **values)


def check(graph: dict, name: str) -> None:
    """Refuse a graph that could do more than run ATen operators on fixed shapes."""
    if not isinstance(graph, dict) or "graph_module" not in graph:
        raise _bad(name, "its graph is not an exported program", "damaged")
    if graph.get("range_constraints"):
        raise _bad(
            name, "its shapes change (dynamic shapes); export it with fixed shapes", "dynamic"
        )
    nodes = graph["graph_module"].get("graph", {}).get("nodes", [])
    for node in nodes:
        target = node.get("target", "")
        if not isinstance(target, str) or not TARGET.fullmatch(target):
            raise _bad(
                name,
                f"it calls {str(target)[:60]}, which is not an ATen operator",
                "target",
                target=str(target)[:60],
            )

    def walk(value) -> None:
        if isinstance(value, dict):
            for key, inner in value.items():
                if key in SYMBOLIC and isinstance(inner, dict | list) and "as_expr" in str(inner):
                    raise _bad(
                        name, "its shapes are symbolic; export it with fixed shapes", "dynamic"
                    )
                if key in FORBIDDEN:
                    raise _bad(name, "it holds custom objects or subgraphs", "custom")
                walk(inner)
        elif isinstance(value, list):
            for inner in value:
                walk(inner)

    walk(graph["graph_module"])


def _payloads(archive, prefix: str, config: str, name: str) -> dict[str, torch.Tensor]:
    """The tensors a payload config describes, from their raw bytes (never from a pickle)."""
    from torch._export.serde.serialize import deserialize_scalar_type

    entries = json.loads(archive.read(f"{prefix}/data/{config}"))["config"]
    folder = f"{prefix}/data/{config.split('/')[0]}"
    found = {}
    for fqn, meta in entries.items():
        if meta.get("use_pickle"):
            raise _bad(
                name,
                f"its tensor {fqn} is saved as a pickle, which genviz never opens",
                "pickle",
                tensor=fqn,
            )
        tensor = meta["tensor_meta"]
        dtype = deserialize_scalar_type(tensor["dtype"])
        sizes = [int(s["as_int"]) for s in tensor["sizes"]]
        strides = [int(s["as_int"]) for s in tensor["strides"]]
        offset = int(tensor["storage_offset"]["as_int"])
        blob = archive.read(f"{folder}/{meta['path_name']}")
        flat = (
            torch.frombuffer(bytearray(blob), dtype=dtype) if blob else torch.zeros(0, dtype=dtype)
        )
        needed = (
            offset + sum((s - 1) * st for s, st in zip(sizes, strides)) + 1 if all(sizes) else 0
        )
        if len(flat) < needed:
            raise _bad(name, f"its tensor {fqn} is shorter than its shape says", "damaged")
        found[fqn] = (
            flat.as_strided(sizes, strides, offset).clone()
            if needed
            else torch.zeros(sizes, dtype=dtype)
        )
    return found


def _shapes(graph: dict, name: str) -> tuple[list, list]:
    """The fixed shapes of the user's inputs and of the outputs."""
    gm = graph["graph_module"]
    values = gm["graph"].get("tensor_values", {})

    def shape(arg) -> tuple[int, ...]:
        meta = values.get(arg["as_tensor"]["name"]) if "as_tensor" in arg else None
        if meta is None:
            raise _bad(name, "its inputs and outputs must be tensors", "tensors")
        return tuple(int(s["as_int"]) for s in meta["sizes"])

    specs = gm["signature"]["input_specs"]
    inputs = [shape(s["user_input"]["arg"]) for s in specs if "user_input" in s]
    outputs = [shape(s["user_output"]["arg"]) for s in gm["signature"]["output_specs"]
               if "user_output" in s]  # fmt: skip
    return inputs, outputs


def module(program: Program) -> torch.nn.Module:
    """The program as a module that runs it (its weights as its own parameters and buffers)."""
    from torch._export.serde import schema
    from torch._export.serde.serialize import ExportedProgramDeserializer, _dict_to_dataclass

    serialized = _dict_to_dataclass(schema.ExportedProgram, program.graph)
    state = {
        k: torch.nn.Parameter(v, requires_grad=False) if k in program.parameters else v
        for k, v in program.weights.items()
    }
    exported = ExportedProgramDeserializer().deserialize(serialized, state, {}, None)
    return exported.module()


def export(fn: torch.nn.Module, *examples: torch.Tensor) -> Program:
    """A module of the user's own (on their own machine, in the CLI) exported and read back
    through the same checks as a file would be."""
    exported = torch.export.export(fn, examples)
    buffer = io.BytesIO()
    torch.export.save(exported, buffer)
    return read(buffer.getvalue(), type(fn).__name__)
