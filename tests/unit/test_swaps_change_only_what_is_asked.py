"""A swap changes only what the customer asked to change: a size the shoes are not made in is
said to be unmade (never matched loosely to other sizes), a sold-out variant is said to be sold
out, and a variant changing an option nobody named is asked about first, never proposed."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from agentcli.conversation import Conversation
from agentcli.planners.base import PlanningContext
from agentcli.planners.rules.intents import parse
from agentcli.planners.rules.order_swaps import with_product

CATALOGUE = Path(__file__).parents[2] / "sandbox" / "data" / "tau2_retail" / "db.json"
PRODUCTS = json.loads(CATALOGUE.read_text())["products"]
RUNNING_SHOES, NOTEBOOK = "6938111410", "2892623495"


def _swap(pid: str, item_id: str, words: list[str], status: str = "delivered") -> dict[str, Any]:
    product = PRODUCTS[pid]
    item = {**product["variants"][item_id], "name": product["name"]}
    conversation = Conversation(user_id="u1", user={"user_id": "u1", "payment_methods": {}})
    context = PlanningContext(" ".join(words), conversation)
    order = {"order_id": "#W1", "status": status, "payment_history": [{"payment_method_id": "g"}]}
    change = {"item": item, "new": list(words), "method": None, "order": order}
    [proposal] = with_product(context, change, product).proposals
    return dict(proposal)


def test_a_size_the_item_is_not_made_in_is_said_and_nothing_is_proposed() -> None:
    for status in ("delivered", "pending"):
        proposal = _swap(RUNNING_SHOES, "9791469541", ["size", "12"], status)
        assert proposal["action"] == "reply", proposal
        assert "size 12" in proposal["message"] and "8, 9 or 10" in proposal["message"]


def test_a_bare_number_is_the_one_numeric_option() -> None:
    proposal = _swap(RUNNING_SHOES, "9791469541", ["12"])
    assert proposal["action"] == "reply" and "size 12" in proposal["message"], proposal


def test_a_variant_changing_options_nobody_named_is_asked_about_not_proposed() -> None:
    for status in ("delivered", "pending"):
        proposal = _swap(RUNNING_SHOES, "9791469541", ["size", "10"], status)
        assert proposal["action"] == "ask_clarification", proposal
        question = proposal["question"]
        assert "color yellow" in question and "white" in question and "leather" in question
    proposal = _swap(RUNNING_SHOES, "9791469541", ["black"])  # size 9 synthetic rubber kept
    assert proposal["action"] == "exchange_items", proposal
    assert proposal["new_item_ids"] == ["4107812777"]


def test_a_sold_out_variant_is_said_to_be_sold_out_and_nothing_else_offered() -> None:
    proposal = _swap(NOTEBOOK, "7579176349", ["a6"])
    assert proposal["action"] == "reply", proposal
    assert "out of stock" in proposal["message"] and "A6" in proposal["message"]


ESPRESSO = "4354588079"


def test_the_exact_same_item_keeps_every_option_not_only_its_looks() -> None:
    item_id = "7806008610"  # capsule 1L: automatic comes only in 2L
    line = "the exact same machine but automatic".split()
    proposal = _swap(ESPRESSO, item_id, line)
    assert proposal["action"] == "ask_clarification", proposal
    assert "capacity" in proposal["question"]
    assert _swap(ESPRESSO, item_id, ["automatic"])["action"] == "exchange_items"


def test_a_yes_takes_the_one_variant_asked_about() -> None:
    for line in ("yes please", "yes, that's fine"):
        intent = parse(line, "change_choice")
        assert intent.kind == "change_pick" and intent.params["yes"], (line, intent)


def test_shoes_that_pinch_are_a_fit_complaint_asking_for_a_swap() -> None:
    intent = parse("the running shoes from my last order pinch, I want them in size 11")
    assert intent.kind == "change_which" and intent.params["new"] == ["size", "11"], intent


def test_the_word_after_a_yes_no_option_is_no_value_of_it() -> None:
    # 'same synthetic non-waterproof ones? any money back': 'any' is not a waterproofness
    words = ["size", "12", "synthetic", "non-waterproof", "any"]  # as the line is read
    proposal = _swap("7363354090", "3613716226", words)
    assert proposal["action"] == "exchange_items", proposal
    assert proposal["new_item_ids"] == ["4582956489"]
