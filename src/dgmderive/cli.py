"""The command line: build | list | show."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from dgmderive.build import BuildError, build, load_questions, select


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="dgmderive", description="Derive, check and typeset the solutions.")
    commands = parser.add_subparsers(dest="command", required=True)
    b = commands.add_parser("build", help="derive and check every step, then write the sheet")
    b.add_argument("--only", action="append", metavar="ID", help="a question (6) or part (6.3); repeatable")
    b.add_argument("--out", type=Path, default=Path("output"), help="output directory (default: output)")
    b.add_argument("--no-pdf", action="store_true", help="write the .tex and .json only")
    commands.add_parser("list", help="list the questions and their parts")
    s = commands.add_parser("show", help="print one part's derivation with its verdicts")
    s.add_argument("id", help="a part (6.3) or a question (6)")
    return parser


def _say(line: str) -> None:
    print(line, flush=True)


def _list() -> int:
    for question in load_questions():
        print(f"{question.number}  {question.title}")
        for part in question.derive():
            print(f"  {part.id:<5} {part.title}")
    return 0


def _show(ident: str) -> int:
    ok = True
    for _, parts in select(load_questions(), [ident]):
        for part in parts:
            checked = part.checked()
            print(checked, end="\n\n")
            ok = ok and checked.ok
    return 0 if ok else 1


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        if args.command == "build":
            return build(args.out, only=args.only, pdf=not args.no_pdf, say=_say)
        if args.command == "list":
            return _list()
        return _show(args.id)
    except BuildError as error:
        print(f"dgmderive: {error}", file=sys.stderr)
        return 2
    except OSError as error:
        print(f"dgmderive: {error.strerror or error}: {error.filename or ''}".rstrip(": "), file=sys.stderr)
        return 2
