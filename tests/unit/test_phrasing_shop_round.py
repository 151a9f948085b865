"""Families read this round: confirmations said loosely, a checkout or booking with its method,
a person asked for in any words or language, cart edits, orders named by state, swaps as wishes."""

from __future__ import annotations

import pytest

from agentcli.conversation.answers import is_no, is_yes
from agentcli.planners.rules.hand_off import asks_for_person
from agentcli.planners.rules.intents import parse
from agentcli.planners.rules.order_wishes import wish
from agentcli.planners.rules.trip_picks import pick_words

PREVIEW = "Total $28.59, paid with visa card ending 3194, shipped to 629 Pine Lane."


@pytest.mark.parametrize(
    "line",
    [
        "Absolutely — please place the order.",
        "yy",
        "okkk sure",
        "yesss pleasee",
        "oh yes, go ahead",
        "well, fine then",
        "sí, por favor",
        "ja bitte",
        "yes, use the visa",
    ],
)
def test_a_loose_yes_at_a_checkout_preview_is_yes(line: str) -> None:
    assert is_yes(line, "place_order", PREVIEW)
    assert not is_no(line)


@pytest.mark.parametrize("line", ["yes, use the paypal", "yes but wait", "hmm", "so what"])
def test_another_method_or_a_doubt_is_no_yes(line: str) -> None:
    assert not is_yes(line, "place_order", PREVIEW)


@pytest.mark.parametrize("line", ["nooo", "hmm no", "nein", "well... no thanks"])
def test_a_loose_no_is_no(line: str) -> None:
    assert is_no(line)
    assert not is_yes(line, "place_order", PREVIEW)


@pytest.mark.parametrize(
    ("line", "source"),
    [
        ("check me out with the visa", "credit_card"),
        ("ring it up on my paypal", "paypal"),
        ("cash out with the gift card", "gift_card"),
    ],
)
def test_a_checkout_in_other_words_keeps_its_method(line: str, source: str) -> None:
    intent = parse(line)
    assert intent.kind == "checkout"
    assert intent.params["method"]["source"] == source


@pytest.mark.parametrize(
    ("line", "pick"),
    [
        ("book the top one, visa card", 1),
        ("i'll take the top option, charge my visa", 1),
        ("book the second one and charge it to my paypal", 2),
        ("top hotel please, paypal", 1),
    ],
)
def test_an_offer_picked_with_its_method_named_beside_it(line: str, pick: int) -> None:
    assert pick_words(line) == pick


@pytest.mark.parametrize(
    "line",
    [
        "Could you put me through to one of your colleagues, please?",
        "transfer me to your supervisor",
        "pass me to someone who can help",
        "hand this over to a manager",
        "is there anyone I can phone about this?",
        "what number can I call to sort this out?",
        "whats your phone number",
        "call me back please",
        "representante por favor",
        "quiero hablar con una persona",
        "je voudrais parler à un conseiller",
        "ich möchte mit einem Mitarbeiter sprechen",
        "posso falar com um atendente?",
        "vorrei parlare con un operatore",
    ],
)
def test_a_person_asked_for_in_any_words_is_a_hand_off(line: str) -> None:
    assert parse(line).kind == "human"


@pytest.mark.parametrize(
    "line",
    [
        "find a phone for someone",
        "a ring for somebody special",
        "phone case",
        "contact lens solution",
        "a mug for my manager",
        "find a phone with a good camera",
    ],
)
def test_a_product_or_a_gift_for_someone_is_no_hand_off(line: str) -> None:
    assert not asks_for_person(line)
    assert parse(line).kind != "human"


@pytest.mark.parametrize(
    ("line", "words", "it"),
    [
        ("take the notebook out of my cart", ["notebook"], False),
        ("hmm actually take that back out", [], True),
        ("ditch the lamp", ["lamp"], False),
        ("ugh put that back", [], True),
        ("nix the headphones", ["headphones"], False),
        ("lose the notebook", ["notebook"], False),
    ],
)
def test_an_item_taken_out_in_other_words(line: str, words: list[str], it: bool) -> None:
    intent = parse(line)
    assert intent.kind == "remove"
    assert intent.params["words"] == words
    assert intent.params["it"] is it


@pytest.mark.parametrize(
    ("line", "count", "words"),
    [
        ("i only want one of the bottles, not two", 1, ["bottles"]),
        ("make it 1", 1, []),
        ("reduce the bottles to one", 1, ["bottles"]),
        ("2 of the notebooks is enough, not 4", 2, ["notebooks"]),
        ("change the quantity to 1", 1, []),
    ],
)
def test_a_quantity_said_anew(line: str, count: int, words: list[str]) -> None:
    intent = parse(line)
    assert intent.kind == "set_quantity"
    assert intent.params["to"] == count
    assert intent.params["words"] == words


@pytest.mark.parametrize(
    "line",
    [
        "please empty my whole cart",
        "clear the cart, changed my mind",
        "cancel everything in my cart",
    ],
)
def test_the_cart_emptied_is_no_order_cancelled(line: str) -> None:
    assert parse(line).kind == "empty_cart"


def test_an_item_added_by_its_id() -> None:
    intent = parse("add item 2439754078 to cart")
    assert (intent.kind, intent.params["item_id"]) == ("add", "2439754078")


@pytest.mark.parametrize(
    ("line", "kind"),
    [
        ("drop it in my basket", "add"),
        ("forget it", "stray_yes_no"),
        ("cancel everything", "cancel_which"),
        ("I dont need the headphones anymore pls cancel", "cancel_which"),
    ],
)
def test_what_only_looks_like_a_cart_edit(line: str, kind: str) -> None:
    assert parse(line).kind == kind


@pytest.mark.parametrize(
    ("line", "state"),
    [
        (
            "change the delivery address on my pending order to 500 W 2nd St, Austin TX 78701",
            "pending",
        ),
        (
            "the order that hasn't shipped yet needs to go to 9 Lake Road, Austin TX 78702",
            "pending",
        ),
        ("wrong address on my order!!! it should be 12 Birch Lane, Charlotte NC 28205", None),
    ],
)
def test_an_address_change_keeps_the_state_its_order_is_named_by(
    line: str, state: str | None
) -> None:
    intent = parse(line)
    assert (intent.kind, intent.params["kind"]) == ("change_which", "order_address")
    assert intent.params["state"] == state


def test_a_package_sent_elsewhere_is_an_order_not_the_default_address() -> None:
    line = "my package is going to the wrong place, please send it to 44 Elm St, Denver CO 80203"
    assert parse(line).params.get("kind") == "order_address"


@pytest.mark.parametrize(
    ("line", "old", "new"),
    [
        ("actually id prefer the headphones in white", ["headphones"], ["white"]),
        (
            "can i get the running shoes in white instead? same size",
            ["running", "shoes"],
            ["white"],  # the size stays: 'same size' asks for no new one
        ),
        (
            "the keyboard is way too loud, i want one with tactile switches instead",
            ["keyboard"],
            ["tactile", "switches"],
        ),
        (
            "the tee is too small, I need an XL, black cotton crew neck",
            ["t-shirt"],
            ["xl", "black", "cotton", "crew", "neck"],
        ),
        ("the boots dont fit, i need a size 11", ["boots"], ["size", "11"]),
        ("the headphones are too quiet", ["headphones"], []),
    ],
)
def test_a_swap_said_as_a_wish_or_a_complaint(line: str, old: list[str], new: list[str]) -> None:
    assert wish(line) == (old, new)


@pytest.mark.parametrize(
    "line", ["I want headphones in white", "find the headphones in white", "show me black kettles"]
)
def test_a_product_wished_for_without_one_owned_is_no_swap(line: str) -> None:
    assert wish(line) is None


@pytest.mark.parametrize(
    ("line", "quantity"),
    [("remove one of the mugs", 1), ("take one bottle out", 1), ("remove 2 of the mugs", 2)],
)
def test_units_taken_out(line: str, quantity: int) -> None:
    intent = parse(line)
    assert (intent.kind, intent.params["quantity"]) == ("remove", quantity)


@pytest.mark.parametrize(
    "line", ["undo that", "oops, didn't mean to add that", "get that out of my cart"]
)
def test_the_last_item_taken_back(line: str) -> None:
    intent = parse(line)
    assert (intent.kind, intent.params["it"]) == ("remove", True)


@pytest.mark.parametrize(
    ("line", "count"), [("make it 3", 3), ("I want 3 of those instead of 1", 3)]
)
def test_a_quantity_raised(line: str, count: int) -> None:
    intent = parse(line)
    assert (intent.kind, intent.params["to"]) == ("set_quantity", count)


@pytest.mark.parametrize(
    "line", ["smartphones up to 1,200", "cut the price to 20", "get out of here"]
)
def test_prices_and_chatter_are_no_cart_quantities(line: str) -> None:
    assert parse(line).kind not in ("set_quantity", "remove")


@pytest.mark.parametrize(
    ("line", "old", "new"),
    [
        ("could the lamp be black instead", ["lamp"], ["black"]),
        ("my headphones should have been blue", ["headphones"], ["blue"]),
        ("can i change the color of the headphones to white", ["headphones"], ["white"]),
        ("the hoodie runs small, I need an L", ["hoodie"], ["l"]),
        ("the jacket is too big, can I get a medium instead?", ["jacket"], ["medium"]),
        ("i ordered the wrong size of the boots, need a 10", ["boots"], ["10"]),
    ],
)
def test_more_ways_to_wish_an_item_otherwise(line: str, old: list[str], new: list[str]) -> None:
    assert wish(line) == (old, new)


@pytest.mark.parametrize(
    "line",
    [
        "could the delivery be faster",
        "can the store be open later",
        "the price should have been lower",
    ],
)
def test_what_is_wished_otherwise_that_is_no_item(line: str) -> None:
    assert wish(line) is None
