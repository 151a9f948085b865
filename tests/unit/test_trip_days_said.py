"""Travel days and party sizes as people say them: one night named by its day, a weekday
beside its date, a weekday after a date, a bare count after 'for'; a bag looked for that is
no cart, and things named by what they are worn, held or used for."""

from __future__ import annotations

from datetime import date

import pytest

from agentcli.planners.rules.search_words import names_cart, used_for
from agentcli.planners.rules.trip_dates import found_dates
from agentcli.planners.rules.trip_searches import searched
from agentcli.planners.rules.trip_words import nights, party

MONDAY = date(2030, 6, 3)


@pytest.mark.parametrize(
    ("text", "count"),
    [
        ("hotel in berlin tomorrow night", 1),
        ("a room saturday night", 1),
        ("somewhere to stay tonight", 1),
        ("hotel in rome for a couple of nights", 2),
        ("hotel friday to sunday nights", None),  # 'sunday nights' is no one night
    ],
)
def test_one_night_named_by_its_day(text: str, count: int | None) -> None:
    assert nights(text) == count


@pytest.mark.parametrize(
    ("text", "count"),
    [
        ("flights nyc to rome 7/15 for 2 pls", 2),
        ("flights for 4 from chicago to boston", 4),
        ("one way berlin to rome for three", 3),
        ("hotel in rome for a couple of nights", None),  # nights are no couple
        ("hotel for 2 to 3 nights", None),
    ],
)
def test_a_bare_count_after_for_is_the_party(text: str, count: int | None) -> None:
    assert party(text) == count


@pytest.mark.parametrize(
    "text",
    [
        "on friday the 14th of june",
        "fri 6/14",
        "friday, june 14",
        "june 14th (a friday)",
    ],
)
def test_a_weekday_beside_its_date_is_that_date(text: str) -> None:
    assert [d for _, d in found_dates(text, MONDAY)] == [date(2030, 6, 14)]


def test_a_weekday_after_a_date_counts_from_it() -> None:
    days = [d for _, d in found_dates("june 14 and back the following sunday", MONDAY)]
    assert days == [date(2030, 6, 14), date(2030, 6, 16)]


def test_two_nights_named_end_the_morning_after_the_second(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("AGENTCLI_TODAY", "2030-06-03")
    stay = searched("tokyo hotel, friday and saturday night")
    assert stay is not None
    assert (stay.params["check_in"], stay.params["check_out"]) == (
        date(2030, 6, 7),
        date(2030, 6, 9),
    )


@pytest.mark.parametrize(
    ("text", "cart"),
    [
        ("something to carry my laptop in, a bag or something", False),
        ("any laptop bags?", False),
        ("what's in my bag", True),
        ("show me the bag", True),
        ("check my basket", True),
    ],
)
def test_a_bag_looked_for_is_no_cart(text: str, cart: bool) -> None:
    assert names_cart(text) is cart


@pytest.mark.parametrize(
    ("text", "product"),
    [
        ("something to wear when it gets chilly", "jacket"),
        ("anything to cut the glare when i drive", "sunglasses"),
        ("something to lift at home", "dumbbell"),
        ("something to pack my clothes in", "luggage"),
    ],
)
def test_a_thing_named_by_what_it_is_worn_held_or_used_for(text: str, product: str) -> None:
    assert used_for(text)[0] == product
