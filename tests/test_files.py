"""The outputs written as a set: the old files or the new ones, whole, and nothing left over."""

from pathlib import Path

import pytest

from dgmderive import files
from dgmderive.files import STAGING_PREFIX, check_output_folder, write_set


def _old_set(out):
    out.mkdir()
    (out / "solutions.tex").write_text("old sheet")
    (out / "answers.json").write_text("old answers")
    (out / "solutions.pdf").write_text("old pdf")
    (out / "only-6.1").mkdir()
    (out / "only-6.1" / "solutions.tex").write_text("a partial build")


def _contents(folder):
    return {str(p.relative_to(folder)): p.read_text() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_a_new_set_replaces_the_old_one_and_keeps_what_else_the_folder_holds(tmp_path):
    out = tmp_path / "output"
    _old_set(out)
    write_set(out, {"solutions.tex": b"new sheet", "answers.json": b"new answers"}, ("solutions.pdf",))
    assert _contents(out) == {"answers.json": "new answers", "only-6.1/solutions.tex": "a partial build",
                              "solutions.tex": "new sheet"}
    assert [p.name for p in tmp_path.iterdir()] == ["output"]  # no staging folder left


@pytest.mark.parametrize("failure", ["write", "interrupt"])
def test_a_write_that_fails_or_is_interrupted_leaves_the_old_set_whole(tmp_path, monkeypatch, failure):
    out = tmp_path / "output"
    _old_set(out)
    before = _contents(out)
    written = []

    def failing_write(path, data):
        written.append(path.name)
        if len(written) == 2:
            raise OSError(28, "No space left on device") if failure == "write" else KeyboardInterrupt
        path.write_bytes(data)

    monkeypatch.setattr(files, "_write", failing_write)
    with pytest.raises((OSError, KeyboardInterrupt)):
        write_set(out, {"solutions.tex": b"new sheet", "answers.json": b"new answers"}, ("solutions.pdf",))
    assert _contents(out) == before and [p.name for p in tmp_path.iterdir()] == ["output"]


def test_a_killed_writes_leftover_is_removed_by_the_next_write(tmp_path):
    leftover = tmp_path / f"{STAGING_PREFIX}killed"
    leftover.mkdir()
    (leftover / "solutions.tex").write_text("half a set")
    write_set(tmp_path / "output", {"solutions.tex": b"new sheet"})
    assert sorted(p.name for p in tmp_path.iterdir()) == ["output"]


def test_without_an_exchange_each_file_is_replaced_on_its_own(tmp_path, monkeypatch):
    out = tmp_path / "output"
    _old_set(out)
    monkeypatch.setattr(files, "_exchange", lambda first, second: False)
    write_set(out, {"solutions.tex": b"new sheet"}, ("solutions.pdf",))
    assert _contents(out) == {"answers.json": "old answers", "only-6.1/solutions.tex": "a partial build",
                              "solutions.tex": "new sheet"}


def test_an_output_folder_that_cannot_be_one_is_refused_before_any_work(tmp_path):
    blocker = tmp_path / "afile"
    blocker.write_text("")
    for out in (blocker, blocker / "sub"):
        with pytest.raises(NotADirectoryError, match="not a folder"):
            check_output_folder(out)
    check_output_folder(tmp_path / "new" / "folder")  # a folder that can be made is fine


@pytest.mark.skipif(not Path("/proc/self").exists(), reason="needs a folder that takes no new folder: /proc")
def test_a_folder_that_takes_no_new_folder_is_refused_before_any_work():
    with pytest.raises(PermissionError, match="no folder can be made there"):
        check_output_folder(Path("/proc/dgmderive-output"))
