"""python -m genviz bench [train|anomaly|projection|app|classroom|ood|translate|denoisers|map]
...: the benchmarks, which live in the repository's benchmarks/ folder (each prints its figure
beside a reference measured in the same run); `python -m genviz bench NAME -h` lists a
benchmark's flags."""

from __future__ import annotations

import importlib
import sys
from pathlib import Path

from genviz.errors import GenvizError

NAMES = (
    "train", "anomaly", "projection", "app", "classroom", "ood", "translate", "imagesets",
    "denoisers", "map",
)  # fmt: skip
REPO = Path(__file__).resolve().parents[2]


def register(sub) -> None:
    # listed for -h only: main() hands `bench ...` to run() before parsing
    sub.add_parser("bench", help=f"benchmarks against a reference ({', '.join(NAMES)})")


def run(rest: list[str]) -> int:
    rest = list(rest)
    name = rest.pop(0) if rest and not rest[0].startswith("-") else "train"
    if name not in NAMES:
        raise GenvizError(f"unknown benchmark '{name}'; choose from {', '.join(NAMES)}.")
    if str(REPO) not in sys.path:
        sys.path.insert(0, str(REPO))
    try:
        module = importlib.import_module(f"benchmarks.{name}")
    except ModuleNotFoundError as e:
        raise GenvizError(
            f"the benchmarks live in the repository's benchmarks/ folder, not found here ({e})."
        ) from None
    return module.main(rest)
