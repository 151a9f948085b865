"""Small, exact statistics for comparing two populations of runs (standard library only).

Rates get Wilson intervals and a two-proportion test (Fisher's exact when a cell is small);
medians a Mann-Whitney test and a seeded bootstrap interval; mixes the Jensen-Shannon divergence.
"""

from __future__ import annotations

import math
import random
import statistics
from collections import Counter
from collections.abc import Callable, Sequence

Z95 = 1.959963984540054
Interval = tuple[float, float]


def wilson(successes: int, trials: int, z: float = Z95) -> Interval | None:
    """The Wilson score interval of a rate; None when there were no trials."""
    if trials <= 0:
        return None
    p = successes / trials
    denominator = 1 + z * z / trials
    centre = (p + z * z / (2 * trials)) / denominator
    half = z * math.sqrt(p * (1 - p) / trials + z * z / (4 * trials * trials)) / denominator
    return max(0.0, centre - half), min(1.0, centre + half)


def rate_difference(x1: int, n1: int, x2: int, n2: int) -> Interval | None:
    """Newcombe's interval for (x2/n2 - x1/n1), built from both Wilson intervals."""
    first, second = wilson(x1, n1), wilson(x2, n2)
    if first is None or second is None:
        return None
    p1, p2 = x1 / n1, x2 / n2
    low = (p2 - p1) - math.sqrt((p2 - second[0]) ** 2 + (first[1] - p1) ** 2)
    high = (p2 - p1) + math.sqrt((second[1] - p2) ** 2 + (p1 - first[0]) ** 2)
    return low, high


def two_proportion_p(x1: int, n1: int, x2: int, n2: int) -> float | None:
    """Two-sided p-value that both rates are equal: Fisher's exact when an expected cell is
    under 5, else the pooled z-test."""
    if n1 <= 0 or n2 <= 0:
        return None
    pooled = (x1 + x2) / (n1 + n2)
    expected = (n1 * pooled, n1 * (1 - pooled), n2 * pooled, n2 * (1 - pooled))
    if min(expected) < 5:
        return fisher_exact_p(x1, n1, x2, n2)
    spread = math.sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n2))
    if spread == 0:
        return 1.0
    z = abs(x1 / n1 - x2 / n2) / spread
    return math.erfc(z / math.sqrt(2))


def fisher_exact_p(x1: int, n1: int, x2: int, n2: int) -> float:
    """Two-sided Fisher's exact test of the 2x2 table [[x1, n1-x1], [x2, n2-x2]]."""
    successes, total = x1 + x2, n1 + n2

    def chance(k: int) -> float:
        return math.comb(n1, k) * math.comb(n2, successes - k) / math.comb(total, successes)

    observed = chance(x1)
    low, high = max(0, successes - n2), min(n1, successes)
    tolerance = observed * (1 + 1e-7)
    return min(1.0, sum(p for k in range(low, high + 1) if (p := chance(k)) <= tolerance))


def mann_whitney_p(first: Sequence[float], second: Sequence[float]) -> float | None:
    """Two-sided Mann-Whitney U test (normal approximation, tie-corrected); None when empty."""
    n1, n2 = len(first), len(second)
    if not n1 or not n2:
        return None
    pooled = sorted([(v, 0) for v in first] + [(v, 1) for v in second])
    ranks = [0.0] * len(pooled)
    ties = 0.0
    i = 0
    while i < len(pooled):
        j = i
        while j + 1 < len(pooled) and pooled[j + 1][0] == pooled[i][0]:
            j += 1
        for k in range(i, j + 1):
            ranks[k] = (i + j) / 2 + 1
        size = j - i + 1
        ties += size**3 - size
        i = j + 1
    rank_sum = sum(r for r, (_, side) in zip(ranks, pooled, strict=True) if side == 0)
    u = rank_sum - n1 * (n1 + 1) / 2
    total = n1 + n2
    variance = n1 * n2 / 12 * ((total + 1) - ties / (total * (total - 1))) if total > 1 else 0
    if variance <= 0:
        return 1.0
    z = (abs(u - n1 * n2 / 2) - 0.5) / math.sqrt(variance)
    return min(1.0, math.erfc(max(z, 0.0) / math.sqrt(2)))


def median_difference(first: Sequence[float], second: Sequence[float]) -> Interval | None:
    """A 95% bootstrap interval of median(second) - median(first), with a fixed seed."""
    return _bootstrap(first, second, statistics.median)


def mean_difference(first: Sequence[float], second: Sequence[float]) -> Interval | None:
    """A 95% bootstrap interval of mean(second) - mean(first), with a fixed seed."""
    return _bootstrap(first, second, statistics.fmean)


def _bootstrap(
    first: Sequence[float],
    second: Sequence[float],
    statistic: Callable[[Sequence[float]], float],
    rounds: int = 1000,
    seed: int = 0,
) -> Interval | None:
    if not first or not second:
        return None
    rng = random.Random(seed)
    diffs = sorted(
        statistic(rng.choices(second, k=len(second))) - statistic(rng.choices(first, k=len(first)))
        for _ in range(rounds)
    )
    return diffs[int(0.025 * rounds)], diffs[min(rounds - 1, int(0.975 * rounds))]


def jensen_shannon(first: Counter[str], second: Counter[str]) -> float | None:
    """Jensen-Shannon divergence (base 2, 0 = same mix, 1 = disjoint); None when one is empty."""
    keys = sorted(set(first) | set(second))
    return _divergence([first[k] for k in keys], [second[k] for k in keys])


def _divergence(first: Sequence[int], second: Sequence[int]) -> float | None:
    n1, n2 = sum(first), sum(second)
    if not n1 or not n2:
        return None
    divergence = 0.0
    for a, b in zip(first, second, strict=True):
        p, q = a / n1, b / n2
        m = (p + q) / 2
        if p:
            divergence += p * math.log2(p / m) / 2
        if q:
            divergence += q * math.log2(q / m) / 2
    return max(0.0, min(1.0, divergence))


def mix_permutation_p(
    first: Sequence[Counter[str]], second: Sequence[Counter[str]], rounds: int = 500, seed: int = 0
) -> float | None:
    """p-value of the action mixes' divergence: how often runs dealt at random between the two
    populations (seeded) diverge as much as the real split; runs, not actions, are the unit."""
    keys = sorted({key for mix in (*first, *second) for key in mix})
    index = {key: i for i, key in enumerate(keys)}
    runs = [[(index[k], n) for k, n in mix.items() if n] for mix in (*first, *second)]
    grand = [0] * len(keys)
    for run in runs:
        for i, n in run:
            grand[i] += n

    def split(chosen: Sequence[int]) -> float | None:
        counts = [0] * len(keys)
        for r in chosen:
            for i, n in runs[r]:
                counts[i] += n
        return _divergence(counts, [g - c for g, c in zip(grand, counts, strict=True)])

    size = len(first)
    observed = split(range(size))
    if observed is None:
        return None
    if observed == 0:
        return 1.0
    order = list(range(len(runs)))
    rng = random.Random(seed)
    as_far = 0
    for _ in range(rounds):
        rng.shuffle(order)
        dealt = split(order[:size])
        if dealt is not None and dealt >= observed - 1e-12:
            as_far += 1
    return (as_far + 1) / (rounds + 1)
