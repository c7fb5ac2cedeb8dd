"""Question 1: receptive fields of stacked masked convolutions (PixelCNN masks A and B)."""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache

from sympy import Add, Complement, FiniteSet, Integer, Intersection, Matrix, Symbol, Tuple, Union
from sympy import latex as sympy_latex

from dgmderive import Derivation, Given, Question, Words, part
from dgmderive.latex.tikz import cell_grid
from dgmderive.notation import TeX

Pixel = tuple[int, int]

SIZE, TARGET, KERNEL = 5, (3, 4), 3
PADDING = KERNEL // 2  # zero padding that keeps the map's size
ORDINALS = dict(enumerate(("zeroth", "first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth",
                           "ninth"), start=0))
CASES = ("AA", "AB", "BA", "BB")
# The masks as the assignment defines them, written out: (M^A)_ij = 1 if i = 2 and j < 2, or i = 3;
# M^B also keeps the centre (i = 2, j = 2).
ASSIGNED_MASKS = {"A": Matrix([[0, 0, 0], [1, 0, 0], [1, 1, 1]]), "B": Matrix([[0, 0, 0], [1, 1, 0], [1, 1, 1]])}
STATEMENT = (  # the assignment's words
    "Consider a two-hidden-layer convolutional neural network without kernel flipping, with kernel size "
    r"$3 \times 3$ and padding size 1 on each border (so that an input feature map of size $5 \times 5$ is "
    r"convolved into a $5 \times 5$ output). [...] Specify the receptive field of the output pixel that "
    "corresponds to the third row and the fourth column (index 34 of Figure 1 (Left)) in each of the "
    "following 4 cases.")
GIVENS = (
    Given("kernel", KERNEL, lambda k: rf"kernel size ${k} \times {k}$"),
    Given("padding", PADDING, lambda p: f"padding size {p} on each border"),
    Given("map", SIZE, lambda n: rf"input feature map of size ${n} \times {n}$"),
    Given("target", TARGET, lambda t: f"the {ORDINALS[t[0]]} row and the {ORDINALS[t[1]]} column (index "
                                      f"{_label(t)} of Figure 1 (Left))"),
)


# --- the masks ------------------------------------------------------------------------------------

def mask(kind: str, kernel: int = KERNEL) -> Matrix:
    """The 0/1 mask of type A or B, indexed from 1 with i the kernel row and j the kernel column.

    With c the centre, A keeps (i = c and j < c) or i > c, and B also keeps the centre (i = c, j = c):
    for kernel 3 these are the assignment's definitions.
    """
    _check_kernel(kernel)
    if kind not in ("A", "B"):
        raise ValueError(f"unknown mask {kind!r}: masks are 'A' or 'B'")
    c = (kernel + 1) // 2

    def keep(i: int, j: int) -> bool:
        return (i == c and (j < c or (kind == "B" and j == c))) or i > c

    return Matrix([[int(keep(i, j)) for j in range(1, kernel + 1)] for i in range(1, kernel + 1)])


def taps(kind: str, kernel: int = KERNEL) -> list[Pixel]:
    """The offsets (row, column) from an output pixel to the inputs that the mask keeps."""
    m, c = mask(kind, kernel), (kernel + 1) // 2
    return [(i + 1 - c, j + 1 - c) for i in range(kernel) for j in range(kernel) if m[i, j]]


# --- method 1: symbolic. The output pixel as a SymPy expression in the input pixels ---------------

def input_pixel(r: int, c: int) -> Symbol:
    return Symbol(f"x_{r}{c}" if max(r, c) < 10 else f"x_{r},{c}")


def weight(layer: int, i: int, j: int) -> Symbol:
    return Symbol(f"w^{layer}_{i}{j}")


def masked_convolution(inputs, rows: int, cols: int, kind: str, layer: int, kernel: int = KERNEL):
    """One masked layer: cross-correlation (no kernel flipping) with zero padding ``kernel // 2``.

    ``inputs(r, c)`` gives the 1-based input pixel; the result does the same for the output, so that
    only the pixels an output needs are ever built.
    """
    m, half = mask(kind, kernel), kernel // 2

    @lru_cache(maxsize=None)
    def output(r: int, c: int):
        terms = []
        for i in range(1, kernel + 1):
            for j in range(1, kernel + 1):
                rr, cc = r + i - 1 - half, c + j - 1 - half
                if m[i - 1, j - 1] and 1 <= rr <= rows and 1 <= cc <= cols:  # outside: zero padding
                    terms.append(weight(layer, i, j) * inputs(rr, cc))
        return Add(*terms)

    return output


def output_expression(masks: str, size, pixel: Pixel, kernel: int = KERNEL):
    """The output pixel of the stack ``masks`` (first letter = first layer) as a SymPy expression."""
    rows, cols = _validate(masks, size, pixel, kernel)
    layer = input_pixel
    for number, kind in enumerate(masks, start=1):
        layer = masked_convolution(layer, rows, cols, kind, number, kernel)
    return layer(*pixel)


def symbolic_receptive_field(masks: str, size, pixel: Pixel, kernel: int = KERNEL) -> set[Pixel]:
    """The input pixels whose symbols occur in the output pixel's expression.

    Every weight is a distinct generic symbol and every coefficient is +1, so no two terms can cancel:
    a symbol occurs exactly when the output depends on that input.
    """
    rows, cols = _validate(masks, size, pixel, kernel)
    occurring = output_expression(masks, size, pixel, kernel).free_symbols
    return {(r, c) for r in range(1, rows + 1) for c in range(1, cols + 1) if input_pixel(r, c) in occurring}


# --- method 2: dependency propagation over index sets (no SymPy) ----------------------------------

def receptive_field(masks: str, size, pixel: Pixel, kernel: int = KERNEL) -> set[Pixel]:
    """The 1-based input pixels that output ``pixel`` of the stack ``masks`` depends on.

    Propagates the set of needed pixels from the last layer back to the input; each set is held as
    the bits of one integer (bit ``r * cols + c``), so that a layer is a few shifts and masks.
    """
    rows, cols = _validate(masks, size, pixel, kernel)
    everything = (1 << rows * cols) - 1
    column_ok = {dc: _columns_where(rows, cols, lambda c: 0 <= c + dc < cols) for dc in range(-kernel, kernel + 1)}
    needed = 1 << (pixel[0] - 1) * cols + (pixel[1] - 1)
    for kind in reversed(masks):
        reached = 0
        for dr, dc in taps(kind, kernel):
            moved = needed & column_ok[dc]
            shift = dr * cols + dc
            reached |= (moved << shift if shift >= 0 else moved >> -shift) & everything
        needed = reached
    return {(b // cols + 1, b % cols + 1) for b in range(rows * cols) if needed >> b & 1}


def _columns_where(rows: int, cols: int, keep) -> int:
    row = sum(1 << c for c in range(cols) if keep(c))
    return sum(row << r * cols for r in range(rows))


# --- what the ordering allows, and what the stack misses -------------------------------------------

def allowed(masks: str, size, pixel: Pixel, kernel: int = KERNEL) -> set[Pixel]:
    """The pixels that the masks' ordering lets ``pixel`` see. These masks see the pixel to the left
    and the row below, so the ordering runs bottom row first, each row left to right: a pixel is
    allowed when it comes strictly before the target in that order (every pixel of a lower row, the
    pixels to the left in its own row), never the target itself."""
    rows, cols = _validate(masks, size, pixel, kernel)
    r0, c0 = pixel
    return {(r, c) for r in range(1, rows + 1) for c in range(1, cols + 1) if r > r0 or (r == r0 and c < c0)}


def blind_spot(masks: str, size, pixel: Pixel, kernel: int = KERNEL) -> set[Pixel]:
    """Pixels the ordering allows but the stack never reaches."""
    return allowed(masks, size, pixel, kernel) - receptive_field(masks, size, pixel, kernel)


def _check_kernel(kernel: int) -> None:
    if not isinstance(kernel, int) or kernel < 1 or kernel % 2 == 0:
        raise ValueError(f"kernel must be an odd positive integer, not {kernel!r}")


def _validate(masks: str, size, pixel: Pixel, kernel: int) -> tuple[int, int]:
    _check_kernel(kernel)
    if not masks or any(kind not in "AB" for kind in masks):
        raise ValueError(f"masks must be a non-empty string of 'A' and 'B', not {masks!r}")
    rows, cols = (size, size) if isinstance(size, int) else tuple(size)
    if rows < 1 or cols < 1:
        raise ValueError(f"the grid must have at least one row and column, not {rows}x{cols}")
    r, c = pixel
    if not (1 <= r <= rows and 1 <= c <= cols):
        raise ValueError(f"pixel {pixel} lies outside the {rows}x{cols} grid (indices start at 1)")
    return rows, cols


# --- the sheet ------------------------------------------------------------------------------------

def as_grid(field: Iterable[Pixel], rows: int = SIZE, cols: int = SIZE) -> list[list[int]]:
    field = set(field)
    return [[int((r, c) in field) for c in range(1, cols + 1)] for r in range(1, rows + 1)]


def pixels(field: Iterable[Pixel]) -> FiniteSet:
    """A field as a SymPy set: the assignment's labels (34 is row 3, column 4) on maps up to 9 x 9,
    (row, column) pairs on larger ones. Distinct pixels are distinct numbers, so set equality is decided."""
    field = sorted(field)
    small = all(r < 10 and c < 10 for r, c in field)
    return FiniteSet(*(_member(r, c, small) for r, c in field))


def _member(r: int, c: int, small: bool):
    return Integer(10 * r + c) if small else Tuple(r, c)


def _figure(field: set[Pixel], caption: str) -> tuple[str, str]:
    return cell_grid(SIZE, SIZE, field, {TARGET}), caption


def _label(pixel: Pixel) -> str:
    """A pixel as the sheet names it: its member of the fields' sets (34 is row 3, column 4)."""
    return str(_member(*pixel, small=True))


def _agree(D: Derivation, masks: str, size, pixel: Pixel) -> Symbol:
    """Steps showing that both methods give the same field; returns the field's name."""
    rows, cols = (size, size) if isinstance(size, int) else size
    where = f"stack {masks}, ${rows} \\times {cols}$ map, pixel {_label(pixel)}"
    by_expression = D.define(Symbol(f"F^{masks}_expr"), pixels(symbolic_receptive_field(masks, size, pixel)),
                             described=rf"\{{ij : x_{{ij}} \text{{ occurs in }} y_{{{_label(pixel)}}}\}}",
                             why=f"{where}: the symbolic method")
    by_propagation = D.define(Symbol(f"F^{masks}"), pixels(receptive_field(masks, size, pixel)),
                              described=r"\text{the pixels reached by propagating dependencies}",
                              why="the second method, on index sets")
    D.step(by_expression, "=", by_propagation, "the two methods agree")
    return by_propagation


def _grid(D: Derivation, name: str, field: Symbol, cells: set[Pixel], rows: int = SIZE, cols: int = SIZE):
    """The set ``field`` as a 0/1 grid (cell r, c is 1 when pixel rc is in it), checked against the
    set's own members."""
    grid = D.define(Symbol(name), Matrix(as_grid(cells, rows, cols)), quiet=True)
    members, small = D.definitions[field], rows < 10 and cols < 10
    D.step(grid, "=", Matrix([[int(_member(r, c, small) in members) for c in range(1, cols + 1)]
                              for r in range(1, rows + 1)]),
           f"the shaded cells are the members of ${sympy_latex(field)}$")
    return grid


def _allowed(D: Derivation, masks: str) -> Symbol:
    (r, c), t = TARGET, _label(TARGET)
    order = D.define(Symbol(f"O_{t}"), pixels(allowed(masks, SIZE, TARGET)),
                     described=rf"\{{ij : i > {r} \text{{ or }} (i = {r},\ j < {c})\}}",
                     why=f"the pixels before {t} in the ordering: the rows below, and the pixels to its left")
    counted = D.define(Symbol(f"n_{t}"), Integer(len(D.definitions[order])), quiet=True)
    D.step(counted, "=", (SIZE - r) * SIZE + (c - 1), f"the {SIZE - r} rows below, and {c - 1} pixels to the left")
    return order


@part("1.0", "The masks and their one-layer fields",
      rf"Kernel ${KERNEL} \times {KERNEL}$, cross-correlation without flipping, zero padding {PADDING}, "
      rf"a ${SIZE} \times {SIZE}$ map; $w_{{ij}}$ is the weight of kernel row $i$, column $j$, and masked "
      "weights are zero.", extra=True)
def one_layer_fields(D: Derivation) -> None:
    for kind in "AB":
        name = D.define(Symbol(f"M^{kind}"), mask(kind), f"mask {kind}")
        D.step(name, "=", ASSIGNED_MASKS[kind], f"the assignment's definition of mask {kind}")
    for kind in "AB":
        y = output_expression(kind, SIZE, TARGET)
        by_definition = Add(*(weight(1, dr + 2, dc + 2) * input_pixel(TARGET[0] + dr, TARGET[1] + dc)
                              for dr, dc in taps(kind)))
        name = D.define(Symbol(f"y^{kind}_{_label(TARGET)}"), y, f"one layer of mask {kind}, output pixel {_label(TARGET)}")
        D.step(name, "=", by_definition, rf"$\sum_{{ij}} M_{{ij}} w_{{ij}}\, x_{{{TARGET[0]}+i-2,\,{TARGET[1]}+j-2}}$")
        _agree(D, kind, SIZE, TARGET)
    D.remark("So one layer of either mask sees the pixel to the left and the three pixels below; "
             f"mask B also sees the pixel itself. The shaded cells are the fields; the target {_label(TARGET)} has a "
             "thick border.")
    for kind in "AB":
        D.figure(*_figure(receptive_field(kind, SIZE, TARGET), f"One layer of mask {kind}."))


ONE_LAYER = (r"Cross-correlation with zero padding 1 gives $y_{rc} = \sum_{i,j} M_{ij} w^{\ell}_{ij}\, x_{r+i-2,\,c+j-2}$ "
             r"for layer $\ell$ with weights $w^{\ell}_{ij}$ and mask $M$ (cells outside the map are padding). So "
             r"one layer of mask A at pixel $rc$ reads the pixel to its left and the three pixels of the row "
             r"below, $(r, c-1), (r+1, c-1), (r+1, c), (r+1, c+1)$; mask B reads $(r, c)$ as well. The output "
             r"depends on an input exactly when some path of kept taps joins them: each such coefficient is a "
             r"sum of products of distinct weights, a nonzero polynomial, so for generic weights nothing cancels.")


def _case(number: int, masks: str):
    first, second = masks

    @part(f"1.{number}", f"Mask {first} in layer 1, mask {second} in layer 2",
          f"Receptive field of output pixel {_label(TARGET)} when layer 1 uses $M^{first}$ and layer 2 "
          f"uses $M^{second}$.")
    def case(D: Derivation) -> None:
        propagated = receptive_field(masks, SIZE, TARGET)
        hidden = sorted(receptive_field(second, SIZE, TARGET))
        if number == 1:
            D.remark(ONE_LAYER)
        D.remark(rf"Layer 2 ({second}) at {_label(TARGET)} reads the hidden pixels "
                 f"{', '.join(_label(h) for h in hidden)}; each of them reads its own layer-1 field of {first}:")
        parts = [D.define(Symbol(f"F^{first}_{_label(h)}"), pixels(receptive_field(first, SIZE, h)))
                 for h in hidden]
        field = D.define(Symbol(f"F^{masks}"), pixels(propagated), quiet=True)
        joined = D.define(TeX(r" \cup ".join(sympy_latex(part) for part in parts)),
                          Union(*(D.definitions[part] for part in parts)), quiet=True)
        D.chain(field, (joined, "the union of the layer-1 fields"), (pixels(propagated), "its members"))
        pieces = [field]
        t = _label(TARGET)
        itself = None
        if TARGET in propagated:
            target = pixels({TARGET})
            with D.record_only():
                itself = D.step(Intersection(D.definitions[field], target, evaluate=False), "=", target,
                                "the field contains the target itself")
        D.figure(*_figure(propagated, f"Layers {first} then {second}: the receptive field of pixel {t} "
                                      f"({len(propagated)} pixels, shaded; the target has a red border)."))
        if itself is not None:
            D.remark(f"With mask B in the first layer and B after it, $y_{{{t}}}$ depends on $x_{{{t}}}$: the pixel "
                     "would be predicted from itself, which breaks the autoregressive property. That is why the "
                     "first layer uses mask A; later layers may use B, since their centre is a hidden pixel that "
                     "never saw its own input.")
            pieces.append(Words(f"the field contains {t} itself: the autoregressive property breaks", because=itself))
        elif first == "B":
            D.remark(f"The field is that of 1.2 and does not contain {t}: the stack B, A is still "
                     "autoregressive, since the A layer never reads its own centre. Mask B first is harmful once it "
                     "is followed by a layer that reads its centre, a B layer (1.4).")
        with D.record_only():
            _agree(D, masks, SIZE, TARGET)
            order = _allowed(D, masks)
            blind = D.define(Symbol(f"S^{masks}"), pixels(blind_spot(masks, SIZE, TARGET)),
                             described=r"\text{the allowed pixels that the field misses}")
            D.step(blind, "=", Complement(D.definitions[order], D.definitions[field], evaluate=False),
                   "the blind spot: before the target in the ordering, but not in the field")
            grids = {"field": _grid(D, f"G^{masks}", field, propagated),
                     "blind_spot": _grid(D, f"H^{masks}", blind, blind_spot(masks, SIZE, TARGET))}
        D.answer(*pieces, value=grids)

    return case


def predicted_blind_spot(depth: int, size, pixel: Pixel) -> set[Pixel]:
    """The blind spot of ``A`` followed by ``depth - 1`` layers ``B`` (kernel 3), from the taps alone.

    Each layer moves by one of (0, -1), (1, -1), (1, 0), (1, 1), and B may also stay. After ``depth``
    layers the offset (k, m) satisfies 0 <= k <= depth and -depth <= m <= k, and (0, 0) is out of
    reach. So an allowed pixel is missed when it lies below and right of the diagonal (m > k), or
    beyond the depth (k > depth or m < -depth).
    """
    return below_the_diagonal(size, pixel) | beyond_the_depth(depth, size, pixel)


def below_the_diagonal(size, pixel: Pixel) -> set[Pixel]:
    """The allowed pixels below and right of the diagonal through ``pixel`` (m > k): no depth reaches them."""
    r0, c0 = pixel
    return {(r, c) for r, c in allowed("A", size, pixel) if (c - c0) > (r - r0)}


def beyond_the_depth(depth: int, size, pixel: Pixel) -> set[Pixel]:
    """The allowed pixels further than ``depth`` layers can move (k > depth or m < -depth)."""
    r0, c0 = pixel
    return {(r, c) for r, c in allowed("A", size, pixel) if (r - r0) > depth or (c - c0) < -depth}


@part("1.5", "Beyond the assignment: deeper stacks and the blind spot",
      r"The ordering lets a pixel see every lower row and the pixels to its left in its own row. "
      r"What does a stack of one A layer and $L-1$ B layers miss?", extra=True)
def beyond(D: Derivation) -> None:
    for masks in ("ABB", "ABBB"):
        _agree(D, masks, SIZE, TARGET)
    D.remark("On the assignment's map, three layers (ABB) already reach every allowed pixel, because the map "
             "is small. On a larger map a blind spot remains however deep the stack: each layer moves the "
             "field at most one row down and one column right, so the pixels below and to the right of the "
             "diagonal through the target are never reached. The steps compare the computed blind spot with "
             r"that description, on a $12 \times 12$ map with target $(3, 6)$:")
    big, target = (12, 12), (3, 6)
    exact = []
    for depth in (1, 2, 4, 8):
        masks = "A" + "B" * (depth - 1)
        computed = D.define(Symbol(f"B_{depth}"), pixels(blind_spot(masks, big, target)),
                            described=r"\text{allowed, minus the field of } A B^{%d}" % (depth - 1))
        predicted = D.define(Symbol(f"P_{depth}"), pixels(predicted_blind_spot(depth, big, target)),
                             described=r"\{\text{allowed } (r_0 + k, c_0 + m) : m > k \text{ or } k > %d "
                                   r"\text{ or } m < -%d\}" % (depth, depth))
        exact.append(D.step(computed, "=", predicted, f"$L = {depth}$: the description is exact"))
    _agree(D, "ABBB", big, target)
    missed = blind_spot("ABBBBBBB", big, target)
    diagonal = below_the_diagonal(big, target) & missed
    D.figure(cell_grid(*big, receptive_field("ABBBBBBB", big, target), {target}, label=lambda r, c: ""),
             r"One A and seven B layers on a $12 \times 12$ map, target $(3, 6)$ (thick border): the field "
             f"is shaded; {len(missed)} allowed pixels stay blind: {len(diagonal)} below and right of the "
             f"diagonal, which no depth reaches, and {len(missed - diagonal)} beyond the depth of the stack.")
    grid = _grid(D, "B_8_grid", Symbol("B_8"), missed, *big)
    D.answer(*exact, Words("at every depth the blind spot is exactly the allowed pixels below and right of the "
                           "diagonal through the target, and those beyond the depth", because=tuple(exact)),
             value={"depth_8_blind_spot_12x12": grid})


QUESTION = Question("1", "Masked convolutions", (one_layer_fields, *(_case(n, m) for n, m in enumerate(CASES, 1)), beyond),
                    STATEMENT, GIVENS)

if __name__ == "__main__":
    from dgmderive.checked import run_question

    raise SystemExit(run_question(QUESTION))
