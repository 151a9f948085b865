"""The statistics drift and experiments rest on, against values worked out by hand or in R."""

from __future__ import annotations

from collections import Counter

import pytest

from agentcli.measure import stats


def test_wilson_interval_matches_the_textbook_values() -> None:
    low, high = stats.wilson(0, 10) or (None, None)
    assert low == 0.0 and high == pytest.approx(0.2775, abs=1e-4)
    low, high = stats.wilson(5, 10) or (None, None)
    assert (low, high) == (pytest.approx(0.2366, abs=1e-4), pytest.approx(0.7634, abs=1e-4))
    assert stats.wilson(0, 0) is None


def test_fisher_exact_for_small_counts_and_z_for_large() -> None:
    # R: fisher.test(matrix(c(0,5,5,0),2))$p.value == 0.007937
    assert stats.fisher_exact_p(0, 5, 5, 5) == pytest.approx(0.007937, abs=1e-6)
    assert stats.two_proportion_p(0, 5, 5, 5) == pytest.approx(0.007937, abs=1e-6)
    # R: fisher.test(matrix(c(1,2,3,4),2))$p.value == 1
    assert stats.fisher_exact_p(1, 4, 2, 6) == pytest.approx(1.0)
    # large counts: pooled z ≈ 1.98 → p ≈ 0.047
    p = stats.two_proportion_p(40, 100, 54, 100)
    assert p == pytest.approx(0.0477, abs=1e-3)
    assert stats.two_proportion_p(3, 0, 1, 5) is None


def test_rate_difference_interval_contains_the_difference() -> None:
    low, high = stats.rate_difference(0, 10, 10, 10) or (0.0, 0.0)
    assert 0 < low < 1 <= high + 1e-9
    low, high = stats.rate_difference(5, 10, 5, 10) or (1.0, -1.0)
    assert low < 0 < high


def test_mann_whitney_tells_shifted_from_same() -> None:
    same = [1.0, 2.0, 3.0, 4.0, 5.0, 6.0]
    assert stats.mann_whitney_p(same, list(same)) == pytest.approx(1.0)
    shifted = [v + 10 for v in same]
    assert (stats.mann_whitney_p(same, shifted) or 1.0) < 0.01
    assert stats.mann_whitney_p([], same) is None


def test_bootstrap_interval_is_seeded_and_covers_the_shift() -> None:
    first, second = [1.0, 2.0, 3.0, 4.0, 5.0], [11.0, 12.0, 13.0, 14.0, 15.0]
    interval = stats.median_difference(first, second)
    assert interval == stats.median_difference(first, second)
    assert interval is not None and interval[0] <= 10.0 <= interval[1]


def test_jensen_shannon_and_its_permutation_test() -> None:
    mix = Counter(search_products=4, get_product=2)
    assert stats.jensen_shannon(mix, Counter(mix)) == 0.0
    assert stats.jensen_shannon(Counter(a=1), Counter(b=1)) == pytest.approx(1.0)
    assert stats.jensen_shannon(Counter(), mix) is None
    searching = [Counter(search_products=2)] * 6
    ordering = [Counter(place_order=1, search_products=1)] * 6
    p = stats.mix_permutation_p(searching, ordering)
    assert p is not None and p < 0.01
    assert p == stats.mix_permutation_p(searching, ordering)  # seeded: the same every time
    # one run a side can never be significant: noise is not an alarm
    assert (stats.mix_permutation_p(searching[:1], ordering[:1]) or 0) > 0.3
