"""Which items a return, exchange or item change means: a quantity word takes every unit of an
item, an item said to be kept stays, an item named alone after a return was asked for is the
item to return, a swap keeps the options said of the item, and amounts match in any unit."""

from __future__ import annotations

import asyncio
from typing import Any

from agentcli.conversation import Conversation, Observation
from agentcli.planners.base import PlannerOutput, PlanningContext
from agentcli.planners.rules.change_params import return_params, swap_params
from agentcli.planners.rules.intents import parse
from agentcli.planners.rules.item_answers import as_item
from agentcli.planners.rules.option_amounts import as_offered
from agentcli.planners.rules.order_items import with_order
from agentcli.planners.rules.order_swaps import with_product
from agentcli.planners.rules.phrases import Intent
from agentcli.planners.rules.planner import RulesPlanner
from agentcli.planners.rules.swap_wishes import swap_wish


def _customer(*orders: str) -> Conversation:
    return Conversation(
        user_id="u1", user={"user_id": "u1", "orders": list(orders), "payment_methods": {}}
    )


def _item(item_id: str, name: str, **options: str) -> dict[str, Any]:
    return {"item_id": item_id, "product_id": "p1", "name": name, "price": 10.0, "options": options}


def _order(order_id: str, status: str, *items: dict[str, Any]) -> dict[str, Any]:
    return {
        "order_id": order_id,
        "status": status,
        "items": list(items),
        "payment_history": [{"payment_method_id": "g"}],
    }


def _returned(line: str, order: dict[str, Any]) -> list[str]:
    change = {"kind": "order_return", **return_params(line.lower(), order["order_id"])}
    context = PlanningContext(line, _customer(order["order_id"]))
    [proposal] = with_order(context, change, order).proposals
    assert isinstance(proposal, dict) and proposal["action"] == "return_items", proposal
    return list(proposal["item_ids"])


TEE = _item("2060066974", "T-Shirt", color="black", size="XL")
CAMERA = _item("4326528037", "Digital Camera", resolution="24MP")
ESPRESSO = _item("3951031513", "Espresso Machine", capacity="1.5L")
READER = _item("6268080249", "E-Reader", storage="8GB")
MOUSE = _item("1111111111", "Gaming Mouse", color="white")


def test_a_quantity_word_takes_every_unit_of_the_item() -> None:
    order = _order("#W7532822", "delivered", TEE, CAMERA, TEE)
    for line in (
        "I want to return both of the black t-shirts from my order #W7532822",
        "send back the two tees from W7532822",
        "return 2 of the black t-shirts in W7532822",
        "return all the t-shirts from W7532822",
    ):
        assert _returned(line, order) == [TEE["item_id"]] * 2, line
    assert _returned("return the black t-shirt from W7532822", order) == [TEE["item_id"]]


def test_an_item_said_to_be_kept_stays() -> None:
    order = _order("#W9588597", "delivered", ESPRESSO, READER)
    for line in (
        "I want to return the e-reader from W9588597, keeping the espresso machine",
        "please return W9588597 but I'll keep the espresso machine",
        "return everything in W9588597 except the espresso machine",
        "return everything but the espresso machine from W9588597",
    ):
        assert _returned(line, order) == [READER["item_id"]], line
    three = _order("#W1", "delivered", ESPRESSO, READER, MOUSE)
    assert _returned("send back the mouse and the e-reader, not the espresso machine", three) == [
        MOUSE["item_id"],
        READER["item_id"],
    ]
    assert return_params("return the keyboard, keys keep sticking", "#W1")["keep"] == []


BOOTS = {
    "1615379700": {"size": "10", "material": "synthetic", "waterproof": "yes", "available": True},
    "8106223139": {"size": "9", "material": "leather", "waterproof": "yes", "available": True},
    "7228247242": {"size": "10", "material": "leather", "waterproof": "yes", "available": False},
    "6159919747": {"size": "11", "material": "leather", "waterproof": "yes", "available": True},
    "6546364613": {"size": "11", "material": "synthetic", "waterproof": "no", "available": True},
}


def _swapped(item_id: str, line: str) -> dict[str, Any]:
    variants = {
        i: {
            "item_id": i,
            "price": 1.0,
            "options": {k: v for k, v in o.items() if k != "available"},
            **o,
        }
        for i, o in BOOTS.items()
    }
    product = {"product_id": "p1", "variants": variants}
    item = {"item_id": item_id, "name": "Hiking Boots", "options": variants[item_id]["options"]}
    order = _order("#W1", "delivered", item)
    change = {**swap_params(line, "#W1"), "item": item, "order": order}
    [proposal] = with_product(PlanningContext(line, _customer("#W1")), change, product).proposals
    return dict(proposal)


def test_a_swap_keeps_the_options_said_of_the_item() -> None:
    asked = _swapped("8106223139", "could I exchange my leather hiking boots for a size 10?")
    assert asked["action"] == "ask_clarification"
    assert "keeps material leather" in asked["question"]
    said = _swapped("8106223139", "could I exchange my hiking boots for a size 10?")
    assert said["new_item_ids"] == ["1615379700"]  # no material said: the size decides
    kept = _swapped("8106223139", "swap my leather boots for an 11")
    assert kept["new_item_ids"] == ["6159919747"]


def test_the_item_is_named_without_what_is_said_of_it() -> None:
    line = (
        "the leather boots from my last delivery are a size too small, can I swap them for an 11?"
    )
    assert swap_params(line.lower(), "")["old"] == ["leather", "boots", "last", "delivery"]
    line = "the kettle i just ordered is the 2 litre one, can you change it to the 1l"
    assert swap_params(line, "")["old"] == ["kettle", "2", "liter"]


def test_amounts_match_in_any_unit_spelling() -> None:
    kettles = ["2L", "1L", "1.5L"]
    assert as_offered(["the", "1", "liter"], kettles) == ["the", "1l"]
    assert as_offered(["1.5", "litres"], kettles) == ["1.5l"]
    assert as_offered(["1l"], ["1 liter", "1.5 liters"]) == ["1", "liter"]
    assert as_offered(["500", "ml"], ["750ml", "500ml"]) == ["500ml"]
    assert as_offered(["size", "10"], ["10-inch"]) == ["size", "10"]  # no unit: left as said


def _plan(conversation: Conversation, line: str, *seen: Observation) -> PlannerOutput:
    if not seen:
        conversation.turn += 1
    context = PlanningContext(line, conversation, observations=list(seen))
    return asyncio.run(RulesPlanner().plan(context))


def _read(order: dict[str, Any]) -> Observation:
    return Observation("get_order", {"order_id": order["order_id"]}, True, order)


def test_an_item_named_alone_after_a_return_was_asked_for_is_returned() -> None:
    mat = _item("6195938807", "Yoga Mat", color="green")
    first = _order("#W1", "delivered", mat, CAMERA)
    second = _order("#W2", "delivered", READER)
    conversation = _customer("#W1", "#W2")
    asked = _plan(conversation, "I'd like to return something").proposals[0]
    assert asked["action"] == "ask_clarification"
    reads = _plan(conversation, "the yoga mat").proposals
    assert [r["action"] for r in reads] == ["get_order", "get_order"]
    [proposal] = _plan(conversation, "", _read(first), _read(second)).proposals
    assert proposal["action"] == "return_items" and proposal["item_ids"] == [mat["item_id"]]


def test_a_search_after_a_return_stays_a_search_when_no_order_holds_it() -> None:
    conversation = _customer("#W1")
    _plan(conversation, "I'd like to return something")
    _plan(conversation, "the yoga mat")  # the only order is read to find the mat
    output = _plan(conversation, "", _read(_order("#W1", "delivered", READER, CAMERA)))
    assert output.proposals[0]["action"] == "search_products"


def test_an_item_answer_may_say_why_or_what_instead() -> None:
    mat = _item("6195938807", "Yoga Mat", color="green")
    conversation = _customer("#W1", "#W2")
    _plan(conversation, "I'd like to return something")
    _plan(conversation, "the yoga mat, it smells weird")
    reads = [_read(_order("#W1", "delivered", mat)), _read(_order("#W2", "delivered", READER))]
    [proposal] = _plan(conversation, "", *reads).proposals
    assert proposal["action"] == "return_items" and proposal["item_ids"] == [mat["item_id"]]
    conversation = _customer("#W1", "#W2")
    _plan(conversation, "can I exchange something")
    _plan(conversation, "the yoga mat, I want a blue one")
    _plan(conversation, "", *reads)
    assert conversation.memory["order_change"]["new"] == ["blue"]
    conversation = _customer("#W1")
    _plan(conversation, "I'd like to return something")
    output = _plan(conversation, "the yoga mat, and find me a new one")
    assert output.proposals[0]["action"] == "search_products"


def test_an_amount_in_another_unit_of_the_same_measure_matches() -> None:
    assert as_offered(["1", "litre"], ["500ml", "1000ml"]) == ["1000ml"]
    assert as_offered(["1tb"], ["512GB", "1000GB"]) == ["1000gb"]
    assert as_offered(["2", "liters"], ["500ml", "1000ml"]) == ["2", "liters"]


def test_a_swap_said_as_the_item_becoming_another_or_as_a_possible_wish() -> None:
    assert swap_wish("the glass kettle i ordered, can it be the 2 litre one instead?") == (
        ["glass", "kettle"],
        ["2", "liter"],
    )
    line = "would it be possible to get the 1.5 liter electric kettle instead of the 1 liter one"
    assert swap_wish(f"{line} in my pending order") == (
        ["1", "liter", "electric", "kettle"],  # the old said as an amount: the new's item
        ["1.5", "liter", "electric", "kettle"],
    )
    assert swap_wish("i want the blue one instead of the red one in my order") == (
        ["red"],
        ["blue"],
    )


def test_a_kept_item_said_first_and_both_at_the_end_of_a_clause() -> None:
    order = _order("#W1633718", "delivered", ESPRESSO, READER)
    for line in (
        "return the e-reader from W1633718, the espresso machine stays",
        "send W1633718 back, the espresso machine can stay",
    ):
        assert _returned(line, order) == [READER["item_id"]], line
    tees = _order("#W7532822", "delivered", TEE, CAMERA, TEE)
    line = "I got two black t-shirts in W7532822 by mistake, can I return both?"
    assert _returned(line, tees) == [TEE["item_id"]] * 2


def test_an_amount_said_of_the_item_is_kept_too() -> None:
    kettles = {
        "1": {"capacity": "2L", "material": "glass", "available": True},
        "2": {"capacity": "1L", "material": "plastic", "available": True},
        "3": {"capacity": "2L", "material": "plastic", "available": False},
    }
    variants = {
        i: {
            "item_id": i,
            "price": 1.0,
            "options": {k: v for k, v in o.items() if k != "available"},
            **o,
        }
        for i, o in kettles.items()
    }
    product = {"product_id": "p1", "variants": variants}
    item = {"item_id": "1", "name": "Electric Kettle", "options": variants["1"]["options"]}
    line = "swap my 2 litre kettle for a plastic one"
    change = {**swap_params(line, "#W1"), "item": item, "order": _order("#W1", "delivered", item)}
    [asked] = with_product(PlanningContext(line, _customer("#W1")), change, product).proposals
    assert asked["action"] == "ask_clarification" and "keeps capacity 2L" in asked["question"]


def test_an_ordered_item_made_into_another_is_a_swap() -> None:
    intent = parse("i ordered the 2L kettle, make it 1 litre please")
    assert intent.kind == "change_which" and intent.params["kind"] == "order_swap"
    assert intent.params["old"] == ["2l", "kettle"] and intent.params["new"] == ["1", "liter"]
    assert parse("in W7752859 the kettle, make it the 1L").kind == "order_swap"
    assert parse("add 2 of them, make it 3").kind == "set_quantity"  # a cart's correction


def test_one_more_item_is_no_item_answer() -> None:
    change = {"kind": "order_return", "method": None, "new": []}
    search = Intent("search", {"query": "mug"})
    for line in ("and the mug too", "the mug as well", "also the mug"):
        assert as_item(line, search, change) is None, line
    assert as_item("the mug", search, change) is not None
