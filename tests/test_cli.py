"""The command line, called as main([...]), and as the command itself."""

import subprocess
import sys

import pytest

from dgmderive.cli import main


def test_list_names_every_part(capsys):
    assert main(["list"]) == 0
    out = capsys.readouterr().out
    assert "6  GAN training dynamics" in out and "6.3" in out


def test_show_prints_the_derivation_with_verdicts(capsys):
    assert main(["show", "6.2"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("6.2  The stationary point") and "PROVED" in out


def test_unknown_part_is_a_one_line_error(capsys):
    assert main(["show", "6.9"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("dgmderive: no question or part is called 6.9") and err.count("\n") == 1


def test_build_only_one_part(tmp_path, capsys):
    assert main(["build", "--only", "6.1", "--out", str(tmp_path), "--no-pdf"]) == 0
    assert "Q6" in capsys.readouterr().out
    assert '"id": "6.1"' in (tmp_path / "answers.json").read_text()
    assert '"id": "6.2"' not in (tmp_path / "answers.json").read_text()


def test_unwritable_output_is_a_one_line_error(tmp_path, capsys):
    blocker = tmp_path / "file"
    blocker.write_text("")
    assert main(["build", "--only", "6.1", "--out", str(blocker / "sub"), "--no-pdf"]) == 2
    assert capsys.readouterr().err.startswith("dgmderive: ")


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
