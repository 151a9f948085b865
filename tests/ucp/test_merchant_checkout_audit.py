"""The money audit's rules for purchases at protocol merchants: each one catches its breach."""

from __future__ import annotations

import pytest

from agentcli.audit.merchant_checkouts import (
    RULES,
    CheckoutRecord,
    MerchantView,
    checkout_rules,
)

SESSION = ("flowers", "co_1")


def completed(saga: str = "s1", order: str | None = "o1") -> CheckoutRecord:
    return CheckoutRecord(saga, "completed", "flowers", "co_1", order)


def test_a_completed_purchase_with_its_order_at_the_merchant_is_clean() -> None:
    assert checkout_rules([completed()], {SESSION: MerchantView("completed", "o1", True)}) == []


@pytest.mark.parametrize(
    ("records", "view", "rule"),
    [
        ([completed()], MerchantView("canceled", None, False), "completed_without_order"),
        ([completed()], MerchantView("ready", None, False), "completed_without_order"),
        ([completed()], MerchantView("completed", "o1", False), "completed_without_order"),
        (
            [completed(), completed("s2")],
            MerchantView("completed", "o1", True),
            "double_completion",
        ),
        ([completed(order="o9")], MerchantView("completed", "o1", True), "double_completion"),
        (
            [CheckoutRecord("s1", "compensated", "flowers", "co_1", None)],
            MerchantView("completed", "o1", True),
            "journal_disagrees",
        ),
    ],
)
def test_each_breach_is_named(records: list[CheckoutRecord], view: MerchantView, rule: str) -> None:
    found = checkout_rules(records, {SESSION: view})
    assert [v.rule for v in found] == [rule]
    assert found[0].vendor == "flowers" and "co_1" in found[0].ids


def test_a_compensated_purchase_whose_session_was_cancelled_is_clean() -> None:
    record = CheckoutRecord("s1", "compensated", "flowers", "co_1", None)
    assert checkout_rules([record], {SESSION: MerchantView("canceled", None, False)}) == []


def test_every_rule_is_documented() -> None:
    assert {"completed_without_order", "double_completion"} == set(RULES)
