"""Families read this round: a gift search that says the age of whom it is for, the most or
least of an option asked over the list shown, praise and long thanks as a yes."""

from __future__ import annotations

import pytest

from agentcli.conversation.answers import is_no, is_yes
from agentcli.planners.rules.search_words import query_words
from agentcli.planners.rules.shown_superlatives import amount, answer, asked

PREVIEW = "Total $28.59, paid with PayPal (paypal_1), shipped to 629 Pine Lane."


@pytest.mark.parametrize(
    "line",
    [
        "gift for my 8 yo nephew who loves puzzles",
        "a present for a 10 year old, something with puzzles",
        "puzzles for my 7-year-old",
        "puzzles for kids aged 9",
        "present for my niece, she's 12 and loves puzzles",
        "my daughter is turning ten, she loves puzzles",
    ],
)
def test_an_age_is_no_product_word(line: str) -> None:
    assert query_words(line) == ["puzzles"]


@pytest.mark.parametrize(
    "line",
    [
        "Yes please, that's lovely, thank you",
        "that'd be brilliant, ta",
        "lovely, go on then",
        "perfect, thanks so much",
        "that would be wonderful, thank you very much",
    ],
)
def test_praise_and_long_thanks_are_a_yes(line: str) -> None:
    assert is_yes(line, "place_order", PREVIEW)
    assert not is_no(line)


@pytest.mark.parametrize(
    "line",
    [
        "lovely, but can it go on the gift card?",
        "brilliant, make it the blue one instead",
        "lovely thanks but not yet",
        "no thanks, that's lovely",
        "thanks so much",
        "not so great",
    ],
)
def test_praise_with_a_no_a_question_or_a_change_is_no_yes(line: str) -> None:
    assert not is_yes(line, "place_order", PREVIEW)


CHARGERS = [
    {"name": "Portable Charger", "price": 50.0, "options": {"capacity": "10000mAh"}},
    {"name": "Portable Charger", "price": 80.0, "options": {"capacity": "20000mAh"}},
    {"name": "Portable Charger", "price": 30.0, "options": {"capacity": "5000mAh"}},
]


@pytest.mark.parametrize(
    ("line", "value"),
    [
        ("which of those has the biggest capacity?", "20000mAh"),
        ("which one has the smallest capacity", "5000mAh"),
        ("the one with the most capacity?", "20000mAh"),
        ("which is the biggest", "20000mAh"),
    ],
)
def test_the_most_or_least_of_an_option_over_the_list(line: str, value: str) -> None:
    said = asked(line)
    assert said is not None
    output = answer(CHARGERS, *said)
    assert output is not None
    assert value in output.proposals[0]["message"]


def test_an_option_the_list_has_not_is_no_answer() -> None:
    said = asked("which has the longest battery life")
    assert said is not None
    assert answer(CHARGERS, *said) is None


@pytest.mark.parametrize(
    ("value", "read"), [("1TB SSD", 1000.0), ("256GB SSD", 256.0), ("XL", 5.0)]
)
def test_option_values_read_as_amounts(value: str, read: float) -> None:
    assert amount(value) == read
