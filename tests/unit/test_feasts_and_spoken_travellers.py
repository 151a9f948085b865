"""A feast tied to another day by a range word is one end of the stay; 'and' said as 'n'."""

from __future__ import annotations

from datetime import date

import pytest

from agentcli.planners.rules.trip_spans import trip_days
from agentcli.planners.rules.trip_words import party

DECEMBER = date(2036, 12, 3)


@pytest.mark.parametrize(
    ("text", "days"),
    [
        ("hotel in rome, christmas eve through the 27th", ["2036-12-24", "2036-12-27"]),
        ("paris christmas eve thru boxing day", ["2036-12-24", "2036-12-26"]),
        ("a room from the 20th till christmas", ["2036-12-20", "2036-12-25"]),
        ("new years eve to new years day", ["2036-12-31", "2037-01-01"]),
        ("new year's eve thru the 3rd", ["2036-12-31", "2037-01-03"]),  # 'thru the' is a day
        ("for xmas, 23rd to 27th", ["2036-12-23", "2036-12-27"]),  # the feast names the month
        ("thanksgiving thru sunday", ["2037-11-26", "2037-11-29"]),  # the sunday after it
        ("hotel in paris, 27th thru the 30th", ["2036-12-27", "2036-12-30"]),  # no month said
        ("hotel in rome 2nd to 5th", ["2037-01-02", "2037-01-05"]),  # the 2nd is past: january
    ],
)
def test_a_feast_joined_to_a_day_is_one_end_of_the_stay(text: str, days: list[str]) -> None:
    assert [str(d) for _, d in trip_days(text, DECEMBER)] == days


@pytest.mark.parametrize(
    ("line", "count"),
    [
        ("hotel in lisbon for me n my wife", 2),
        ("me 'n' hubby to paris", 2),
        ("the wife n i want a room", 2),
        ("me an the missus, rome", 2),
        ("me, hubs n our daughter", 3),
        ("hotel in london for us 4", 4),
        ("couples getaway in paris", 2),
        ("the pair of us", 2),
        ("me and her, rome", 2),
        ("flights for 2 adults and a toddler", 3),
        ("hotel for two couples in rome", 4),
        ("me and a friend to paris", 2),  # the friend counted once
    ],
)
def test_and_said_as_n_joins_the_people_named(line: str, count: int) -> None:
    assert party(line) == count


def test_in_my_is_never_i_and_my() -> None:
    assert party("a hotel in my city") is None
    assert party("hotel for us 2 nights") is None
