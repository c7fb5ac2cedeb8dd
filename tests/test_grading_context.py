"""grade: what the text says (densities, definitions, prose conditions) carried to the links after it."""

import pytest

from dgmderive.grading import grade_text
from dgmderive.grading.context import Context
from dgmderive.grading.definitions import densities
from dgmderive.grading.prose import read
from dgmderive.relation import Relation


def statuses(text: str, assume: tuple = ()) -> list[str]:
    return [link.status for chain in grade_text(text, assume) for link in chain.links]


@pytest.mark.parametrize("text, expected", [
    # a density given a distribution is that density: the right form holds, the wrong constant is refuted
    (r"""$$ q(z) = \mathcal{N}(z; \mu, \sigma^2) $$
$$ \log q(z) = -\frac12 \log(2\pi\sigma^2) - \frac{(z-\mu)^2}{2\sigma^2} $$
$$ \log q(z) = -\log(2\pi\sigma^2) - \frac{(z-\mu)^2}{2\sigma^2} $$""", ["holds", "refuted"]),
    # p = N(0, 1) without a variable; then p(x) = ... is a claim about that density
    (r"""$$ p = \mathcal{N}(0, 1) $$
$$ p(x) = \frac{1}{\sqrt{2\pi}} e^{-x^2/2} = \frac{1}{2\pi} e^{-x^2/2} $$""", ["holds", "refuted"]),
    # the first row of an align defines p for the rows after it
    (r"""\begin{align*}
p(z) &= \mathcal{N}(z; 0, 1) \\
\frac{d}{dz} \log p(z) &= -z \\
\frac{d}{dz} \log p(z) &= 2z
\end{align*}""", ["holds", "refuted"]),
])
def test_a_density_defined_by_a_distribution_is_used_after_it(text, expected):
    assert statuses(text) == expected


@pytest.mark.parametrize("text, expected", [
    # a law in prose: expectations over q are integrals against its density (sigma > 0: a deviation)
    (r"""Let $q = \mathcal{N}(\mu, \sigma^2)$ and $p = \mathcal{N}(0, 1)$.
$$ \mathbb{E}_{q(x)}[x^2] = \sigma^2 + \mu^2 $$
$$ \mathbb{E}_{q(x)}[x^2] = \sigma^2 $$
$$ D_{KL}(q \| p) = \frac{\sigma^2 + \mu^2 - 1}{2} - \log \sigma $$
$$ D_{KL}(q \| p) = \frac{\sigma^2 + \mu^2 - 1}{2} + \log \sigma $$""", ["holds", "refuted", "holds", "refuted"]),
    # rows that write a density's formula: the links after them are about that density
    (r"""\begin{align}
q(x) &= \frac{1}{\sqrt{2\pi}\sigma} \exp\left[-\frac{(x-\mu)^2}{2\sigma^2}\right] \\
p(x) &= \frac{1}{\sqrt{2\pi}} \exp\left[-\frac{x^2}{2}\right] \\
D_{KL}(q \| p) &= \mathbb{E}_{q(x)}\left[\log \frac{q(x)}{p(x)}\right] \\
&= -\log\sigma + \frac12 \mathbb{E}_{q(x)}\left[x^2 - \frac{(x-\mu)^2}{\sigma^2}\right] \\
&= -\log\sigma + \frac12 \left(\sigma^2 + \mu^2 - 1\right) \\
&= -\log\sigma + \frac12 \left(\sigma^2 - \mu^2 - 1\right)
\end{align}""", ["holds", "holds", "holds", "refuted"]),
])
def test_a_law_the_text_gives_a_density_is_used_for_the_links_after_it(text, expected):
    assert statuses(text) == expected


def test_a_refutation_that_treats_a_density_with_a_law_as_arbitrary_does_not_stand():
    # true for normal densities, false for others: a law the check cannot put in (conditional) refutes nothing
    text = (r"Let $q(z|x) = \mathcal{N}(z; \mu(x), \sigma(x)^2)$. "
            r"$$ \mathbb{E}_{q(z|x)}[(z - \mu(x))^4] = 3\sigma(x)^4 $$")
    assert statuses(text) == ["undecided"]
    wrong = r"Let $q(z|x) = \mathcal{N}(z; \mu(x), \sigma(x)^2)$. $$ \mathbb{E}_{q(z|x)}[\mu(x)] = 2\mu(x) $$"
    assert statuses(wrong) == ["refuted"]  # no density is left in it: false whatever q is


def test_a_path_applied_to_a_variable_is_not_refuted_as_a_product():
    # t_theta(epsilon) names the sampling path: refuted read as a product, undecided as a function
    assert statuses(r"$$ x = t_{\theta}(\epsilon) = \mu + \sigma \epsilon $$") == ["undecided"]
    assert statuses(r"$$ a(b + c) = ab + c $$") == ["refuted"]  # a stands alone: a number


def test_a_covariance_matrix_defines_the_letter_as_a_density_only():
    # read as a number, I_K would make the one-dimensional density below wrong
    text = "\n".join([r"$$ q(\mathbf{z}) = \mathcal{N}(\mathbf{0}, \mathbf{I}_K) $$",
                      r"$$ q(z) = \frac{1}{\sqrt{2\pi}} e^{-z^2/2} $$"])
    assert "q" in densities(text) and statuses(text) == ["undecided"]


@pytest.mark.parametrize("text, expected", [
    # "where" right after a display speaks of that display, and of what follows
    (r"$$ \omega^2 = z^2 + 2z + 1 $$ where $\omega = z + 1$. $$ \omega^2 = z^2 + 1 $$", ["holds", "refuted"]),
    (r"Let $u = a + b$. $$ u^2 = a^2 + 2ab + b^2 = a^2 + b^2 $$", ["holds", "refuted"]),
    (r"For $x > 0$: $$ \sqrt{4x^2} = 2x $$ $$ \sqrt{4x^2} = -2x $$", ["holds", "refuted"]),
    (r"$$ \sqrt{4x^2} = 2x $$ for $x \ge 0$, and $$ \sqrt{4x^2} = -2x $$", ["holds", "refuted"]),
    (r"with $\sigma > 0$ $$ \sqrt{\sigma^2} + 1 = \sigma + 1 $$ $$ \sqrt{\sigma^2} + 1 = 2\sigma + 1 $$",
     ["holds", "refuted"]),
    (r"Take $\forall t \in (0, 1)$: $$ t^2 < t $$ $$ t^2 > t $$", ["holds", "refuted"]),
    (r"assume $a, b \in (0, 1)$. $$ a b < 1 $$ $$ a b < a^2 $$", ["holds", "refuted"]),
    (r"for $0 < w < 1$ $$ w^2 < w $$ $$ w^3 > w $$", ["holds", "refuted"]),
    (r"$$ \omega^2 = z^2 + 2z + 1 $$ where $\omega \equiv z + 1$. $$ \omega^2 = z^2 + 1 $$", ["holds", "refuted"]),
    # kramdown (Jekyll): double dollars within a sentence are inline
    ("---\nlayout: post\n---\n\n$$\n\\omega^2 = z^2 + 2z + 1\n$$\n\nwhere $$\\omega \\equiv z + 1$$. More words.\n\n"
     "$$\n\\omega^2 = z^2 + 1\n$$\n", ["holds", "refuted"]),
])
def test_prose_defines_and_states_conditions_for_the_links_after_it(text, expected):
    assert statuses(text) == expected


@pytest.mark.parametrize("text", [
    r"$$ \sqrt{4x^2} = 2x $$",  # nothing said
    r"We know $x > 0$. $$ \sqrt{4x^2} = 2x $$",  # a fact mentioned, not a condition stated
    "For $x > 0$ it is easy.\n\n2. The next part.\n\n$$ \\sqrt{4x^2} = 2x $$",  # a new part
    "For $x > 0$ it is easy.\n\n## A heading\n\n$$ \\sqrt{4x^2} = 2x $$",
])
def test_a_condition_is_in_force_only_where_the_text_states_it(text):
    assert statuses(text) == ["refuted"]


def test_a_condition_that_cannot_be_read_states_nothing():
    context = Context(())
    read(r"for $x \gg 0$ and $\mu \in \mathbb{R}^K$ with $t \in (0, \infty)$ and $s \neq 1$", context)
    assert [s.text for s in context.stated] == ["t > 0", "s != 1"]
    context.state("x", Relation.GT, r"\begin{pmatrix} 1 \\ 2 \end{pmatrix}")
    assert [s.text for s in context.stated] == ["t > 0", "s != 1"]


def test_a_row_opening_with_a_density_of_the_text_is_a_claim():
    # p is a density here (p(x|z)); p(x) = ... claims something of it, and does not vanish
    text = r"$$ \log p(x|z) = \log p(x, z) - \log p(z) $$" "\n" r"$$ p(x) = \mathrm{ELBO} + x^2 $$"
    results = grade_text(text)
    assert [link.left for chain in results for link in chain.links][-1] == "p(x)"
    assert densities(text) == {"p"}
    assert densities(r"$$ p_\theta(x) = 1 $$") == {"p"} and densities("$$ p(x) = p(z) $$") == {"p"}
    assert densities("$$ f(x|z) + p(x) = 1 $$") == frozenset()  # f is no density letter; p(x) alone is not one
    # read as definitions, both would vanish; as claims, the right one holds and the wrong one is refuted
    rows = "\n".join([r"$$ \log p(x|z) = \log p(x, z) - \log p(z) $$", r"$$ p(x) = \frac{p(x) + p(x)}{2} $$",
                      r"$$ p(x) = p(x) + 1 $$"])
    assert statuses(rows)[1:] == ["holds", "refuted"]


def test_a_second_different_definition_is_a_claim_checked_against_the_first():
    text = "$$ f(x) = x^2 $$\n$$ f(y) = y^2 $$\n$$ f(x) = x^2 + 1 $$\n$$ f(3) = 9 $$"
    results = grade_text(text)
    assert [(link.left, link.status) for chain in results for link in chain.links] == [
        ("f(x)", "refuted"), ("f(3)", "holds")]  # f(y) = y^2 says the same again: no claim


def test_a_definition_of_a_call_at_a_number_defines_nothing():
    assert statuses("$$ f(2) := 5 $$\n$$ f(2) = 5 $$") == ["undecided"]  # f(2) := 5 says nothing of f


@pytest.mark.parametrize("text, expected", [
    # "for" ranges over values: i = 1 is no definition (else i^3 = i^2 would hold)
    (r"For $i = 1, \dots, n$: $$ \sum_{i=1}^{n} i = \frac{n(n+1)}{2} $$ $$ i^3 = i^2 $$", ["holds", "refuted"]),
    (r"Let $i = 1$. $$ i^3 = i^2 $$ $$ i^3 = 2 i^2 $$", ["holds", "refuted"]),
    # a definition is not put in for the variable a derivative (or integral, sum) binds
    (r"Let $z = 2x$. $$ \frac{d}{dz} z^3 = 3z^2 $$ $$ z^2 = 4x^2 $$ $$ \frac{d}{dz} z^3 = 3z $$",
     ["holds", "holds", "refuted"]),
    # another case of the same variable replaces the one before, rather than contradict it
    (r"For $x > 0$: $$ \sqrt{4x^2} = 2x $$ and for $x < 0$: $$ \sqrt{4x^2} = -2x $$ $$ \sqrt{4x^2} = 2x $$",
     ["holds", "holds", "refuted"]),
    (r"for any positive $r$: $$ \sqrt{4r^2} = 2r $$ $$ \sqrt{4r^2} = -2r $$", ["holds", "refuted"]),
])
def test_what_prose_defines_is_read_with_care(text, expected):
    assert statuses(text) == expected


def test_a_conditional_density_given_a_distribution_is_no_link():
    text = r"$$ q_\phi(z|x) = \mathcal{N}(z; \mu(x), \sigma^2(x)) $$"
    assert [(c.links, c.taken) for c in grade_text(text)] == [([], r"gives q_\phi(z|x) its law")]
    assert densities(text) == {"q"}


@pytest.mark.parametrize("text, expected", [
    (r"$$ \sqrt{4x^2} = 2x \quad \text{for } x > 0 $$ $$ \sqrt{4x^2} = 2x $$", ["holds", "refuted"]),
    (r"$$ t^2 < t \quad \forall t \in (0, 1) $$ $$ t^2 > t, \quad 0 < t < 1 $$", ["holds", "refuted"]),
    # a condition continues no chain: the display after carries on from 2x, not from 0
    (r"$$ \sqrt{4x^2} = 2x, \quad x \ge 0 $$ $$ = x + x = 3x $$", ["holds", "holds", "refuted"]),
    # after an arrow, x > 2 is a conclusion, not a condition of the display
    (r"$$ x^2 > 4 \Rightarrow x > 2 $$", ["refuted"]),
    # two variables compared are a claim (here a wrong one), not a condition
    (r"$$ a + 1 > a, \quad a \neq b $$", ["holds", "refuted"]),
])
def test_a_condition_written_in_a_display_is_one_for_that_display(text, expected):
    assert statuses(text) == expected


def test_a_letter_at_two_values_is_a_function_and_a_density_of_another_variable_defines_no_value():
    assert densities("$$ p(x) = x^2 + 1 $$ $$ p(2) = 5 $$") == frozenset()
    assert statuses("$$ p(x) = x^2 + 1 $$\n$$ p(2) = 5 $$\n$$ p(3) = 5 $$") == ["holds", "refuted"]
    # N(x; ...) is no density of z: q(z) is a density, of unknown value
    assert statuses(r"$$ q(z) = \mathcal{N}(x; 0, 1) $$" "\n" r"$$ q(z) = \frac{1}{\sqrt{2\pi}} e^{-x^2/2} $$") == [
        "undecided"]


def test_a_condition_in_a_rows_annotation_holds_for_that_row_only():
    text = r"""\begin{align*}
\sqrt{4x^2} &= 2x && \text{for } x > 0 \\
\sqrt{4y^2} &= 2y && \why{$y \ge 0$: the positive root} \\
\sqrt{4x^2} &= -2x && \text{for } x > 0 \\
\sqrt{4x^2} &= 2x \\
\frac{d^2}{dt^2}(-t \log t) &< 0 && \why{$f''(t) = -1/t < 0$, so $f$ is concave}
\end{align*}"""
    results = grade_text(text)
    # the last annotation concludes something of f and states no condition on t; the logarithm does
    # (t > 0, where -t log t is written), so the row holds
    assert [(c.line, link.status) for c in results for link in c.links] == [
        (2, "holds"), (3, "holds"), (4, "refuted"), (5, "refuted"), (6, "holds")]


@pytest.mark.parametrize("text, statuses", [
    # a logarithm's argument is positive where the formula is written: t > 0 even after d/dt
    (r"$$ \frac{d^{2}}{d t^{2}} \left(- t \log t\right) < 0 $$", ["holds"]),
    (r"$$ \frac{d^{2}}{d t^{2}} \left(- t \log t\right) > 0 $$", ["refuted"]),
    # a letter the text uses as a density stands for a positive value
    (r"$$ p(x|z) = p(x, z) / p(z) $$ and $$ r \log \frac{p}{r} = r \log p - r \log r $$", ["holds", "holds"]),
    # words inside a display qualify it: p_omega's parameter moves with z, which is not modelled
    (r"$$ p_\theta(x \mid z) = p_\omega(x) \text{ , where } \omega = g_\theta(z) $$", ["undecided"]),
    (r"$$ x^2 - 1 = (x - 1)(x + 2) \text{ where } x = 3 $$", ["refuted"]),
    # the first link from a name of its own names it; the rest are claims
    (r"$$ w_k = \frac{v_k}{\sum_{i=1}^K v_i} = \frac{2 v_k}{\sum_{i=1}^K v_i} $$", ["refuted"]),
    # probability notation against a number is a claim, not an equation to solve in its variables
    (r"$$ \mathbb{E}_{q(z|x)}[1] = 1 $$ $$ \mathbb{E}_{z_1, \dots, z_K \sim q(z|x)}[\log q(z_1|x)] = 1 $$", ["holds", "refuted"]),
])
def test_what_a_written_formula_takes_for_granted(text, statuses):
    assert [link.status for chain in grade_text(text) for link in chain.links] == statuses


@pytest.mark.parametrize("text, status", [
    (r"$$ p(z|x) \propto p(x|z) p(z) $$", "holds"),                         # up to a factor free of z
    (r"$$ e^{-(x-\mu)^2/2} \propto e^{-x^2/2} $$", "refuted"),               # the factor depends on x
    (r"$$ \log p(x) \approx \frac{1}{k}\sum_{i=1}^k w_i $$", "undecided"),   # not graded, with the reason
    (r"$$ z \sim \mathcal{N}(0, 1) $$", "undecided"),
    # labels over relations are dropped, and the links read (a + 0 <= a + 1 gives away strictness)
    (r"$$ a \overset{(i)}{=} a + 0 \stackrel{\text{Jensen}}{\le} a + 1 $$", "holds flagged"),
])
def test_proportionality_approximations_and_labelled_relations(text, status):
    assert " ".join(link.status for chain in grade_text(text) for link in chain.links) == status


@pytest.mark.parametrize("text, expected", [
    # a law written with \sim and a bare N, in a display or in any sentence
    (r"""$$ q(z) \sim N(\mu, \sigma^2) $$
$$ \int q(z) (z - \mu)^2 dz = \sigma^2 $$
$$ \int q(z) (z - \mu)^2 dz = \sigma $$""", ["holds", "refuted"]),
    (r"""Here $q(z) \sim \mathcal N(\mu, \sigma^2)$ is the approximate posterior.
$$ -\int q(z) \log q(z) dz = \frac{1}{2} \log(2 \pi \sigma^2) + \frac{1}{2} $$
$$ -\int q(z) \log q(z) dz = \frac{1}{2} \log(2 \pi \sigma^2) $$""", ["holds", "refuted"]),
])
def test_a_law_given_with_sim_is_a_law(text, expected):
    assert statuses(text) == expected


@pytest.mark.parametrize("text, status", [
    # the same extrema on both sides: the link holds where what they apply to does, for every G and D
    (r"$$ \min_G \max_D (a+b)^2 G D = \min_G \max_D (a^2 + 2ab + b^2) G D $$", "holds"),
    (r"$$ \min_G \max_{D} \mathbb{E}_{x \sim p_G}[\log D(x)] = \min_G \max_{D} \int p_G(x) \log D(x) \, dx $$", "holds"),
    # where it fails for some G and D the extrema may still agree: undecided, never refuted
    (r"$$ \min_G \max_D (a+b)^2 G D = \min_G \max_D (a^2 + b^2) G D $$", "undecided"),
    (r"$$ \max_D (a+b)^2 D = \min_D (a^2 + 2ab + b^2) D $$", "undecided"),      # other extrema: values not computed
    (r"$$ \max_D (a+b)^2 D \le \max_D (a^2 + 2ab + b^2) D + 1 $$", "flagged"),  # it ends at the +: < holds
])
def test_a_link_between_the_same_extrema_is_one_between_what_they_apply_to(text, status):
    assert " ".join(link.status for chain in grade_text(text) for link in chain.links) == status


def test_a_law_holds_through_numbered_items_and_may_be_written_in_an_environment_within_a_sentence():
    law = "---\nlayout: post\n---\n\nAssume $$\\begin{align*} q(z) \\sim N(\\mu, \\sigma^2) \\end{align*}$$ here.\n\n"
    entropy = "$$\n-\\int q(z) \\log q(z) dz = \\frac{1}{2} \\log(2 \\pi \\sigma^2)TAIL\n$$\n\n"
    text = law + "1. First\n\n" + entropy.replace("TAIL", " + \\frac{1}{2}") + "2. Then\n\n" + entropy.replace("TAIL", "")
    assert statuses(text) == ["holds", "refuted"]
    # a heading begins another setting, where q is any density again: the normal entropy is no identity
    assert statuses(law + "## Next\n\n" + entropy.replace("TAIL", " + \\frac{1}{2}")) == ["refuted"]


def test_capitals_the_link_does_not_tie_to_the_texts_densities_refute_nothing():
    # L is defined through q and p; P and Q in the divergence mean them, which the link alone does not say
    text = (r"$$ \mathcal{L} := \mathbb{E}_{q(z|x)}[\log p(x, z) - \log q(z|x)] $$" "\n\n"
            r"$$ \log p(x) - \mathcal{L} = D_{KL}(Q \| P) $$" "\n\n" r"$$ D_{KL}(Q \| P) = -D_{KL}(Q \| P) $$")
    assert statuses(text) == ["undecided", "undecided"]


def test_a_sentence_that_writes_a_relation_claims_it_and_one_that_writes_a_definition_gives_it():
    # "we can write x > 1" is no assumption: the link after it is not read under x > 1
    assert statuses("So we can write $x > 1$. $$ \\sqrt{x^2} = x $$") == ["refuted"]
    assert statuses("We rewrite it as $u = a + b$. $$ u^2 = a^2 + 2ab + b^2 $$") == ["holds"]


def test_a_density_formula_that_cannot_be_read_still_gives_the_density_a_law():
    formula = r"$$ q(z; 0, 1) = \frac{1}{\sqrt{2 \pi}} e^-{\frac{z^2}{2}} $$" "\n\n"  # TeX: e^{-} {...}
    claim = r"$$ \log q(z; 0, 1) = -\frac{1}{2} \log(2 \pi) - \frac{z^2}{2} $$"
    assert " ".join(link.status for chain in grade_text(formula + claim) for link in chain.links) == "unparsed undecided"
    assert " ".join(link.status for chain in grade_text(claim) for link in chain.links) == "refuted"


def test_a_claim_about_a_quantity_defined_in_probability_notation_reads_its_densities_so():
    # \log p_\theta(x) alone would be a function's value; beside the ELBO it is a density's
    text = (r"$$ \mathcal{L}(\phi) = \mathbb{E}_{q_\phi(z|x)}[\log p_\theta(x|z) + \log p(z) - \log q_\phi(z|x)] $$"
            "\n\n" r"$$ \log p_\theta(x) \le \mathcal{L}(\phi) $$" "\n\n" r"$$ \log p_\theta(x) \ge \mathcal{L}(\phi) $$")
    assert " ".join(link.status for chain in grade_text(text) for link in chain.links) == "refuted holds"


def test_a_condition_about_values_never_computed_does_not_stop_the_links_after_it():
    # Jensen stated in words over an unsaid law: it assumes nothing any point could test
    text = ("If $f$ is concave, then $f(\\mathbb{E}[x]) \\ge \\mathbb{E}[f(x)]$.\n\n"
            "$$ \\log p(x) = E_{z \\sim q(z|x)}[\\log \\frac{p(x, z)}{q(z|x)}] + KL(q(z|x) \\| p(x, z)) $$")
    assert " ".join(link.status for chain in grade_text(text) for link in chain.links) == "refuted"
