"""`grade` on the development corpus of real documents (tests/data/corpus, see its SOURCES.md):
per document, the links found and read, the hand-counted links, the wrong steps found by hand
that grade refutes or flags, what it refutes or flags besides them, and the time it takes.

Run from the repository root: ``.venv/bin/python bench/bench_grade_corpus.py [--store] [--corpus DIR]``.
The verdict store is off unless ``--store`` is given, so the times are those of a first reading.
``--corpus`` grades another set laid out the same way (documents in DIR or DIR/docs, the links
counted by hand in SOURCES.md's table or in counts.json, wrong steps in wrong_steps.json, and
optionally correct_but_tricky.json): a held-out set kept outside the project.
A wrong step counts as caught when a refuted or flagged link lies in the display that opens on its
line (the rule of SOURCES.md). Every other refuted or flagged link is listed, to be judged by hand.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "tests" / "data" / "corpus"
CAUGHT = ("refuted", "flagged")
DOCUMENTS = (".md", ".markdown", ".tex")


def hand_counts(corpus: Path) -> dict[str, int]:
    """The links counted by hand: counts.json ({file: {"links_by_hand": n}}), else SOURCES.md's
    table (its last column)."""
    if (corpus / "counts.json").is_file():
        return {name: entry["links_by_hand"] for name, entry in json.loads((corpus / "counts.json").read_text()).items()}
    counts = {}
    for line in (corpus / "SOURCES.md").read_text().splitlines():
        cells = [cell.strip() for cell in line.split("|")]
        if len(cells) > 3 and cells[1].startswith("`"):
            number = re.match(r"\d+", cells[-2])
            counts[cells[1].strip("`")] = int(number.group(0)) if number else 0
    return counts


def graded(path: Path):
    from dgmderive.grading import grade_file

    start = time.perf_counter()
    _, results = grade_file(path)
    return results, time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--store", action="store_true", help="use the verdict store (default: off)")
    parser.add_argument("--corpus", type=Path, default=CORPUS, help="the folder of the set (default: the development corpus)")
    arguments = parser.parse_args()
    if not arguments.store:
        os.environ["DGMDERIVE_CACHE"] = "off"
    corpus = arguments.corpus
    wrong = json.loads((corpus / "wrong_steps.json").read_text())
    tricky_file = corpus / "correct_but_tricky.json"
    tricky = json.loads(tricky_file.read_text()) if tricky_file.is_file() else []
    by_hand = hand_counts(corpus)
    folder = corpus / "docs" if (corpus / "docs").is_dir() else corpus
    documents = sorted(p for p in folder.iterdir() if p.suffix in DOCUMENTS and p.name != "SOURCES.md")
    print(f"{'document':<40} {'hand':>5} {'found':>6} {'read':>5} {'caught':>7} {'other':>6} {'seconds':>8}")
    totals = dict.fromkeys(("hand", "found", "read", "wrong", "caught", "other", "tricky"), 0)
    others, tricked, seconds = [], [], []
    for path in documents:
        results, took = graded(path)
        seconds.append(took)
        links = [(chain, link) for chain in results for link in chain.links]
        read = sum(link.status != "unparsed" for _, link in links)
        flagged = [(chain, link) for chain, link in links if link.status in CAUGHT]
        here = [entry for entry in wrong if entry["file"] == path.name]
        caught = [entry for entry in here if any(_at(entry, chain, link, path) for chain, link in flagged)]
        matched = [(c, l) for c, l in flagged if any(_at(entry, c, l, path) for entry in here)]
        rest = [(c, l) for c, l in flagged if (c, l) not in matched]
        tricked += [(path.name, entry) for entry in tricky if entry["file"] == path.name
                    and any(_at(entry, c, l, path) for c, l in flagged)]
        others += [(path.name, link) for _, link in rest]
        for key, value in (("hand", by_hand.get(path.name, 0)), ("found", len(links)), ("read", read),
                           ("wrong", len(here)), ("caught", len(caught)), ("other", len(rest))):
            totals[key] += value
        print(f"{path.name:<40} {by_hand.get(path.name, 0):>5} {len(links):>6} {read:>5} "
              f"{len(caught):>3} of {len(here):<2} {len(rest):>6} {took:>8.2f}")
    print(f"{'all':<40} {totals['hand']:>5} {totals['found']:>6} {totals['read']:>5} "
          f"{totals['caught']:>3} of {totals['wrong']:<2} {totals['other']:>6} {sum(seconds):>8.2f}")
    print(f"\nlinks read: {totals['read']} of {totals['found']} found ({_share(totals['read'], totals['found'])}), "
          f"of {totals['hand']} counted by hand ({_share(totals['read'], totals['hand'])}); wrong steps caught: "
          f"{totals['caught']} of {totals['wrong']}; slowest document {max(seconds):.2f} s")
    print(f"correct but tricky links refuted or flagged: {len(tricked)} of {len(tricky)}")
    for name, entry in tricked:
        print(f"  {name}:{entry['line']}: {entry['left']} {entry['relation']} {entry['right']}")
    print("other links refuted or flagged (to judge by hand):")
    for name, link in others:
        print(f"  {name}:{link.line}: {link.status}: {link.left} {link.rel} {link.right}")


CLOSING = (("$$", "$$"), (r"\[", r"\]"), ("{% math %}", "{% endmath %}"), (r"\begin{", r"\end{"))


def _span(path: Path, start: int) -> range:
    """The lines of the display that opens on line ``start`` (1-based), through its closing line."""
    lines = path.read_text(encoding="utf-8").splitlines()
    opening = lines[start - 1] if 0 < start <= len(lines) else ""
    for opener, closer in CLOSING:
        at = opening.find(opener)
        if at < 0:
            continue
        if closer in opening[at + len(opener):]:
            return range(start, start + 1)
        end = next((k for k in range(start, len(lines)) if closer in lines[k]), start - 1)
        return range(start, end + 2)
    return range(start, start + 1)


def _at(entry: dict, chain, link, path: Path) -> bool:
    """Whether a link is the hand-found step: it lies in the display that opens on the step's line."""
    return link.line in _span(path, entry["line"]) or chain.line in _span(path, entry["line"])


def _share(part: int, whole: int) -> str:
    return f"{100 * part / whole:.0f} %" if whole else "-"


if __name__ == "__main__":
    main()
