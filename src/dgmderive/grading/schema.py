"""``grade --json``: one document per run, in the versioned schema :data:`SCHEMA` (README.md,
"grade --json"), and a check that a document keeps to it."""

from __future__ import annotations

from dgmderive.grading.results import STATUSES, ChainResult, LinkResult, counts
from dgmderive.reading import Document

SCHEMA = "dgmderive.grade/1"
SUMMARY = ("chains", "links", *STATUSES)
LEVELS = ("PROVED", "EXACT", "NUMERIC", "UNCHECKED", "REFUTED")


def document(graded: list[tuple[str, Document, list[ChainResult]]], tool_version: str) -> dict:
    """The JSON document of graded files: each its name, the document read, and its chains."""
    return {"schema": SCHEMA, "tool_version": tool_version,
            "files": [{"file": name, "links": [_link(link) for found in results for link in found.links],
                       "notes": [{"line": note.line, "reason": note.reason} for note in read.notes]
                       + [{"line": found.line, "reason": f"{found.source}: {found.taken}"}
                          for found in results if not found.links and found.taken],
                       "summary": counts(results)} for name, read, results in graded]}


def _link(link: LinkResult) -> dict:
    verdict = link.verdict
    return {"line": link.line, "row": link.row, "left": link.left, "relation": link.rel, "right": link.right,
            "status": link.status,
            "verdict": None if verdict is None else {"level": verdict.level.value, "method": verdict.method,
                                                     "evidence": verdict.evidence},
            "counterexample": dict(verdict.counterexample) if verdict is not None and verdict.counterexample else None,
            "reason": link.error or None,
            "note": link.note or None}


OPTIONAL_TEXT = (str, type(None))
LINK = {"line": int, "row": int, "left": str, "relation": str, "right": str, "status": str,
        "verdict": (dict, type(None)), "counterexample": (dict, type(None)), "reason": OPTIONAL_TEXT, "note": OPTIONAL_TEXT}
VERDICT = {"level": str, "method": str, "evidence": str}


def problems(data) -> list[str]:
    """What in ``data`` departs from the schema (nothing when it keeps to it)."""
    found = _keys("document", data, {"schema": str, "tool_version": str, "files": list})
    if found:
        return found
    if data["schema"] != SCHEMA:
        found.append(f"schema is {data['schema']!r}, not {SCHEMA!r}")
    for i, entry in enumerate(data["files"]):
        where = f"files[{i}]"
        found += _keys(where, entry, {"file": str, "links": list, "notes": list, "summary": dict})
        if found:
            continue
        found += _keys(f"{where}.summary", entry["summary"], dict.fromkeys(SUMMARY, int))
        for j, note in enumerate(entry["notes"]):
            found += _keys(f"{where}.notes[{j}]", note, {"line": int, "reason": str})
        for j, link in enumerate(entry["links"]):
            found += _link_problems(f"{where}.links[{j}]", link)
    return found


def _link_problems(where: str, link) -> list[str]:
    found = _keys(where, link, LINK)
    if found:
        return found
    if link["status"] not in STATUSES:
        found.append(f"{where}.status {link['status']!r} is none of {', '.join(STATUSES)}")
    if (link["verdict"] is None) != (link["status"] == "unparsed"):
        found.append(f"{where}: a verdict exactly when the link was read")
    if (link["reason"] is not None) != (link["status"] == "unparsed"):
        found.append(f"{where}: a reason exactly when the link could not be read")
    if link["verdict"] is not None:
        found += _keys(f"{where}.verdict", link["verdict"], VERDICT)
        if not found and link["verdict"]["level"] not in LEVELS:
            found.append(f"{where}.verdict.level {link['verdict']['level']!r} is no level")
    if link["counterexample"] is not None and not all(isinstance(k, str) and isinstance(v, str)
                                                      for k, v in link["counterexample"].items()):
        found.append(f"{where}.counterexample must map names to values, both text")
    return found


def _keys(where: str, data, expected: dict) -> list[str]:
    if not isinstance(data, dict):
        return [f"{where} is not an object"]
    found = [f"{where} lacks {key!r}" for key in expected if key not in data]
    found += [f"{where} has an unknown key {key!r}" for key in data if key not in expected]
    found += [f"{where}.{key} is not {_names(kind)}" for key, kind in expected.items()
              if key in data and (not isinstance(data[key], kind) or isinstance(data[key], bool))]
    return found


def _names(kind) -> str:
    return " or ".join(k.__name__ for k in kind) if isinstance(kind, tuple) else kind.__name__
