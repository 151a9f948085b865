"""Order lines as people say them in passing: a state asked with a maybe after it, orders
still to come, a cancel said as a mistake, 'give back' returns, and the item and refund named
with the order a return's question asked for."""

from __future__ import annotations

import pytest

from agentcli.planners.rules import order_states
from agentcli.planners.rules.change_params import groups
from agentcli.planners.rules.hedges import question_before
from agentcli.planners.rules.intents import parse
from agentcli.planners.rules.order_changes import _said_with_order


@pytest.mark.parametrize(
    "line",
    [
        "do I have anything that hasn't arrived yet?",
        "what hasn't been delivered yet?",
        "which of my orders are yet to arrive",
        "am I still waiting on anything?",
        "any orders not delivered yet?",
    ],
)
def test_orders_not_arrived_yet_are_listed_as_those_still_to_come(line: str) -> None:
    intent = parse(line)
    assert intent.kind == "my_orders"
    assert intent.params["state"] == order_states.UNDELIVERED


def test_an_order_still_to_come_is_pending_or_processed() -> None:
    assert order_states.fits("pending", order_states.UNDELIVERED)
    assert order_states.fits("processed", order_states.UNDELIVERED)
    assert not order_states.fits("delivered", order_states.UNDELIVERED)
    assert not order_states.fits("cancelled", order_states.UNDELIVERED)
    assert order_states.fits("pending", "pending") and not order_states.fits("pending", "processed")
    memory = {"order_states": {"#W1": "pending", "#W2": "delivered", "#W3": "processed"}}
    still = order_states.in_state(memory, ["#W1", "#W2", "#W3"], order_states.UNDELIVERED)
    assert still == ["#W1", "#W3"]


def test_an_item_that_has_not_arrived_names_its_order_not_a_list() -> None:
    intent = parse("my blender hasn't arrived yet")
    assert intent.kind == "order_status" and intent.params["order_item"][0] == "blender"


@pytest.mark.parametrize(
    ("line", "item"),
    [
        ("is the laptop order still pending? i might change it", ["laptop"]),
        (
            "quick q - has my kettle order gone out yet? might have to change the address",
            ["kettle"],
        ),
        ("is the tea kettle still pending? i might cancel", ["tea", "kettle"]),
        ("the gaming mouse order, is it still pending? might switch colour", ["gaming", "mouse"]),
        ("kettle order still pending or nah", ["kettle"]),
    ],
)
def test_a_state_asked_with_a_maybe_after_it_is_answered_not_acted_on(
    line: str, item: list[str]
) -> None:
    intent = parse(line)
    assert intent.kind == "order_status"
    assert intent.params["order_item"] == item


def test_a_maybe_beside_an_order_id_looks_the_order_up() -> None:
    intent = parse("is W1234567 still pending? i might cancel it")
    assert intent.kind == "order_status" and intent.params["order_id"] == "#W1234567"


def test_a_request_said_outright_is_no_maybe() -> None:
    assert question_before("cancel the grill order, please") is None
    assert parse("is the grill order still open? cancel it if so").kind == "cancel_which"


@pytest.mark.parametrize(
    ("line", "item"),
    [
        ("This is ridiculous, I never meant to order that grill. Cancel it NOW.", ["grill"]),
        ("I accidentally ordered a bicycle, please cancel", ["bicycle"]),
        ("the kettle was ordered by accident, cancel that order", ["kettle"]),
        ("ugh, bought the wrong laptop, cancel it", ["laptop"]),
    ],
)
def test_a_cancel_said_as_a_mistake_names_its_item_and_reason(line: str, item: list[str]) -> None:
    intent = parse(line)
    assert intent.kind == "cancel_which"
    assert intent.params["reason"] == "ordered by mistake"
    assert intent.params["order_item"] == item


@pytest.mark.parametrize(
    "line",
    [
        "I want give back the sneakers, they are too small for me. order W6319233",
        "please I give back makeup kit, colour is not good for my skin. W6319233",
        "how can I ship the headphones back? W6319233",
    ],
)
def test_giving_an_item_back_is_a_return(line: str) -> None:
    intent = parse(line)
    assert intent.kind == "order_return"
    assert intent.params["order_id"] == "#W6319233"


def test_a_refund_clause_names_no_item() -> None:
    assert groups("the pet bed. gift card refund is fine") == [["pet", "bed"]]
    assert groups("the camera with the sd card") == [["camera", "sd", "card"]]


def test_the_answer_naming_the_order_carries_its_items_and_refund() -> None:
    intent = parse("the water bottle from W2890441, refund to the card is fine", "change_order_id")
    assert intent.kind == "change_order_given"
    assert intent.params["order_id"] == "#W2890441"
    assert ["water", "bottle"] in intent.params["groups"]
    assert intent.params["method"] == {"source": "credit_card"}
    pending = {"groups": [], "all": False, "method": None}
    said = _said_with_order("order_return", pending, intent.params)
    assert said["groups"] == intent.params["groups"] and said["loose"]
    assert said["method"] == {"source": "credit_card"}


def test_what_the_request_said_first_is_kept() -> None:
    pending = {"groups": [["kettle"]], "all": False, "method": {"source": "paypal"}}
    answer = {"groups": [["lamp"]], "method": {"source": "gift_card"}}
    assert _said_with_order("order_return", pending, answer) == {}


def test_words_said_with_an_order_that_fit_none_of_its_items_name_none() -> None:
    from agentcli.planners.rules.order_items import _fitting_any

    items = [{"name": "Water Bottle", "options": {"color": "blue"}}]
    assert _fitting_any(items, [["bottle"]])
    assert not _fitting_any(items, [["it's"]])


@pytest.mark.parametrize(
    ("line", "item"),
    [
        ("cancel the grill please", ["grill"]),
        ("please cancel my office chair, ordered it by accident", ["office", "chair"]),
        ("cancel the pending one", []),
        ("cancel the return", []),
        ("cancel my order", []),
    ],
)
def test_an_item_named_as_what_is_cancelled_names_its_order(line: str, item: list[str]) -> None:
    intent = parse(line)
    assert intent.kind == "cancel_which"
    assert intent.params["order_item"] == item


@pytest.mark.parametrize(
    ("line", "kind"),
    [
        ("Can you take back the sneakers from W6319233?", "order_return"),
        ("take the notebook back out", "remove"),
    ],
)
def test_taking_an_item_back_is_a_return_taking_it_back_out_of_the_cart_is_not(
    line: str, kind: str
) -> None:
    assert parse(line).kind == kind


@pytest.mark.parametrize(
    ("line", "state"),
    [
        ("has everything arrived?", None),
        ("which packages are still on the way", "processed"),
        ("what was cancelled?", "cancelled"),
    ],
)
def test_orders_asked_after_all_at_once_or_by_a_state(line: str, state: str | None) -> None:
    intent = parse(line)
    assert intent.kind == "my_orders" and intent.params["state"] == state


def test_the_answer_naming_the_item_carries_the_refund_method() -> None:
    intent = parse("the pet bed please, gift card refund is fine", "change_item")
    assert intent.kind == "change_item_pick"
    assert intent.params["words"] == ["pet", "bed"]
    assert intent.params["method"] == {"source": "gift_card"}


def test_an_item_part_named_card_is_no_refund_method() -> None:
    intent = parse("the camera with the sd card", "change_item")
    assert intent.params["method"] is None


@pytest.mark.parametrize(
    ("line", "item"),
    [
        ("I didn't order this grill, cancel it", ["grill"]),
        ("WHY DID I GET CHARGED FOR A GRILL I NEVER ORDERED?? CANCEL IT", ["grill"]),
        ("I made a mistake ordering the grill, cancel please", ["grill"]),
    ],
)
def test_an_item_disowned_is_cancelled_as_a_mistake(line: str, item: list[str]) -> None:
    intent = parse(line)
    assert intent.params["reason"] == "ordered by mistake"
    assert intent.params["order_item"] == item


@pytest.mark.parametrize("line", ["what am I waiting for", "what's still to come?"])
def test_waiting_for_orders_lists_those_still_to_come(line: str) -> None:
    assert parse(line).params.get("state") == order_states.UNDELIVERED


def test_a_terse_state_question_names_its_order_by_the_item() -> None:
    intent = parse("laptop order - pending still? wanna change smth")
    assert intent.kind == "order_status" and intent.params["order_item"] == ["laptop"]


def test_giving_back_in_any_tense_is_a_return_and_never_wanted_is_a_mistake() -> None:
    assert parse("i would like to giving back the boots from #W3433080").kind == "order_return"
    intent = parse("I never wanted this patio umbrella, please cancel")
    assert intent.params["reason"] == "ordered by mistake"
    assert intent.params["order_item"] == ["patio", "umbrella"]


@pytest.mark.parametrize(
    ("line", "state"),
    [
        ("list everything that hasn't shipped yet", "pending"),
        ("what's not here yet?", order_states.UNDELIVERED),
        ("which of my orders are still on their way?", "processed"),
    ],
)
def test_more_states_said_in_everyday_words(line: str, state: str) -> None:
    intent = parse(line)
    assert intent.kind == "my_orders" and intent.params["state"] == state


def test_an_accident_is_a_mistake_and_bringing_back_an_order_item_is_a_return() -> None:
    assert parse("the gaming mouse was an accident, please cancel").params["reason"] == (
        "ordered by mistake"
    )
    assert parse("can I bring back the kettle from W3433080?").kind == "order_return"
    assert parse("bring back the results").kind != "change_which"
