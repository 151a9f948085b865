"""Stays named by a feast: moving feasts reckoned, bare day numbers placed by the feast."""

from __future__ import annotations

from datetime import date

import pytest

from agentcli.planners.rules.trip_feasts import easter
from agentcli.planners.rules.trip_spans import trip_days

NOVEMBER = date(2030, 11, 13)


@pytest.mark.parametrize(
    ("text", "days"),
    [
        ("hotel in rome for christmas, 24th to 27th", ["2030-12-24", "2030-12-27"]),
        ("for xmas 23-27, 2 ppl", ["2030-12-23", "2030-12-27"]),
        ("new year, the 30th until the 2nd", ["2030-12-30", "2031-01-02"]),  # across the year
        ("over easter", ["2031-04-11", "2031-04-14"]),  # Good Friday to Easter Monday
        ("on easter sunday", ["2031-04-13"]),
        ("for thanksgiving", ["2030-11-28"]),  # the fourth Thursday of November
        ("memorial day weekend", ["2031-05-23", "2031-05-26"]),  # to May's last Monday
        ("on labor day", ["2031-09-01"]),
        ("december 24th to 27th over christmas", ["2030-12-24", "2030-12-27"]),  # dates win
        ("for christmas, 3 nights", ["2030-12-25"]),  # a count of nights is no day
        ("from the 24th to the 27th", ["2030-11-24", "2030-11-27"]),  # no feast: this month
    ],
)
def test_feast_days(text: str, days: list[str]) -> None:
    assert [str(d) for _, d in trip_days(text, NOVEMBER)] == days


@pytest.mark.parametrize(
    ("year", "sunday"), [(2024, "2024-03-31"), (2030, "2030-04-21"), (2031, "2031-04-13")]
)
def test_easter(year: int, sunday: str) -> None:
    assert str(easter(year)) == sunday
