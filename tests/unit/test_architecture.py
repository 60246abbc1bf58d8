"""The library's shape: no import circle and no upward import in genviz/ (function-level
imports included; type-only ones under TYPE_CHECKING are not imports at run time), nothing in
genviz/ imports streamlit, and docs/architecture.md names every module."""

import ast
import re
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT

GENVIZ = ROOT / "genviz"
# each module's floor; an import may only point to the same floor or one below
FLOORS = [
    ("errors", "version", "paths", "memory", "options", "store", "split", "programs"),
    ("data", "imagesets", "shapes", "distributed", "models"),
    ("meta", "checkpoint", "train"),
    ("analysis",),
    ("workflow", "importing"),
    ("serve",),
    ("zoo",),
    ("cli", "__main__", "__init__"),
]


def modules() -> dict[str, Path]:
    found = {}
    for path in GENVIZ.rglob("*.py"):
        parts = path.relative_to(ROOT).with_suffix("").parts
        found[".".join(parts[:-1] if parts[-1] == "__init__" else parts)] = path
    return found


def imports(path: Path, name: str, known: dict) -> set[str]:
    """The genviz modules a module imports anywhere in it, but under `if TYPE_CHECKING:`."""
    tree = ast.parse(path.read_text())
    typing_only = {
        id(n)
        for node in ast.walk(tree)
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test)
        for n in ast.walk(node)
    }
    found = set()
    for node in ast.walk(tree):
        if id(node) in typing_only:
            continue
        if isinstance(node, ast.Import):
            found |= {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            base = node.module if not node.level else name.rsplit(".", node.level)[0]
            found |= {
                f"{base}.{a.name}" if f"{base}.{a.name}" in known else base for a in node.names
            }
    return {m for m in found if m in known and m != name}


def graph() -> dict[str, set[str]]:
    known = modules()
    return {name: imports(path, name, known) for name, path in known.items()}


def floor(name: str) -> int:
    part = name.split(".")[1] if "." in name else "__init__"
    return next(i for i, names in enumerate(FLOORS) if part in names)


def test_no_import_circle():
    edges, state, cycles = graph(), {}, []

    def visit(node, stack):
        state[node] = "open"
        for nxt in sorted(edges[node]):
            if state.get(nxt) == "open":
                cycles.append(stack[stack.index(nxt) :] + [nxt])
            elif nxt not in state:
                visit(nxt, [*stack, nxt])
        state[node] = "done"

    for node in sorted(edges):
        if node not in state:
            visit(node, [node])
    assert not cycles, [" -> ".join(c) for c in cycles]


def test_the_cycle_finder_finds_a_cycle(tmp_path, monkeypatch):
    """The test above could never fail if the graph missed function-level imports."""
    package = tmp_path / "genviz"
    package.mkdir()
    (package / "errors.py").write_text("def f():\n    from genviz import store\n")
    (package / "store.py").write_text("from genviz.errors import f\n")
    monkeypatch.setattr(sys.modules[__name__], "GENVIZ", package)
    monkeypatch.setattr(sys.modules[__name__], "ROOT", tmp_path)
    assert graph() == {"genviz.errors": {"genviz.store"}, "genviz.store": {"genviz.errors"}}


def test_every_import_points_down():
    upward = [f"{a} -> {b}" for a, deps in graph().items() for b in deps if floor(b) > floor(a)]
    assert not upward, upward


def test_no_module_in_genviz_imports_streamlit():
    pattern = re.compile(r"^\s*(import|from)\s+streamlit", re.MULTILINE)
    offenders = [p.name for p in GENVIZ.rglob("*.py") if pattern.search(p.read_text())]
    assert offenders == []


@pytest.mark.slow
def test_importing_genviz_does_not_import_streamlit():
    code = "import sys, genviz, genviz.cli, genviz.zoo; print('streamlit' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "False"


def test_the_architecture_doc_names_every_module():
    doc = (ROOT / "docs" / "architecture.md").read_text(encoding="utf-8")
    files = [
        p for d in ("genviz", "ui", "app_pages", "benchmarks") for p in (ROOT / d).rglob("*.py")
    ]
    files += [ROOT / "app.py"]
    missing = [p.relative_to(ROOT).as_posix() for p in files]
    missing = [name for name in missing if f"`{name}`" not in doc]
    assert not missing, f"docs/architecture.md does not name {missing}"
