"""The rules planner reads order-change requests: which change, which order, items, address."""

from __future__ import annotations

import pytest

from agentcli.planners.rules.addresses import parse_address
from agentcli.planners.rules.intents import parse


@pytest.mark.parametrize(
    ("line", "kind", "params"),
    [
        (
            "return the keyboard from order #W8032761",
            "order_return",
            {"order_id": "#W8032761", "groups": [["keyboard"]], "all": False, "method": None},
        ),
        (
            "I'd like to return the keyboard and the black backpack from order W8032761 to my "
            "gift card",
            "order_return",
            {"groups": [["keyboard"], ["black", "backpack"]], "method": {"source": "gift_card"}},
        ),
        ("return everything from order #W8032761", "order_return", {"all": True, "groups": []}),
        (
            "exchange the keyboard in order #W8032761 for the blue one",
            "order_swap",
            {"old": ["keyboard"], "new": ["blue"]},
        ),
        (
            "change the earbuds in order #W8073958 to the black ones",
            "order_swap",
            {"old": ["earbuds"], "new": ["black"]},
        ),
        (
            "change the address of order #W8073958 to 12 Oak St, Austin, TX 78701",
            "order_address",
            {"order_id": "#W8073958"},
        ),
        ("update my address to 5 Elm Road, Apt 2, Boston, MA 02108", "user_address", {}),
        (
            "pay order #W8073958 with my gift card instead",
            "order_payment",
            {"order_id": "#W8073958", "method": {"source": "gift_card"}},
        ),
        ("tell me about item 9580569596", "item_lookup", {"item_id": "9580569596"}),
        ("what kinds of products do you sell?", "product_types", {}),
    ],
)
def test_phrasings(line: str, kind: str, params: dict[str, object]) -> None:
    intent = parse(line)
    assert intent.kind == kind
    for key, value in params.items():
        assert intent.params[key] == value


@pytest.mark.parametrize(
    "line",
    [
        "cancel order #W8073958, I ordered by mistake",
        "where is order #W8073958",
        "add item 9580569596",
        "find a blue backpack",
    ],
)
def test_other_requests_are_left_alone(line: str) -> None:
    assert parse(line).kind not in (
        "order_return",
        "order_swap",
        "order_address",
        "order_payment",
        "item_lookup",
    )


@pytest.mark.parametrize(
    ("text", "address"),
    [
        (
            "to 12 Oak St, Apt 3, Austin, TX 78701",
            ("12 Oak St", "Apt 3", "Austin", "TX", "USA", "78701"),
        ),
        ("to 5 Elm Road, Boston ma 02108, USA", ("5 Elm Road", "", "Boston", "MA", "USA", "02108")),
        (
            "to 1 Rue Haute, Lyon, RH 69001, France",
            ("1 Rue Haute", "", "Lyon", "RH", "France", "69001"),
        ),
    ],
)
def test_addresses(text: str, address: tuple[str, ...]) -> None:
    fields = ("address1", "address2", "city", "state", "country", "zip")
    assert parse_address(f"change my address {text}") == dict(zip(fields, address, strict=True))


@pytest.mark.parametrize("text", ["to somewhere nice", "to 12 Oak St", "to 12 Oak St, Austin"])
def test_an_unclear_address_is_none(text: str) -> None:
    assert parse_address(f"change my address {text}") is None
