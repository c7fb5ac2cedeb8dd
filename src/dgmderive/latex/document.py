"""The two documents: the students' sheet and the verification record. A fixed preamble each, a
legend, one section per question."""

from __future__ import annotations

from dgmderive.derivation import Metadata

COMMON = r"""\documentclass[10pt]{article}
\pdfinfoomitdate=1
\pdftrailerid{}
\pdfsuppressptexinfo=-1
\usepackage[T1]{fontenc}
\usepackage{lmodern}
\usepackage[margin=%(margin)s, top=1.3cm, bottom=1.6cm]{geometry}
\usepackage{amsmath,amssymb}
\usepackage{xcolor}
\usepackage{tikz}
\usetikzlibrary{plotmarks}
\allowdisplaybreaks
\setlength{\parindent}{0pt}
\setlength{\parskip}{0.4em}
\setlength{\emergencystretch}{3em}
\newcommand{\statement}[1]{\emph{#1}\par}
\newcommand{\described}{\dagger}
\newcommand{\answer}[1]{\begin{center}\fbox{\parbox{0.96\linewidth}{\centering $\displaystyle #1$}}\end{center}}
\newcommand{\why}[1]{\parbox{%(why)s}{\raggedright\footnotesize\itshape #1}}
\newcommand{\stepno}[1]{\textsf{\scriptsize\color{black!55}#1}}
"""

VERDICTS = r"""\definecolor{proved}{rgb}{0.0,0.45,0.2}
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
"""

COMPACT = r"""\AtBeginDocument{\small%%
\setlength{\abovedisplayskip}{4pt plus 2pt minus 2pt}\setlength{\belowdisplayskip}{4pt plus 2pt minus 2pt}%%
\setlength{\abovedisplayshortskip}{2pt plus 1pt}\setlength{\belowdisplayshortskip}{2pt plus 1pt}%%
\setlength{\jot}{1pt}}
\setlength{\parskip}{0.25em}
\renewcommand{\why}[1]{\parbox{%(why)s}{\raggedright\scriptsize\itshape #1}}
"""

SHEET_LEGEND = r"""\noindent{\footnotesize Every displayed formula was checked by machine; the small grey
number beside it is its step in the verification record (verification.pdf), which says how.}
"""

RECORD_LEGEND = r"""\section*{How to read this record}
It holds every step of the solutions, with the parts that the students' sheet leaves out: worked
sizes and instances, Monte Carlo runs and sweeps, cross-checks, and the parts beyond the
assignment. Each step has a label and, in the right margin, how it was checked: a step that the
students' sheet shows has its number there (2.1.3), and a step of the record alone is R1, R2, ...
\begin{center}
\begin{tabular}{lp{0.8\linewidth}}
\verdict{PROVED} & a symbolic proof: canonical forms reduce both sides to the same expression, sign rules or the decision procedure decide the inequality, or the rules of probability (product rule, linearity of expectation) make both sides one expression \\
\verdict{EXACT} & evaluated with exact arithmetic on concrete instances (rational values, small sizes) \\
\verdict{NUMERIC} & agreement at 50 digits at the points where claims break and at seeded random points respecting the assumptions, or a measurement within its error: evidence, not proof \\
\end{tabular}
\end{center}
A step that is refuted, or that nothing could check, stops the build: no such step appears here.
Prose between the displays is argument in words and carries no mark; answers are boxed. Formulas
written by hand rather than printed from the checked expression were parsed back and compared with
it. A definition marked $\described$ is a description of a computed value (a set, a density at a
random matrix), not a formula for it; the steps check the value itself.
"""


def _document(preamble: str, metadata: Metadata, title: str, legend: str,
              sections: list[tuple[str, list[str]]]) -> str:
    author = rf"\\[0.4em]{{\normalsize {metadata.author}}}" if metadata.author else ""
    body = [preamble + metadata.preamble, r"\begin{document}",
            rf"\begin{{center}}{{\Large {title}}}{author}\end{{center}}", legend]
    for heading, parts in sections:
        body.append(rf"\section*{{{heading}}}")
        body += [part for part in parts if part]
    body.append(r"\end{document}")
    return "\n\n".join(body) + "\n"


def sheet_document(metadata: Metadata, sections: list[tuple[str, list[str]]]) -> str:
    """The students' sheet; ``sections`` pairs each question's heading with its rendered parts."""
    widths = {"margin": "1.4cm", "why": "3.6cm"}
    title = f"{metadata.title}: solutions" if metadata.title else "Solutions"
    legend = SHEET_LEGEND if metadata.legend is None else metadata.legend
    return _document(COMMON % widths + COMPACT % widths, metadata, title, legend, sections)


def record_document(metadata: Metadata, sections: list[tuple[str, list[str]]]) -> str:
    """The verification record, laid out like the sheet, with every verdict in the margin."""
    preamble = COMMON % {"margin": "1.8cm", "why": "4.2cm"} + VERDICTS
    title = (f"{metadata.title}: the verification record of the solutions" if metadata.title
             else "The verification record of the solutions")
    return _document(preamble, metadata, title, RECORD_LEGEND, sections)
