"""The pytest plugin: ``pytest --dgmderive SOURCE ...`` runs each part of a question set as a test
item named by its id. An item fails when a step is REFUTED or UNCHECKED, or an answer or a written
formula is not what was checked; NUMERIC steps pass and are listed in the summary (or fail, with
``--dgmderive-strict``). Nothing heavy is imported until a source is collected."""

from __future__ import annotations

import os

import pytest

NUMERIC_KEY = "dgmderive numeric"


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("dgmderive", "derivations checked step by step")
    group.addoption("--dgmderive", nargs="*", metavar="SOURCE", default=None,
                    help="collect the parts of these question sets (a folder listing QUESTIONS, a .py file "
                         "with QUESTION, or a module name) as test items")
    group.addoption("--dgmderive-strict", action="store_true",
                    help="a NUMERIC step fails its part: only PROVED and EXACT pass")
    group.addoption("--dgmderive-no-store", action="store_true",
                    help="check every step afresh: no verdicts from the store, none saved")


def pytest_configure(config: pytest.Config) -> None:
    if config.getoption("dgmderive_no_store"):
        os.environ["DGMDERIVE_CACHE"] = "off"  # before any worker starts: they inherit it


@pytest.hookimpl(tryfirst=True)  # before -k and -m deselect
def pytest_collection_modifyitems(session: pytest.Session, config: pytest.Config, items: list) -> None:
    sources = config.getoption("dgmderive")
    if sources is None:
        return
    if not sources:
        raise pytest.UsageError("--dgmderive needs at least one SOURCE (a folder, a .py file or a module)")
    for source in sources:
        items.extend(QuestionSet.from_parent(session, name=source).collect_parts())


class QuestionSet(pytest.Collector):
    """One source's questions; its items are their parts."""

    def collect(self) -> list:
        return self.collect_parts()

    def collect_parts(self) -> list:
        from dgmderive.questions import BuildError, derived
        from dgmderive.sources import SourceError, load_source

        try:
            questions = load_source(self.name).questions
        except SourceError as error:
            raise pytest.UsageError(f"dgmderive: {error}") from None
        items = []
        for question in questions:
            try:
                items += [Part.from_parent(self, name=part.id, derivation=part) for part in derived(question)]
            except BuildError as error:  # a script that fails is a failing item; the other parts still run
                items.append(BrokenScript.from_parent(self, name=f"question {question.number}", problem=str(error)))
        return items


class BrokenScript(pytest.Item):
    """A question whose script raised or ran past its budget: its parts cannot be collected."""

    def __init__(self, *, problem: str, **kwargs) -> None:
        super().__init__(**kwargs)
        self.problem = problem

    def runtest(self) -> None:
        raise PartFailure(self.problem)

    def repr_failure(self, excinfo, style=None):
        return self.problem


class PartFailure(Exception):
    """A part whose steps, formulas or answers do not all hold; the message names each one."""


class Part(pytest.Item):
    def __init__(self, *, derivation, **kwargs) -> None:
        super().__init__(**kwargs)
        self.derivation = derivation

    def runtest(self) -> None:
        from dgmderive.build import failure_lines, step_lines
        from dgmderive.checked import CheckedDerivation
        from dgmderive.verdict import Level

        checked = CheckedDerivation.of(self.derivation)
        numeric = step_lines(checked, lambda verdict: verdict.level is Level.NUMERIC)
        self.user_properties.append((NUMERIC_KEY, numeric))
        failures = failure_lines(checked)
        if self.config.getoption("dgmderive_strict"):
            failures += [f"{line} (--dgmderive-strict: NUMERIC is not enough)" for line in numeric]
        if failures:
            raise PartFailure("\n".join(failures))

    def repr_failure(self, excinfo, style=None):
        if isinstance(excinfo.value, PartFailure):
            return str(excinfo.value)
        return super().repr_failure(excinfo)

    def reportinfo(self):
        return self.parent.name, None, f"part {self.name}"


def pytest_terminal_summary(terminalreporter, exitstatus, config) -> None:
    """The NUMERIC steps of the parts that ran (from every worker's reports)."""
    lines = [line for report in terminalreporter.stats.get("passed", []) + terminalreporter.stats.get("failed", [])
             if report.when == "call" for key, value in report.user_properties if key == NUMERIC_KEY for line in value]
    if lines:
        terminalreporter.write_sep("=", f"dgmderive: {len(lines)} NUMERIC step(s), evidence but not proof")
        for line in lines:
            terminalreporter.write_line(line)
