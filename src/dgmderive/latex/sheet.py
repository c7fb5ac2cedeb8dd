"""The whole solution sheet: a fixed preamble, a legend of verdicts, one section per question."""

from __future__ import annotations

PREAMBLE = r"""\documentclass[10pt]{article}
\pdfinfoomitdate=1
\pdftrailerid{}
\pdfsuppressptexinfo=-1
\usepackage[T1]{fontenc}
\usepackage{lmodern}
\usepackage[margin=1.8cm]{geometry}
\usepackage{amsmath,amssymb}
\usepackage{xcolor}
\usepackage{tikz}
\usetikzlibrary{plotmarks}
\allowdisplaybreaks
\setlength{\parindent}{0pt}
\setlength{\parskip}{0.5em}
\setlength{\emergencystretch}{3em}
\definecolor{proved}{rgb}{0.0,0.45,0.2}
\definecolor{exact}{rgb}{0.0,0.35,0.6}
\definecolor{numeric}{rgb}{0.6,0.4,0.0}
\definecolor{refuted}{rgb}{0.75,0.0,0.0}
\definecolor{unchecked}{rgb}{0.45,0.45,0.45}
\newcommand{\verdict}[1]{\textsf{\scriptsize\color{\csname verdictcolor#1\endcsname}#1}}
\expandafter\def\csname verdictcolorPROVED\endcsname{proved}
\expandafter\def\csname verdictcolorEXACT\endcsname{exact}
\expandafter\def\csname verdictcolorNUMERIC\endcsname{numeric}
\expandafter\def\csname verdictcolorREFUTED\endcsname{refuted}
\expandafter\def\csname verdictcolorUNCHECKED\endcsname{unchecked}
\newcommand{\why}[1]{\parbox{4.2cm}{\raggedright\footnotesize\itshape #1}}
\newcommand{\statement}[1]{\emph{#1}\par}
\newcommand{\described}{\dagger}
\newcommand{\answer}[1]{\begin{center}\fbox{\parbox{0.96\linewidth}{\centering $\displaystyle #1$}}\end{center}}
"""

LEGEND = r"""\section*{How to read this sheet}
Every displayed step was checked by machine; the mark in the right margin says how.
\begin{center}
\begin{tabular}{lp{0.8\linewidth}}
\verdict{PROVED} & a symbolic proof: canonical forms reduce both sides to the same expression, sign rules decide the inequality, or the rules of probability (product rule, linearity of expectation) make both sides one expression \\
\verdict{EXACT} & evaluated with exact arithmetic on concrete instances (rational values, small sizes) \\
\verdict{NUMERIC} & agreement at 50 digits at seeded random points respecting the assumptions: evidence, not proof \\
\end{tabular}
\end{center}
A step that is refuted, or that nothing could check, stops the build: no such step appears here.
Prose between the displays is argument in words and carries no mark; answers are boxed.
A name defined by a formula stands for that formula's value: formulas written by hand rather than
printed from the checked expression were parsed back and compared with it. A definition marked
$\described$ is a description of a computed value (a set, a density at a random matrix), not a
formula for it; the steps check the value itself.
"""


def render_sheet(title: str, sections: list[tuple[str, list[str]]]) -> str:
    """The complete document; ``sections`` pairs each question's heading with its rendered parts."""
    body = [PREAMBLE, r"\begin{document}", rf"\begin{{center}}{{\Large {title}}}\end{{center}}", LEGEND]
    for heading, parts in sections:
        body.append(rf"\section*{{{heading}}}")
        body += parts
    body.append(r"\end{document}")
    return "\n\n".join(body) + "\n"
