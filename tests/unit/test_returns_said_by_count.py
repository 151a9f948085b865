"""Every item of an order said by a count of things ('both things', 'the two items'), plurals
in -es ('both toothbrushes', 'the two boxes') naming each unit, and an order's address amended
in other verbs ('amend', 'alter', 'edit')."""

from __future__ import annotations

from typing import Any

from agentcli.conversation import Conversation
from agentcli.planners.base import PlanningContext
from agentcli.planners.rules.change_params import return_params
from agentcli.planners.rules.intents import parse
from agentcli.planners.rules.order_items import singulars, with_order


def _item(item_id: str, name: str, **options: str) -> dict[str, Any]:
    return {"item_id": item_id, "product_id": "p1", "name": name, "price": 10.0, "options": options}


def _returned(line: str, order: dict[str, Any]) -> list[str]:
    change = {"kind": "order_return", **return_params(line.lower(), order["order_id"])}
    conversation = Conversation(
        user_id="u1", user={"user_id": "u1", "orders": [order["order_id"]], "payment_methods": {}}
    )
    [proposal] = with_order(PlanningContext(line, conversation), change, order).proposals
    assert isinstance(proposal, dict) and proposal["action"] == "return_items", proposal
    return list(proposal["item_ids"])


def _order(*items: dict[str, Any]) -> dict[str, Any]:
    return {
        "order_id": "#W1000001",
        "status": "delivered",
        "items": list(items),
        "payment_history": [{"payment_method_id": "g"}],
    }


BRUSH = _item("1000000001", "Electric Toothbrush", color="blue")
BRUSH_TOO = _item("1000000002", "Electric Toothbrush", color="white")
KETTLE = _item("1000000003", "Electric Kettle", capacity="1.5L")
SPEAKER = _item("1000000004", "Bluetooth Speaker", color="black")


def test_every_item_said_by_a_count_of_things() -> None:
    order = _order(SPEAKER, KETTLE)
    for line in (
        "i want to send back both things from my order",
        "return the two items please",
        "please take back both of the products",
    ):
        assert _returned(line, order) == [SPEAKER["item_id"], KETTLE["item_id"]], line


def test_a_plural_in_es_names_each_unit_and_no_other_item() -> None:
    order = _order(BRUSH, KETTLE, BRUSH_TOO)
    line = "Both electric toothbrushes need to go back, they never worked"
    assert _returned(line, order) == [BRUSH["item_id"], BRUSH_TOO["item_id"]]
    assert "box" in singulars("boxes") and "watch" in singulars("watches")


def test_an_order_address_amended_in_other_verbs() -> None:
    for line in (
        "Could you please amend the delivery address on my order to 14 Harbour View, "
        "San Diego, CA 92101",
        "please alter the shipping address on my order to 5 Elm St, Austin, TX 78701",
    ):
        intent = parse(line, None)
        assert intent.kind == "change_which" and intent.params["kind"] == "order_address", line


def test_items_that_have_to_go_back_are_returned() -> None:
    for line in (
        "both smart watches have to go back, they keep losing connection",
        "the blender needs to go back",
    ):
        intent = parse(line, None)
        assert intent.params.get("kind") == "order_return" or intent.kind == "order_return", line
