"""The committed output/ is what the committed code builds. `pytest --update-golden` rewrites it."""

from pathlib import Path

from dgmderive.build import build

OUTPUT = Path(__file__).resolve().parent.parent / "output"


def test_committed_output_matches_a_fresh_build(tmp_path, request):
    if request.config.getoption("--update-golden"):
        assert build(OUTPUT, say=lambda _: None) == 0
    assert build(tmp_path, pdf=False, say=lambda _: None) == 0
    for name in ("solutions.tex", "verification.tex", "answers.json"):
        assert (OUTPUT / name).read_bytes() == (tmp_path / name).read_bytes(), (
            f"output/{name} is stale: run `make sheet` or `pytest --update-golden`")
