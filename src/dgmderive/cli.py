"""The command line: build | list | show | check | grade."""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path
from typing import NoReturn

from dgmderive.errors import BuildError


class _Version(argparse.Action):
    """``--version``, which looks the version up only when asked (the lookup takes a while)."""

    def __init__(self, option_strings, dest, **kwargs) -> None:
        super().__init__(option_strings, dest, nargs=0, **kwargs)

    def __call__(self, parser, namespace, values, option_string=None) -> None:
        from dgmderive.version import tool_version

        print(f"dgmderive {tool_version()}")
        parser.exit()


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="dgmderive", description="Derive, machine-check step by step and typeset solutions; check a claim "
        "written in LaTeX; grade the displayed chains of a written derivation.",
        epilog="Run 'dgmderive COMMAND --help' for a command's arguments. A build writes the students' sheet "
               "(solutions.pdf), the verification record (verification.pdf) and answers.json.")
    parser.add_argument("--version", action=_Version, help="print the version and exit")
    commands = parser.add_subparsers(dest="command", required=True)
    b = commands.add_parser("build", help="derive and check every step, then write the sheet and the record",
                            description="Derive every part of a question set, check every step, and write "
                                        "solutions.tex/.pdf, verification.tex/.pdf and answers.json. Exit status: 0 "
                                        "written, 1 a step failed (nothing is written), 2 bad input.")
    b.add_argument("source", nargs="?", help="a question set: a folder listing QUESTIONS, a .py file with QUESTION, "
                                             "or a module name (default: the bundled assignment)")
    b.add_argument("--only", action="append", metavar="ID", help="a question (6) or part (6.3); repeatable")
    b.add_argument("--out", type=Path, help="output directory (default: output, or output/only-6.3 with --only 6.3, "
                                            "so that a partial build never replaces the whole one)")
    b.add_argument("--no-pdf", action="store_true", help="write the .tex and .json only")
    listing = commands.add_parser("list", help="list the questions and their parts",
                                  description="List the questions of a question set and the id and title of "
                                              "each part, without checking anything.")
    listing.add_argument("source", nargs="?", help="a question set, as for build")
    s = commands.add_parser("show", help="print one part's derivation with its verdicts",
                            description="Derive and check one part (or every part of a question) and print it "
                                        "in the terminal with each step's verdict. Exit status: 0 every step "
                                        "holds, 1 otherwise, 2 bad input.")
    s.add_argument("id", help="a part (6.3) or a question (6)")
    s.add_argument("--from", dest="source", metavar="SOURCE", help="a question set, as for build")
    c = commands.add_parser("check", help="check the claim LHS REL RHS, given in LaTeX",
                            description="Exit status: 0 holds, 1 refuted, 2 unreadable input, 3 undecided. "
                                        "A side may begin with '-' ('x' '-x'); '--' ends the options, and "
                                        "whatever follows it is a side.")
    c.add_argument("lhs", help=r"the left side, in LaTeX (e.g. '\log(e^{x})')")
    c.add_argument("rhs", help="the right side, in LaTeX")
    c.add_argument("--rel", default="=", help="=, <, <=, >, >=, != (default =)")
    c.add_argument("--assume", action="append", default=[], metavar="A",
                   help="e.g. 'sigma>0', 'k>=0', 'n integer', 'alpha<2', or a relation in LaTeX such as "
                        "\"f'(z) >= -L\"; repeatable")
    c.add_argument("--json", action="store_true", help="print the claim and its verdict as one JSON object")
    g = commands.add_parser("grade", help="check every displayed chain of LaTeX or Markdown files",
                            description="Exit status: 0 no link refuted, 1 some link refuted, 2 unreadable input. "
                                        "Several files end with a table of their counts.")
    g.add_argument("file", type=Path, nargs="+", help="a .tex or .md file; several are graded in turn")
    g.add_argument("--assume", action="append", default=[], metavar="A", help="as for check; repeatable")
    g.add_argument("--json", action="store_true", help="print one JSON document (schema dgmderive.grade/1)")
    return parser


def _default_out(only: list[str] | None) -> Path:
    """output/, or output/only-6.3 for a build of some parts."""
    return Path("output") / f"only-{'-'.join(only)}" if only else Path("output")


def _say(line: str) -> None:
    print(line, flush=True)


def _list(source: str | None) -> int:
    from dgmderive.questions import contents, load_questions

    for question in load_questions(source):
        print(f"{question.number}  {question.title}")
        for ident, title in contents(question):
            print(f"  {ident:<5} {title}")
    return 0


def _show(ident: str, source: str | None) -> int:
    from dgmderive.checked import verify
    from dgmderive.questions import load_questions, select

    ok = True
    for _, parts in select(load_questions(source), [ident]):
        for part in parts:
            checked = verify(part)
            print(checked, end="\n\n")
            ok = ok and checked.ok
    return 0 if ok else 1


def _check(args) -> int:
    from dgmderive.checking import store

    assume = tuple(args.assume)
    remembered = store.load_claim(args.lhs, args.rel, args.rhs, assume)
    checked = remembered if remembered is not None else _checked_claim(args.lhs, args.rel, args.rhs, assume)
    if isinstance(checked, str):
        print(json.dumps({"error": checked}) if args.json else f"dgmderive: {checked}",
              file=sys.stdout if args.json else sys.stderr)
        return 2
    claim, verdict = checked
    if args.json:
        print(json.dumps({"claim": claim, "verdict": verdict.to_json(), "notes": list(verdict.notes)}))
    else:
        print(claim)
        print(verdict)
        for note in verdict.notes:
            print(f"note: {note}")
    if verdict.level.value == "REFUTED":
        return 1
    return 0 if verdict.holds else 3


def _checked_claim(lhs: str, rel: str, rhs: str, assume: tuple[str, ...]) -> tuple | str:
    """The claim as read and its verdict, kept in the store (unless a budget ran out) so that the
    same text is answered again without loading the parser; or why the text cannot be read."""
    from dgmderive.checking import store
    from dgmderive.checking.budget import exhausted
    from dgmderive.claims import best_reading, claim_steps
    from dgmderive.parse import ParseError

    before = exhausted()
    try:
        steps = claim_steps(lhs, rhs, rel, assume)
    except ParseError as error:
        return str(error)
    step, verdict = best_reading(steps)
    claim = f"{step.lhs} {step.rel} {step.rhs}"
    if exhausted() == before:
        store.save_claim(lhs, rel, rhs, assume, claim, verdict)
    return claim, verdict


def _grade(args) -> int:
    from dgmderive.grading import grade_file
    from dgmderive.grading.report import report, table
    from dgmderive.grading.schema import document
    from dgmderive.parse import ParseError, parse_assumptions
    from dgmderive.reading import DocumentError
    from dgmderive.version import tool_version

    assume = tuple(args.assume)
    try:
        parse_assumptions(assume)
    except ParseError as error:
        print(f"dgmderive: bad --assume: {error}", file=sys.stderr)
        return 2
    graded, unreadable = [], False
    for path in args.file:
        try:
            read, results = grade_file(path, assume, _Progress(str(path)))
        except (OSError, DocumentError) as error:
            print(f"dgmderive: cannot read {path}: {getattr(error, 'strerror', None) or error}", file=sys.stderr)
            unreadable = True
            continue
        graded.append((str(path), read, results))
        if not args.json:
            for line in report(str(path), results, read.notes):
                print(line)
    if args.json:
        print(json.dumps(document(graded, tool_version()), indent=2))
    elif len(args.file) > 1:
        print()
        for line in table(graded):
            print(line)
    if unreadable:
        return 2
    return 1 if any(chain.first_failure for _, _, results in graded for chain in results) else 0


class _Progress:
    """Progress of a long grading on stderr: on a terminal, one line rewritten after each display
    (and cleared at the end); elsewhere a line every :data:`EVERY` seconds, the first after as many."""

    EVERY = 5.0

    def __init__(self, name: str) -> None:
        self.name, self.terminal = name, sys.stderr.isatty()
        self.due = time.monotonic() + (0 if self.terminal else self.EVERY)

    def __call__(self, done: int, total: int) -> None:
        now = time.monotonic()
        if self.terminal and done == total:
            print(" " * 79, end="\r", file=sys.stderr, flush=True)
        elif now >= self.due:
            print(f"dgmderive: grading {self.name}: {done} of {total} displays", end="\r" if self.terminal else "\n",
                  file=sys.stderr, flush=True)
            self.due = now if self.terminal else now + self.EVERY


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
            from dgmderive.build import build

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
