"""The command line, called as main([...]), and as the command itself."""

import json
import subprocess
import sys

import pytest

from dgmderive import verify
from dgmderive.cli import main
from tests.own_sets import SCRIPT, write_set


def test_list_names_every_part(capsys):
    from dgmderive.questions import derived, load_questions

    assert main(["list"]) == 0
    listed = [line.split()[0] for line in capsys.readouterr().out.splitlines() if line.startswith("  ")]
    assert listed == [part.id for question in load_questions() for part in derived(question)]


def test_show_prints_the_derivation_with_verdicts(capsys):
    from dgmderive.assignment import q6_gan_dynamics as q6

    assert main(["show", "6.2"]) == 0
    out = capsys.readouterr().out.splitlines()
    marks = [line.split("]")[0].strip(" [") for line in out if line.startswith("  [")]
    assert out[0] == "6.2  The stationary point"
    assert marks == [v.level.value for v in verify(q6.stationary_point()).verdicts]


def test_unknown_part_is_a_one_line_error(capsys):
    assert main(["show", "6.9"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("dgmderive: no question or part is called 6.9") and err.count("\n") == 1


def test_build_only_one_part(tmp_path, capsys):
    assert main(["build", "--only", "6.1", "--out", str(tmp_path), "--no-pdf"]) == 0
    assert capsys.readouterr().out.startswith("Q6 ")
    assert [entry["id"] for entry in json.loads((tmp_path / "answers.json").read_text())["parts"]] == ["6.1"]


def test_unwritable_output_is_a_one_line_error(tmp_path, capsys):
    blocker = tmp_path / "file"
    blocker.write_text("")
    for out in (blocker, blocker / "sub"):
        assert main(["build", "--only", "6.1", "--out", str(out), "--no-pdf"]) == 2
        printed = capsys.readouterr()
        assert printed.out == ""  # refused before any checking
        assert printed.err == f"dgmderive: not a folder, so it cannot hold the outputs: {blocker}\n"


@pytest.mark.parametrize("claim, status, verdict", [
    (["x^2", r"x \cdot x"], 0, "PROVED"),
    (["x^2", "2x"], 1, "REFUTED"),
    (["x +", "1"], 2, ""),
])
def test_the_command_exits_with_main_s_status_and_all_its_output(claim, status, verdict):
    done = subprocess.run([sys.executable, "-m", "dgmderive", "check", *claim], capture_output=True, text=True)
    assert done.returncode == status
    if verdict:
        assert verdict in done.stdout.splitlines()[-1]
    else:
        assert done.stderr.startswith("dgmderive: ")


@pytest.mark.parametrize("argv, status, first_line", [
    (["check", "x", "-x"], 1, "x = -x"),                        # a side that begins with '-' is a side
    (["check", "-x", "-x"], 0, "-x = -x"),
    (["check", "-x^2", "0", "--rel", "<="], 0, "-x**2 <= 0"),
    (["check", "--rel", "<=", "--", "-x^2", "0"], 0, "-x**2 <= 0"),  # '--' ends the options
    (["check", "-x", "0", "--rel", "<"], 1, "-x < 0"),
    (["check", "-x", "0", "--rel", "<", "--assume", "-x<0"], 0, "-x < 0"),  # an assumption may begin with '-'
])
def test_sides_that_begin_with_a_minus(capsys, argv, status, first_line):
    assert main(argv) == status
    assert capsys.readouterr().out.splitlines()[0] == first_line


def test_check_help_says_how_to_write_a_side_that_begins_with_a_minus(capsys):
    with pytest.raises(SystemExit):
        main(["check", "--help"])
    assert "'--'" in " ".join(capsys.readouterr().out.split())


def test_the_reading_a_verdict_comes_from_is_printed(capsys):
    assert main(["check", "f(x+1)", "f x + f"]) == 0
    out = capsys.readouterr().out
    assert out.splitlines()[0] == "f*(x + 1) = f*x + f" and "note: the claim, with f read as a factor: PROVED" in out


NESTED = "x"
for _ in range(1000):
    NESTED = rf"\frac{{1}}{{{NESTED}}}"
HOSTILE = [["check", NESTED, "1"], ["check", "(" * 110 + "x" + ")" * 110, "x"], ["check", "x" * 1_000_000, "1"],
           ["check", "x", "1", "--assume", "x>1/0"], ["check", "x", "1", "--assume", "x>1..2"],
           ["check", "(x+1)^{10^{10}}", "1"], ["check", "10^{10^{10}}", "1"], ["check", "x^{10^{10}}", "x"]]
CHILD = """
import contextlib, io, json, sys, time
from dgmderive.cli import main
for argv in json.loads(sys.stdin.read()):
    err, start = io.StringIO(), time.monotonic()
    with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
        status = main(argv)
    print(json.dumps([status, time.monotonic() - start, err.getvalue()]), flush=True)
"""


def test_hostile_input_gets_a_one_line_error_within_10_s_and_500_mb():
    resource = pytest.importorskip("resource")
    limit = 500 * 2 ** 20

    def bounded_memory():
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))

    done = subprocess.run([sys.executable, "-c", CHILD], input=json.dumps(HOSTILE), capture_output=True, text=True,
                          timeout=10 * len(HOSTILE), preexec_fn=bounded_memory)
    assert done.returncode == 0, done.stderr[-2000:]
    results = [json.loads(line) for line in done.stdout.splitlines()]
    assert len(results) == len(HOSTILE)
    for argv, (status, seconds, err) in zip(HOSTILE, results):
        assert status == 2 and seconds < 10, (argv[1][:40], status, seconds)
        assert err.startswith("dgmderive: ") and err.count("\n") == 1, err


def _own_set(root, script=SCRIPT):
    return write_set(root, script, title="My derivations")


def test_a_question_set_of_ones_own_builds_lists_and_shows(tmp_path, capsys):
    folder = _own_set(tmp_path)
    assert main(["list", str(folder)]) == 0 and "1.1   A square expanded" in capsys.readouterr().out
    assert main(["show", "1.1", "--from", str(folder)]) == 0 and "PROVED" in capsys.readouterr().out
    assert main(["build", str(folder), "--out", str(tmp_path / "out"), "--no-pdf"]) == 0
    sheet = (tmp_path / "out" / "solutions.tex").read_text()
    assert "My derivations: solutions" in sheet and "Deep generative models" not in sheet


def test_a_planted_error_in_ones_own_set_fails_its_build(tmp_path, capsys):
    folder = _own_set(tmp_path, SCRIPT.replace("x**2 + 2 * x + 1", "x**2 + 2 * x + 2"))
    assert main(["build", str(folder), "--out", str(tmp_path / "out"), "--no-pdf"]) == 1
    assert "FAILED 1.1 step 1 (expand)" in capsys.readouterr().out and not (tmp_path / "out").exists()
    assert main(["list", str(tmp_path / "nothing_here")]) == 2
    assert "not a folder, a .py file or an importable module" in capsys.readouterr().err


def test_version_interrupt_and_closed_pipe_follow_the_conventions(tmp_path):
    import os
    import signal
    import time

    command = [sys.executable, "-m", "dgmderive"]
    version = subprocess.run([*command, "--version"], capture_output=True, text=True)
    assert version.returncode == 0 and version.stdout.startswith("dgmderive ")

    env = dict(os.environ, DGMDERIVE_CACHE="off", DGMDERIVE_WORKERS="2")
    build = subprocess.Popen([*command, "build", "--no-pdf", "--out", str(tmp_path / "out")], env=env, text=True,
                             stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                             preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    time.sleep(1.5)  # inside the checking, which takes seconds without a store
    build.send_signal(signal.SIGINT)
    _, err = build.communicate(timeout=60)
    assert build.returncode == 130 and err == "dgmderive: interrupted\n"  # one line, no traceback
    assert not (tmp_path / "out").exists()

    reader = subprocess.Popen([*command, "list"], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    reader.stdout.close()  # the reader goes away before the first line, as `| head -0` would
    assert reader.wait(timeout=60) == 141 and reader.stderr.read() == b""


def test_a_partial_build_never_replaces_the_whole_one(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert main(["build", "--only", "6.1", "--no-pdf"]) == 0
    assert (tmp_path / "output" / "only-6.1" / "solutions.tex").exists()
    assert not (tmp_path / "output" / "solutions.tex").exists()


def test_check_json_gives_the_claim_and_the_verdict_as_data(capsys):
    assert main(["check", "--json", r"\sqrt{x^2}", "x"]) == 1
    shown = json.loads(capsys.readouterr().out)
    assert shown["claim"] == "Abs(x) = x" and shown["verdict"]["level"] == "REFUTED"
    assert set(shown["verdict"]["counterexample"]) == {"x", "lhs", "rhs"}
    assert main(["check", "(x+1)^2", "x^2+2x+1", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["verdict"]["level"] == "PROVED"
    assert main(["check", "--json", "x +", "1"]) == 2  # unreadable: still one JSON object, with the reason
    assert json.loads(capsys.readouterr().out) == {"error": "cannot parse 'x +': Invalid LaTeX"}


def test_declared_parts_are_listed_and_shown_without_running_the_others(tmp_path, capsys):
    from tests.own_sets import DECLARED

    folder = write_set(tmp_path, DECLARED)
    assert main(["list", str(folder)]) == 0  # the broken part is listed from its declaration
    assert "1.2   A part whose script breaks" in capsys.readouterr().out
    assert main(["show", "1.1", "--from", str(folder)]) == 0 and "PROVED" in capsys.readouterr().out
    assert main(["build", str(folder), "--only", "Q1", "--out", str(tmp_path / "out"), "--no-pdf"]) == 1
    assert "question 1, part 1.2: the script failed: RuntimeError" in capsys.readouterr().out
    assert main(["build", str(folder), "--only", "1.1", "--out", str(tmp_path / "out"), "--no-pdf"]) == 0


def test_the_sets_metadata_makes_the_documents_title_author_legend_and_preamble(tmp_path, capsys):
    from tests.own_sets import DECLARED

    script = DECLARED.replace('(expand_square, broken))', '(expand_square,))') + (
        'METADATA = Metadata(title="Notes on squares", author="A. Researcher", legend="Checked by machine.",\n'
        '                    preamble="\\\\newcommand{\\\\sq}{\\\\square}\\n")\n')
    path = tmp_path / "squares.py"
    path.write_text(script)
    assert main(["build", str(path), "--out", str(tmp_path / "out"), "--no-pdf"]) == 0
    sheet = (tmp_path / "out" / "solutions.tex").read_text()
    assert "Notes on squares: solutions" in sheet and "A. Researcher" in sheet and "Checked by machine." in sheet
    assert sheet.index(r"\newcommand{\sq}{\square}") < sheet.index(r"\begin{document}")
    assert "the small grey number" not in sheet  # the set's legend replaces the default one
    wrong = tmp_path / "wrong.py"
    wrong.write_text(script.replace("METADATA = Metadata(", "METADATA = dict("))
    assert main(["list", str(wrong)]) == 2
    assert "METADATA must be a dgmderive.Metadata, not dict" in capsys.readouterr().err


def test_every_command_and_argument_has_help():
    import argparse

    from dgmderive.cli import _parser

    parser = _parser()
    commands = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    assert {choice.dest for choice in commands._choices_actions} == set(commands.choices)
    assert all(choice.help for choice in commands._choices_actions)
    for name, sub in commands.choices.items():
        assert sub.description, name
        for action in sub._actions:
            assert action.help, (name, action.dest)


def test_a_claim_checked_before_is_answered_from_the_store_without_the_parser(tmp_path):
    import os

    env = dict(os.environ, DGMDERIVE_CACHE=str(tmp_path / "store"))
    command = [sys.executable, "-X", "importtime", "-m", "dgmderive", "check", r"\sqrt{x^2}", "x"]
    first, again = (subprocess.run(command, capture_output=True, text=True, env=env) for _ in range(2))
    assert first.returncode == again.returncode == 1 and first.stdout == again.stdout
    assert "antlr" in first.stderr and "antlr" not in again.stderr and "checking.cascade" not in again.stderr
