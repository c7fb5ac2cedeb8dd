"""TikZ pictures drawn from computed data."""

from __future__ import annotations

import math
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
    ticks = [f"  \\draw[gray] ({t},0) -- ++(0,-0.08) node[below] {{\\tiny ${t}$}};"
             for t in range(math.ceil(lo_x), math.floor(hi_x) + 1) if t]
    ticks += [f"  \\draw[gray] (0,{t}) -- ++(-0.08,0) node[left] {{\\tiny ${t}$}};"
              for t in range(math.ceil(lo_y), math.floor(hi_y) + 1) if t]
    return "\n".join([
        f"\\begin{{tikzpicture}}[scale={_num(scale)}]",
        f"  \\draw[->, gray] ({_num(lo_x)},0) -- ({_num(hi_x)},0) node[right] {{{xlabel}}};",
        f"  \\draw[->, gray] (0,{_num(lo_y)}) -- (0,{_num(hi_y)}) node[above] {{{ylabel}}};",
        *ticks,
        f"  \\draw[thin] {path};",
        dots,
        f"  \\draw ({_num(first_x)},{_num(first_y)}) circle (2pt);",
        "\\end{tikzpicture}",
    ])


def cell_grid(rows: int, cols: int, shaded: set[tuple[int, int]], marked: set[tuple[int, int]],
              label=lambda r, c: f"{r}{c}", cell: float = 0.45) -> str:
    """A rows x cols grid of labelled cells (1-based, row 1 on top): shaded cells filled, marked cells
    drawn with a thick red border and a bold label."""
    lines = [r"\begin{tikzpicture}[x=%scm, y=%scm]" % (_num(cell), _num(cell))]
    for r in range(1, rows + 1):
        for c in range(1, cols + 1):
            x, y = c - 1, rows - r
            style = "fill=gray!45, draw=black" if (r, c) in shaded else "draw=gray!70"
            text = rf"\textbf{{{label(r, c)}}}" if (r, c) in marked else label(r, c)
            lines.append(rf"  \draw[{style}] ({x},{y}) rectangle ++(1,1) node[midway] {{\footnotesize {text}}};")
    for r, c in sorted(marked):  # last, so that no neighbour's border covers the mark
        lines.append(rf"  \draw[red!75!black, line width=1.8pt] ({c - 1},{rows - r}) rectangle ++(1,1);")
    lines.append(r"\end{tikzpicture}")
    return "\n".join(lines)


MARKS = ("*", "square*", "triangle*", "diamond*", "o")


def loglog_plot(series: dict[str, Sequence[tuple[float, float]]], xlabel: str, ylabel: str,
                width: float = 7.0, height: float = 4.5) -> str:
    """Named series of positive (x, y) points on log-log axes (base-2 ticks on x, base-10 on y)."""
    xs = [math.log2(x) for pts in series.values() for x, _ in pts]
    ys = [math.log10(y) for pts in series.values() for _, y in pts]
    x0, x1, y0, y1 = min(xs), max(xs), min(ys + [0.0]), max(ys)
    sx, sy = width / max(x1 - x0, 1e-9), height / max(y1 - y0, 1e-9)

    def at(x: float, y: float) -> str:
        return f"({_num((math.log2(x) - x0) * sx)},{_num((math.log10(y) - y0) * sy)})"

    lines = [r"\begin{tikzpicture}",
             rf"  \draw[->, gray] (0,0) -- ({_num(width + 0.3)},0) node[right] {{\small {xlabel}}};",
             rf"  \draw[->, gray] (0,0) -- (0,{_num(height + 0.3)}) node[above] {{\small {ylabel}}};"]
    for e in range(math.ceil(x0), math.floor(x1) + 1):
        lines.append(rf"  \draw[gray] ({_num((e - x0) * sx)},0) -- ++(0,-0.08) node[below] {{\tiny $2^{{{e}}}$}};")
    for e in range(math.ceil(y0), math.floor(y1) + 1):
        lines.append(rf"  \draw[gray] (0,{_num((e - y0) * sy)}) -- ++(-0.08,0) node[left] {{\tiny $10^{{{e}}}$}};")
    merged: dict[tuple, list[str]] = {}  # series with the same points share one line and one legend entry
    for name, pts in series.items():
        merged.setdefault(tuple(pts), []).append(name)
    series = {" = ".join(names): list(pts) for pts, names in merged.items()}
    for i, (name, pts) in enumerate(series.items()):
        mark = MARKS[i % len(MARKS)]
        lines.append("  \\draw " + " -- ".join(at(x, y) for x, y in pts) + ";")
        lines += [rf"  \node[mark size=1.5pt] at {at(x, y)} {{\pgfuseplotmark{{{mark}}}}};" for x, y in pts]
        legend_y = _num(height - 0.35 * i)
        lines.append(rf"  \node[mark size=1.5pt] at (0.4,{legend_y}) {{\pgfuseplotmark{{{mark}}}}};")
        lines.append(rf"  \node[right, font=\scriptsize] at (0.5,{legend_y}) {{{name}}};")
    lines.append(r"\end{tikzpicture}")
    return "\n".join(lines)
