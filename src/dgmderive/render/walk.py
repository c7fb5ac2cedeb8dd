"""One walk over a checked derivation, dispatched by item type. Each target (the students' sheet,
the verification record, the terminal, the notebook) is a :class:`Renderer` with one method per
item type."""

from __future__ import annotations

from abc import ABC, abstractmethod

from dgmderive.derivation import Answer, Chain, Definition, Figure, Remark, Table

METHODS = {Chain: "chain", Remark: "remark", Definition: "definition", Figure: "figure", Table: "table",
           Answer: "answer"}


def step_labels(derivation) -> dict[int, str]:
    """Each step's label, by ``id``: the steps that the sheet shows are 1, 2, ... in order, and those
    of the record alone R1, R2, ... (every step of a part beyond the assignment is of the record)."""
    counts = {False: 0, True: 0}
    labels = {}
    for item in derivation.items:
        if isinstance(item, Chain):
            for step in item.steps:
                record = item.record or derivation.extra
                counts[record] += 1
                labels[id(step)] = f"R{counts[True]}" if record else str(counts[False])
    return labels


class Renderer(ABC):
    """Renders one checked derivation. ``render`` calls, for each item, the method that
    :data:`METHODS` names for its type; items of the record are skipped unless ``shows_record``.
    A step's label (see :func:`step_labels`) and verdict are ``numbered[id(step)]``, so that the
    sheet's marks have no gaps and name the same steps in the record."""

    shows_record = True

    def __init__(self, checked) -> None:
        self.checked = checked
        self.derivation = checked.derivation
        verdicts = dict(zip(map(id, self.derivation.steps), checked.verdicts))
        self.numbered = {key: (label, verdicts[key]) for key, label in step_labels(self.derivation).items()}

    def render(self) -> str:
        self.begin()
        for item in self.derivation.items:
            if self.shows_record or not item.record:
                getattr(self, METHODS[type(item)])(item)
        return self.finish()

    def step_label(self, step) -> str:
        """The step's name in the record: part and label, such as 2.1.4 or 2.1.R2."""
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
        """Add an answer to the output."""


class DisplayRenderer(Renderer):
    """A target whose consecutive steps and definitions share one display, and whose every other
    item is a block of its own: the LaTeX documents and the notebook."""

    separator = "\n\n"
    ending = ""

    def begin(self) -> None:
        self.blocks = self.heading()
        self.rows: list = []

    def finish(self) -> str:
        self._flush()
        return self.separator.join(self.blocks) + self.ending

    def _flush(self) -> None:
        if self.rows:
            self.blocks.append(self.display(self.rows))
            self.rows = []

    def _block(self, text: str) -> None:
        self._flush()
        self.blocks.append(text)

    @abstractmethod
    def heading(self) -> list[str]:
        """The blocks that open the derivation: its title, and its statement if it has one."""

    @abstractmethod
    def display(self, rows: list) -> str:
        """Rows gathered so far as one display."""
