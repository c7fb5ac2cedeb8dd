"""grade's output: FILE:LINE on every line about a link, a table for several files, JSON in a
versioned schema, progress on stderr only, and exit statuses."""

import json
import re

import pytest

from dgmderive import cli
from dgmderive.cli import main
from dgmderive.grading.schema import SCHEMA, problems

WRONG = "\n".join(["Some words.", "", "$$ (a+b)^2 = a^2 + 2ab + b^2 = a^2 + b^2 $$", "",
                   r"$$ \frac{df}{dz} > 0 $$", r"$$ \foo{x} = 1 $$", ""])
RIGHT = r"\[ (a+b)^2 = a^2 + 2ab + b^2 \]"


@pytest.fixture
def files(tmp_path):
    wrong, right = tmp_path / "wrong.md", tmp_path / "right.tex"
    wrong.write_text(WRONG)
    right.write_text(RIGHT)
    return str(wrong), str(right)


def test_every_line_about_a_link_names_the_file_and_the_line_and_several_files_end_with_a_table(files, capsys):
    wrong, right = files
    assert main(["grade", wrong, right]) == 1
    out = capsys.readouterr().out
    report, table = out.split("\n\n")
    for line in report.splitlines():
        assert re.match(rf"^({re.escape(wrong)}|{re.escape(right)})(:\d+)?: ", line), line
    assert f"{wrong}:3: first failing link 2: a^2 + 2ab + b^2 = a^2 + b^2" in report
    assert f"{wrong}:5: link 1 undecided" in report and f"{wrong}:6: link 1 unparsed" in report
    rows = [line.split() for line in table.splitlines()]
    assert rows[0] == ["file", "links", "holds", "flagged", "refuted", "undecided", "unparsed"]
    assert rows[1] == [wrong, "4", "1", "0", "1", "1", "1"] and rows[2] == [right, "1", "1", "0", "0", "0", "0"]
    assert rows[3] == ["total", "5", "2", "0", "1", "1", "1"]


def test_one_file_has_no_table(files, capsys):
    assert main(["grade", files[1]]) == 0
    out = capsys.readouterr().out.strip().splitlines()
    assert out[-1].startswith(f"{files[1]}: summary: 1 chain(s), 1 link(s)") and "total" not in out[-1]


def test_json_keeps_to_its_schema(files, capsys):
    wrong, right = files
    assert main(["grade", "--json", wrong, right]) == 1
    data = json.loads(capsys.readouterr().out)
    assert problems(data) == [] and data["schema"] == SCHEMA == "dgmderive.grade/1"
    links = data["files"][0]["links"]
    assert [link["status"] for link in links] == ["holds", "refuted", "undecided", "unparsed"]
    refuted, unparsed = links[1], links[3]
    assert refuted["line"] == 3 and refuted["row"] == 1 and refuted["relation"] == "="
    assert set(refuted["counterexample"]) >= {"a", "b", "lhs", "rhs"} and refuted["verdict"]["level"] == "REFUTED"
    assert unparsed["verdict"] is None and unparsed["counterexample"] is None and unparsed["reason"]
    assert data["files"][1]["summary"] == {"chains": 1, "links": 1, "holds": 1, "flagged": 0, "refuted": 0,
                                           "undecided": 0, "unparsed": 0}


@pytest.mark.parametrize("change, expected", [
    (lambda d: d.pop("tool_version"), "lacks 'tool_version'"),
    (lambda d: d.update(schema="dgmderive.grade/0"), "schema is"),
    (lambda d: d["files"][0]["links"][0].update(line="3"), "line is not int"),
    (lambda d: d["files"][0]["links"][0].update(status="fine"), "is none of"),
    (lambda d: d["files"][0]["links"][0].update(extra=1), "unknown key 'extra'"),
    (lambda d: d["files"][0]["summary"].pop("refuted"), "lacks 'refuted'"),
    (lambda d: d["files"][0]["links"][1].update(counterexample={"a": 1}), "map names to values"),
    (lambda d: d["files"][0]["links"][3].update(verdict={"level": "REFUTED", "method": "m", "evidence": ""}),
     "a verdict exactly when"),
    (lambda d: d["files"][0]["links"][0].update(reason="because"), "a reason exactly when"),
])
def test_the_schema_check_finds_what_departs_from_it(files, capsys, change, expected):
    main(["grade", "--json", files[0]])
    data = json.loads(capsys.readouterr().out)
    change(data)
    assert any(expected in problem for problem in problems(data)), problems(data)


def test_progress_goes_to_stderr_and_never_into_json(files, capsys, monkeypatch):
    monkeypatch.setattr(cli._Progress, "EVERY", 0.0)
    main(["grade", "--json", files[0]])
    captured = capsys.readouterr()
    assert "1 of 3 displays" in captured.err and "3 of 3 displays" in captured.err
    assert problems(json.loads(captured.out)) == []


def test_a_bad_assumption_is_blamed_in_one_line_and_a_missing_file_is_exit_2(files, capsys, tmp_path):
    assert main(["grade", "--assume", "x >> 0", files[1]]) == 2
    err = capsys.readouterr().err
    assert err.startswith("dgmderive: bad --assume: cannot read the assumption 'x >> 0'")
    assert len(err.strip().splitlines()) == 1 and files[1] not in err
    assert main(["grade", files[1], str(tmp_path / "missing.tex")]) == 2  # the readable file is still graded
    captured = capsys.readouterr()
    assert "summary" in captured.out and captured.err.startswith("dgmderive: cannot read")


def test_a_statement_that_is_no_claim_says_what_it_was_read_as(tmp_path, capsys):
    # nothing is dropped silently: a definition, a condition and an equation to solve each get a
    # line; a name against an expression that uses it (x + 1 = x) is a claim, and here a wrong one
    text = tmp_path / "t.md"
    text.write_text("$$ y := 3 $$\n\n$$ x > 0 $$\n\n$$ (1 - t)^2 + 4 = 0 $$\n\n$$ x + 1 = x $$\n")
    assert main(["grade", str(text)]) == 1
    out = capsys.readouterr().out
    assert f"{text}:1: not graded: y := 3: defines y" in out
    assert f"{text}:3: not graded: x > 0: a condition for the display" in out
    assert f"{text}:5: not graded: (1 - t)^2 + 4 = 0: an equation to solve, not an identity" in out
    assert f"{text}:7: first failing link 1: x + 1 = x" in out
    assert main(["grade", "--json", str(text)]) == 1
    data = json.loads(capsys.readouterr().out)
    assert not problems(data) and data["files"][0]["summary"]["chains"] == 1
    assert [note["line"] for note in data["files"][0]["notes"]] == [1, 3, 5]


def test_a_statement_with_no_relation_outside_brackets_says_so(tmp_path, capsys):
    text = tmp_path / "t.md"
    text.write_text("$$ f(x = 1 $$\n\n$$ a = b + c $$\n\n$$ + d $$\n")
    main(["grade", str(text)])
    out = capsys.readouterr().out
    assert f"{text}:1: not graded: f(x = 1: no relation (=, <, ...) outside brackets" in out
