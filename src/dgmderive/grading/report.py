"""Grading reports as text: one line per chain and per link that does not simply hold, each naming
the file and the line (``FILE:LINE: ...``), a summary per file, and a table for several files."""

from __future__ import annotations

from dgmderive.grading.results import STATUSES, ChainResult, LinkResult, counts

WHAT = {  # what a link of each status says after its own text
    "refuted": lambda link: str(link.verdict),
    "flagged": lambda link: link.note,
    "undecided": lambda link: link.verdict.evidence or link.verdict.method,
    "unparsed": lambda link: link.error,
}


def report(name: str, results: list[ChainResult], notes=()) -> list[str]:
    """The lines for one file: what the reading left out (``notes``: line and reason), then the
    chains."""
    lines = [f"{name}:{note.line}: not graded: {note.reason}" for note in notes]
    lines += [f"{name}:{found.line}: not graded: {found.source}: {found.taken}" for found in results
              if not found.links and found.taken]
    for number, found in enumerate((found for found in results if found.links), start=1):
        statuses = [link.status for link in found.links]
        summary = ", ".join(f"{statuses.count(s)} {s}" for s in STATUSES if statuses.count(s))
        lines.append(f"{name}:{found.line}: chain {number}: {len(found.links)} link(s): {summary}")
        first = found.first_failure
        for k, link in enumerate(found.links, start=1):
            if link.status in WHAT:
                lines.extend(_link(name, k, link, first is link))
    total = counts(results)
    lines.append(f"{name}: summary: {total['chains']} chain(s), {total['links']} link(s): "
                 + ", ".join(f"{total[s]} {s}" for s in STATUSES))
    return lines


def _link(name: str, k: int, link: LinkResult, first: bool) -> list[str]:
    status = "first failing link" if first else f"link {k} {link.status}"
    head = f"{name}:{link.line}: {status}{f' {k}' if first else ''}: {link.left} {link.rel} {link.right}"
    return [head, f"{name}:{link.line}:     {WHAT[link.status](link)}"]


COLUMNS = ("links", *STATUSES)


def table(graded: list[tuple[str, object, list[ChainResult]]]) -> list[str]:
    """Per file (name, document, chains) and in total: links read, and how many have each status."""
    rows = [(name, counts(results)) for name, _, results in graded]
    rows.append(("total", {c: sum(row[c] for _, row in rows) for c in COLUMNS}))
    width = max(len("file"), *(len(name) for name, _ in rows))
    lines = [f"{'file':<{width}}  " + "  ".join(f"{c:>9}" for c in COLUMNS)]
    lines += [f"{name:<{width}}  " + "  ".join(f"{row[c]:>9}" for c in COLUMNS) for name, row in rows]
    return lines
