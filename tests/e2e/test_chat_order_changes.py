"""Returns, exchanges, item, address and payment changes through `agentcli chat`."""

from __future__ import annotations

from pathlib import Path

from tests.e2e.helpers import (
    HARPER,
    HARPER_DELIVERED,
    HARPER_GIFT,
    HARPER_ID,
    HARPER_PENDING,
    chat,
    ensure_world,
    latest_run_json,
    pay_intents,
    shop_hash,
    shop_order,
    shop_user,
)

DAIKI = "daiki.moore7228@example.com"  # delivered #W8032761: backpack, keyboard; gift card
DAIKI_ORDER = "#W8032761"
NEW_ADDRESS = "12 Oak St, Apt 3, Austin, TX 78701"


def test_return_the_keyboard(agentcli_home: Path) -> None:
    result = chat(f"I'm {DAIKI}", f"return the keyboard from order {DAIKI_ORDER}", "yes")
    assert result.exit_code == 0, result.output
    assert (
        "Mechanical Keyboard (switch type linear, backlight RGB, size 80%) $230.15" in result.stdout
    )
    assert "$230.15 will be refunded to gift card gift_card_2977513" in result.stdout
    assert "the return of Mechanical Keyboard from order #W8032761 is requested" in result.stdout
    order = shop_order(agentcli_home, DAIKI_ORDER)
    assert (order["status"], order["return_items"]) == ("return requested", ["8484921793"])
    assert order["return_payment_method_id"] == "gift_card_2977513"


def test_exchange_for_a_described_variant(agentcli_home: Path) -> None:
    result = chat(
        f"I'm {HARPER}",
        f"exchange the espresso machine in order {HARPER_DELIVERED} for the 2L capsule one",
        "yes",
    )
    assert "capacity 1L, type capsule $2,742.67 -> pressure 19 bar, capacity 2L" in result.stdout
    assert "exchange in order #W3134391 is requested" in result.stdout
    order = shop_order(agentcli_home, HARPER_DELIVERED)
    assert order["status"] == "exchange requested"
    assert order["exchange_payment_method_id"] == "credit_card_1719121"


def test_change_an_item_of_a_pending_order_keeps_the_other_options(agentcli_home: Path) -> None:
    result = chat(
        f"I'm {HARPER}", f"change the earbuds in order {HARPER_PENDING} to the black ones", "yes"
    )
    assert (
        "-> color black, battery life 4 hours, water resistance not resistant $243.34"
        in result.stdout
    )
    order = shop_order(agentcli_home, HARPER_PENDING)
    assert order["status"] == "pending (item modified)"
    assert order["items"][0]["item_id"] == "4063058357"
    gift = shop_user(agentcli_home, HARPER_ID)["payment_methods"][HARPER_GIFT]
    assert gift["balance"] == round(99.0 - (243.34 - 242.92), 2)


def test_order_and_default_addresses(agentcli_home: Path) -> None:
    result = chat(
        f"I'm {HARPER}",
        f"change the address of order {HARPER_PENDING} to {NEW_ADDRESS}",
        "yes",
        "change my address to 5 Elm Road, Boston MA 02108",
        "yes",
    )
    assert result.exit_code == 0, result.output
    assert shop_order(agentcli_home, HARPER_PENDING)["address"] == {
        "address1": "12 Oak St",
        "address2": "Apt 3",
        "city": "Austin",
        "state": "TX",
        "country": "USA",
        "zip": "78701",
    }
    assert shop_user(agentcli_home, HARPER_ID)["address"]["city"] == "Boston"
    assert shop_order(agentcli_home, HARPER_DELIVERED)["address"]["city"] != "Boston"


def test_pay_a_pending_order_another_way(agentcli_home: Path) -> None:
    line = f"pay order {HARPER_PENDING} with my mastercard instead"
    refused = chat(f"I'm {HARPER}", line, "yes")
    assert "an operator must approve it too" in refused.stdout  # $4,569.40 is above 1,000.00
    assert len(shop_order(agentcli_home, HARPER_PENDING)["payment_history"]) == 1
    result = chat(f"I'm {HARPER}", line, "yes", args=("--approve-all",))
    assert "$4,569.40 is charged to the new method and $4,569.40 refunded" in result.stdout
    history = shop_order(agentcli_home, HARPER_PENDING)["payment_history"]
    assert [(p["transaction_type"], p["payment_method_id"]) for p in history] == [
        ("payment", HARPER_GIFT),
        ("payment", "credit_card_1719121"),
        ("refund", HARPER_GIFT),
    ]
    gift = shop_user(agentcli_home, HARPER_ID)["payment_methods"][HARPER_GIFT]
    assert gift["balance"] == round(99.0 + 4569.4, 2)


def test_switching_the_payment_of_an_order_placed_here_moves_the_money(
    agentcli_home: Path,
) -> None:
    chat(
        f"I'm {HARPER}",
        "find a notebook",
        "add the first one",
        "checkout with my credit card",
        "yes",
    )
    order_id = shop_user(agentcli_home, HARPER_ID)["orders"][-1]
    assert shop_order(agentcli_home, order_id)["payment_reference"]  # paid through pay
    result = chat(
        f"I'm {HARPER}",
        f"pay order {order_id} with my gift card instead",
        "yes",
        f"cancel order {order_id}, I no longer need it",
        "yes",
    )
    assert result.exit_code == 0, result.output
    intents = {i["payment_method"]: i for i in pay_intents(agentcli_home, HARPER_ID)}
    card, gift = intents["credit_card_1719121"], intents[HARPER_GIFT]
    assert (card["amount_received"], card["amount_refunded"]) == (2859, 2859)
    assert (gift["amount_received"], gift["amount_refunded"]) == (2859, 2859)
    assert shop_order(agentcli_home, order_id)["status"] == "cancelled"


def test_refusals_change_nothing(agentcli_home: Path) -> None:
    ensure_world(agentcli_home)
    before = shop_hash(agentcli_home)
    result = chat(
        f"I'm {HARPER}",
        f"return the earbuds from order {HARPER_PENDING}",
        f"return the keyboard from order {DAIKI_ORDER}",
        f"change the address of order {HARPER_PENDING} to {NEW_ADDRESS}",
        "no",
    )
    assert "is pending, so nothing in it can be returned yet" in result.stdout
    assert "I cannot find order #W8032761 on your account" in result.stdout
    assert "Nothing was changed" in result.stdout
    assert shop_hash(agentcli_home) == before
    assert not any(e["kind"] == "saga_started" for e in latest_run_json()["events"])


def test_item_lookup_and_product_types(agentcli_home: Path) -> None:
    result = chat("tell me about item 9580569596", "what kinds of products do you sell")
    assert "Item 9580569596: color black, battery life 4 hours" in result.stdout
    assert "The shop sells 50 kinds of products" in result.stdout


def test_a_missing_address_is_asked_for_and_an_ambiguous_variant_picked(
    agentcli_home: Path,
) -> None:
    result = chat(
        f"I'm {HARPER}",
        "change my address",
        "12 Oak St, Austin, TX 78701",
        "yes",
        f"exchange the espresso machine in order {HARPER_DELIVERED} for the 2L one",
        "the third one",
        "yes",
    )
    assert "Please give the new address like this" in result.stdout
    assert shop_user(agentcli_home, HARPER_ID)["address"]["city"] == "Austin"
    assert "Several variants match:" in result.stdout
    order = shop_order(agentcli_home, HARPER_DELIVERED)
    assert order["status"] == "exchange requested"
    assert order["exchange_new_items"] == ["7774234341"]  # 9 bar, 2L, manual: the third listed
