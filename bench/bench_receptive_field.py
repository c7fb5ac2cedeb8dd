"""Q1 receptive fields: the propagation method on growing maps and depths, the symbolic method on
small ones, and their agreement wherever both run. Prints a table; times are medians of 5 runs."""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from dgmderive.assignment.q1_masked_convolutions import receptive_field, symbolic_receptive_field  # noqa: E402


def median_seconds(fn, repeats: int = 5) -> float:
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    print("propagation (bitset), stack A followed by B layers, target at the centre")
    print(f"{'side':>5} {'layers':>6} {'field':>6} {'ms':>9}")
    for side in (8, 16, 32, 64):
        for depth in (1, 3, 6, 12):
            masks, pixel = "A" + "B" * (depth - 1), (side // 2, side // 2)
            seconds = median_seconds(lambda: receptive_field(masks, side, pixel))
            print(f"{side:>5} {depth:>6} {len(receptive_field(masks, side, pixel)):>6} {1000 * seconds:>9.3f}")
    print()
    print("symbolic (SymPy expression) against propagation")
    print(f"{'side':>5} {'layers':>6} {'symbolic ms':>12} {'propagation ms':>15} {'agree':>6}")
    for side, depth in ((5, 2), (9, 3), (12, 4), (16, 5)):
        masks, pixel = "A" + "B" * (depth - 1), (side // 2, side // 2)
        sym = median_seconds(lambda: symbolic_receptive_field(masks, side, pixel), repeats=3)
        fast = median_seconds(lambda: receptive_field(masks, side, pixel))
        agree = symbolic_receptive_field(masks, side, pixel) == receptive_field(masks, side, pixel)
        print(f"{side:>5} {depth:>6} {1000 * sym:>12.1f} {1000 * fast:>15.3f} {str(agree):>6}")


if __name__ == "__main__":
    main()
