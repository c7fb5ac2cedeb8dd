"""`grade`: chains found in LaTeX and Markdown, each link checked, the first failure reported."""

from pathlib import Path

import sympy

from dgmderive.reading import read_document, rows, split_chain, statements
from dgmderive.cli import main
from dgmderive.grading import grade_text
from dgmderive.grading.report import report

RIGHT_AND_WRONG = r"""
Some prose with $x$ inline, which is not a display.
$$ (a+b)^2 = a^2 + 2ab + b^2 \le 2a^2 + 2b^2 $$
\begin{align}
\frac{d}{dx} e^{2x} &= 2 e^{2x} \\
  &= 2 e^{x} e^{x} \nonumber
\end{align}
\[ \log(x y) = \log x + \log y = \log(x + y) \]
$$ (1 - t)^2 = 1 - 2t + t^2 = 1 + 2t + t^2 $$
$$ \frac{1}{\sqrt{2\pi}} = \frac{1}{2\pi} \quad \text{and} \quad \int_0^1 x \, dx = \frac12 $$
$$ \mathbb{E}_q[\log p] = \mathcal{L} $$
$$ \begin{bmatrix} x_1 \\ y_1 \end{bmatrix} = \begin{bmatrix} 1, 2 \\ 3, 4 \end{bmatrix} \begin{bmatrix} x \\ y \end{bmatrix} = \begin{bmatrix} x + 2y \\ 3x + 4y \end{bmatrix} = \begin{bmatrix} x + 2y, & 3x + 4y \end{bmatrix} $$
"""


def claimed(results):
    """The chains that make claims (a definition or a condition has no links)."""
    return [chain for chain in results if chain.links]


def test_split_chain_outside_braces():
    parts, rels = split_chain(r"\frac{a}{b=c} = d \leq e \left(f\right) \ge g")
    assert rels == ["=", "<=", ">="] and parts[0] == r"\frac{a}{b=c}"


def test_grading_finds_the_wrong_links():
    results = grade_text(RIGHT_AND_WRONG, ("x>0", "y>0"))
    failures = [(c.line, c.links.index(c.first_failure) + 1) for c in results if c.first_failure]
    # log(xy) = log x + log y holds, = log(x+y) does not; the sign; the normalising constant; and a
    # matrix product written as a row (its first link defines x_1, y_1 and is not a claim)
    assert [f[1] for f in failures] == [2, 2, 1, 2]
    statuses = [link.status for c in results for link in c.links]
    assert statuses.count("holds") == 8 and statuses.count("unparsed") == 1  # the integral of x among them
    lines = report("f.md", results)
    assert lines[-1].startswith("f.md: summary:") and "4 refuted" in lines[-1] and "1 unparsed" in lines[-1]


def test_a_display_that_opens_with_a_relation_continues_the_chain():
    text = "$$ (a+b)^2 = a^2 + 2ab + b^2 $$\nsome words\n$$ = (a - b)^2 + 4ab $$\n$$ = a^2 + b^2 $$"
    results = grade_text(text)
    assert [len(c.links) for c in results] == [1, 1, 1]
    assert [link.status for c in results for link in c.links] == ["holds", "holds", "refuted"]
    assert results[2].links[0].left == "(a - b)^2 + 4ab"


def test_grade_command(tmp_path, capsys):
    answers = tmp_path / "answers.md"
    answers.write_text(RIGHT_AND_WRONG)
    assert main(["grade", str(answers), "--assume", "x>0", "--assume", "y>0"]) == 1
    assert "first failing link 2" in capsys.readouterr().out
    good = tmp_path / "good.tex"
    good.write_text(r"\[ (a+b)^2 = a^2 + 2ab + b^2 \]")
    assert main(["grade", str(good)]) == 0
    assert main(["grade", str(tmp_path / "missing.tex")]) == 2
    assert capsys.readouterr().err.startswith("dgmderive: cannot read")


def test_statements_split_outside_brackets_and_remember_arrows():
    pieces = statements(r"p(x, z) = q(x, z), \quad a = b \xrightarrow{t > 0} c \ge d \to e = f")
    assert [p.text.strip() for p in pieces] == ["p(x, z) = q(x, z)", "a = b", "c \\ge d", "e = f"]
    assert [p.after_arrow for p in pieces] == [False, False, True, True]
    assert pieces[2].label == "t > 0"


REASONING = r"""
$$ g(z) = z + f(z) \xrightarrow{\text{differentiate}} \frac{dg}{dz} = 1 + \frac{df}{dz} $$
$$ g(z) = z + f(z) \xrightarrow{df/dz > -1} \frac{dg}{dz} \ge 0 $$
$$ \frac{dg}{dz} = 2 + \frac{df}{dz} $$
$$ (1 - \lambda)^2 + \alpha^2 = 0 \to \alpha = 0, \lambda = 1 $$
$$ x^2 = 4 \Rightarrow x = 2 $$
$$ x^2 = 4 \Rightarrow x = 2, x = -2 $$
$$ \mathbb{E}_{q(z|x)}[\log p(x|z) p(z)] = \mathbb{E}_{q(z|x)}[\log \frac{p(z|x) p(x)}{p(z)}] $$
"""


def test_grading_uses_definitions_conditions_and_flags_what_is_given_away():
    results = claimed(grade_text(REASONING))
    statuses = [[link.status for link in chain.links] for chain in results]
    # g's definition makes dg/dz = 1 + f' a proved link and dg/dz = 2 + f' a refuted one; under the
    # arrow's condition f' > -1, dg/dz >= 0 holds but > 0 is proved: flagged; the complex roots
    # 1 +- i alpha are left out: flagged; x = -2 is left out: refuted; p(z) in the wrong place: refuted
    assert statuses == [["holds"], ["flagged"], ["refuted"], ["flagged"], ["refuted"], ["holds"], ["refuted"]]
    assert "gives away strictness" in results[1].links[0].note
    assert "I*alpha + 1" in results[3].links[0].note
    assert dict(results[4].links[0].verdict.counterexample)["x"] == "-2"
    summary = report("f.md", results)[-1]
    assert "2 flagged" in summary and "3 refuted" in summary


STUDENT = Path(__file__).resolve().parent / "data" / "assignment-and-student-answers.md"


def test_the_student_answers_are_graded_and_their_errors_found(tmp_path, capsys):
    """The assignment with one student's answers, graded without being told where the errors are."""
    results = grade_text(STUDENT.read_text())
    by_line: dict[int, list] = {}
    for chain in results:
        by_line.setdefault(chain.line, []).extend(chain.links)
    statuses = {line: [link.status for link in links] for line, links in by_line.items()}
    # Answer 3.1: p(x|z)p(z) rewritten as p(z|x)p(x)/p(z); the later links follow from it and hold
    # 183: the prior p(z) becomes p_theta(z), which holds only if p and p_theta are one model: undecided
    assert statuses[181] == ["refuted", "holds"] and statuses[183] == ["holds", "undecided"]
    # Answer 5.3: dg/dz >= 0 where dg/dz > 0 is what follows (and what strict monotonicity needs)
    assert statuses[394] == ["holds", "flagged"]
    # Answer 6.1: A (d_k, g_k) written as a 2x2 matrix
    assert "shapes (2, 1) and (2, 2) differ" in str(by_line[419][0].verdict)
    # Answer 6.3: the characteristic equation is right, but the eigenvalues 1 +- i alpha are taken
    # for "no eigenvalue"
    assert statuses[430] == ["holds", "flagged"] and "I*alpha + 1" in by_line[430][1].note
    lines = report("f.md", results)
    assert lines[-1].startswith("f.md: summary:") and "0 holds" not in lines[-1]


def test_vector_notation_is_read_in_one_dimension_where_a_failure_is_a_refutation():
    text = r"""
$$ \frac{1}{\sqrt{2\pi}|S|} \exp(-\frac12 (S^{-1}(x - \mu))^T (S^{-1}(x - \mu)))
   = \frac{1}{\sqrt{2\pi |S S^T|}} \exp(-\frac12 (x - \mu)^T (S S^T)^{-1} (x - \mu)) $$
$$ \frac{1}{\sqrt{2\pi}|S|} \exp(-\frac12 (S^{-1}(x - \mu))^T (S^{-1}(x - \mu)))
   = \frac{1}{\sqrt{2\pi} |S S^T|} \exp(-\frac12 (x - \mu)^T (S S^T)^{-1} (x - \mu)) $$
$$ \det(\mathrm{diag}(\sigma \odot \sigma)) = \sigma^T \sigma $$
"""
    right, wrong, different = (chain.links[0] for chain in grade_text(text))
    assert right.status == "undecided" and "K = 1" in right.verdict.evidence
    assert wrong.status == "refuted" and "in one dimension" in wrong.verdict.method
    assert different.status == "undecided"  # equal when K = 1, which decides nothing


def test_a_matrix_then_an_arrow_then_an_equation_is_its_characteristic_equation():
    text = r"""
$$ \begin{bmatrix} 1 - \lambda & \alpha \\ -\alpha & 1 - \lambda \end{bmatrix} \to 2(1-\lambda)^2 + 2\alpha^2 = 0 $$
$$ \begin{bmatrix} 1 - \lambda & \alpha \\ -\alpha & 1 - \lambda \end{bmatrix} \to (1-\lambda)^2 - \alpha^2 = 0 $$
"""
    right, wrong = (chain.links[0] for chain in claimed(grade_text(text)))
    assert right.status == "holds" and right.verdict.method == "determinant"
    assert wrong.status == "refuted"
    point = {k: sympy.Rational(v) for k, v in wrong.verdict.counterexample}
    lam, alpha = point["lambda"], point["alpha"]
    assert (1 - lam) ** 2 - alpha**2 == 0 and (1 - lam) ** 2 + alpha**2 != 0  # a root off the determinant


def test_align_rows_drop_tags_and_annotations_and_continue_sums():
    text = r"""
\begin{align*}
(a+b)^2 &= a^2 + 2ab && \why{expand} \tag*{\verdict{PROVED}} \\
&\quad + b^2 \\
&= (a - b)^2 + 4ab \\
&= a^2 + b^2 && \text{wrong on purpose}
\end{align*}
"""
    assert rows(read_document(text).displays[0].body)[0].strip().endswith("+ b^2")
    statuses = [link.status for chain in grade_text(text) for link in chain.links]
    assert statuses == ["holds", "holds", "refuted"]


DEFINITIONS = r"""
\begin{align*}
\lambda_{1} &:= \mathrm{i} \alpha + 1 \\
\left|\lambda_{1}\right| &= \sqrt{\alpha^{2} + 1} \\
\left|\lambda_{1}\right| &= \alpha + 1 \\
v &:= \begin{pmatrix} 1 \\ 2 \end{pmatrix} \\
v^{T} v &= 5 \\
s^{T} s &= s^2 + 1
\end{align*}
"""


def test_a_name_defined_with_colon_equals_is_used_and_never_graded_as_a_claim():
    results = claimed(grade_text(DEFINITIONS))
    statuses = [[link.status for link in chain.links] for chain in results]
    # |lambda_1| with lambda_1 := 1 + i alpha: the modulus holds, |.| = alpha + 1 is refuted; v^T v
    # names a vector of dimension 2, so it is not read with K = 1 (where v^2 = 5 would fail); s^T s
    # names no defined vector and is refuted there
    assert [link.left for chain in results for link in chain.links][:2] == [r"\left|\lambda_{1}\right|"] * 2
    assert statuses[:3] == [["holds"], ["refuted"], ["undecided"]]
    assert statuses[-1] == ["refuted"] and "K = 1" in results[-1].links[0].verdict.evidence
    assert not any(link.left.startswith(r"\lambda_{1}") or link.left == "v" for chain in results for link in chain.links)


def test_a_link_that_fails_only_for_some_values_of_a_function_is_undecided():
    results = claimed(grade_text("$$ \\frac{df}{dz} > 0 $$\n$$ f(z)^2 + 1 > f(z) $$\n$$ \\frac{df}{dz} + 1 = \\frac{df}{dz} $$"))
    statuses = [[link.status for link in chain.links] for chain in results]
    assert statuses == [["undecided"], ["holds"], ["refuted"]]  # the last fails whatever f is
    assert "for some choice of the functions f" in results[0].links[0].verdict.evidence


def test_primes_definitions_and_an_assumed_relation_work_together():
    text = "$$ g(z) = z + f(z) $$\n$$ g'(z) = 1 + f'(z) > 0 $$\n"
    assumed = claimed(grade_text(text, ("f'(z) > -1",)))
    assert [link.status for link in assumed[0].links] == ["holds", "holds"]
    unassumed = claimed(grade_text(text))
    assert [link.status for link in unassumed[0].links] == ["holds", "undecided"]


def test_a_starred_row_end_ends_a_row_and_the_next_row_carries_on_the_sum():
    text = "\\begin{align*}\n(a+b)^2 &= a^2 + 2ab \\\\*\n&\\quad + b^2 \\\\*\n&= a^2 + b^2\n\\end{align*}"
    results = grade_text(text)
    assert [(c.line, link.status) for c in results for link in c.links] == [(2, "holds"), (4, "refuted")]


def test_grading_the_committed_sheet_refutes_nothing_in_it():
    """Every formula of the sheet was checked when it was built; a refutation here is a misreading."""
    sheet = Path(__file__).resolve().parent.parent / "output" / "solutions.tex"
    results = grade_text(sheet.read_text())
    refuted = [f"{link.line}: {link.left} {link.rel} {link.right}: {link.verdict}"
               for chain in results for link in chain.links if link.status == "refuted"]
    assert refuted == [] and sum(link.status == "holds" for chain in results for link in chain.links) >= 20


def test_a_thin_space_before_a_measure_does_not_split_the_statement():
    assert [link.status for chain in grade_text(r"$$ \int_0^1 2z \, dz = 2 $$") for link in chain.links] == ["refuted"]


def test_a_display_opening_with_a_relation_may_carry_on_the_first_left_side_of_the_chain():
    # each display restates the left side: "= A \ge B" carries on from K (defined), not from B; the
    # third is wrong both ways (K is not a^2 + 2a, nor is 0)
    text = ("$$ K = (a+1)^2 \\ge 0 $$\n\n$$ = a^2 + 2a + 1 \\ge 0 $$\n\n$$ = a^2 + 2a \\ge -1 $$\n")
    assert [link.status for chain in claimed(grade_text(text)) for link in chain.links] == \
        ["holds", "holds", "holds", "refuted", "holds"]
    # from the last right side as an align's row does, where that holds
    rows = "$$ (a+1)^2 = a^2 + 2a + 1 $$\n\n$$ = 1 + 2a + a^2 $$\n"
    assert [link.status for chain in claimed(grade_text(rows)) for link in chain.links] == ["holds", "holds"]


def test_a_sum_whose_terms_do_not_use_its_index_is_not_refuted_but_a_count_is():
    # sigma_d written as sigma: refuted as written, the text's meaning is undecided
    text = r"$$ \sum_{d=1}^{D} \log \sigma^2 = D \log \sigma^2 + 1 $$" "\n\n" r"$$ \sum_{k=1}^{K} 1 = K + 1 $$"
    assert [link.status for chain in claimed(grade_text(text)) for link in chain.links] == ["undecided", "refuted"]


def test_words_that_open_a_statement_name_what_follows_and_carry_nothing_on():
    text = "$$ (b + 1)^2 = b^2 + 2b + 1 $$\n\nThe score is\n\n$$ \\text{score} = b^2 + 2b $$\n"
    results = grade_text(text)
    assert [c.taken for c in results if not c.links] == ["names score"]
    assert [link.status for chain in claimed(results) for link in chain.links] == ["holds"]


def test_tex_surface_notation_is_read_and_an_over_outside_braces_is_refused():
    text = r"""
$$ \log p(x) = \log \int \mathrm d z\, p(x, z) \ge \mathbb E_q \left[\log \frac{p(x, z)}{q(z)}\right] $$
$$ \log({1 \over \sqrt{2\pi}} \exp(-{x^2 \over 2})) = -\frac12 \log(2\pi) - \frac{x^2}{2} $$
$$ {1 \over 2} + {1 \over 2} = 2 $$
$$ 1 \over 2 = 0.5 $$
"""
    statuses = [[link.status for link in chain.links] for chain in grade_text(text)]
    assert statuses[:3] == [["holds", "holds"], ["holds"], ["refuted"]]
    fraction = grade_text(text)[3].links[0]  # TeX's \frac{1}{2 = 0.5}: the relation is in the fraction
    assert fraction.status == "unparsed" and "divides the whole formula" in fraction.error


def test_a_derivative_written_with_prime_is_checked_against_the_function_defined():
    text = r"""
$$ f(y) = a \log y - b \log(1-y) $$
$$ f^\prime(y) = \frac{a}{y} + \frac{b}{1-y} $$
$$ f^{\prime}(y) = \frac{a}{y} - \frac{b}{1-y} $$
"""
    assert [link.status for chain in grade_text(text) for link in chain.links] == ["holds", "refuted"]


def test_upright_text_that_is_mathematics_does_not_split_a_statement():
    pieces = statements(r"\int_0^1 2z \, \text{d}z = 1 \quad \text{and} \quad p_\text{data}(x) = \text{det}(A)")
    assert [p.text.strip() for p in pieces] == [r"\int_0^1 2z \, \text{d}z = 1", r"p_\text{data}(x) = \text{det}(A)"]
    statuses = [link.status for chain in grade_text(r"$$ \int_0^1 2z \, \text{d}z = 2 $$") for link in chain.links]
    assert statuses == ["refuted"]  # it was split at \text{d}, and z = 2 taken for a condition


def test_a_capitalised_log_is_the_logarithm():
    text = r"$$ Log(x y) = \operatorname{Log}(x) + \log y = \mathrm{Log}(x + y) $$"
    assert [link.status for chain in grade_text(text, ("x>0", "y>0")) for link in chain.links] == ["holds", "refuted"]


def test_members_of_a_sum_beside_a_free_vector_of_their_letter_refute_nothing():
    # x_j may be the components of x (a factorised likelihood); a sum over draws of their own still refutes
    text = ("$$ \\log g(x|z) = \\sum_{j=1}^D \\log g(x_j|z) $$\n\n"
            "$$ \\sum_{k=1}^{K} \\log w_k = \\log \\sum_{k=1}^{K} w_k $$\n")
    assert [link.status for chain in claimed(grade_text(text)) for link in chain.links] == ["undecided", "refuted"]


def test_a_row_of_an_align_carries_on_its_last_right_side_only():
    rows = "\\begin{align}\nx^2 &\\ge 0 \\\\\n&= x^2\n\\end{align}\n"
    assert [link.status for chain in claimed(grade_text(rows)) for link in chain.links] == ["holds", "refuted"]
    displays = "$$ x^2 \\ge 0 $$\n\n$$ = x^2 $$\n"
    assert [link.status for chain in claimed(grade_text(displays)) for link in chain.links] == ["holds", "holds"]


def test_a_step_of_solving_an_equation_is_checked_against_its_solutions():
    # every solution of the first equation must solve the second; f as the prose writes it
    text = ("We can rewrite it as $f(y) = a \\log y + b \\log (1 - y)$.\n\n"
            "$$ f'(y) = 0 \\Rightarrow \\frac{a}{y} - \\frac{b}{1 - y} = 0 \\Rightarrow a - a y - b y = 0 "
            "\\Rightarrow y = \\frac{a}{a + b} $$\n\n"
            "$$ f'(y) = 0 \\Rightarrow \\frac{a}{y} + \\frac{b}{1 - y} = 0 $$\n")
    assert [link.status for chain in claimed(grade_text(text)) for link in chain.links] == \
        ["holds", "holds", "holds", "refuted"]


def test_displays_that_restate_the_side_after_their_relation_carry_on_from_it():
    # K = A (an equality), then "= A >= B" and "= A' >= 0" with A' = A: each restates A
    text = ("$$ K = (a - 1)^2 $$\n\n$$ = a^2 - 2a + 1 \\ge 0 $$\n\n$$ = (1 - a)^2 \\ge 0 $$\n\n"
            "$$ = (1 + a)^2 \\ge 0 $$\n")
    assert [link.status for chain in claimed(grade_text(text)) for link in chain.links] == \
        ["holds", "holds", "holds", "holds", "refuted", "holds"]


def test_a_side_alone_opens_the_chain_its_next_row_carries_on_and_a_term_alone_none():
    rows = "\\begin{align}\n& (a + 1)^2 \\\\\n& = a^2 + 2a + 1\n\\end{align}\n"
    assert [link.status for chain in claimed(grade_text(rows)) for link in chain.links] == ["holds"]
    terms = "$$ x = a $$\n\n$$ + b $$\n\n$$ = a + 2b $$\n"  # + b carries on x = a: x = a + b, then = a + 2b
    assert [link.status for chain in claimed(grade_text(terms)) for link in chain.links] == ["refuted"]
    apart = grade_text("$$ x = a $$\n\nand\n\n$$ + b = c $$\n")  # with words between, a display of its own
    assert [chain.source for chain in apart] == ["x = a", "+ b = c"]


def test_an_extremum_is_read_as_an_unknown_value_that_decides_nothing_it_does_not_cancel_from():
    text = (r"$$ \min_G \max_D V(D, G) = \mathbb{E}_{x \sim p}[\log D(x)] + \mathbb{E}_{z \sim q}[\log(1 - D(G(z)))] $$"
            "\n\n" r"$$ \max_D V(D, G) = V(D^*_G, G) $$"
            "\n\n" r"$$ \max_D V(D, G) + \log 4 = \max_D V(D, G) + 2 \log 2 = \max_D V(D, G) + \log 2 $$")
    assert [link.status for chain in claimed(grade_text(text)) for link in chain.links] == \
        ["undecided", "undecided", "holds", "refuted"]


def test_a_capital_before_a_square_bracket_is_a_named_quantity_whose_restatements_are_claims():
    text = (r"$$ I[X, Z] = E_{x \sim p(x)}[E_{z \sim q(z|x)}[\log \frac{q(z|x)}{p(z)}]] $$" "\n\n"
            r"$$ I[X, Z] = E_{x \sim p(x)}[D_{KL}(q(z|x) \| p(z))] $$" "\n\n"
            r"$$ I[X, Z] = E_{x \sim p(x)}[D_{KL}(p(z) \| q(z|x))] $$" "\n\n"
            r"$$ H[X] \ge 0 $$")
    results = grade_text(text)
    assert [c.taken for c in results if not c.links][0].startswith("defines")
    assert [link.status for chain in claimed(results) for link in chain.links] == ["holds", "refuted", "undecided"]


def test_a_definition_whose_value_cannot_be_read_is_reported_not_taken():
    results = grade_text(r"$$ f(x) = E_{x, y \sim p(x) q(z|x)}[x] $$")
    assert [(link.status, "one density of each variable" in link.error) for c in results for link in c.links] == \
        [("unparsed", True)]


def test_a_marginal_beside_its_conditional_averaged_over_another_law_may_be_the_aggregate():
    # q(z) may be the marginal of p(x) q(z|x): undecided; with q(x) written, q's own law of x is the text's
    aggregate = r"$$ E_{x \sim p(x)}[D_{KL}(q(z|x) \| p(z))] \ge D_{KL}(q(z) \| p(z)) $$"
    own = r"$$ E_{x \sim q(x)}[D_{KL}(q(z|x) \| p(z))] \le D_{KL}(q(z) \| p(z)) $$"
    assert [link.status for chain in claimed(grade_text(aggregate + "\n\n" + own)) for link in chain.links] == \
        ["undecided", "refuted"]


def test_a_formula_broken_over_displays_is_one_and_a_logarithm_of_a_number_is_read_both_ways():
    # the second display carries on the first; \log 2p(x) - \log 2p(x) adds zero either way
    broken = ("$$ C = \\int_x \\log 2p(x) - \\log 2p(x) + p(x) $$\n\n$$ + q(x) \\, dx $$\n\n"
              "$$ = \\int_x p(x) + q(x) \\, dx = 2 $$\n")
    assert [link.status for chain in claimed(grade_text(broken)) for link in chain.links] == ["holds", "holds"]
    # log(2a) + log(2b) is log(2(a+b)) only when log 2 multiplies: undecided, where a plain error is refuted
    both = "$$ \\log 2(a) + \\log 2(b) = \\log 2(a + b) $$\n\n$$ \\log 2(a) + \\log 2(b) = \\log 2(a + 2b) $$"
    assert [link.status for chain in claimed(grade_text(both)) for link in chain.links] == ["undecided", "refuted"]


def test_a_display_carried_on_across_words_is_never_refuted_and_an_equation_number_is_no_value():
    # "the coefficient of a" names another expression than the last right side
    across = "$$ x = 2a + b $$\n\nThe coefficient of $a$ is\n\n$$ = 2 $$\n"
    adjacent = "$$ x = 2a + b $$\n\n$$ = 2 $$\n"
    assert [link.status for chain in claimed(grade_text(across)) for link in chain.links] == ["undecided"]
    assert [link.status for chain in claimed(grade_text(adjacent)) for link in chain.links] == ["refuted"]
    numbered = "$$ (a + b)^2 = a^2 + 2ab + b^2 = (14). $$\n\n$$ a = b \\\\ = \\eqref{eq:one} \\\\ = a $$"
    assert [link.status for chain in claimed(grade_text(numbered)) for link in chain.links] == \
        ["holds", "undecided", "undecided"]


def test_words_that_state_a_case_give_its_condition():
    case = "$$ W = |\\theta| $$\n\nBut {} $\\theta = 0$,\n\n$$ W = 0 = |\\theta| $$\n"
    assert [link.status for chain in claimed(grade_text(case.format("when"))) for link in chain.links] == ["holds"]
    assert [link.status for chain in claimed(grade_text(case.format("then, not"))) for link in chain.links] == ["refuted"]


def test_an_upright_name_applied_is_no_words_between_statements():
    text = "$$ \\text{ELBO}(a) = a^2 + 1 $$\n\n$$ \\text{ELBO}(a) = a^2 + 2 $$"
    assert [link.status for chain in claimed(grade_text(text)) for link in chain.links] == ["refuted"]


def test_a_derivative_of_a_named_quantity_without_its_variable_is_not_taken_for_zero():
    named = "$$ \\nabla_\\theta \\text{ELBO}(q) = \\nabla_\\theta \\mathbb{E}_{q_\\theta(z)}[\\log p(z) - \\log q_\\theta(z)] $$"
    defined = "$$ f(x) = \\theta x $$\n\n$$ \\frac{\\partial}{\\partial \\theta} f(x) = 2x $$"
    assert [link.status for chain in claimed(grade_text(named)) for link in chain.links] == ["undecided"]
    assert [link.status for chain in claimed(grade_text(defined)) for link in chain.links] == ["refuted"]


def test_the_logarithm_of_ten_beside_logarithms_says_they_may_be_to_base_ten():
    text = "$$ f(x) = A \\log x $$\n\n$$ \\frac{d f(x)}{d x} = \\frac{A}{x \\ln 10} $$\n\n$$ \\frac{d f(x)}{d x} = \\frac{2A}{x} $$"
    assert [link.status for chain in claimed(grade_text(text)) for link in chain.links] == ["undecided", "refuted"]
