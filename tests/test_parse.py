"""LaTeX in: strict parsing, the meaning of e, pi, log, det, decimals and of a letter before a bracket,
assumptions, and one-line errors for every text that cannot be read, hostile ones included."""

import pytest
import sympy
from hypothesis import given, settings
from hypothesis import strategies as st

from dgmderive import Level, check
from dgmderive.parse import ParseError, parse_assumptions, parse_conditions, parse_expression, read_claim


@pytest.mark.parametrize("latex, expected", [
    (r"\log x", sympy.log(sympy.Symbol("x", real=True))),
    (r"e^{x}", sympy.exp(sympy.Symbol("x", real=True))),
    (r"\pi", sympy.pi),
    (r"\frac{n(n+1)}{2}", sympy.Symbol("n", real=True) * (sympy.Symbol("n", real=True) + 1) / 2),
    (r"n(n+1)^2", sympy.Symbol("n", real=True) * (sympy.Symbol("n", real=True) + 1) ** 2),  # the bracket's power
    (r"v (s s)^{-1} v", sympy.Symbol("v", real=True) ** 2 / sympy.Symbol("s", real=True) ** 2),
    # SymPy writes a fraction as a power -1: it belongs to the whole product, not to the bracket
    (r"\frac{1}{k(k+1)}", 1 / (sympy.Symbol("k", real=True) * (sympy.Symbol("k", real=True) + 1))),
    (r"\Gamma(n) + \Gamma\left(\frac{n}{2}\right)", sympy.gamma(sympy.Symbol("n", real=True))
     + sympy.gamma(sympy.Symbol("n", real=True) / 2)),  # the gamma function, not Gamma times a bracket
    (r"\left\lfloor x \right\rfloor + \left\lceil x \right\rceil",
     sympy.floor(sympy.Symbol("x", real=True)) + sympy.ceiling(sympy.Symbol("x", real=True))),
    # a number as superscript before a subscript, as TeX typesets it: x^{2}_{1} is (x_1)^2 (SymPy
    # dropped the _1); y^{A}_{34} may be a label, and is refused (see below)
    (r"x^{2}_{1} + w^{1}_{21}", sympy.Symbol("x_{1}", real=True) ** 2 + sympy.Symbol("w_{21}", real=True)),
    (r"\sigma^2_k", sympy.Symbol("sigma_{k}", real=True) ** 2),
    (r"\sqrt{1 + \alpha^2}", sympy.sqrt(1 + sympy.Symbol("alpha", real=True) ** 2)),
    (r"\displaystyle x \, y", sympy.Symbol("x", real=True) * sympy.Symbol("y", real=True)),
    (r"\left(\frac{a}{b}\right)^2", (sympy.Symbol("a", real=True) / sympy.Symbol("b", real=True)) ** 2),
    (r"\left(\begin{matrix}1 & a\\- a & 1\end{matrix}\right)",
     sympy.ImmutableMatrix([[1, sympy.Symbol("a", real=True)], [-sympy.Symbol("a", real=True), 1]])),
    # an upright i is the imaginary unit (as the sheet prints it); an italic i is a letter
    (r"\left|\mathrm{i} a + 1\right|", sympy.sqrt(sympy.Symbol("a", real=True) ** 2 + 1)),
    (r"e^{\mathrm{i} \pi} + i", -1 + sympy.Symbol("i", real=True)),
])
def test_meaning(latex, expected):
    assert parse_expression(latex) == expected


def test_matrices_and_their_products():
    d, g = (sympy.Symbol(n, real=True) for n in ("d", "g"))
    product = parse_expression(r"\begin{bmatrix} 1, \alpha \\ -\alpha, 1 \end{bmatrix} \begin{bmatrix} d \\ g \end{bmatrix}")
    alpha = sympy.Symbol("alpha", real=True)
    assert product == sympy.ImmutableMatrix([d + alpha * g, -alpha * d + g])
    assert parse_expression(r"\begin{pmatrix} d \cdot g & 2 \end{pmatrix}") == sympy.ImmutableMatrix([[d * g, 2]])
    with pytest.raises(ParseError, match="do not combine"):
        parse_expression(r"\begin{bmatrix} 1 \\ 2 \end{bmatrix} \begin{bmatrix} 1 \\ 2 \end{bmatrix}")


def test_assumptions_become_symbol_facts_or_conditions():
    a = parse_assumptions(["sigma>0", "k>=0", "n integer", "alpha<2"])
    assert a.facts == {"sigma": {"positive": True}, "k": {"nonnegative": True}, "n": {"integer": True}}
    assert a.conditions == ("alpha < 2",)
    assert parse_expression(r"\sigma", a).is_positive


@pytest.mark.parametrize("latex, message", [
    (r"\frac{1}{", "cannot parse"),
    (r"p(x|z|w) + 1", "more than one bar"),
    (r"L_K[q(z|x)]", "functional"),
    (r"x + 1 )", "cannot parse"),
    (r"\mu + \sigma \odot z", r"unsupported LaTeX command \\odot"),
    (r"x = 1", "not a single expression"),
    (r"z_0^T z_0", "transposes"),
    (r"v^{\top} v", "transposes"),
    (r"v^{\mathrm{T}} v", "transposes"),                  # was v to the power T
    (r"e^{\text{const}}", r"unknown operator \\mathrm\{const\}"),  # on e an upright word is an exponent
    (r"\hat\mathbf{x}", "cannot parse"),                 # not the name hat-mathbf times x
    (r"\sqrt 16", "one digit"),                           # TeX's \sqrt{1}6, seldom what was meant
    (r"\frac123", "one digit"),
    ("  ", "empty expression"),
])
def test_bad_input_is_one_clear_error(latex, message):
    with pytest.raises(ParseError, match=message):
        parse_expression(latex)


def test_bad_assumption():
    with pytest.raises(ParseError, match="cannot read the assumption"):
        parse_assumptions(["sigma >> 0"])
    with pytest.raises(ParseError, match="cannot read the assumption"):
        parse_assumptions(["x < y < z"])


def test_an_assumption_may_be_any_relation_in_latex():
    from dgmderive import Level
    from dgmderive.claims import check, claim_step

    a = parse_assumptions(["f'(z) >= -L", r"x \ge y", "L>0", "L<1"])
    assert a.relations == (("f'(z)", ">=", "-L"), ("x", ">=", "y"))
    lipschitz = ["f'(z) >= -L", "L>0"]
    assert check(claim_step("1 + f'(z)", "0", ">", [*lipschitz, "L<1"])).level is Level.PROVED
    assert check(claim_step("1 + f'(z)", "0", ">", [*lipschitz, "L<2"])).level is Level.REFUTED
    assert check(claim_step("x^2", "y^2", ">=", [r"x \ge y", "y>=0"])).level is Level.PROVED


def test_primes_are_derivatives_at_a_variable():
    z = sympy.Symbol("z", real=True)
    f = sympy.Function("f")
    assert parse_expression("1 + f'(z)") == 1 + sympy.Derivative(f(z), z)
    assert parse_expression("f''(z)^2") == sympy.Derivative(f(z), (z, 2)) ** 2
    with pytest.raises(ParseError, match="only at a variable"):
        parse_expression("f'(2z)")


def test_members_of_a_family_inside_sums_and_products():
    expr = parse_expression(r"\prod_{k=1}^{K} \sigma_k \sum_{j=1}^{n} w_{j} x", parse_assumptions(["sigma>0"]))
    sigma, w = sympy.IndexedBase("sigma", real=True, positive=True), sympy.IndexedBase("w", real=True)
    j, k = (s for s in sorted(expr.atoms(sympy.Symbol), key=str) if s.name in "jk")
    assert expr.atoms(sympy.Indexed) == {sigma[k], w[j]}
    assert sympy.Symbol("x", real=True) in expr.free_symbols  # x carries no index: not a member


def test_what_sympy_prints_of_functions_and_derivatives_reads_back():
    from dgmderive.render.printer import expression

    z, t = sympy.Symbol("z", real=True), sympy.Symbol("t", real=True)
    f = sympy.Function("f")
    for e in (sympy.Derivative(f(z), z) + 1, f(z) ** 2 + z, sympy.log(z) * f(z + 1), 1 / f(z),
              sympy.Derivative(f(z), (z, 2)), sympy.Derivative(-t * sympy.log(t), (t, 2))):
        assert parse_expression(expression(e)) == e, expression(e)


@pytest.mark.parametrize("latex", [r"\frac{d^2 y}{dx^2}", r"\frac{\partial^{2}}{\partial x \partial y} u"])
def test_other_higher_derivatives_are_refused_not_misread(latex):
    with pytest.raises(ParseError, match="higher derivative"):
        parse_expression(latex)


@pytest.mark.parametrize("latex", [r"y^{A}_{34}", r"w^{(l)}_{ij} x_j", r"F^{AB}_{k} = 1"])
def test_a_superscript_before_a_subscript_that_may_be_a_label_is_refused(latex):
    with pytest.raises(ParseError, match="label or a power"):
        parse_expression(latex)


def real(*names):
    return [sympy.Symbol(name, real=True) for name in names]


@pytest.mark.parametrize("latex, expected", [
    (r"\det(\begin{pmatrix}2&0\\0&2\end{pmatrix})", 4),
    (r"\det\begin{pmatrix}2&0\\0&2\end{pmatrix}", 4),
    (r"\operatorname{det}(\begin{pmatrix}1&2\\3&4\end{pmatrix})", -2),
    (r"\text{det}(\begin{pmatrix}1&2\\3&4\end{pmatrix})", -2),
    (r"\mathrm{det}\left(\begin{bmatrix}1&2\\3&4\end{bmatrix}\right) + 1", -1),
    (r"\det \begin{pmatrix}a&b\\c&d\end{pmatrix}", (lambda a, b, c, d: a * d - b * c)(*real("a", "b", "c", "d"))),
    (r"\det X", sympy.Function("det")(*real("X"))),  # of a letter: an unknown number, as det(S) always was
    (r"det(X)", sympy.Function("det")(*real("X"))),
])
def test_determinants(latex, expected):
    assert parse_expression(latex) == expected


@pytest.mark.parametrize("latex", [r"\hat{x}'", r"\mathcal{L}' + 1", r"\lambda^{*}'"])
def test_a_prime_on_a_decorated_name_is_refused_where_it_was_dropped(latex):
    with pytest.raises(ParseError, match="prime on an accented"):
        parse_expression(latex)


def test_the_determinant_of_a_matrix_that_is_not_square_is_refused():
    with pytest.raises(ParseError, match="do not combine"):
        parse_expression(r"\det\begin{pmatrix}1 & 2\end{pmatrix}")


@pytest.mark.parametrize("latex, expected", [
    ("a(b+c)", (lambda a, b, c: a * (b + c))(*real("a", "b", "c"))),      # a letter before a bracket
    (r"\pi(1+x)", sympy.pi * (1 + real("x")[0])),                          # a constant: always a product
    ("e(1+x)", sympy.E * (1 + real("x")[0])),
    (r"\mathrm{i}(1+x)", sympy.I * (1 + real("x")[0])),
    ("2(1+x)", 2 * (1 + real("x")[0])),
    ("f(x+1)", sympy.Function("f")(real("x")[0] + 1)),                     # a conventional function letter
    (r"\sigma(x)", sympy.Function("sigma")(real("x")[0])),
    ("V(d, g)", sympy.Function("V")(*real("d", "g"))),                    # two arguments: a function
    ("u'(x) + u(x+1)", (lambda u, x: sympy.Derivative(u(x), x) + u(x + 1))(sympy.Function("u"), *real("x"))),
])
def test_a_letter_before_a_bracket_is_a_product_unless_it_names_a_function(latex, expected):
    assert parse_expression(latex) == expected


def test_the_index_of_a_sum_before_a_bracket_is_a_factor():
    assert parse_expression(r"\sum_{k=1}^{n} k(k+1)").doit().subs(real("n")[0], 3) == 1 * 2 + 2 * 3 + 3 * 4


def test_a_letter_declared_a_function_is_one():
    a, b = real("a", "b")
    assert parse_expression("a(b)", parse_assumptions(["a function"])) == sympy.Function("a")(b)
    assert parse_expression("a(b)") == a * b


def test_a_conventional_function_letter_that_also_stands_alone_has_two_readings():
    f, x = real("f", "x")
    readings = read_claim(["f(x+1)", "f x + f"])
    assert [r.sides[0] for r in readings] == [sympy.Function("f")(x + 1), f * (x + 1)]
    assert [r.description for r in readings] == ["f read as a function", "f read as a factor"]
    assert len(read_claim(["f(x+1)", "f(x) + f(1)"])) == 1


def test_another_letter_before_a_bracket_that_never_stands_alone_has_two_readings_a_factor_first():
    t, epsilon, n = real("t_{theta}", "epsilon", "n")
    readings = read_claim([r"t_{\theta}(\epsilon)", r"\mu + \sigma \epsilon"])
    assert [r.sides[0] for r in readings] == [t * epsilon, sympy.Function("t_{theta}")(epsilon)]
    assert [r.description for r in readings] == ["t_{theta} read as a factor", "t_{theta} read as a function"]
    assert len(read_claim(["n(n+1)", "n^2 + n"])) == 1  # n stands alone: a number
    assert check("n(n+1)", "n^2 + 1").level is Level.REFUTED


def test_members_of_a_family_outside_its_sum():
    x = sympy.IndexedBase("x", real=True)
    n = real("n")[0]
    readings = read_claim([r"\sum_{k=1}^{n} x_k", "x_1 + x_{2} + x_{n} + y_1"])
    assert readings[0].sides[1] == x[1] + x[2] + x[n] + real("y_{1}")[0]  # y is no family of the claim
    assert parse_expression("x_1 + x_2") == sum(real("x_{1}", "x_{2}"))  # without a sum: plain symbols


W, X, I = sympy.IndexedBase("w", real=True), sympy.IndexedBase("x", real=True), sympy.Symbol("i")  # i is bound


@pytest.mark.parametrize("latex, expected", [
    (r"\log \frac{1}{K}\sum_{i=1}^K w_i",
     sympy.log(sympy.Sum(W[I], (I, 1, real("K")[0])) / real("K")[0])),
    (r"\log 2x", sympy.log(2 * real("x")[0])),
    (r"\log x \sin x", sympy.log(real("x")[0]) * sympy.sin(real("x")[0])),  # the next function starts a factor
    (r"\log x + 1", sympy.log(real("x")[0]) + 1),                             # + ends the argument
    (r"\ln \frac{x}{2} y", sympy.log(real("x")[0] * real("y")[0] / 2)),
    (r"\log(x) y", sympy.log(real("x")[0]) * real("y")[0]),                   # a bracket is the argument
    (r"\log\log x", sympy.log(sympy.log(real("x")[0]))),
    (r"\exp \sum_{i=1}^{n} x_i - 1",
     sympy.exp(sympy.Sum(X[I], (I, 1, real("n")[0]))) - 1),
])
def test_the_argument_of_a_function_without_brackets_is_the_product_that_follows(latex, expected):
    assert parse_expression(latex) == expected


def test_decimals_are_exact():
    assert parse_expression("0.1 + 0.2") == sympy.Rational(3, 10)
    assert parse_expression("0.30000000000000004") == sympy.Rational("0.30000000000000004") != sympy.Rational(3, 10)
    assert parse_expression("x^{0.5}") == sympy.sqrt(real("x")[0])
    a = parse_assumptions(["x>0.5", r"y \ge 0.25 x"])
    x, y = real("x", "y")
    assert parse_conditions(a, {x, y}) == (x > sympy.Rational(1, 2), y >= x / 4)


def test_a_long_sum_is_read():
    xs = real(*(f"x_{{{i}}}" for i in range(500)))
    text = "".join(f"{'+-'[i % 3 == 1]} x_{{{i}}} " for i in range(500))  # SymPy's converter recursed per term
    assert parse_expression(text) == sum(-x if i % 3 == 1 else x for i, x in enumerate(xs))


NESTED_FRACTIONS = "x"
for _ in range(1000):
    NESTED_FRACTIONS = r"\frac{1}{" + NESTED_FRACTIONS + "}"


@pytest.mark.parametrize("latex, message", [
    (NESTED_FRACTIONS, "nests brackets 1000 deep"),
    ("(" * 110 + "x" + ")" * 110, "nests brackets 110 deep"),
    ("x" * 1_000_000, "1000000 characters long"),
    ("x " * 3000, "too long or nested too deeply"),                  # SymPy's converter recurses per factor
    ("10^{10^{10}}", r"about 1e\+10 digits"),
    (r"2^{2^{2^{2^{2}}}}", r"about 2e\+04 digits"),
    ("(10^{10})!", "digits"),
    (r"\sqrt{2}^{10^{10}}", "digits"),
    ("(x+1)^{10^{10}}", "digits"),
    ("x^{10^{10}}", "powers above 1000"),
    ("x^{2000} + 1", "powers above 1000"),
    (r"d/dx \hat{x} \, 10^{10^{10}}", "digits"),                 # renaming the hat's marker evaluated it
])
def test_hostile_input_is_refused_in_one_line(latex, message):
    with pytest.raises(ParseError, match=message) as error:
        parse_expression(latex)
    assert "\n" not in str(error.value)


def test_numbers_within_bounds_are_read():
    assert parse_expression("2^{2^{2^{2}}} + 2^{10000}").doit() == 2 ** 16 + 2 ** 10000
    assert parse_expression("1^{10^{10}} + e^{2000}").doit() == 1 + sympy.exp(2000)
    assert parse_expression("x^{1000}") == real("x")[0] ** 1000


def test_running_out_of_memory_while_parsing_is_a_parse_error(monkeypatch):
    import dgmderive.parse as parse

    def exhausted(text):
        raise MemoryError

    monkeypatch.setattr(parse, "parse_strict", exhausted)
    with pytest.raises(ParseError, match="too large"):
        parse_expression("y + 12345")


HOSTILE_TOKENS = ["x", "2", "0.5", "+", "-", "^", "_", "{", "}", "(", ")", "[", "]", "|", "!", ",", "&", "'",
                  r"\frac{", r"\sqrt{", r"\sum_{k=1}^{n}", r"\prod_{k=1}^{3}", r"\log", r"\det", r"\left(",
                  r"\right)", r"\cdot", "f(", "a(", r"\pi(", "10^{10^{10}}", "p(x|z)", r"\mathbb{E}_{q}[",
                  r"\begin{pmatrix}", r"\end{pmatrix}", r"\\", "x_k", "d/dx", "f'(", r"\int", r"\operatorname{det}",
                  r"\over", r"\left(", "^*", r"^\prime", r"\mathrm d", r"\frac1", r"x_{ij}", ";"]


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from(HOSTILE_TOKENS), min_size=1, max_size=14).map("".join))
def test_any_text_is_read_or_refused_with_a_parse_error(text):
    try:
        parse_expression(text)
    except ParseError as error:
        assert "\n" not in str(error)


def test_markers_of_lifted_objects_cannot_be_typed():
    """What is lifted out before parsing (the upright i, matrices, probability notation) is marked
    with private-use characters: a name the user writes is never taken for one."""
    xi = sympy.Symbol("Xi_{899}", real=True)
    assert parse_expression(r"\Xi_{899} + 1") == xi + 1
    assert parse_expression(r"\Xi_{1000} + \Xi_{99991000} + \mathrm{i}") == \
        sympy.Symbol("Xi_{1000}", real=True) + sympy.Symbol("Xi_{99991000}", real=True) + sympy.I
    assert parse_expression(r"\Xi_{900} \begin{pmatrix} 1 \\ 2 \end{pmatrix}") == \
        sympy.Symbol("Xi_{900}", real=True) * sympy.ImmutableMatrix([1, 2])
    with pytest.raises(ParseError, match="private use"):
        parse_expression("x + \ue0001000\ue001")


def test_a_letter_standing_alone_inside_a_matrix_makes_its_call_outside_ambiguous():
    lemma = r"\det\begin{pmatrix}1+h u_1 w_1 & h u_1 w_2\\ h u_2 w_1 & 1 + h u_2 w_2\end{pmatrix}"
    assert check(lemma, "1 + h(u_1 w_1 + u_2 w_2)").level is Level.PROVED  # h also stands alone: a factor
    assert check(lemma, "1 + h(u_1 w_1 - u_2 w_2)").level is Level.REFUTED  # wrong in both readings


@pytest.mark.parametrize("latex, read", [
    (r"g{\left(z_{1} \right)}", "g(z_{1})"),                                  # SymPy's printed calls
    (r"\psi{\left(r \right)}", "psi(r)"),
    (r"\varphi{\left(\frac{z - \mu}{\sigma} \right)}", "varphi((-mu + z)/sigma)"),
    (r"p f{\left(\frac{r}{p} \right)}", "p*f(r/p)"),
    (r"a{(b) c}", "a*b*c"),                                                   # braces holding more: not a call
])
def test_a_call_as_sympy_prints_it_is_read_as_a_call(latex, read):
    assert str(parse_expression(latex)) == read


@pytest.mark.parametrize("latex, read", [
    ("d g", "d*g"),                                           # SymPy's printed product, not a differential
    (r"\frac{d}{d t} t^2", "Derivative(t**2, t)"),
    (r"\frac{d f}{d z}", "Derivative(f(z), z)"),
    (r"\int_0^1 x d x", "Integral(x, (x, 0, 1))"),            # in an integral, d x is the measure
])
def test_d_then_a_letter_is_a_product_where_no_integral_or_derivative_makes_it_a_differential(latex, read):
    assert str(parse_expression(latex)) == read


@pytest.mark.parametrize("latex, read", [
    (r"\int_0^1 2z\,dz", "Integral(2*z, (z, 0, 1))"),   # TeX's script takes one token: not ^{12}
    (r"\sum_{k=1}^2 3k", "Sum(3*k, (k, 1, 2))"),
    (r"x^2 3", "3*x**2"),
    (r"x_1 2", "2*x_{1}"),
    (r"x^{12}", "x**12"),                               # braces keep a number whole
])
def test_a_script_takes_one_digit_as_tex_does(latex, read):
    assert str(parse_expression(latex)) == read


def test_max_and_min_are_the_functions_and_an_extremum_over_an_index_is_opaque():
    assert check(r"\max(a,b)", r"\frac{a+b+|a-b|}{2}").level is Level.PROVED
    assert check(r"\min(a,b)", "a", ">=").level is Level.REFUTED
    assert str(parse_expression(r"\max_k a_k")) == r"\max_{k}(a_{k})"
    # its value is not computed: true or false, a claim about it alone is undecided
    assert check(r"\max_x \left(-(x-1)^2\right)", "0").level is Level.UNCHECKED
    assert check(r"\max_x \left(-(x-1)^2\right)", "1").level is Level.UNCHECKED
    assert check(r"\max_k a_k", r"\max_{k} a_k + 0").level is Level.PROVED
    assert check(r"\max_D V(D,G) + 1", r"\max_D V(D,G) + 2").level is Level.REFUTED  # it cancels
    assert check(r"\max_D V(D,G)", r"\max_D V(D,G) + 1").level is Level.REFUTED
    assert check(r"\max_D V(D,G)", r"\max_G V(D,G)").level is Level.UNCHECKED
    assert str(parse_expression(r"\min_G \max_{D} V(D,G) + 1")) == r"\min_{G}(\max_{D}(V(D, G))) + 1"
    assert str(parse_expression(r"\sup_{T \in \mathcal{T}} \left(a - T\right)")) == r"\sup_{T \in \mathcal{T}}(-T + a)"


@pytest.mark.parametrize("variable", ["z_{0}", "z_0", r"\theta_1", "x_{k}"])
def test_a_derivative_in_a_subscripted_variable_is_a_derivative_not_a_fraction(variable):
    assert check(rf"\frac{{\partial}}{{\partial {variable}}} \left(\mu + \sigma {variable}\right)", r"\sigma").level \
        is Level.PROVED
    assert check(rf"\frac{{d}}{{d {variable}}} {variable}^3", rf"3 {variable}^2").level is Level.PROVED
    assert check(rf"\frac{{\partial}}{{\partial {variable}}} ({variable} y)", variable).level is Level.REFUTED


@pytest.mark.parametrize("latex, read", [
    (r"\frac12 + \frac 1 x", "1/2 + 1/x"),                     # a command takes the next token, as TeX does
    (r"\frac a{b+c}", "a/(b + c)"),
    (r"\sqrt2 x + \sqrt[3]8", "sqrt(2)*x + 8**(1/3)"),         # one token: the root of 2, times x
    (r"\sqrt x^2", "x"),                                       # (sqrt x)^2, not sqrt(x^2)
    (r"\mathbf x + \boldsymbol\mu", "mu + x"),
    (r"\hat x - \hat{x} + \tilde z_1 - \tilde{z}_1 + \vec x - \vec{x} + \bar x - \bar{x}", "0"),
    (r"\mathcal L - \mathcal{L} + \mathrm d - d", "0"),
    (r"\textbf{x} + \text d", "d + x"),                        # text fonts in math are the math fonts
])
def test_an_argument_without_braces_is_the_next_token(latex, read):
    assert str(parse_expression(latex)) == read


@pytest.mark.parametrize("left, right, level", [
    (r"\left\vert x \right\vert + \lvert y \rvert", "|x| + |y|", Level.PROVED),
    (r"\left\vert x \right\vert", "x", Level.REFUTED),
    (r"\mathbb{x} + \mathbf{x}", "2 x", Level.PROVED),          # a lowercase blackboard letter, which the
    (r"\mathbb{x}", "2 x", Level.REFUTED),                     # fonts lack, is the bold one
    (r"\triangledown_\theta \theta^2", r"2 \theta", Level.PROVED),
    (r"\triangledown_\theta \theta^2", r"\theta", Level.REFUTED),
    (r"\text{Var}_{p(x)}[x]", r"\mathbb E_{p(x)}[x^2] - \mathbb E_{p(x)}[x]^2", Level.PROVED),
    (r"\mathbb{E}_{p(x)} \displaystyle \left[2 x\right]", r"2 \mathbb{E}_{p(x)}[x]", Level.PROVED),  # a style is nothing
    (r"\mathbb{E}_{p(x)} \lbrace x \rbrace", r"\mathbb{E}_{p(x)}[x]", Level.PROVED),
    (r"\log q^\star(z|x) - \log q^{\ast}(z|x)", "0", Level.PROVED),   # the density q^*, however starred
])
def test_spelling_variants_read_as_their_one_spelling(left, right, level):
    assert check(left, right).level is level


@pytest.mark.parametrize("left, right, level", [
    (r"{1 \over 2} + {1 \over 2}", "1", Level.PROVED),        # \over divides its group
    (r"{1 \over 2} + {1 \over 2}", "2", Level.REFUTED),
    (r"\exp(-{(x-\mu)^2 \over 2})", r"e^{-\frac{(x-\mu)^2}{2}}", Level.PROVED),
    (r"\left( a \over b \right)^2", r"\frac{a^2}{b^2}", Level.PROVED),  # \left ... \right is a group
    (r"{n \choose 2}", r"\frac{n(n-1)}{2}", Level.PROVED),
    (r"{n \choose 2}", r"\frac{n(n+1)}{2}", Level.REFUTED),
    (r"x + 1 \over 2", r"\frac{x+1}{2}", Level.PROVED),        # outside a group: the whole expression
])
def test_over_and_choose_divide_their_group(left, right, level):
    assert check(left, right).level is level


@pytest.mark.parametrize("latex, message", [
    (r"{a \over b \over c}", "ambiguous"),
    (r"(1 \over 2)", "cannot parse"),                          # TeX's \frac{(1}{2)}: brackets are no group
    (r"{a \over b", "unbalanced"),
])
def test_an_over_that_tex_would_not_read_as_one_fraction_is_refused(latex, message):
    with pytest.raises(ParseError, match=message):
        parse_expression(latex)


@pytest.mark.parametrize("left, right, level", [
    (r"\int_0^1 dz\, z^2", r"\frac13", Level.PROVED),          # the measure written first
    (r"\int_0^1 \mathrm d z\, z^2", r"\frac12", Level.REFUTED),  # was z^2 times the integral of 1
    (r"\int_0^1 \mathop{}\!\mathrm{d}z\, (z + 1)", r"\frac32", Level.PROVED),
    (r"\log \left(\int \mathrm d z\, p(x, z)\right) + 1", r"\log p(x) + 1", Level.PROVED),
    (r"\int_0^1 2z \, \mathop{}\!d z", "1", Level.PROVED),    # the differential d of physics packages
    (r"\int_0^1 dx \int_0^1 dy\, x y", r"\frac14", Level.PROVED),
])
def test_an_integral_whose_measure_comes_first(left, right, level):
    assert check(left, right).level is level


@pytest.mark.parametrize("latex", [r"\int_0^1 dz\, z^2 + 1", r"\int_0^1 dz\, z\, dz"])
def test_an_integrand_after_its_measure_that_a_sum_would_cut_or_a_second_measure_ends_is_refused(latex):
    with pytest.raises(ParseError, match="where the integrand"):
        parse_expression(latex)


@pytest.mark.parametrize("left, right, level", [
    (r"f^\prime(y) + f^{\prime\prime}(y)", r"\frac{d}{dy} f(y) + \frac{d}{dy}\frac{d}{dy} f(y)", Level.PROVED),
    (r"\phi'(x)", r"\phi(x)", Level.REFUTED),                 # a derivative, of a Greek letter's function too
    (r"\theta'", r"\theta", Level.REFUTED),                   # a name of its own, as x' is: SymPy dropped the prime
    (r"\theta'' - \theta'", "0", Level.REFUTED),
    (r"\theta_1'", r"\theta_1", Level.REFUTED),
    (r"f_k'(x) + \phi_1'(x)", r"\frac{d}{dx} (f_k(x) + \phi_1(x))", Level.PROVED),  # f_1'(x) was a function f_1'
])
def test_primes_are_derivatives_or_names_of_their_own(left, right, level):
    assert check(left, right).level is level


@pytest.mark.parametrize("latex, read", [
    (r"D_G^*(x) - D^*_{G}(x)", "0"),                          # one function, however its scripts are ordered
    (r"\lambda^* + \theta^\star + x^{\ast}", r"\lambda^{*} + \theta^{*} + x^{*}"),
    (r"f^*(y)^2", "f^{*}(y)**2"),                             # the star names; the power is the bracket's
    (r"q^{\text{avg}}(z) - q^\mathrm{avg}(z)", "0"),         # so does an upright word
])
def test_a_star_or_an_upright_word_as_superscript_names_and_is_no_power(latex, read):
    assert str(parse_expression(latex)) == read


def test_a_starred_name_is_a_function_of_its_bracket_and_never_a_power():
    x = real("x")[0]
    optimum = parse_expression(r"D_G^*(x)")
    assert optimum == sympy.Function("D^{*}_{G}")(x) and not optimum.has(sympy.Pow)
    assert check(r"D^*(x) + D^*(x)", r"2 D^*(x)").level is Level.PROVED
    assert check(r"\lambda^*", r"\lambda").level is Level.REFUTED
    with pytest.raises(ParseError, match="conjugate"):
        parse_expression("z^* z", parse_assumptions(["z complex"]))


@pytest.mark.parametrize("left, right, level", [
    ("w_{ij}", "w_{i j}", Level.PROVED),                      # an index as written: SymPy named w_{ji} w_{i*j} too
    ("w_{ij} + w_{ik}", "2 w_{ij}", Level.REFUTED),
    (r"p_{\text{data}}(x)", r"p_\mathrm{data}(x)", Level.PROVED),  # an upright label is the plain one
    (r"x_{\text{data}} - x_{data}", "0", Level.PROVED),
])
def test_an_index_of_several_letters_is_a_label_as_written(left, right, level):
    assert check(left, right).level is level


@pytest.mark.parametrize("left, right", [("w_{ij}", "w_{ji}"), (r"\Sigma_{ij} + \Sigma_{ji}", r"2 \Sigma_{ij}"),
                                         ("f_{xy}(t)", "f_{yx}(t)")])
def test_one_name_with_its_indices_in_two_orders_is_refused(left, right):
    # w_{ij} = w_{ji} held (one SymPy name); whether the order matters (a symmetric matrix, mixed
    # partial derivatives) is what such a claim is about
    with pytest.raises(ParseError, match="indices in two orders"):
        read_claim([left, right])


def test_an_assumption_on_a_name_with_an_index_applies_to_it():
    assert parse_expression("w_{ij}", parse_assumptions(["w_{ij}>0"])).is_positive


@pytest.mark.parametrize("left, right, level", [
    (r"T(\varepsilon; \lambda)", r"T(\varepsilon, \lambda)", Level.PROVED),  # a semicolon between arguments
    (r"g(a; b)", "g(b, a)", Level.REFUTED),
    (r"x \; y", "x y", Level.PROVED),                                      # \; is a space
])
def test_a_semicolon_between_arguments_is_a_comma(left, right, level):
    assert check(left, right).level is level


def test_an_inverse_function_applied_is_a_function_and_is_refused_beside_what_it_inverts():
    assert str(parse_expression(r"t_\theta^{-1}(x)")) == r"t^{-1}_{\theta}(x)"
    assert check(r"f^{-1}(z)", "z").level is Level.REFUTED  # some function f^{-1} is not the identity
    assert check(r"a^{-1}(b+c)", r"\frac{b+c}{a}").level is Level.PROVED  # a power of a letter
    assert check(r"\sigma^{-1}(x - \mu)", r"\frac{x - \mu}{\sigma}").level is Level.PROVED
    with pytest.raises(ParseError, match="inverse is not modelled"):
        read_claim([r"f^{-1}(f(x))", "x"])


@pytest.mark.parametrize("latex, read", [
    (r"argmin\, f(x)", r"\arg\min(f(x))"),
    (r"\arg\max_x f(x)", r"\arg\max_{x}(f(x))"),
    (r"\operatorname{arg\,max}_x f(x)", r"\arg\max_{x}(f(x))"),
    (r"\underset{\phi}{argmax\,} f(\phi)", r"\arg\max(f(phi))"),
])
def test_an_argmin_or_argmax_is_the_point_of_an_extremum_not_letters(latex, read):
    assert str(parse_expression(latex)) == read


def test_the_point_of_an_extremum_is_not_computed():
    assert check(r"\arg\max_\theta (f(\theta) + f(\theta))", r"\arg\max_\theta 2 f(\theta)").level is Level.PROVED
    assert check(r"\arg\max_\theta f(\theta)", r"\arg\min_\theta f(\theta)").level is Level.UNCHECKED
    assert check(r"\arg\max_\theta f(\theta)", r"\arg\max_\theta f(\theta) + 1").level is Level.REFUTED


@pytest.mark.parametrize("latex, message", [
    (r"\pi(z)", "a density named pi"),                     # the constant times z, or a density
    (r"\log(|\det W|^{h}|)", "odd number of bars"),        # a stray bar is not paired with another
])
def test_a_reading_that_may_be_either_is_refused(latex, message):
    with pytest.raises(ParseError, match=message):
        parse_expression(latex)


@pytest.mark.parametrize("lhs, rhs, level", [
    # a derivative as a fraction of differentials is the operator before what it differentiates
    (r"\frac{d \log(1 + \tilde{x}^2)}{d\tilde{x}}", r"\frac{2\tilde{x}}{1 + \tilde{x}^2}", Level.PROVED),
    (r"\frac{d \log(1 + \tilde{x}^2)}{d\tilde{x}}", r"\frac{\tilde{x}}{1 + \tilde{x}^2}", Level.REFUTED),
    (r"\frac{\partial (x^2 y)}{\partial x}", "2 x y", Level.PROVED),
    (r"\frac{\partial (x^2 y)}{\partial y}", "2 x y", Level.REFUTED),
    (r"2\pi(x - 1)", r"2\pi x - 2\pi", Level.PROVED),       # pi before a sum is the constant
    (r"\int_0^1 x\ dx", r"\frac{1}{2}", Level.PROVED),        # a control space and a tie are spaces
    (r"\int_0^1 x~dx", r"\frac{1}{3}", Level.REFUTED),
])
def test_differentials_as_fractions_and_spacing(lhs, rhs, level):
    assert check(lhs, rhs).level is level


@pytest.mark.parametrize("latex, read", [
    (r"\tilde{\mu}_t(x_t, x_0)", r"\tilde{\mu}_{t}(x_{t}, x_{0})"),   # an accented name of several arguments
    (r"\hat{f}(x)", r"\hat{f}(x)"),                                  # an accented function letter
    (r"\hat{x}(1 - \hat{x})", r"\hat{x}*(1 - \hat{x})"),             # otherwise a product
    (r"\dfrac{d f(z)}{d z}", "Derivative(f(z), z)"),
    (r"\sum_{i=1}^d \log z_i", "Sum(log(z[i]), (i, 1, d))"),        # a script's letter before a command
    (r"logp(x) - 1", "log(p(x)) - 1"),                               # a bare log before a density
])
def test_accented_calls_display_fractions_and_script_letters(latex, read):
    assert str(parse_expression(latex)) == read


def test_a_function_letter_inverted_without_its_argument_is_refused():
    with pytest.raises(ParseError, match="inverse function or a reciprocal"):
        parse_expression(r"\det \frac{d f^{-1}}{d z}")
    assert check(r"\log \mathcal{N}(z \mid 0, 1)", r"-\frac{1}{2}\log 2\pi - \frac{z^2}{2}").level is Level.PROVED
    assert check(r"\log \mathcal{N}(z \mid 0, 1)", r"-\log z - \frac{1}{2}\log 2\pi").level is Level.REFUTED
