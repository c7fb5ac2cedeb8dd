"""SymPy's two LaTeX backends, ANTLR (strict, two-stage, as dgmderive runs it) and Lark, on the link
sides of the graded student answers and on the test expressions: how many each reads, how many
they read the same, and the time per expression.

Run from the repository root: ``.venv/bin/python bench/bench_lark.py`` (needs ``pip install lark``).
Each text is given to both backends as the user wrote it, and once more as dgmderive prepares it
(after lifting its notation), which is what the backend would see if it replaced ANTLR.
"""

from __future__ import annotations

import json
import re
import time
from pathlib import Path

import sympy
from sympy.parsing.latex import parse_latex

from dgmderive import parse as reading
from dgmderive.antlr_latex import parse_strict
from dgmderive.chains import displays, links, rows, statements

ROOT = Path(__file__).resolve().parent.parent


def student_sides() -> list[str]:
    text = (ROOT / "tests" / "data" / "assignment-and-student-answers.md").read_text()
    sides = []
    for _, display in displays(text):
        for row in rows(display):
            for piece in statements(row):
                parts, rels = links(piece.text)
                if rels:
                    sides.extend(part for part in parts if part.strip())
    return sides


def test_expressions() -> list[str]:
    """The LaTeX strings of the parsing and claim tests, and the adversarial corpus's sides, that
    dgmderive reads."""
    found = []
    for name in ("test_parse.py", "test_claims.py", "test_probability.py", "test_names.py", "test_families.py"):
        source = (ROOT / "tests" / name).read_text()
        found += [eval(m.group(0)) for m in re.finditer(r'\br"(?:[^"\\\n]|\\.)*"', source)]  # raw literals only
    corpus = json.loads((ROOT / "tests" / "data" / "adversarial_claims.json").read_text())
    found += [side for entry in corpus for side in (entry["lhs"], entry["rhs"])]
    return [text for text in dict.fromkeys(found) if text.strip() and "\n" not in text and _readable(text)]


def _readable(text: str) -> bool:
    """Whether dgmderive reads the text (hostile texts it refuses, such as 10^{10^{10}}, are left out:
    a backend given them as written would compute their numbers)."""
    try:
        reading.parse_expression(text)
    except reading.ParseError:
        return False
    return True


def prepared(text: str) -> str | None:
    """The text as dgmderive hands it to the backend (None when dgmderive refuses it first)."""
    try:
        latex = reading._plain_letters(text)
        latex, _ = reading._lift_matrices(latex, reading.Assumptions({}, ()), {})
        if reading.mentions_probability(latex):
            latex, _ = reading.lift(latex, lambda body: reading.parse_expression(body, None, True))
        latex, _ = reading._prepare(reading.lift_names(latex))
        return reading.markers.lexable(latex)[0]
    except (reading.ParseError, ValueError):
        return None


BACKENDS = {
    "antlr": parse_strict,
    "lark": lambda text: parse_latex(text, backend="lark"),
}


def measure(texts: list[str]) -> dict:
    results = {}
    for name, parse in BACKENDS.items():
        read, seconds = {}, 0.0
        for text in texts:
            start = time.perf_counter()
            try:
                value = parse(text)
                read[text] = value if isinstance(value, sympy.Basic) else None
            except Exception:  # noqa: BLE001 - any failure of a backend is "not read"
                read[text] = None
            seconds += time.perf_counter() - start
        results[name] = (read, seconds)
    same = sum(1 for t in texts if results["antlr"][0][t] is not None and _same(results["antlr"][0][t], results["lark"][0][t]))
    return {
        "texts": len(texts),
        **{f"{name} read": sum(v is not None for v in read.values()) for name, (read, _) in results.items()},
        "both read": sum(results["antlr"][0][t] is not None and results["lark"][0][t] is not None for t in texts),
        "read the same": same,
        **{f"{name} ms per text": round(1000 * s / max(len(texts), 1), 2) for name, (_, s) in results.items()},
    }


def _same(a: sympy.Basic, b: sympy.Basic | None) -> bool:
    if b is None:
        return False
    if a == b:
        return True
    try:
        return sympy.simplify(sympy.sympify(a) - sympy.sympify(b)) == 0
    except Exception:  # noqa: BLE001 - relations, matrices of other shapes: not the same
        return False


def main() -> None:
    parse_strict("x")  # both backends loaded before timing
    parse_latex("x", backend="lark")
    for label, texts in (("student answers", student_sides()), ("test expressions", test_expressions())):
        texts = list(dict.fromkeys(texts))
        ready = list(dict.fromkeys(t for t in (prepared(text) for text in texts) if t is not None))
        for how, group in (("as written", texts), ("as dgmderive prepares them", ready)):
            figures = measure(group)
            print(f"{label}, {how}: " + ", ".join(f"{k} {v}" for k, v in figures.items()))


if __name__ == "__main__":
    main()
