"""When a change counts as drift: large enough and significant at the populations' sizes."""

from __future__ import annotations

from collections import Counter

from agentcli.measure.compare import compare
from agentcli.measure.figures import Figure
from agentcli.measure.thresholds import DEFAULTS, Thresholds, parse_overrides


def _rate(hits: int, total: int) -> Figure:
    return Figure("compensation_rate", "rate", hits, total)


def test_a_large_change_moves_only_when_the_sizes_can_tell_it_from_noise() -> None:
    assert not compare(_rate(0, 3), _rate(3, 3), 0.1).moved  # p = 0.1
    assert compare(_rate(0, 6), _rate(6, 6), 0.1).moved  # p = 0.002


def test_a_significant_change_below_its_threshold_is_no_drift() -> None:
    small = compare(_rate(4000, 10000), _rate(4200, 10000), 0.1)
    assert small.p_value is not None and small.p_value < 0.01 and not small.moved
    assert compare(_rate(4000, 10000), _rate(4200, 10000), 0.01).moved


def test_off_and_nothing_to_measure_never_move() -> None:
    assert not compare(_rate(0, 6), _rate(6, 6), None).moved
    empty = compare(_rate(0, 0), _rate(6, 6), 0.1)
    assert empty.difference is None and not empty.moved
    assert empty.to_dict()["baseline"]["value"] is None


def test_medians_move_by_their_relative_change() -> None:
    fast = Figure("handle_time_s", "median", values=(1.0, 1.1, 0.9, 1.0, 1.2, 1.0))
    slow = Figure("handle_time_s", "median", values=(3.0, 3.1, 2.9, 3.0, 3.2, 3.0))
    assert compare(fast, slow, 1.0).moved  # tripled
    assert not compare(fast, slow, 3.0).moved


def test_action_mixes_move_by_divergence() -> None:
    searching = Figure("action_mix", "mix", mixes=(Counter(search_products=2),) * 6)
    ordering = Figure("action_mix", "mix", mixes=(Counter(place_order=2),) * 6)
    change = compare(searching, ordering, 0.1)
    assert change.difference == 1.0 and change.moved


def test_thresholds_fall_back_from_codes_and_intents_to_their_family() -> None:
    thresholds = Thresholds(DEFAULTS).with_(parse_overrides(["tool_error:*=2%"]))
    assert thresholds.of("tool_error:DECLINED") == 0.02
    assert thresholds.of("action_mix:checkout::buy") == DEFAULTS["action_mix:*"]
    assert thresholds.with_(parse_overrides(["handle_time_s=off"])).of("handle_time_s") is None
