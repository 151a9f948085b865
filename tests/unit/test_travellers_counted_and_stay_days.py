"""Travellers counted by the people a line names ('me + wife + 2 kids', 'me & hubby', 'just
myself') and a stay's days said as checking in and out ('checking in the 18th, out on the
21st')."""

from __future__ import annotations

from datetime import date

import pytest

from agentcli.planners.rules.trip_spans import trip_days
from agentcli.planners.rules.trip_words import party


@pytest.mark.parametrize(
    ("line", "count"),
    [
        ("flying ams -> lis on may 3rd, me + wife + 2 kids", 4),
        ("me, the wife and the 3 kids", 5),
        ("wife and i plus our 2 boys", 4),
        ("me & hubby", 2),
        ("me and 2 others", 3),
        ("me plus 2", 3),
        ("myself + 1", 2),
        ("just myself", 1),
        ("just the one of me", 1),
        ("me, my husband and our daughter, berlin to paris july 1", 3),
        ("me and my mom and dad", 3),
    ],
)
def test_travellers_are_counted_by_the_people_named(line: str, count: int) -> None:
    assert party(line) == count


def test_more_nights_are_no_travellers() -> None:
    assert party("2 more nights please") is None
    assert party("me + 3 nights in rome") is None


NOW = date(2035, 4, 12)


@pytest.mark.parametrize(
    "line",
    [
        "checking in the 18th, out on the 21st, it's just me",
        "check in 18th, check out 21st",
        "arriving the 18th leaving the 21st",
    ],
)
def test_a_stay_said_as_checking_in_and_out_has_both_days(line: str) -> None:
    days = [d for _, d in trip_days(line, NOW)]
    assert days == [date(2035, 4, 18), date(2035, 4, 21)]


def test_a_dash_before_a_route_said_in_words_is_a_pause() -> None:
    from agentcli.planners.rules.trip_routes import route, written_routes

    said = written_routes("me, my husband and our daughter - boston to lisbon on may 15")
    assert route(said) == ("boston", "lisbon")
    assert route(written_routes("ams - lis on may 3")) == ("ams", "lis")


@pytest.mark.parametrize(
    ("line", "count"),
    [
        ("la to tokyo tomorrow, there's 3 of us (2 adults and a kid)", 3),
        ("4 of us: two adults, two teens", 4),
        ("the four of us, 2 adults 2 kids", 4),
        ("2 of us and 2 kids", 4),  # the kids come on top: no breakdown of the two
    ],
)
def test_a_total_said_beside_its_breakdown_counts_once(line: str, count: int) -> None:
    assert party(line) == count
