"""Reading a document: bytes within limits, comments, macros, displays, rows and notes, each rule
with the trap it must avoid."""

import os
import time
import tracemalloc

import pytest

from dgmderive.cli import main
from dgmderive.reading import DocumentError, read_document, rows, statements
from dgmderive.reading import displays as displays_stage
from dgmderive.reading.displays import FORMATS, first_closing, scan
from dgmderive.reading.document import MAX_DISPLAYS


def bodies(text, path=None):
    return [" ".join(display.body.split()) for display in read_document(text, path).displays]


def reasons(text, path=None):
    return [reason for _, reason in read_document(text, path).notes]


def rows_of(text, path=None):
    return [[" ".join(row.split()) for row in rows(display.body)] for display in read_document(text, path).displays]


# the document: bytes, limits, one-line refusals

@pytest.mark.parametrize("data, words", [
    (b"%PDF-1.5\n%\xe2\xe3\xcf\xd3\n1 0 obj", ("is a PDF", ".tex or .md")),
    (b"\\[ x = 1 \\]\n\xff\xfe caf\xe9", ("not UTF-8", "line 2")),
    (b"x" * 2_000_001, ("over 2,000,000 bytes",)),
    (b"\\[ a = b \\]\x00\x00", ("NUL",)),
])
def test_a_document_that_is_not_read_is_refused_in_one_line(data, words):
    with pytest.raises(DocumentError) as refusal:
        read_document(data, "answers.tex")
    message = str(refusal.value)
    assert "\n" not in message and all(word in message for word in words)
    assert not isinstance(refusal.value, UnicodeDecodeError)


def test_grade_refuses_a_pdf_in_one_line_and_reads_utf8_with_a_byte_order_mark(tmp_path, capsys):
    pdf = tmp_path / "answers.pdf"
    pdf.write_bytes(b"%PDF-1.7\n" + bytes(range(256)))
    assert main(["grade", str(pdf)]) == 2
    error = capsys.readouterr().err
    assert error.count("\n") == 1 and "PDF" in error and ".tex or .md" in error
    good = tmp_path / "answers.tex"
    good.write_bytes("\ufeff\\[ (a+b)^2 = a^2 + 2ab + b^2 \\]\r\n".encode())
    assert main(["grade", str(good)]) == 0


QUADRATIC_TRAPS = {
    "openings of \\[": "\\[" * 250_000,
    "openings of $$ and $": "$$ $" * 125_000,
    "environments never closed": "\\begin{align}" * 40_000,
    "lone dollars": "$ a\n\n" * 100_000,
    "$$ left open in long paragraphs": ("$$ a " * 20_000 + "\n\n") * 5,
    "percent signs": "%\\[\n" * 125_000,
    "\\iffalse never closed, and many \\if": "\\iffalse" + "\\ifx \\[ " * 50_000,
    "\\verb never closed on a long line": "\\verb!x " * 100_000,
    "backticks in Markdown": "`` x ` " * 70_000,
    "backticks in long paragraphs": ("` x " * 20_000 + "\n\n") * 5,
    "kramdown $$ in a paragraph": "---\n---\n" + "a $$x$$ " * 60_000,
    "a macro's unclosed argument": "\\newcommand{\\f}[1]{#1}" + "\\f{" * 60_000,
    "uses of a recursive macro": "\\def\\a{\\a\\a}" + "\\[\\a = 1\\]" * 40_000,
    "a macro that doubles": "\\def\\b{xx\\b}" + "$$\\b$$" * 80_000,
    "a long body used often": "\\def\\x{" + "y" * 100_000 + "}" + "\\x" * 200_000,
    "an argument put in many times": "\\def\\m#1{" + "#1" * 5_000 + "}\\m{" + "z" * 200_000 + "}",
    "long displays, each read to its links": ("$$ " + "x = " * 4_000 + "$$\n") * 60,
    "long displays of bracketed text": ("$$ " + "(\\text{a}) " * 1_500 + "$$\n") * 50,
    "delimited definitions": "\\def\\p(#1){x}\n" * 30_000,
    "uses of a macro with an argument": "\\newcommand{\\f}[1]{#1}" + "\\f{a}\n" * 50_000,
}


@pytest.mark.parametrize("text", QUADRATIC_TRAPS.values(), ids=QUADRATIC_TRAPS.keys())
def test_no_input_takes_more_than_linear_time(text):
    start = time.process_time()
    document = read_document(text, "trap.md" if "`" in text or text.startswith("---") else "trap.tex")
    assert time.process_time() - start < 2.0
    assert len(document.displays) + len(document.notes) <= 2 * MAX_DISPLAYS + 2


@pytest.mark.parametrize("text", ["\\[" * 100_000, "$$ $" * 50_000, "\\begin{align}" * 20_000, "a $$x$$ " * 30_000,
                                  "{% math %}" * 20_000, "$$" * 100_000, "\\[ x \\]" * 40_000,
                                  ("$$ a " * 20_000 + "\n\n") * 5])
@pytest.mark.parametrize("form", FORMATS.values(), ids=FORMATS.keys())
def test_the_scan_for_displays_searches_each_stretch_of_text_a_bounded_number_of_times(text, form, monkeypatch):
    searched = []

    def counted(text_, kind, pos):
        found, stop = first_closing(text_, kind, pos)
        searched.append(stop - pos)
        return found, stop

    monkeypatch.setattr(displays_stage, "first_closing", counted)
    start = time.process_time()
    scan(text, form, limit=len(text))
    assert time.process_time() - start < 2.0
    assert sum(searched) <= 2 * len(text)  # a scan that searched again from every opening: ~len(text)**2 / 4


@pytest.mark.parametrize("text", ["\\newcommand{\\f}[1]{#1}\\f{a}" + "{}" * 990_000, "\n" * 1_999_000,
                                  "\\def\\x{y}" + "\\x\n" * 100_000, "\\newcommand{\\f}[1]{#1}" + "\\f{" * 20_000])
def test_memory_stays_a_small_multiple_of_the_document(text):
    tracemalloc.start()
    read_document(text)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert peak < 12 * len(text) + 8_000_000  # a few copies, and pieces of output not yet joined


def test_beyond_the_number_of_displays_the_rest_is_reported_not_read():
    document = read_document("$$ a = b $$\n" * (MAX_DISPLAYS + 10))
    assert len(document.displays) == MAX_DISPLAYS
    assert "the rest are not read" in document.notes[-1].reason


def test_display_rows_and_statements_stay_linear_on_long_bodies():
    bodies_ = ["\\begin{pmatrix}" * 1_300, "\\xrightarrow{" * 1_500, "\\tag{" * 3_000, "{" * 19_000,
               "a = " * 4_900, "& " * 9_000, "a & " * 4_900, "a &= b & " * 2_000, "(\\text{" * 2_500,
               "\\\\[" * 5_000, "\\xrightarrow[" * 1_400, "\\begin{aligned}" * 650 + "\\end{aligned}" * 650]
    start = time.process_time()
    for body in bodies_:
        [statements(row) for row in rows(body)]
    assert time.process_time() - start < 4.0


# comments

def test_a_latex_comment_is_not_read_but_an_escaped_percent_is_text():
    text = ("% \\[1 = 2\\]\n50\\% \\[ 3 = 4 \\]\n\\[ 5 = 6 \\\\% = 7\n\\]\n"
            "\\begin{comment}\n\\[ 8 = 9 \\]\n\\end{comment}")
    document = read_document(text, "a.tex")
    assert [(d.line, " ".join(d.body.split())) for d in document.displays] == [(2, "3 = 4"), (3, "5 = 6 \\\\")]


def test_an_iffalse_block_is_not_read_and_iff_is_no_conditional():
    text = ("\\iffalse\n\\[ 1 = 2 \\]\n\\ifx\\a\\b \\fi\n$ p \\iff q $\n\\[ 3 = 4 \\]\n\\fi\n"
            "\\[ a \\iff b \\]\n\\[ c = d \\]")
    document = read_document(text, "a.tex")
    assert [(d.line, " ".join(d.body.split())) for d in document.displays] == [(7, r"a \iff b"), (8, "c = d")]


def test_in_markdown_a_percent_is_a_comment_only_inside_math():
    text = "Half: 50% of $$ a = b $$\n\n$$\nc = d % = e\n$$\n"
    assert bodies(text, "a.md") == ["a = b", "c = d"]


# macros

def test_newcommand_with_arguments_and_a_default_first_argument():
    text = (r"\newcommand{\E}[2][q]{\mathbb{E}_{#1}\left[#2\right]}" "\n"
            r"\newcommand\KL[2]{D_{KL}(#1 \| #2)}" "\n"
            r"\[ \E{\log p} = \E[r]{x} + \KL{q_{\phi}(z)}{p} \]")
    assert bodies(text) == [r"\mathbb{E}_{q}\left[\log p\right] = \mathbb{E}_{r}\left[x\right]"
                            r" + D_{KL}(q_{\phi}(z) \| p)"]


def test_renewcommand_replaces_providecommand_does_not_and_each_holds_from_where_it_stands():
    text = ("\\newcommand{\\c}{1}\n$$ \\c = a $$\n\\renewcommand{\\c}{2}\n\\providecommand{\\c}{3}\n"
            "\\providecommand{\\d}{4}\n$$ \\c = \\d $$")
    assert bodies(text) == ["1 = a", "2 = 4"]


def test_def_without_delimiters_is_read_and_with_delimiters_left_alone_with_a_note():
    text = ("\\def\\sq#1#2{#1^{#2}}\n\\def\\half{\\frac12}\n\\def\\pair(#1,#2){#1}\n"
            "$$ \\sq{x}{2} = \\half \\pair(a,b) $$")
    document = read_document(text)
    assert [" ".join(d.body.split()) for d in document.displays] == [r"x^{2} = \frac12 \pair(a,b)"]
    assert document.notes[0].line == 3 and "delimited" in document.notes[0].reason


def test_declare_math_operator_becomes_operatorname():
    text = "\\DeclareMathOperator{\\tr}{tr}\n\\DeclareMathOperator*{\\argmax}{arg\\,max}\n$$ \\tr A = \\argmax_x f $$"
    assert bodies(text) == [r"\operatorname{tr} A = \operatorname{arg\,max}_x f"]


def test_ensuremath_and_ifmmode_read_as_in_a_display():
    text = ("\\newcommand{\\B}[1]{\\ifmmode\\bm{#1}\\else\\textbf{#1}\\fi}\n"
            "\\newcommand{\\half}{\\ensuremath{\\frac{1}{2}}}\n\\def\\m{\\ifmmode\\mu\\fi}\n"
            "$$ \\half \\B{x} = \\m $$\n$$ \\ensuremath{a} = \\ifmmode b \\else c\\fi $$")
    assert bodies(text) == [r"\frac{1}{2} \bm{x} = \mu", "a = b"]


def test_an_ifmmode_without_its_fi_is_left_as_written_with_a_note():
    document = read_document("\\def\\a{1}\n$$ \\ifmmode x = \\a $$")
    assert [d.body.strip() for d in document.displays] == [r"\ifmmode x = 1"]
    assert "\\fi is missing" in document.notes[0].reason


@pytest.mark.parametrize("definition", [r"\def\a{\a\a}", r"\def\a{x\a}", r"\newcommand{\a}{\a}",
                                        r"\def\b{\c\c\c\c\c\c\c\c}\def\c{\d\d\d\d\d\d\d\d}\def\d{\b}\def\a{\b}"])
def test_a_recursive_macro_stops_with_a_reason(definition):
    start = time.process_time()
    document = read_document(definition + "\n$$ \\a = 1 $$\n$$ \\a = 2 $$\n$$ y = 3 $$")
    assert time.process_time() - start < 2.0
    assert [d.body.strip() for d in document.displays] == [r"\a = 1", r"\a = 2", "y = 3"]
    assert len(document.notes) == 1 and "left unexpanded" in document.notes[0].reason
    assert document.notes[0].line == 2


def test_a_use_whose_argument_is_not_closed_is_left_as_written_and_the_macro_still_works():
    document = read_document("\\newcommand{\\sq}[1]{#1^2}\n$$ \\sq{\\frac{a}{b}} = c $$\n"
                             "$$ \\sq{a = b $$\n$$ \\sq x = 1 $$")
    assert [d.body.strip() for d in document.displays] == [r"\frac{a}{b}^2 = c", r"\sq{a = b", "x^2 = 1"]
    assert [(n.line, "not closed" in n.reason) for n in document.notes if "sq" in n.reason] == [(3, True)]


def test_after_end_document_nothing_is_read():
    assert bodies("\\begin{document}\n\\[ a = b \\]\n\\end{document}\n\\[ 1 = 2 \\]", "a.tex") == ["a = b"]


def test_a_macro_can_open_a_display_and_take_its_arguments_from_after_its_use():
    text = ("\\newcommand{\\be}{\\begin{equation}}\n\\newcommand{\\ee}{\\end{equation}}\n"
            "\\newcommand{\\D}[2]{D(#1 \\| #2)}\n\\newcommand{\\KL}{\\D}\n\\be \\KL{q}{p} \\ge 0 \\ee")
    document = read_document(text)
    read = [(d.line, d.kind, " ".join(d.body.split())) for d in document.displays]
    assert read == [(5, "equation", r"D(q \| p) \ge 0")]


def test_lines_are_the_file_s_after_comments_definitions_and_expansions():
    text = ("\\newcommand{\\long}[1]{\n  #1 + #1\n}\n% a comment\n\\[ \\long{a\n b} = c \\]\n"
            "\n\\[ d = e \\]\n$$\n\\long{f} = g\n$$")
    document = read_document(text)
    assert [d.line for d in document.displays] == [5, 8, 9]


def test_a_document_that_opens_with_a_macro_keeps_its_lines():
    document = read_document("\\def\\x{y}\\x\n\\[ \\x = 1 \\]\n\\x\\x\n\\[ 2 = \\x \\]")
    assert [(d.line, d.body.strip()) for d in document.displays] == [(2, "y = 1"), (4, "2 = y")]


def test_markdown_header_includes_define_macros():
    text = ('---\ntitle: Answers\nheader-includes:\n  - \\newcommand{\\R}{\\mathbb{R}}\n'
            '  - "\\\\newcommand{\\\\Q}{\\\\mathbb{Q}}"\n---\n\n$$ \\R \\ne \\Q $$ and $$x = 1$$\n')
    document = read_document(text, "answers.md")
    assert document.format == "markdown"  # pandoc: $$ inside a paragraph is a display
    read = [(d.line, " ".join(d.body.split())) for d in document.displays]
    assert read == [(8, r"\mathbb{R} \ne \mathbb{Q}"), (8, "x = 1")]


def test_a_local_sty_or_tex_is_read_for_its_definitions_and_nothing_outside_the_folder(tmp_path):
    folder, outside = tmp_path / "doc", tmp_path / "elsewhere"
    folder.mkdir(), outside.mkdir()
    (folder / "notation.sty").write_text("\\makeatletter\n\\def\\E@{\\mathbb{E}}\\newcommand{\\Expect}{\\E@}\n"
                                         "% \\newcommand{\\V}{no}\n")
    (folder / "more.tex").write_text("\\newcommand{\\V}{\\mathrm{Var}}\n\\[ \\V = 0 \\]\n")
    (folder / "unnamed.sty").write_text("\\newcommand{\\U}{wrong}")
    (outside / "evil.sty").write_text("\\newcommand{\\X}{wrong}")
    (outside / "evil.tex").write_text("\\newcommand{\\Y}{wrong}")
    os.symlink(outside / "evil.sty", folder / "link.sty")
    document = folder / "answers.tex"
    document.write_text("\\usepackage{amsmath,notation}\n\\input{more}\n\\usepackage{../elsewhere/evil}\n"
                        f"\\input{{{outside / 'evil'}}}\n\\usepackage{{link}}\n"
                        "\\[ \\Expect X = \\V + \\U + \\X + \\Y \\]")
    read = read_document(document.read_bytes(), document)
    assert [" ".join(d.body.split()) for d in read.displays] == [r"\mathbb{E} X = \mathrm{Var} + \U + \X + \Y"]
    refused = [note for note in read.notes if "own folder" in note.reason]
    assert [note.line for note in refused] == [3, 4]
    assert any(note.line == 2 and note.reason.startswith("more.tex: its definitions are read") for note in read.notes)
    assert read_document(document.read_text()).displays[0].body.count(r"\Expect") == 1  # no path, no file opened


# displays

def test_display_environments_starred_and_alignat():
    text = ("\\begin{equation*} a = b \\end{equation*}\n\\begin{gather} c = d \\end{gather}\n"
            "\\begin{alignat*}{2} e &= f \\end{alignat*}\n\\begin{flalign} g &= h \\end{flalign}\n"
            "\\begin{eqnarray} i &=& j \\end{eqnarray}\n\\begin{multline*} k = l \\end{multline*}")
    assert bodies(text) == ["a = b", "c = d", "e &= f", "g &= h", "i &=& j", "k = l"]
    assert rows_of(text)[4] == ["i = j"]


def test_inline_math_is_not_a_display_and_does_not_swallow_one():
    text = "Let $x = 1$ and $y$; it costs \\$5 $$ a = b $$ and $c$.\n\nA lone $ sign.\n\n\\[ d = e \\]"
    assert bodies(text) == ["a = b", "d = e"]


def test_an_unclosed_opening_is_noted_and_what_follows_is_still_read():
    document = read_document("\\[ a = b\n\n$$ c = d $$\n\\begin{align} e &= f")
    assert [d.body.strip() for d in document.displays] == ["c = d"]
    assert [(n.line, n.reason.split(" is ")[0]) for n in document.notes] == [(1, "\\["), (4, "\\begin{align}")]


def test_a_dollar_display_left_open_ends_at_the_blank_line_and_does_not_flip_the_rest():
    document = read_document("$$ a = b\n\nSome prose, then\n\n$$ c = d $$\ntext\n$$ e = f $$\n$$ g\n= h $$")
    assert [(d.line, d.body.strip()) for d in document.displays] == [(5, "c = d"), (7, "e = f"), (8, "g\n= h")]
    assert [(n.line, n.reason.split(" is ")[0]) for n in document.notes] == [(1, "$$")]


def test_aligned_split_and_gathered_inside_a_display_are_read_as_rows():
    text = ("$$\\begin{aligned} a &= b \\\\ &= c \\end{aligned}$$\n"
            "\\[ \\begin{split} d &= \\begin{pmatrix} 1 & 2 \\\\ 3 & 4 \\end{pmatrix} \\\\ &= e \\end{split} \\]\n"
            "\\begin{equation}\\label{x}\\begin{gathered} f = g \\\\ h = i \\end{gathered}\\end{equation}\n"
            "$$ M = \\begin{pmatrix} 1 \\\\ 2 \\end{pmatrix} $$")
    assert rows_of(text) == [["a = b", "= c"], ["d = \\begin{pmatrix} 1 & 2 \\\\ 3 & 4 \\end{pmatrix}", "= e"],
                             ["f = g", "h = i"], ["M = \\begin{pmatrix} 1 \\\\ 2 \\end{pmatrix}"]]


def test_kramdown_dollars_are_a_display_only_on_a_paragraph_of_their_own():
    text = ("---\nlayout: post\n---\n\nInline $$x = 1$$ in a paragraph, and $5.\n\n$$\ny = 2\n$$\n\n"
            "$$ z = 3 $$\ntext right after\n\n{% math %}\nw = 4\n{% endmath %}\n\n\\[ v = 5 \\]\n")
    document = read_document(text, "post.md")
    assert document.format == "kramdown"
    assert [(d.line, d.kind, d.body.strip()) for d in document.displays] == [(7, "$$", "y = 2"), (14, "math", "w = 4")]


def test_without_front_matter_markdown_dollars_are_displays_anywhere():
    assert bodies("# Answers\n\nInline $$x = 1$$ here.\n", "a.md") == ["x = 1"]


def test_markdown_code_holds_no_math_but_an_indented_list_item_does():
    text = ("```latex\n$$ a = b $$\n```\n\n    $$ c = d $$\n\n1. The answer:\n\n    $$ e = f $$\n\n"
            "`$$ g = h $$` and <!-- $$ i = j $$ --> and ~~~ not a fence\n\n~~~\n\\[ k = l \\]\n~~~\n$$ m = n $$")
    document = read_document(text, "a.md")
    assert [(d.line, d.body.strip()) for d in document.displays] == [(9, "e = f"), (16, "m = n")]


def test_a_stray_backtick_hides_no_math_beyond_its_paragraph():
    text = "The key ` is a backtick.\n\n$$ a = b $$\n\nIn code: `$$ c = d $$`.\n"
    assert bodies(text, "a.md") == ["a = b"]


def test_verbatim_latex_holds_no_math():
    text = "\\verb|\\[ a = b \\]| \\begin{verbatim}\n$$ c = d $$\n\\end{verbatim}\n\\[ e = f \\]"
    assert bodies(text, "a.tex") == ["e = f"]


# rows and annotations

@pytest.mark.parametrize("body, expected", [
    (r"a &= b \tag{1} \\ &= c \nonumber \\ &= d \notag \label{eq:x} \\ &= e \tag*{$\star$}",
     ["a = b", "= c", "= d", "= e"]),
    (r"a &= b & \text{by Jensen} \\ &\le c & \text{since } c \ge b", ["a = b", "\\le c"]),
    (r"a &= b && \text{expand} \\ &= c && (3)", ["a = b", "= c"]),
    (r"a &= b & c &= d", [r"a = b \quad c = d"]),
    (r"i &=& j \\ &=& k", ["i = j", "= k"]),
    (r"a &= b \quad (\text{Jensen}) \\ &= c (\text{by (2)}).", [r"a = b \quad", "= c"]),
    (r"(a+b)^2 &= a^2 + 2ab \\ &\quad + b^2 \\ & - c", ["(a+b)^2 = a^2 + 2ab + b^2 - c"]),
    (r"a &= b \\[2pt] &= c \\* \intertext{and so} d &= e", ["a = b", "= c", "d = e"]),
    (r"a \& b = c", [r"a \& b = c"]),
])
def test_rows_without_numbers_labels_and_annotations(body, expected):
    assert [" ".join(row.split()) for row in rows(body)] == expected


def test_a_text_annotation_is_not_a_statement():
    pieces = [" ".join(p.text.split()) for row in rows(r"a &= b & \text{by Jensen} \\ &= c \quad \text{so}")
              for p in statements(row)]
    assert pieces == ["a = b", "= c"]


# nothing dropped silently

def test_every_display_yields_a_link_or_a_reason():
    text = ("$$ a = b $$\n$$ \\sum_i x_i $$\n$$ \\text{hence} $$\n$$ $$\n$$\\newcommand{\\x}{y}$$\n"
            "\\[ \\begin{pmatrix} 1 & 0 \\end{pmatrix} \\]")
    document = read_document(text)
    assert len(document.displays) == 6
    assert [(note.line, note.reason.split(",")[0]) for note in document.notes] == [
        (2, "a display with no relation (="), (3, "a display that contains only text"), (4, "an empty display"),
        (5, "an empty display"), (6, "a display with no relation (=")]


def test_grade_prints_the_notes(tmp_path, capsys):
    answers = tmp_path / "answers.tex"
    answers.write_text("\\[ (a+b)^2 = a^2 + 2ab + b^2 \\]\n\\def\\p(#1){#1}\n\\[ x + 1 \\]\n\\[ c = d")
    assert main(["grade", str(answers)]) == 0
    out = capsys.readouterr().out
    assert f"{answers}:2: not graded: \\def\\p is left as written" in out
    assert f"{answers}:3: not graded: a display with no relation" in out
    assert f"{answers}:4: not graded: \\[ is never closed" in out and "summary: 1 chain(s)" in out


def test_a_blank_line_inside_an_environment_does_not_end_the_dollars_around_it():
    text = "---\nlayout: post\n---\n\n$$\n\\begin{align*}\n\na &= b \\\\\n&= c\n\n\\end{align*}\n$$\n\n$$ x\n\ny $$\n"
    assert [note.line for note in read_document(text, "post.md").notes] == [14, 16]  # a paragraph ends x, y
    assert [body.split() for body in bodies(text, "post.md")] == [["\\begin{align*}", "a", "&=", "b", "\\\\", "&=",
                                                                "c", "\\end{align*}"]]


def test_a_distill_math_block_is_a_display_in_markdown_but_not_in_latex():
    text = "Some words.\n\n<d-math block>\na = b + 1\n</d-math>\n\nand <d-math>x</d-math> inline.\n"
    assert bodies(text, "post.md") == ["a = b + 1"]
    assert bodies(text, "notes.tex") == []
    assert reasons("<d-math block>\na = b\n", "post.md") == ["<d-math block> is never closed, so what follows it "
                                                            "is not a display"]


def test_a_site_macro_the_document_uses_without_defining_it_is_read_by_its_arguments():
    read = read_document(r"$$ \kl{q(z)}{p(z|x)} = \E{q(z)}{\log q(z)} + \E{}{x} + \E_q[y] $$")
    assert " ".join(read.displays[0].body.split()) == (
        r"\mathrm{KL}\left(q(z) \,\|\, p(z|x)\right) = \mathbb{E}_{q(z)}\left[\log q(z)\right] "
        r"+ \mathbb{E}\left[x\right] + \mathbb{E}_q[y]")
    assert sum("read as it is commonly defined" in note.reason for note in read.notes) == 3
    defined = read_document(r"\newcommand{\E}{\mathbf{E}} $$ \E{a}{b} $$")  # the document's own comes first
    assert " ".join(defined.displays[0].body.split()) == r"\mathbf{E}{a}{b}"


def test_a_paired_delimiter_and_the_physics_derivatives_are_read():
    read = read_document("\\DeclarePairedDelimiter{\\abs}{\\lvert}{\\rvert}\n$$ \\abs*{x} + \\abs{y} = \\pdv{f}{x} + \\dv{x} g $$")
    assert " ".join(read.displays[0].body.split()) == (
        r"\left\lvert x \right\rvert + \left\lvert y \right\rvert = \frac{\partial f}{\partial x} + \frac{d}{d x} g")
