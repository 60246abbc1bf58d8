"""Command line: python -m genviz train|retrain|eval|encode|reconstruct|translate|sample|list|
project|export|import|import-latents|bench. The commands are thin: each parses its flags, makes
one library call and prints.

Every user error ends in one line on stderr ('error: ...') and exit status 2.
"""

from __future__ import annotations

import argparse
import re
import sys

from genviz.cli import bench, imports, inspect, maps, train
from genviz.errors import GenvizError


class Parser(argparse.ArgumentParser):
    def error(self, message: str):  # argparse's own errors: one line too, not the usage
        message = re.sub(r"^argument (\S+?)(/\S+)?: ", r"\1 ", message)  # "--lr must be ..."
        command = self.prog.split()[-1]
        print(f"error: {message}; see python -m genviz {command} -h.", file=sys.stderr)
        raise SystemExit(2)


def build_parser() -> argparse.ArgumentParser:
    parser = Parser(prog="python -m genviz", description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(required=True, metavar="COMMAND", parser_class=Parser)
    for group in (train, inspect, maps, imports, bench):
        group.register(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    try:
        if argv[:1] == ["bench"]:  # a benchmark parses its own flags
            return bench.run(argv[1:])
        args = build_parser().parse_args(argv)
        args.argv = argv
        return args.run(args) or 0
    except GenvizError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except SystemExit as exc:  # argparse: -h, or an error it has printed
        return exc.code if isinstance(exc.code, int) else 2
