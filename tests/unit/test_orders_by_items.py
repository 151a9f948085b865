"""Orders and their items named by what was bought: a status asked of an item, an item named by
its options across the orders, a swap said as a mistake or a wish, and a cancel of an order
that is no longer pending."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest

from agentcli.conversation import Conversation, Observation
from agentcli.planners.base import PlanningContext
from agentcli.planners.rules import RulesPlanner, order_finder
from agentcli.planners.rules.intents import parse
from agentcli.planners.rules.order_finder import asked_after
from agentcli.planners.rules.order_swaps import _letter_sizes, with_product
from agentcli.planners.rules.order_wishes import wish
from agentcli.planners.rules.phrases import Intent


def read_all(orders: dict[str, tuple[str, list[tuple[str, str]]]]) -> dict[str, Any]:
    """The memory of orders already read: each order's state, item names and option values."""
    return {
        "order_items": {o: [name for name, _ in items] for o, (_, items) in orders.items()},
        "order_item_values": {o: [v for _, v in items] for o, (_, items) in orders.items()},
        "order_states": {o: state for o, (state, _) in orders.items()},
    }


def swap_of(*words: str) -> Intent:
    return Intent(
        "change_which", {"kind": "order_swap", "order_item": list(words), "old": list(words)}
    )


@pytest.mark.parametrize(
    ("line", "item"),
    [
        ("did my headphones ship", ["headphones"]),
        ("did the kettle arrive yet?", ["kettle"]),
        ("do my running shoes ship today", ["running", "shoes"]),
    ],
)
def test_a_question_whether_an_item_shipped_names_the_item(line: str, item: list[str]) -> None:
    assert asked_after(line) == item
    assert parse(line).kind == "order_status"


def test_an_item_named_by_an_option_value_finds_the_order_holding_it() -> None:
    memory = read_all(
        {
            "#W1": ("pending", [("headphones", "on-ear wireless red")]),
            "#W2": ("delivered", [("headphones", "on-ear wireless white"), ("pet bed", "large")]),
        }
    )
    found = order_finder.find(memory, ["#W1", "#W2"], swap_of("white", "headphones"))
    assert isinstance(found, Intent) and found.params["order_id"] == "#W2"


def test_an_everyday_name_and_a_colour_find_the_one_order() -> None:
    memory = read_all(
        {
            "#W1": ("delivered", [("laptop", "13-inch i7"), ("t-shirt", "purple s polyester")]),
            "#W2": ("processed", [("sunglasses", "black brown")]),
        }
    )
    back = Intent("change_which", {"kind": "order_return", "order_item": ["purple", "tshirt"]})
    found = order_finder.find(memory, ["#W1", "#W2"], back)
    assert isinstance(found, Intent) and found.params["order_id"] == "#W1"


def test_an_option_word_no_item_has_still_lets_the_item_name_find_the_order() -> None:
    memory = read_all({"#W1": ("delivered", [("office chair", "fabric blue")])})
    found = order_finder.find(memory, ["#W1"], swap_of("black", "office", "chair"))
    assert isinstance(found, Intent) and found.params["order_id"] == "#W1"


@pytest.mark.parametrize(
    ("line", "old", "new"),
    [
        (
            "i picked the white earbuds by mistake, i wanted the blue ones with IPX4",
            ["white", "earbuds"],
            ["blue", "ipx4"],
        ),
        ("we accidentally ordered the small pet bed, i meant the large one", None, ["large"]),
        ("i ordered the wrong size tshirt, XXL is huge, can u make it XL", ["t-shirt"], ["xl"]),
        (
            "love the keyboard but i want the RGB one instead, same linear switches",
            ["keyboard"],
            ["rgb", "linear", "switches"],
        ),
        ("the kettle is fine, though i'd prefer the black one instead", ["kettle"], ["black"]),
        ("can I get the thermostat in black instead of the Google one?", None, ["black"]),
        ("I clicked the 1L kettle by accident, wanted the 1.5L one", ["1l", "kettle"], ["1.5l"]),
        ("i got the hiking boots in the wrong size, i need a 9", ["hiking", "boots"], ["9"]),
        (
            "the grinder works fine but i'd rather have the manual one instead",
            ["grinder"],
            ["manual"],
        ),
        (
            "the skateboard i got is 34 inch, wanted the 31 inch one",
            ["skateboard", "34", "inch"],  # what it is names the one of several skateboards
            ["31", "inch"],
        ),
        ("the jacket that came is a medium but i ordered a large", ["jacket", "medium"], ["large"]),
        (
            "the smart watch i got has an LCD screen, i wanted AMOLED",
            ["smart", "watch", "lcd", "screen"],
            ["amoled"],
        ),
        ("wrong size on the cycling helmet, need a medium", ["cycling", "helmet"], ["medium"]),
        ("make the black tee an XL", ["black", "t-shirt"], ["xl"]),
        ("could the tea kettle be the 1.5 liter one instead", ["tea", "kettle"], ["1.5", "liter"]),
    ],
)
def test_a_swap_said_as_a_mistake_or_a_wish(
    line: str, old: list[str] | None, new: list[str]
) -> None:
    read = wish(line)
    assert read is not None
    assert read[1] == new
    if old is not None:
        assert read[0] == old


@pytest.mark.parametrize(
    "line",
    [
        "i ordered the lamp by mistake",
        "i got the wrong colour again",
        "i love the lamp",
        "the skateboard i got is 34 inch",
        "my phone is 2 years old and i need a new one",
        "the lamp is fine and i want the blue one too",
    ],
)
def test_no_wish_for_another_is_no_swap(line: str) -> None:
    assert wish(line) is None


def test_a_mistake_in_a_named_order_is_an_item_change_there() -> None:
    intent = parse("in W6790887 i picked the white earbuds by mistake, i wanted the blue ones")
    assert intent.kind == "order_swap"
    assert intent.params["order_id"] == "#W6790887"
    assert intent.params["old"] == ["white", "earbuds"]


def test_a_wish_said_as_a_question_about_stock_is_a_swap_when_it_says_instead() -> None:
    conversation = Conversation(user_id="u1", user={"user_id": "u1", "orders": ["#W1"]})
    line = "can i get the running shoes in white instead? same size"
    output = asyncio.run(RulesPlanner().plan(PlanningContext(line, conversation)))
    assert output.proposals == [{"action": "get_order", "order_id": "#W1"}]


def plan(conversation: Conversation, line: str, *seen: Observation) -> list[Any]:
    context = PlanningContext(line, conversation, observations=list(seen))
    return asyncio.run(RulesPlanner().plan(context)).proposals


def test_a_cancel_reads_the_order_and_a_delivered_one_gets_no_reason_question() -> None:
    conversation = Conversation(user_id="u1", user={"user_id": "u1", "orders": ["#W0000001"]})
    read = {"action": "get_order", "order_id": "#W0000001"}
    assert plan(conversation, "cancel W0000001") == [read]
    order = {"order_id": "#W0000001", "status": "delivered", "items": []}
    seen = Observation("get_order", {"order_id": "#W0000001"}, True, order)
    [said] = plan(conversation, "cancel W0000001", seen)
    assert said["action"] == "reply" and "delivered" in said["message"]
    assert "return" in said["message"]


def test_a_cancel_of_a_pending_order_asks_the_reason_once_it_is_read() -> None:
    conversation = Conversation(user_id="u1", user={"user_id": "u1", "orders": ["#W0000002"]})
    assert plan(conversation, "cancel W0000002") == [
        {"action": "get_order", "order_id": "#W0000002"}
    ]
    order = {"order_id": "#W0000002", "status": "pending", "items": []}
    seen = Observation("get_order", {"order_id": "#W0000002"}, True, order)
    [asked] = plan(conversation, "cancel W0000002", seen)
    assert asked["action"] == "ask_clarification" and "Why" in asked["question"]


def test_the_orders_are_read_at_once_and_the_one_holding_the_item_goes_on() -> None:
    memory: dict[str, Any] = {}
    found = order_finder.find(memory, ["#W1", "#W2"], swap_of("kettle"))
    assert [p["order_id"] for p in getattr(found, "proposals", [])] == ["#W1", "#W2"]
    seen = [
        Observation("get_order", {"order_id": o}, True, {"order_id": o, "status": s, "items": i})
        for o, s, i in (
            ("#W1", "pending", [{"name": "Desk Lamp", "options": {"color": "white"}}]),
            ("#W2", "delivered", [{"name": "Electric Kettle", "options": {"color": "black"}}]),
        )
    ]
    went_on = order_finder.after(memory, seen[-1], seen)
    assert isinstance(went_on, Intent) and went_on.params["order_id"] == "#W2"
    assert memory["order_states"] == {"#W1": "pending", "#W2": "delivered"}


def test_an_option_value_alone_names_no_item() -> None:
    memory = read_all({"#W1": ("pending", [("digital camera", "24mp 3x sd card")])})
    payment = Intent("change_which", {"kind": "order_payment", "order_item": ["different", "card"]})
    found = order_finder.find(memory, ["#W1"], payment)
    assert isinstance(found, Intent) and "order_id" not in found.params


def test_several_orders_holding_the_item_are_the_ones_offered() -> None:
    memory = read_all(
        {
            "#W1": ("pending", [("sunglasses", "black brown")]),
            "#W2": ("delivered", [("sunglasses", "brown brown")]),
            "#W3": ("pending", [("notebook", "a5")]),
        }
    )
    found = order_finder.find(memory, ["#W1", "#W2", "#W3"], swap_of("sunglasses"))
    assert isinstance(found, Intent) and found.params["candidates"] == ["#W1", "#W2"]
    asked = Intent("order_status", {"order_id": None, "order_item": ["sunglasses"]})
    status = order_finder.find(memory, ["#W1", "#W2", "#W3"], asked)
    assert isinstance(status, Intent) and status.kind == "orders_at_once"
    assert status.params["order_ids"] == ["#W1", "#W2"]


def test_the_state_said_picks_among_the_orders_holding_the_item() -> None:
    memory = read_all(
        {"#W1": ("pending", [("pet bed", "small")]), "#W2": ("delivered", [("pet bed", "large")])}
    )
    swap = Intent(
        "change_which",
        {"kind": "order_swap", "order_item": ["pet", "bed"], "old": [], "state": "pending"},
    )
    found = order_finder.find(memory, ["#W1", "#W2"], swap)
    assert isinstance(found, Intent) and found.params["order_id"] == "#W1"


@pytest.mark.parametrize(("said", "letter"), [("medium", "m"), ("extra large", "xl")])
def test_a_size_in_words_is_the_letter_of_an_item_sized_in_letters(said: str, letter: str) -> None:
    tee = {"options": {"color": "black", "size": "XXL"}}
    assert _letter_sizes(tee, said.split()) == [letter]
    bed = {"options": {"size": "small"}}
    assert _letter_sizes(bed, said.split()) == said.split()


def test_a_change_in_my_pending_order_names_the_item_not_the_state() -> None:
    intent = parse("can u change the pet bed in my pending order to the large one")
    assert intent.kind == "change_which"
    assert intent.params["order_item"] == ["pet", "bed"] and intent.params["state"] == "pending"


@pytest.mark.parametrize(
    ("said", "name"),
    [
        (["keybaord"], "mechanical keyboard"),
        (["hoover"], "vacuum cleaner"),
        (["shades"], "sunglasses"),
    ],
)
def test_a_slip_or_an_everyday_name_finds_the_order_holding_the_item(
    said: list[str], name: str
) -> None:
    memory = read_all(
        {"#W1": ("pending", [("notebook", "a5")]), "#W2": ("delivered", [(name, "")])}
    )
    asked = Intent("order_status", {"order_id": None, "order_item": said})
    found = order_finder.find(memory, ["#W1", "#W2"], asked)
    assert isinstance(found, Intent) and found.params["order_id"] == "#W2"


@pytest.mark.parametrize(
    ("line", "item"),
    [
        ("is the wall clock still coming?", ["wall", "clock"]),
        ("when is my laptop arriving", ["laptop"]),
        ("are my headphones delayed", ["headphones"]),
    ],
)
def test_an_item_still_awaited_is_a_question_about_its_order(line: str, item: list[str]) -> None:
    assert asked_after(line) == item


def test_a_fault_of_an_item_in_my_order_with_a_wish_is_a_swap() -> None:
    intent = parse("the yoga mat in my order is the wrong colour, i wanted purple")
    assert intent.kind == "change_which" and intent.params["kind"] == "order_swap"
    assert intent.params["order_item"] == ["yoga", "mat"] and intent.params["new"] == ["purple"]


def test_the_order_asked_for_may_be_named_by_its_state() -> None:
    intent = parse("the delivered one", "change_order_id")
    assert intent.kind == "change_order_given" and intent.params["state"] == "delivered"
    conversation = Conversation(
        user_id="u1",
        user={"user_id": "u1", "orders": ["#W0000001", "#W0000002", "#W0000003"]},
        memory={
            "awaiting": "change_order_id",
            "order_ids": ["#W0000001", "#W0000002"],
            "order_states": {"#W0000001": "pending", "#W0000002": "delivered"},
            "order_pending": {"kind": "order_swap", "old": ["sunglasses"], "new": ["silver"]},
        },
    )
    assert plan(conversation, "the delivered one") == [
        {"action": "get_order", "order_id": "#W0000002"}
    ]


def test_a_swap_for_a_different_one_asks_which_rather_than_picking_the_closest() -> None:
    item = {"item_id": "1", "name": "Sunglasses", "options": {"frame": "black", "lens": "brown"}}
    variants = {
        v["item_id"]: v
        for v in (
            {**item, "price": 10.0, "available": True},
            {"item_id": "2", "options": {"frame": "black", "lens": "green"}, "price": 11.0},
            {"item_id": "3", "options": {"frame": "silver", "lens": "blue"}, "price": 12.0},
        )
    }
    for v in variants.values():
        v["available"] = True
    conversation = Conversation(user_id="u1", user={"user_id": "u1", "orders": []})
    context = PlanningContext("swap it for a different one", conversation)
    change = {"item": item, "new": ["different"], "method": None}
    [asked] = with_product(context, change, {"variants": variants}).proposals
    assert asked["action"] == "ask_clarification" and "Which Sunglasses" in asked["question"]


@pytest.mark.parametrize(
    ("line", "item"),
    [
        (
            "the tracking says my laptop was delivered but can you double check that order",
            ["laptop"],
        ),
        ("the app says our sofa has shipped, is that right?", ["sofa"]),
        ("tracking says my kettle was delivered, i need someone to look into this", []),
        ("I want something to track my steps and heart rate", []),
    ],
)
def test_an_item_a_tracking_report_names_is_asked_after_unless_a_person_is(
    line: str, item: list[str]
) -> None:
    assert asked_after(line) == item
