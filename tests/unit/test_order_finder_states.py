"""An order named by an item in it: the one order the change is allowed in, and no more reads
than one turn affords."""

from __future__ import annotations

from typing import Any

from agentcli.planners.base import PlannerOutput
from agentcli.planners.rules import order_finder
from agentcli.planners.rules.phrases import Intent

PUZZLE_RETURN = Intent(
    "change_which", {"kind": "order_return", "order_item": ["puzzle"], "groups": [["puzzle"]]}
)


def read_all(orders: dict[str, tuple[str, list[str]]]) -> dict[str, Any]:
    return {
        "order_items": {o: names for o, (_, names) in orders.items()},
        "order_states": {o: state for o, (state, _) in orders.items()},
    }


def test_of_two_orders_holding_the_item_the_one_the_change_is_allowed_in_is_taken() -> None:
    memory = read_all(
        {
            "#W1": ("delivered", ["jigsaw puzzle"]),
            "#W2": ("cancelled", ["jigsaw puzzle"]),
            "#W3": ("pending", ["notebook"]),
        }
    )
    found = order_finder.find(memory, ["#W1", "#W2", "#W3"], PUZZLE_RETURN)
    assert isinstance(found, Intent)
    assert found.kind == "order_return" and found.params["order_id"] == "#W1"


def test_with_two_orders_the_change_is_allowed_in_the_agent_asks() -> None:
    memory = read_all(
        {"#W1": ("delivered", ["jigsaw puzzle"]), "#W2": ("delivered", ["jigsaw puzzle"])}
    )
    found = order_finder.find(memory, ["#W1", "#W2"], PUZZLE_RETURN)
    assert isinstance(found, Intent) and found.kind == "change_which"
    assert "order_id" not in found.params


def test_a_swap_reads_at_most_five_orders_at_once_to_find_its_item() -> None:
    swap = Intent("change_which", {"kind": "order_swap", "order_item": ["backpack"], "old": []})
    five = order_finder.find({}, [f"#W{n}" for n in range(5)], swap)
    assert isinstance(five, PlannerOutput)  # reads them all in one step
    assert [p["order_id"] for p in five.proposals] == [f"#W{n}" for n in range(5)]
    six = order_finder.find({}, [f"#W{n}" for n in range(6)], swap)
    assert isinstance(six, Intent) and "order_item" not in six.params  # asks which order


def test_an_order_named_by_several_items_joined_is_named_by_the_first() -> None:
    from agentcli.planners.rules.order_finder import item_words

    assert item_words("the kettle and water bottle order was a mistake") == ["kettle"]
    assert item_words("the espresso machine + laptop one. no longer needed") == [
        "espresso",
        "machine",
    ]
    assert item_words("cancel my speaker & gaming mouse order") == ["speaker"]
    assert item_words("cancel my order and the headphones one") == ["headphones"]


def test_an_exchange_of_an_item_a_pending_and_a_delivered_order_hold_is_of_the_delivered() -> None:
    swap = Intent(
        "change_which",
        {"kind": "order_swap", "order_item": ["skateboard"], "old": ["skateboard"]},
    )
    orders = {"#W1": ("pending", ["skateboard"]), "#W2": ("delivered", ["skateboard"])}
    said = "can I exchange my skateboard for the bamboo 28 inch graphic one"
    bamboo = Intent(swap.kind, {**swap.params, "new": ["bamboo", "28", "inch", "graphic"]})
    found = order_finder.find(read_all(orders), ["#W1", "#W2"], bamboo, said)
    assert isinstance(found, Intent) and found.params["order_id"] == "#W2"
    vague = Intent(swap.kind, {**swap.params, "new": ["different"]})  # 'for different ones'
    found = order_finder.find(read_all(orders), ["#W1", "#W2"], vague, said)
    assert isinstance(found, Intent) and "order_id" not in found.params
    changed = "can I change my skateboard to the bamboo 28 inch graphic one"
    found = order_finder.find(read_all(orders), ["#W1", "#W2"], bamboo, changed)
    assert isinstance(found, Intent) and "order_id" not in found.params
