"""The offline planner as a customer meets it: questions with a thread, lists, everyday words.

Every cart change here is checked in the shop's own cart: the item the customer meant, from the
list they saw last, in the quantity they asked for.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tests.e2e.helpers import (
    HARPER,
    HARPER_DELIVERED,
    HARPER_ID,
    HARPER_PENDING,
    chat,
    shop_cart_items,
    shop_order,
)

SIGN_IN = f"I'm {HARPER}"
BOTTLE_2 = ("Water Bottle", 45.13)  # the second water bottle listed
BOTTLE_4 = ("Water Bottle", 47.76)  # the fourth


def cart(home: Path) -> list[tuple[str, float, int]]:
    items = shop_cart_items(home, HARPER_ID)
    return [(i["name"], i["price"], i["quantity"]) for i in items]


def test_an_old_question_does_not_steer_a_later_pick(agentcli_home: Path) -> None:
    lines = [SIGN_IN, "find a laptop", "add it"]  # asks which laptop; never answered
    lines += ["show my cart", "what time do you close", "find a water bottle", "add the second one"]
    result = chat(*lines)
    assert result.exit_code == 0, result.output
    assert cart(agentcli_home) == [(*BOTTLE_2, 1)]


def test_the_first_one_is_always_the_list_seen_last(agentcli_home: Path) -> None:
    lines = [SIGN_IN, "find a laptop", "show me the first one", "find a water bottle"]
    result = chat(*lines, "add the first one")
    assert result.exit_code == 0, result.output
    assert cart(agentcli_home) == [("Water Bottle", 45.09, 1)]


def test_number_4_is_a_position_and_two_of_is_a_quantity(agentcli_home: Path) -> None:
    result = chat(SIGN_IN, "find a water bottle", "add number 4", "two of the second one")
    assert result.exit_code == 0, result.output
    assert sorted(cart(agentcli_home)) == sorted([(*BOTTLE_4, 1), (*BOTTLE_2, 2)])


def test_the_number_the_agent_asked_for_is_accepted(agentcli_home: Path) -> None:
    result = chat(SIGN_IN, "find a water bottle", "add a water bottle", "2")
    assert result.exit_code == 0, result.output
    assert "Say the number" in result.stdout
    assert cart(agentcli_home) == [(*BOTTLE_2, 1)]


def test_a_described_answer_picks_from_the_question_list(agentcli_home: Path) -> None:
    result = chat(SIGN_IN, "find a laptop", "add it", "the 16GB silver one with 1TB")
    assert result.exit_code == 0, result.output
    assert cart(agentcli_home) == [("Laptop", 2621.77, 1)]


def _checkout(*answers: str) -> Any:
    return chat(
        SIGN_IN, "find a notebook", "add the first one", "checkout with my gift card", *answers
    )


def test_everyday_yes_places_the_order(agentcli_home: Path) -> None:
    result = _checkout("sure, go ahead")
    assert result.exit_code == 0, result.output
    assert "is placed" in result.stdout
    assert "I can help you shop" not in result.stdout


def test_ok_is_a_yes(agentcli_home: Path) -> None:
    assert "is placed" in _checkout("ok").stdout


def test_let_me_think_is_a_no_and_changes_nothing(agentcli_home: Path) -> None:
    result = _checkout("hmm let me think")
    assert "OK, I won't place an order" in result.stdout
    assert "is placed" not in result.stdout
    assert cart(agentcli_home) == [("Notebook", 28.59, 1)]


def test_a_hesitation_asks_yes_or_no_again_and_the_yes_still_counts(agentcli_home: Path) -> None:
    result = _checkout("maybe", "yes please")
    assert "Please say yes or no" in result.stdout
    assert "is placed" in result.stdout


def test_a_polite_hand_off_reaches_a_person(agentcli_home: Path) -> None:
    result = chat(SIGN_IN, "could I speak with someone")
    assert "handing this conversation to a human" in result.stdout


def test_everyday_searches_find_what_exists(agentcli_home: Path) -> None:
    result = chat(
        "show me wireless earbuds under 250 bucks",
        "ok so what desk lamps have you got",
        "running shoes in size 10",
    )
    out = result.stdout
    assert "1. Wireless Earbuds" in out
    assert "1. Desk Lamp" in out
    assert "1. Running Shoes (size 10" in out
    assert "I found nothing" not in out


def test_a_price_bound_with_nothing_in_it_says_so_and_names_the_cheapest(
    agentcli_home: Path,
) -> None:
    out = chat("laptops under 300 dollars").stdout
    assert "I found no laptops under $300.00: the cheapest is $2,064.49" in out
    assert "Backpack" not in out


def test_cancel_keeps_the_thread_from_question_to_preview(agentcli_home: Path) -> None:
    result = chat(SIGN_IN, "I want to cancel an order", HARPER_PENDING, "by mistake", "yes")
    assert result.exit_code == 0, result.output
    assert "Which order should I cancel?" in result.stdout
    order = shop_order(agentcli_home, HARPER_PENDING)
    assert order["status"] == "cancelled"
    assert order["cancel_reason"] == "ordered by mistake"


def test_orders_are_listed_with_status_and_total(agentcli_home: Path) -> None:
    out = chat(SIGN_IN, "what have I ordered?").stdout
    assert f"{HARPER_PENDING}: pending, 4 items, total $4,569.40" in out


def test_an_unclear_line_gets_one_question_not_the_help_text(agentcli_home: Path) -> None:
    out = chat("what time do you close").stdout
    assert "Are you looking for a product" in out
    assert "I can help you shop" not in out


def test_a_pick_by_price_a_bare_position_and_x2_reach_the_cart(agentcli_home: Path) -> None:
    lines = [SIGN_IN, "find a water bottle", "add a water bottle", "the one for 47.76"]
    result = chat(*lines, "ok the seventh one pls", "add #3 x2")
    assert result.exit_code == 0, result.output
    expected = [(*BOTTLE_4, 1), ("Water Bottle", 49.3, 1), ("Water Bottle", 46.51, 2)]
    assert sorted(cart(agentcli_home)) == sorted(expected)


def test_a_bare_position_after_the_cart_is_not_an_add(agentcli_home: Path) -> None:
    result = chat(SIGN_IN, "find a water bottle", "add the first one", "show my cart", "the second")
    assert result.exit_code == 0, result.output
    assert cart(agentcli_home) == [("Water Bottle", 45.09, 1)]


def test_a_return_without_its_order_asks_which_and_carries_on(agentcli_home: Path) -> None:
    result = chat(SIGN_IN, "I want to return something", HARPER_DELIVERED, "yes")
    assert result.exit_code == 0, result.output
    assert "Which order is it from?" in result.stdout
    assert shop_order(agentcli_home, HARPER_DELIVERED)["status"] == "return requested"


def test_a_wish_that_names_nothing_gets_one_question_and_the_answer_searches() -> None:
    result = chat("I wanna buy something but idk what", "wireless earbuds, usd 250 max")
    assert result.exit_code == 0, result.output
    assert "What kind of thing" in result.stdout
    assert "Wireless Earbuds" in result.stdout and "Sorry, I didn't get that" not in result.stdout


def test_a_cart_edit_before_signing_in_asks_who_it_is(agentcli_home: Path) -> None:
    # items asked in by id were never shown by the shop: no name, no price to list them by
    result = chat("add item 9612497925 to my cart", "remove the bottle from my basket")
    assert result.exit_code == 0, result.output
    assert "could not work out what to do" not in result.stdout
    assert result.stdout.count("I need to know who you are first") == 2
