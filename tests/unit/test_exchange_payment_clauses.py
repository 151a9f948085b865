"""A clause beside an exchange or a pending item change that only names how to pay ('use my
mastercard', 'gift card please', 'bill it to paypal') is that change's method, not a checkout;
an order may be named by its item ('on my action camera order'); grey and gray are one colour
when an item or a variant is matched."""

from __future__ import annotations

import asyncio

import pytest

from agentcli.conversation import Conversation
from agentcli.planners.base import PlanningContext
from agentcli.planners.rules import RulesPlanner
from agentcli.planners.rules.change_params import american
from agentcli.planners.rules.intents import parse
from agentcli.planners.rules.order_items import item_text, matches_words
from agentcli.planners.rules.order_swaps import with_product
from agentcli.planners.rules.order_wishes import wish
from agentcli.planners.rules.price_difference import settled_by


@pytest.mark.parametrize(
    ("line", "source"),
    [
        ("exchange it for an M, same blue one, use my mastercard", "credit_card"),
        ("switch the maple skateboard to the bamboo deck, charge my visa for it", "credit_card"),
        ("exchange it for the 80% one, same switches, gift card please", "gift_card"),
        ("swap them for the 30-50 set, paypal", "paypal"),
        ("change the lamp to the bright one, bill it to paypal", "paypal"),
        ("get red instead of blue, take it out of my paypal account", "paypal"),
        ("switch it to the white dial and refund me on my visa", "credit_card"),
        ("trade it for the 32GB one and whatever it costs goes on my gift card", "gift_card"),
        ("swap it for the black one, go with the mastercard", "credit_card"),
    ],
)
def test_a_clause_that_only_names_how_to_pay_settles_the_change(line: str, source: str) -> None:
    settled = settled_by(line)
    assert settled is not None
    rest, method = settled
    assert method["source"] == source
    assert not any(m in rest for m in ("visa", "mastercard", "paypal", "gift"))


@pytest.mark.parametrize(
    "line",
    [
        "use my mastercard",  # one clause: a checkout's method, no change's
        "exchange the lamp for the white one",
        "exchange the lamp for the white one, it is too dim",
        "pay order W1234567 with my visa",
    ],
)
def test_no_clause_of_its_own_names_no_method(line: str) -> None:
    assert settled_by(line) is None


@pytest.mark.parametrize(
    ("line", "item", "source"),
    [
        (
            "on my action camera order, can I get silver instead of black? take the extra "
            "from my gift card",
            ["action", "camera"],
            "gift_card",
        ),
        (
            "helmet came in L and it's way too big. exchange it for an M, same blue one, "
            "use my mastercard",
            ["helmet"],
            "credit_card",
        ),
        (
            "regarding my desk lamp order, could I get high brightness instead of medium? "
            "bill it to paypal",
            ["desk", "lamp"],
            "paypal",
        ),
    ],
)
def test_an_exchange_with_a_method_clause_is_a_swap_with_that_method(
    line: str, item: list[str], source: str
) -> None:
    intent = parse(line)
    assert intent.params.get("kind", intent.kind) == "order_swap"
    assert all(w in intent.params["order_item"] for w in item)
    assert intent.params["method"]["source"] == source


def test_an_item_not_sent_yet_with_a_wish_after_is_a_swap() -> None:
    line = "the thermostat hasn't shipped yet, can you make it the stainless steel one"
    assert wish(line) == (["thermostat"], ["stainless", "steel"])
    assert wish("the thermostat hasn't shipped yet, where is it") is None


@pytest.mark.parametrize(
    "line",
    [
        "the thermostat hasn't shipped yet, can you make it the stainless steel one? charge my "
        "gift card",
        "before it ships could the beige pet bed be the grey one? take the extra off my gift card",
        "before it ships, switch the maple skateboard to the bamboo deck, charge my visa for it",
    ],
)
def test_a_swap_wish_beside_a_payment_clause_reads_the_orders_not_the_cart(line: str) -> None:
    conversation = Conversation(user_id="u1", user={"user_id": "u1", "orders": ["#W1"]})
    output = asyncio.run(RulesPlanner().plan(PlanningContext(line, conversation)))
    assert output.proposals == [{"action": "get_order", "order_id": "#W1"}]
    then = conversation.memory["order_find_then"]["params"]
    assert then["kind"] == "order_swap" and then["method"]["source"] in ("gift_card", "credit_card")


def test_grey_and_gray_are_one_colour() -> None:
    assert american("color grey, size small") == "color gray, size small"
    backpack = {"name": "Backpack", "options": {"color": "grey", "size": "small"}}
    assert matches_words(item_text(backpack), ["gray", "backpack"])


def test_a_variant_spelt_grey_is_found_for_the_gray_asked() -> None:
    item = {"item_id": "1", "name": "Backpack", "options": {"color": "navy", "size": "small"}}
    variants = {
        "1": {**item, "price": 10.0, "available": True},
        "2": {"item_id": "2", "options": {"color": "grey", "size": "small"}, "price": 11.0},
        "3": {"item_id": "3", "options": {"color": "grey", "size": "large"}, "price": 12.0},
    }
    for v in variants.values():
        v["available"] = True
    user = {"user_id": "u1", "orders": [], "payment_methods": {}}
    conversation = Conversation(user_id="u1", user=user)
    context = PlanningContext("exchange the backpack for the grey one", conversation)
    order = {"order_id": "#W1", "status": "delivered", "payment_history": []}
    order["payment_history"] = [{"payment_method_id": "paypal_1"}]
    change = {"item": item, "order": order, "new": ["gray"], "method": None}
    [done] = with_product(context, change, {"variants": variants}).proposals
    assert done["action"] == "exchange_items" and done["new_item_ids"] == ["2"]


@pytest.mark.parametrize(
    ("line", "old", "new"),
    [
        (
            "the kettle I just ordered, could it be white instead of black",
            ["kettle", "black"],
            ["white"],
        ),
        ("the water bottle we bought - can it come in red instead", ["water", "bottle"], ["red"]),
        ("the tee is too small, i need an XL instead of the L", ["t-shirt"], ["xl"]),
    ],
)
def test_an_item_said_bought_then_wished_otherwise_is_a_swap(
    line: str, old: list[str], new: list[str]
) -> None:
    assert wish(line) == (old, new)


@pytest.mark.parametrize(
    "line",
    ["switch my sneakers order over to paypal", "can my laptop order be paid by paypal instead?"],
)
def test_an_order_named_by_its_item_paid_otherwise_is_no_swap(line: str) -> None:
    intent = parse(line)
    assert intent.params.get("kind") == "order_payment"


def test_an_order_named_by_its_item_before_a_colon_holds_the_swap() -> None:
    line = "my perfume order: could I have the woody one rather than fresh? refund the difference"
    intent = parse(f"{line} to paypal")
    assert intent.params.get("kind") == "order_swap"
    assert intent.params["method"] == {"source": "paypal"}


def test_a_size_letter_is_no_part_of_the_products_name() -> None:
    options = {"size": "L", "color": "blue", "ventilation": "high"}
    item = {"item_id": "1", "name": "Cycling Helmet", "options": options}
    variants = {
        "1": {**item, "price": 10.0},
        "2": {"item_id": "2", "options": {**options, "size": "M"}, "price": 11.0},
        "3": {"item_id": "3", "options": {**options, "color": "black"}, "price": 12.0},
    }
    for v in variants.values():
        v["available"] = True
    conversation = Conversation(user_id="u1", user={"user_id": "u1", "payment_methods": {}})
    context = PlanningContext("exchange the helmet (size L) for size M", conversation)
    order = {"order_id": "#W1", "status": "delivered"}
    order["payment_history"] = [{"payment_method_id": "paypal_1"}]
    change = {"item": item, "order": order, "new": ["size", "m"], "method": None}
    [done] = with_product(context, change, {"variants": variants}).proposals
    assert done["action"] == "exchange_items" and done["new_item_ids"] == ["2"]


@pytest.mark.parametrize(
    ("line", "source"),
    [
        ("switch to the 32GB one, my gift card can cover it", "gift_card"),
        ("I'd prefer black. paypal works for that", "paypal"),
    ],
)
def test_a_method_said_to_pay_of_itself_settles_the_change(line: str, source: str) -> None:
    settled = settled_by(line)
    assert settled is not None and settled[1]["source"] == source


def test_an_exchange_said_with_no_verb_of_exchange_takes_the_clauses_method() -> None:
    line = "the red headphones in my order - I'd rather have white. refund any difference to paypal"
    intent = parse(line)
    assert intent.params.get("kind") == "order_swap"
    assert intent.params["order_item"] == ["red", "headphones"]  # no dash among the words
    assert intent.params["method"] == {"source": "paypal"}


@pytest.mark.parametrize(
    ("line", "old", "new"),
    [
        (
            "the bookshelf hasn't shipped yet, I'd like it in brown not white",
            ["bookshelf", "white"],
            ["brown"],
        ),
        ("the white headphones I got - I'd rather have red", ["white", "headphones"], ["red"]),
        (
            "the blue portable charger in my pending order, I'd prefer black",
            ["blue", "portable", "charger"],
            ["black"],
        ),
    ],
)
def test_an_item_placed_or_bought_then_wished_otherwise_is_a_swap(
    line: str, old: list[str], new: list[str]
) -> None:
    assert wish(line) == (old, new)


@pytest.mark.parametrize(
    "line",
    [
        "the bookshelf hasn't shipped yet, I'd like to cancel it",
        "the headphones in my order, I want to return them",
        "the headphones I got, I want my money back",
    ],
)
def test_a_wish_to_undo_the_purchase_is_no_swap(line: str) -> None:
    assert wish(line) is None


def test_a_return_beside_a_method_clause_stays_a_return() -> None:
    conversation = Conversation(user_id="u1", user={"user_id": "u1", "orders": ["#W1"]})
    line = "the headphones in my order, I want to return them, refund my paypal"
    asyncio.run(RulesPlanner().plan(PlanningContext(line, conversation)))
    then = conversation.memory.get("order_find_then", {}).get("params", {})
    assert then.get("kind") != "order_swap"


def test_an_order_id_before_an_item_not_sent_yet_keeps_the_swap_and_its_method() -> None:
    intent = parse("W1258841 - the maple skateboard hasn't shipped, make it bamboo, charge my visa")
    assert intent.kind == "order_swap" and intent.params["order_id"] == "#W1258841"
    assert intent.params["new"] == ["bamboo"]
    assert intent.params["method"]["brand"] == "visa"


@pytest.mark.parametrize(
    ("line", "rest", "source"),
    [
        (
            "Using my paypal, please exchange my black wall clock for the wood one",
            "please exchange my black wall clock for the wood one",
            "paypal",
        ),
        (
            "With my gift card please: exchange my green bicycle for the blue one",
            "exchange my green bicycle for the blue one",
            "gift_card",
        ),
        (
            "paypal for any difference - swap the glass kettle for the plastic one",
            "swap the glass kettle for the plastic one",
            "paypal",
        ),
    ],
)
def test_a_method_said_before_the_exchange_settles_it(line: str, rest: str, source: str) -> None:
    assert settled_by(line) == (rest, {"source": source})
    assert parse(line).params["method"] == {"source": source}


@pytest.mark.parametrize(
    ("line", "old", "new"),
    [
        ("return my black earbuds and get white ones instead", ["black", "earbuds"], ["white"]),
        ("can I return my blue watch for the black dial one", ["blue", "watch"], ["black", "dial"]),
    ],
)
def test_an_item_returned_for_another_of_its_kind_is_an_exchange(
    line: str, old: list[str], new: list[str]
) -> None:
    intent = parse(line)
    assert intent.params.get("kind") == "order_swap"
    assert intent.params["old"] == old and intent.params["new"] == new


@pytest.mark.parametrize(
    "line",
    [
        "return the lamp for a refund",
        "return the keyboard and get my money back",
        "I want to return the kettle for store credit",
    ],
)
def test_an_item_returned_for_money_stays_a_return(line: str) -> None:
    assert parse(line).params.get("kind") == "order_return"


@pytest.mark.parametrize(
    ("line", "old", "new"),
    [
        (
            "I just placed an order for a desk lamp, can you switch it to high brightness",
            ["desk", "lamp"],
            ["high", "brightness"],
        ),
        (
            "quick change on my pending order: the skateboard should be bamboo instead of maple",
            ["skateboard"],
            ["bamboo"],
        ),
    ],
)
def test_an_item_said_ordered_or_what_it_should_be_is_a_swap(
    line: str, old: list[str], new: list[str]
) -> None:
    assert wish(line) == (old, new)


@pytest.mark.parametrize(
    "line",
    [
        "the lamp should be here by now",
        "the lamp should have been delivered yesterday",
        "i ordered a kettle, where is it",
    ],
)
def test_where_an_item_should_be_is_no_swap(line: str) -> None:
    assert wish(line) is None


def test_a_fault_beside_a_refund_clause_with_no_variant_named_stays_a_return() -> None:
    conversation = Conversation(user_id="u1", user={"user_id": "u1", "orders": ["#W1"]})
    line = "the headphones I got are too quiet, refund me on my paypal"
    asyncio.run(RulesPlanner().plan(PlanningContext(line, conversation)))
    then = conversation.memory.get("order_find_then", {}).get("params", {})
    assert then.get("kind") == "order_return"


def test_the_item_an_order_is_named_by_joins_the_old_item_of_a_wish() -> None:
    intent = parse("can I get red instead of blue on my water bottle order?")
    assert intent.params["new"] == ["red"]
    assert {"blue", "water", "bottle"} <= set(intent.params["old"])


def test_a_value_after_instead_of_in_make_it_is_the_old_one() -> None:
    intent = parse("I just ordered an action camera, can you make it black instead of silver?")
    assert intent.params["new"] == ["black"]
    assert "silver" in intent.params["old"]
