"""What grading finds: each link's verdict, the chains of a file, and the counts by status."""

from __future__ import annotations

from dataclasses import dataclass, field

from dgmderive.verdict import Level, Verdict

STATUSES = ("holds", "flagged", "refuted", "undecided", "unparsed")


@dataclass
class LinkResult:
    left: str
    rel: str
    right: str
    verdict: Verdict | None = None
    error: str = ""
    note: str = ""
    line: int = 0
    row: int = 0

    @property
    def status(self) -> str:
        if self.error:
            return "unparsed"
        if self.verdict.level is Level.REFUTED:
            return "refuted"
        if self.note:
            return "flagged"
        return "holds" if self.verdict.holds else "undecided"


@dataclass
class ChainResult:
    """The links of one chain; a statement that is no claim has none, and ``taken`` says what it was
    read as instead (a definition, a condition, an equation to solve)."""

    line: int
    source: str
    links: list[LinkResult] = field(default_factory=list)
    taken: str = ""

    @property
    def first_failure(self) -> LinkResult | None:
        return next((link for link in self.links if link.status == "refuted"), None)


def counts(results: list[ChainResult]) -> dict[str, int]:
    """How many links have each status, with the number of links and chains."""
    statuses = [link.status for chain in results for link in chain.links]
    return {"chains": sum(bool(chain.links) for chain in results), "links": len(statuses),
            **{s: statuses.count(s) for s in STATUSES}}
