"""Cross-marketplace checkout through the CLI: one payment, an order at each marketplace."""

from __future__ import annotations

from pathlib import Path

from tests.e2e.helpers import HARPER, HARPER_ID, chat, latest_run_json
from tests.e2e.market_helpers import read, saga_outputs

CARD = "credit_card_1719121"
SESSION = (
    f"I'm {HARPER}",
    "find a notebook",
    "add the first one",  # shop: Notebook A5 soft cover, $28.59
    "show me the sixth one",  # bazaar: Brightside Notebook A4 soft cover, $28.49
    "add 2 of it",
    "what's in my cart",
    "checkout with my credit card",
)


def test_one_payment_buys_from_both_marketplaces(agentcli_home: Path) -> None:
    result = chat(*SESSION, "yes")
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "[bazaar, sold by Brightside Home, rated 3.9/5]" in out
    assert "at shop:" in out and "at bazaar:" in out
    assert "place an order with shop and one with bazaar, paid in one payment" in out
    assert "Total $85.57 ($28.59 at shop + $56.98 at bazaar)" in out
    assert "are placed, and $85.57 was charged in one payment" in out

    run = latest_run_json()
    assert run["run"]["outcome"] == "purchase"
    steps = saga_outputs(run, "cross_marketplace_order")
    shop_id = steps["create_shop_order"]["order_id"]
    bazaar_id = steps["create_bazaar_order"]["order_id"]

    async def facts(v):  # type: ignore[no-untyped-def]
        return (
            await v.pay.list_intents(HARPER_ID),
            await v.shop.get_order(shop_id),
            await v.bazaar.get_order(bazaar_id),
            await v.shop.get_cart(HARPER_ID),
            await v.bazaar.get_cart(HARPER_ID),
        )

    intents, shop_order, bazaar_order, shop_cart, bazaar_cart = read(agentcli_home, facts)
    [intent] = intents
    assert (intent["status"], intent["amount_received"], intent["payment_method"]) == (
        "succeeded",
        8557,
        CARD,
    )
    assert shop_order["status"] == "pending" and shop_order["payment_reference"] == intent["id"]
    assert [i["item_id"] for i in shop_order["items"]] == ["9799386954"]
    assert shop_order["payment_history"][0]["amount"] == 28.59
    assert bazaar_order["status"] == "placed" and bazaar_order["payment_ref"] == intent["id"]
    assert [(line["sku"], line["qty"]) for line in bazaar_order["lines"]] == [
        ("BZ-NTBK-0023-WLC", 2)
    ]
    assert bazaar_order["total_minor"] == 5698
    assert bazaar_order["ship_to"]["city"] == "Philadelphia"
    assert shop_cart["items"] == [] and bazaar_cart["lines"] == []


def test_bazaar_refusing_at_order_time_undoes_the_shop_order(
    agentcli_home: Path,
    tmp_path: Path,
) -> None:
    plan = tmp_path / "faults.yaml"
    plan.write_text(
        "rules:\n  - vendor: bazaar\n    endpoint: POST /v2/orders\n    fault: stock_race\n"
    )
    result = chat(*SESSION, "yes", args=("--faults", str(plan)))
    assert result.exit_code == 0, result.output
    assert "I could not complete that" in result.stdout
    assert "cancelled shop order" in result.stdout and "nothing was charged" in result.stdout

    run = latest_run_json()
    steps = saga_outputs(run, "cross_marketplace_order")
    shop_id = steps["create_shop_order"]["order_id"]
    assert "create_bazaar_order" not in steps and "capture_payment" not in steps
    compensated = [
        e["payload"]["step"] for e in run["events"] if e["kind"] == "compensation_succeeded"
    ]
    assert compensated == ["create_shop_order", "authorize_payment"]

    async def facts(v):  # type: ignore[no-untyped-def]
        return (
            await v.pay.list_intents(HARPER_ID),
            await v.shop.get_order(shop_id),
            await v.bazaar.list_orders(HARPER_ID),
            await v.shop.get_cart(HARPER_ID),
        )

    intents, shop_order, bazaar_orders, shop_cart = read(agentcli_home, facts)
    assert [(i["status"], i["amount_received"]) for i in intents] == [("canceled", 0)]
    assert shop_order["status"] == "cancelled"
    assert bazaar_orders == []
    assert [i["item_id"] for i in shop_cart["items"]] == ["9799386954"]  # back in the cart


def test_a_bazaar_only_cart_checks_out_through_the_bazaar(agentcli_home: Path) -> None:
    result = chat(
        f"I'm {HARPER}",
        "find a notebook",
        "add the sixth one",
        "checkout with my credit card",
        "yes",
    )
    assert result.exit_code == 0, result.output
    assert "bazaar order BZO-" in result.stdout and "$28.49 was charged" in result.stdout

    async def facts(v):  # type: ignore[no-untyped-def]
        return await v.pay.list_intents(HARPER_ID), await v.bazaar.list_orders(HARPER_ID)

    intents, orders = read(agentcli_home, facts)
    assert [i["amount_received"] for i in intents] == [2849]
    assert [o["total_minor"] for o in orders] == [2849]


def test_each_order_of_a_shared_payment_refunds_only_its_part(agentcli_home: Path) -> None:
    chat(*SESSION, "yes")
    steps = saga_outputs(latest_run_json(), "cross_marketplace_order")
    shop_id = steps["create_shop_order"]["order_id"]
    bazaar_id = steps["create_bazaar_order"]["order_id"]

    async def intent(v):  # type: ignore[no-untyped-def]
        [found] = await v.pay.list_intents(HARPER_ID)
        return found

    result = chat(f"I'm {HARPER}", f"cancel order {shop_id}, I ordered by mistake", "yes")
    assert "refund $28.59 back to mastercard card ending 7159" in result.stdout
    assert read(agentcli_home, intent)["amount_refunded"] == 2859  # not the bazaar's part

    result = chat(
        f"I'm {HARPER}",
        f"cancel order {bazaar_id}",
        "I no longer need it",
        "yes",
        f"where is order {bazaar_id}",
    )
    assert "refund $56.98 to the payment that paid it" in result.stdout
    assert f"Bazaar order {bazaar_id} is cancelled. Refunded: $56.98" in result.stdout
    assert "Paid $56.98, refunded $56.98" in result.stdout
    paid = read(agentcli_home, intent)
    assert (paid["amount_received"], paid["amount_refunded"]) == (8557, 8557)

    async def listing(v):  # type: ignore[no-untyped-def]
        return await v.bazaar.get_listing("BZ-NTBK-0023-WLC")

    assert read(agentcli_home, listing)["stock"] == 16  # the stock came back


def test_someone_elses_bazaar_order_is_not_found(agentcli_home: Path) -> None:
    chat(*SESSION, "yes")
    bazaar_id = saga_outputs(latest_run_json(), "cross_marketplace_order")["create_bazaar_order"][
        "order_id"
    ]
    result = chat("I'm sofia.rossi2645@example.com", f"cancel order {bazaar_id} by mistake")
    assert f"I cannot find order {bazaar_id} on your account" in result.stdout


def test_a_bazaar_outage_leaves_shop_shopping_working(agentcli_home: Path, tmp_path: Path) -> None:
    plan = tmp_path / "faults.yaml"
    plan.write_text("rules:\n  - {vendor: bazaar, fault: status, status: 503}\n")
    result = chat(
        f"I'm {HARPER}",
        "find a notebook",
        "add the first one",
        "what's in my cart",
        "checkout with my credit card",
        "yes",
        args=("--faults", str(plan)),
    )
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "1. Notebook (size A5, cover type soft cover) - $28.59, in stock" in out
    assert "The bazaar did not answer properly just now" in out and "[bazaar" not in out
    assert "(The bazaar cart could not be read just now; it is not shown.)" in out
    assert "anything in your bazaar cart stays there for a later checkout" in out
    assert "is placed (pending), and $28.59 was charged" in out

    async def intents(v):  # type: ignore[no-untyped-def]
        return await v.pay.list_intents(HARPER_ID)

    assert [i["amount_received"] for i in read(agentcli_home, intents)] == [2859]


def test_a_promotion_code_lowers_the_bazaar_total(agentcli_home: Path) -> None:
    result = chat(
        f"I'm {HARPER}",
        "find a notebook",
        "add 2 of the sixth one",
        "use code FIVEOFF",
        "yes",
        "apply coupon FREESTUFF",
        "checkout with my credit card",
        "yes",
    )
    assert result.exit_code == 0, result.output
    assert "apply promotion code FIVEOFF to your bazaar cart: $5 off orders of $30" in result.stdout
    assert "$5 off orders of $30 or more: -$5.00" in result.stdout
    assert "the bazaar has no promotion code FREESTUFF" in result.stdout
    assert "place an order with bazaar:" in result.stdout and "Total $51.98," in result.stdout

    async def facts(v):  # type: ignore[no-untyped-def]
        return await v.pay.list_intents(HARPER_ID), await v.bazaar.list_orders(HARPER_ID)

    intents, [order] = read(agentcli_home, facts)
    assert [i["amount_received"] for i in intents] == [5198]
    assert (order["discount_minor"], order["total_minor"]) == (500, 5198)
    assert [p["code"] for p in order["promotions"]] == ["FIVEOFF"]
