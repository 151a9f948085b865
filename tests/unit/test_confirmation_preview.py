"""The confirmation preview builder: vendor names change nothing but themselves; the figures are
the vendor's typed numbers; the operator's approval prompt survives markup in names."""

from __future__ import annotations

import asyncio
import io
from typing import Any

import pytest

from agentcli.cli.approval import terminal_approver
from agentcli.conversation.wording import shown
from agentcli.orchestrator.checkout import cross_marketplace_checkout
from agentcli.orchestrator.figures import Figures, ItemFigures
from agentcli.policy.approval import ApprovalRequest
from agentcli.render.console import terminal_console
from tests.e2e.hostile import ATTACKS, HOSTILE, assert_inert

USER = {
    "user_id": "u1",
    "name": {"first_name": "Ada", "last_name": "Lee"},
    "address": {
        "address1": "1 Main St",
        "address2": "",
        "city": "Austin",
        "state": "TX",
        "zip": "78701",
        "country": "USA",
    },
}
CARD = {"source": "credit_card", "brand": "visa", "last_four": "4242", "id": "cc_1"}


def _carts(name: str) -> tuple[dict[str, Any], dict[str, Any]]:
    shop = {
        "items": [
            {"item_id": "1", "name": name, "options": {"size": "A5"}, "quantity": 2, "price": 28.59}
        ]
    }
    bazaar = {
        "lines": [
            {
                "sku": "BZ-1",
                "title": name,
                "qty": 1,
                "unit_price_minor": 54064,
                "seller_id": "s1",
                "total_minor": 54064,
            }
        ],
        "total_minor": 51563,
        "promotions": [{"label": name, "amount_minor": 2501}],
    }
    return shop, bazaar


@pytest.mark.parametrize("attack", [*ATTACKS, HOSTILE], ids=range(len(ATTACKS) + 1))
def test_a_vendor_name_changes_no_character_but_its_own(attack: str) -> None:
    honest = cross_marketplace_checkout(USER, CARD, "cc_1", *_carts("Notebook"))
    hostile = cross_marketplace_checkout(USER, CARD, "cc_1", *_carts("Notebook" + attack))
    # put the shown name back to the honest one: everything else is the same text
    assert hostile.summary.replace(shown("Notebook" + attack), "Notebook") == honest.summary
    assert len(hostile.summary.splitlines()) == len(honest.summary.splitlines())
    assert_inert(hostile.summary, "the confirmation")
    assert hostile.figures == Figures(
        tuple(
            ItemFigures(f"Notebook{attack}", *rest)
            for rest in [(2, 28.59, "shop", "size: A5"), (1, 540.64, "bazaar:s1", "SKU BZ-1")]
        ),
        total=572.81,
        discounts=((f"Notebook{attack}", 25.01),),
    )
    assert hostile.amount == hostile.figures.total == hostile.saga_input["amount"]
    assert hostile.summary.splitlines()[-1].startswith(
        "Total $572.81 ($57.18 at shop + $515.63 at bazaar), paid with visa card ending 4242"
    )


@pytest.mark.parametrize("price", ["9.99", None, True, float("nan"), -1])
def test_figures_are_numbers_the_vendor_sent_never_text(price: Any) -> None:
    with pytest.raises(ValueError):
        ItemFigures.of("Notebook", 1, price, "shop")
    with pytest.raises(ValueError):
        ItemFigures.of("Notebook", "2", 9.99, "shop")


def test_the_operator_prompt_shows_markup_in_names_and_rationale_as_text(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    out = io.StringIO()
    monkeypatch.setattr("sys.stdin", io.StringIO("y\n"))
    approve = terminal_approver(terminal_console(file=out, width=300))
    evidence = [
        {
            "item": name,
            "options": {"size": "[/]"},
            "quantity": 1,
            "price": 600.0,
            "seller": "[bold",
            "payment_method": HOSTILE,
        }
        for name in ("[/]", "Pen [bold red]", "[link=https://evil.example]x", HOSTILE)
    ]
    result = asyncio.run(
        approve(
            ApprovalRequest(
                action="place_order",
                summary="-",
                amount=2400.0,
                threshold=500.0,
                rationale=HOSTILE,
                evidence=evidence,
            )
        )
    )
    assert result.approved
    text = out.getvalue()
    assert_inert(text, "the approval prompt")
    assert "[/]" in text and "Pen [bold red]" in text and "[bold" in text
    assert "$2,400.00 is above the threshold of $500.00" in text
