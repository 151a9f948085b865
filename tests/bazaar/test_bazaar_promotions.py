"""Promotions: eligibility rules, percent and fixed discounts, and refunds that add up."""

from __future__ import annotations

from bazaar_helpers import KETTLE, NOTEBOOK, OTHER_HELMET, TRAIL_HELMET, Clock, refused

from connectors.bazaar import BazaarConnector
from connectors.errors import ErrorCode

BUYER = "mei_ahmed_4909"


async def test_automatic_percent_discount_needs_the_minimum(bazaar: BazaarConnector) -> None:
    one = await bazaar.add_to_cart(BUYER, KETTLE, 1)  # $144.99 < $150
    assert one["promotions"] == [] and one["discount_minor"] == 0
    two = await bazaar.add_to_cart(BUYER, KETTLE, 1)  # $289.98, 15% = 4349 (floored)
    assert [p["promotion_id"] for p in two["promotions"]] == ["PR-KITCHEN15"]
    assert two["discount_minor"] == 28998 * 1500 // 10000 == 4349


async def test_category_rule_discounts_only_eligible_lines(bazaar: BazaarConnector) -> None:
    await bazaar.add_to_cart(BUYER, KETTLE, 2)
    cart = await bazaar.add_to_cart(BUYER, NOTEBOOK, 1)
    lines = {line["sku"]: line for line in cart["lines"]}
    assert lines[NOTEBOOK]["discount_minor"] == 0
    assert lines[KETTLE]["discount_minor"] == 4349


async def test_percent_code_is_capped_and_stacks_after_the_automatic_one(
    bazaar: BazaarConnector,
) -> None:
    await bazaar.add_to_cart(BUYER, KETTLE, 7)  # 101493: 15% would be 15223, capped at 10000
    cart = await bazaar.apply_promo(BUYER, "WELCOME10")  # 10% of 91493 = 9149, capped at 5000
    amounts = {p["promotion_id"]: p["amount_minor"] for p in cart["promotions"]}
    assert amounts == {"PR-KITCHEN15": 10000, "PR-WELCOME10": 5000}
    assert cart["total_minor"] == 101493 - 15000


async def test_first_order_only_and_uses_per_buyer(bazaar: BazaarConnector) -> None:
    await bazaar.add_to_cart(BUYER, NOTEBOOK, 2)
    await bazaar.apply_promo(BUYER, "WELCOME10")
    order = await bazaar.create_order(BUYER, "pi_w1", from_cart=True)
    assert order["discount_minor"] == 5698 // 10
    await bazaar.add_to_cart(BUYER, NOTEBOOK, 2)
    error = await refused(bazaar.apply_promo(BUYER, "WELCOME10"), ErrorCode.INVALID_STATE)
    assert "first order" in error.message
    await bazaar.cancel_order(order["order_id"])  # a cancelled order gives the promotion back
    assert (await bazaar.apply_promo(BUYER, "WELCOME10"))["promo_code"] == "WELCOME10"


async def test_fixed_code_has_a_use_limit(bazaar: BazaarConnector) -> None:
    for n in range(3):
        await bazaar.add_to_cart(BUYER, NOTEBOOK, 2)
        await bazaar.apply_promo(BUYER, "FIVEOFF")
        order = await bazaar.create_order(BUYER, f"pi_f{n}", from_cart=True)
        assert order["discount_minor"] == 500
    await bazaar.add_to_cart(BUYER, NOTEBOOK, 2)
    error = await refused(bazaar.apply_promo(BUYER, "FIVEOFF"), ErrorCode.INVALID_STATE)
    assert "maximum of 3 times" in error.message


async def test_expired_window_and_clock(bazaar: BazaarConnector, clock: Clock) -> None:
    await bazaar.add_to_cart(BUYER, NOTEBOOK, 2)
    error = await refused(bazaar.apply_promo(BUYER, "SUMMER25"), ErrorCode.INVALID_STATE)
    assert "ended on 2026-09-01" in error.message
    clock.now = 1_785_000_000  # 2026-07-25
    cart = await bazaar.apply_promo(BUYER, "SUMMER25")
    assert cart["discount_minor"] == 5698 // 4


async def test_code_that_stops_applying_is_a_problem_then_a_refusal(
    bazaar: BazaarConnector,
) -> None:
    await bazaar.add_to_cart(BUYER, NOTEBOOK, 2)
    await bazaar.apply_promo(BUYER, "FIVEOFF")
    cart = await bazaar.remove_from_cart(BUYER, NOTEBOOK, 1)  # $28.49 < $30
    assert cart["discount_minor"] == 0
    assert cart["problems"][0]["code"] == "PROMOTION_NOT_APPLICABLE"
    await refused(bazaar.create_order(BUYER, "pi_x", from_cart=True), ErrorCode.INVALID_STATE)


async def test_seller_rule(bazaar: BazaarConnector) -> None:
    cart = await bazaar.add_to_cart(BUYER, OTHER_HELMET, 2)  # outdoor, but not Trailhead's
    assert cart["promotions"] == []
    cart = await bazaar.add_to_cart(BUYER, TRAIL_HELMET, 1)  # $215.49 from Trailhead Supply
    assert [p["promotion_id"] for p in cart["promotions"]] == ["PR-TRAIL20"]
    lines = {line["sku"]: line for line in cart["lines"]}
    assert (lines[TRAIL_HELMET]["discount_minor"], lines[OTHER_HELMET]["discount_minor"]) == (
        2000,
        0,
    )


async def test_partial_cancellations_refund_exactly_what_was_charged(
    bazaar: BazaarConnector,
) -> None:
    await bazaar.add_to_cart(BUYER, NOTEBOOK, 1)
    await bazaar.add_to_cart(BUYER, KETTLE, 1)
    await bazaar.apply_promo(BUYER, "FIVEOFF")
    order = await bazaar.create_order(BUYER, "pi_split", from_cart=True)
    assert order["discount_minor"] == 500
    assert sum(line["discount_minor"] for line in order["lines"]) == 500
    first = await bazaar.cancel_order(order["order_id"], skus=[KETTLE])
    second = await bazaar.cancel_order(order["order_id"], skus=[NOTEBOOK])
    refunds = first["refund"]["amount_minor"] + second["refund"]["amount_minor"]
    assert refunds == order["total_minor"] == 2849 + 14499 - 500
    assert second["status"] == "cancelled"
