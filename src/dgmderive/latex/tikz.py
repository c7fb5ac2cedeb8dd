"""TikZ pictures drawn from computed data."""

from __future__ import annotations

from collections.abc import Sequence


def _num(x: float) -> str:
    text = f"{x:.4f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def trajectory(points: Sequence[tuple[float, float]], xlabel: str, ylabel: str, scale: float = 1.0) -> str:
    """A path through ``points`` (dots at each point, the first one circled) over labelled axes."""
    xs = [p[0] for p in points]
    ys = [p[1] for p in points]
    lo_x, hi_x = min(xs + [0.0]) - 0.3, max(xs + [0.0]) + 0.3
    lo_y, hi_y = min(ys + [0.0]) - 0.3, max(ys + [0.0]) + 0.3
    path = " -- ".join(f"({_num(x)},{_num(y)})" for x, y in points)
    dots = "\n".join(f"  \\fill ({_num(x)},{_num(y)}) circle (0.6pt);" for x, y in points)
    first_x, first_y = points[0]
    return "\n".join([
        f"\\begin{{tikzpicture}}[scale={_num(scale)}]",
        f"  \\draw[->, gray] ({_num(lo_x)},0) -- ({_num(hi_x)},0) node[right] {{{xlabel}}};",
        f"  \\draw[->, gray] (0,{_num(lo_y)}) -- (0,{_num(hi_y)}) node[above] {{{ylabel}}};",
        f"  \\draw[thin] {path};",
        dots,
        f"  \\draw ({_num(first_x)},{_num(first_y)}) circle (2pt);",
        "\\end{tikzpicture}",
    ])


def cell_grid(rows: int, cols: int, shaded: set[tuple[int, int]], marked: set[tuple[int, int]],
              label=lambda r, c: f"{r}{c}", cell: float = 0.6) -> str:
    """A rows x cols grid of labelled cells (1-based, row 1 on top): shaded cells filled, marked cells
    drawn with a thick border and bold label."""
    lines = [r"\begin{tikzpicture}[x=%scm, y=%scm]" % (_num(cell), _num(cell))]
    for r in range(1, rows + 1):
        for c in range(1, cols + 1):
            x, y = c - 1, rows - r
            style = "fill=gray!45, draw=black" if (r, c) in shaded else "draw=gray!70"
            text = label(r, c)
            if (r, c) in marked:
                style += ", line width=1.2pt"
                text = rf"\textbf{{{text}}}"
            lines.append(rf"  \draw[{style}] ({x},{y}) rectangle ++(1,1) node[midway] {{\tiny {text}}};")
    lines.append(r"\end{tikzpicture}")
    return "\n".join(lines)
