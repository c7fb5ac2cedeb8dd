"""The command line: build | list | show | check | grade."""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path
from typing import NoReturn

from dgmderive.build import BuildError, build, derived, load_questions, select
from dgmderive.checked import verify
from dgmderive.claims import best_reading, claim_steps
from dgmderive.grade import grade_text, report
from dgmderive.parse import ParseError, parse_assumptions
from dgmderive.reading import DocumentError, read_file
from dgmderive.verdict import Level


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="dgmderive", description="Derive, check and typeset the solutions.")
    parser.add_argument("--version", action="version", version=f"dgmderive {_version()}")
    commands = parser.add_subparsers(dest="command", required=True)
    b = commands.add_parser("build", help="derive and check every step, then write the sheet and the record")
    b.add_argument("source", nargs="?", help="a question set: a folder listing QUESTIONS, a .py file with QUESTION, "
                                             "or a module name (default: the bundled assignment)")
    b.add_argument("--only", action="append", metavar="ID", help="a question (6) or part (6.3); repeatable")
    b.add_argument("--out", type=Path, help="output directory (default: output, or output/only-6.3 with --only 6.3, "
                                            "so that a partial build never replaces the whole one)")
    b.add_argument("--no-pdf", action="store_true", help="write the .tex and .json only")
    listing = commands.add_parser("list", help="list the questions and their parts")
    listing.add_argument("source", nargs="?", help="a question set, as for build")
    s = commands.add_parser("show", help="print one part's derivation with its verdicts")
    s.add_argument("id", help="a part (6.3) or a question (6)")
    s.add_argument("--from", dest="source", metavar="SOURCE", help="a question set, as for build")
    c = commands.add_parser("check", help="check the claim LHS REL RHS, given in LaTeX",
                            description="Exit status: 0 holds, 1 refuted, 2 unreadable input, 3 undecided. "
                                        "A side may begin with '-' ('x' '-x'); '--' ends the options, and "
                                        "whatever follows it is a side.")
    c.add_argument("lhs")
    c.add_argument("rhs")
    c.add_argument("--rel", default="=", help="=, <, <=, >, >=, != (default =)")
    c.add_argument("--assume", action="append", default=[], metavar="A",
                   help="e.g. 'sigma>0', 'k>=0', 'n integer', 'alpha<2', or a relation in LaTeX such as "
                        "\"f'(z) >= -L\"; repeatable")
    c.add_argument("--json", action="store_true", help="print the claim and its verdict as one JSON object")
    g = commands.add_parser("grade", help="check every displayed chain of a LaTeX or Markdown file",
                            description="Exit status: 0 no link refuted, 1 some link refuted, 2 unreadable file.")
    g.add_argument("file", type=Path)
    g.add_argument("--assume", action="append", default=[], metavar="A")
    return parser


def _default_out(only: list[str] | None) -> Path:
    """output/, or output/only-6.3 for a build of some parts."""
    return Path("output") / f"only-{'-'.join(only)}" if only else Path("output")


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("dgmderive")
    except PackageNotFoundError:
        return "(not installed)"


def _say(line: str) -> None:
    print(line, flush=True)


def _list(source: str | None) -> int:
    for question in load_questions(source):
        print(f"{question.number}  {question.title}")
        for part in derived(question):
            print(f"  {part.id:<5} {part.title}")
    return 0


def _show(ident: str, source: str | None) -> int:
    ok = True
    for _, parts in select(load_questions(source), [ident]):
        for part in parts:
            checked = verify(part)
            print(checked, end="\n\n")
            ok = ok and checked.ok
    return 0 if ok else 1


def _check(args) -> int:
    try:
        steps = claim_steps(args.lhs, args.rhs, args.rel, args.assume)
    except ParseError as error:
        print(f"dgmderive: {error}", file=sys.stderr)
        return 2
    step, verdict = best_reading(steps)
    if args.json:
        print(json.dumps({"claim": str(step), "verdict": verdict.to_json(), "notes": list(verdict.notes)}))
    else:
        print(f"{step.lhs} {step.rel} {step.rhs}")
        print(verdict)
        for note in verdict.notes:
            print(f"note: {note}")
    if verdict.level is Level.REFUTED:
        return 1
    return 0 if verdict.holds else 3


def _grade(args) -> int:
    try:
        document = read_file(args.file)
        parse_assumptions(tuple(args.assume))
    except (OSError, DocumentError, ParseError) as error:
        print(f"dgmderive: cannot read {args.file}: {getattr(error, 'strerror', None) or error}", file=sys.stderr)
        return 2
    results = grade_text(document, tuple(args.assume))
    for note in document.notes:
        print(f"line {note.line}: {note.reason}")
    for line in report(results):
        print(line)
    return 1 if any(chain.first_failure for chain in results) else 0


CHECK_OPTIONS = ("--rel", "--assume")  # the options of check, each with a value


def _sides_after_options(argv: list[str]) -> list[str]:
    """check's arguments with its two sides moved after '--', so that a side may begin with '-'
    ('-x'); an option's value is joined to it ('--assume=-x<0') for the same reason."""
    options, sides, rest = [], [], iter(argv)
    for arg in rest:
        if arg == "--":
            sides.extend(rest)
        elif arg in CHECK_OPTIONS:
            options.append(f"{arg}={next(rest, '')}")
        elif arg in ("-h", "--help", "--json") or arg.startswith(tuple(f"{option}=" for option in CHECK_OPTIONS)):
            options.append(arg)
        else:
            sides.append(arg)
    return [*options, "--", *sides]


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else list(argv)
    args = _parser().parse_args(argv[:1] + _sides_after_options(argv[1:]) if argv[:1] == ["check"] else argv)
    try:
        if args.command == "build":
            return build(args.out or _default_out(args.only), only=args.only, pdf=not args.no_pdf, say=_say,
                         source=args.source)
        if args.command == "list":
            return _list(args.source)
        if args.command == "check":
            return _check(args)
        if args.command == "grade":
            return _grade(args)
        return _show(args.id, args.source)
    except BuildError as error:
        print(f"dgmderive: {error}", file=sys.stderr)
        return 2
    except BrokenPipeError:
        raise
    except OSError as error:
        print(f"dgmderive: {error.strerror or error}: {error.filename or ''}".rstrip(": "), file=sys.stderr)
        return 2


def run() -> NoReturn:
    """The ``dgmderive`` command: :func:`main`, then exit at once. Every output file is written and
    closed by then, so the interpreter's teardown (freeing SymPy's caches object by object, about a
    twentieth of a second) is skipped."""
    try:
        code = main()
    except KeyboardInterrupt:
        print("dgmderive: interrupted", file=sys.stderr)
        code = 130
    except BrokenPipeError:  # the reader went away (dgmderive list | head): nothing more to say
        code = 141
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except OSError:  # a reader that went away (a closed pipe) can be told nothing more
            code = code or 2
    os._exit(code)
