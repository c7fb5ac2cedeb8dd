"""One walk over a checked derivation, dispatched by item type. Each target (the students' sheet,
the verification record, the terminal, the notebook) is a :class:`Renderer` with one method per
item type."""

from __future__ import annotations

from abc import ABC, abstractmethod

from dgmderive.derivation import Answer, Chain, Definition, Figure, Remark, Table

METHODS = {Chain: "chain", Remark: "remark", Definition: "definition", Figure: "figure", Table: "table",
           Answer: "answer"}


class Renderer(ABC):
    """Renders one checked derivation. ``render`` calls, for each item, the method that
    :data:`METHODS` names for its type; items of the record are skipped unless ``shows_record``.
    A step's number (from 1, in the order of ``derivation.steps``) and verdict are ``numbered[id]``."""

    shows_record = True

    def __init__(self, checked) -> None:
        self.checked = checked
        self.derivation = checked.derivation
        self.numbered = {id(step): (number, verdict) for number, (step, verdict) in enumerate(checked.pairs, 1)}

    def render(self) -> str:
        self.begin()
        for item in self.derivation.items:
            if self.shows_record or not item.record:
                getattr(self, METHODS[type(item)])(item)
        return self.finish()

    def step_label(self, step) -> str:
        """The step's name in the record: part and number, such as 2.1.4."""
        return f"{self.derivation.id}.{self.numbered[id(step)][0]}"

    @abstractmethod
    def begin(self) -> None:
        """Start the output of one derivation (its heading and statement)."""

    @abstractmethod
    def finish(self) -> str:
        """The output."""

    @abstractmethod
    def chain(self, item: Chain) -> None:
        """Add a chain to the output."""

    @abstractmethod
    def remark(self, item: Remark) -> None:
        """Add a remark to the output."""

    @abstractmethod
    def definition(self, item: Definition) -> None:
        """Add a definition to the output."""


    @abstractmethod
    def figure(self, item: Figure) -> None:
        """Add a figure to the output."""

    @abstractmethod
    def table(self, item: Table) -> None:
        """Add a table to the output."""

    @abstractmethod
    def answer(self, item: Answer) -> None:
        """Add a answer to the output."""
