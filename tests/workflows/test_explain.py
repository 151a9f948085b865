"""Customer messages for sagas that did not complete, composed from the saga's result."""

from __future__ import annotations

from agentcli.conversation.explain import failure_message


def _report(**fields: object) -> dict[str, object]:
    base: dict[str, object] = {
        "saga_title": "place the order",
        "saga_status": "compensated",
        "undone": [],
        "charged": False,
        "vendor": "shop",
    }
    return {**base, **fields}


def test_a_compensated_order_says_why_what_was_undone_and_that_nothing_was_charged() -> None:
    report = _report(
        code="OUT_OF_STOCK",
        message="Notebook sold out just before payment",
        undone=["cancelled order #W1", "released the $28.59 hold on your payment method"],
    )
    assert failure_message(report) == (
        "I could not place the order: Notebook sold out just before payment. So I cancelled "
        "order #W1 and released the $28.59 hold on your payment method; nothing was charged."
    )


def test_a_decline_with_nothing_to_undo() -> None:
    report = _report(code="PAYMENT_DECLINED", vendor="pay", message="card_declined")
    assert failure_message(report) == (
        "I could not place the order: your payment method was declined. Nothing was charged."
    )


def test_a_vendor_outage_names_the_vendor_and_the_step() -> None:
    report = _report(
        code="UNAVAILABLE",
        vendor="pay",
        failed_title="take the payment",
        undone=["refunded the $10.00 charge"],
        charged=False,
    )
    assert failure_message(report).startswith(
        "I could not place the order: pay is not answering right now, so I could not take "
        "the payment. So I refunded the $10.00 charge"
    )


def test_needs_attention_tells_the_customer_an_operator_will_finish_it() -> None:
    report = _report(
        saga_status="needs_attention",
        stuck="compensate",
        code="TIMEOUT",
        vendor="shop",
        failed_title="create the order with the shop",
        undone=["released the $5.00 hold on your payment method"],
    )
    message = failure_message(report, "RUN-7")
    assert "I released the $5.00 hold on your payment method, but I could not undo" in message
    assert message.endswith(
        "a human operator has been alerted and will finish it. Reference: RUN-7."
    )


def test_past_the_point_of_no_return_the_operator_completes_it() -> None:
    report = _report(
        saga_title="cancel the order",
        saga_status="needs_attention",
        stuck="forward",
        code="UNAVAILABLE",
        vendor="pay",
        failed_title="refund the payment",
    )
    assert failure_message(report, "RUN-8") == (
        "I could not finish: pay is not answering right now, so I could not refund the "
        "payment. What is done cannot be undone, so a human operator has been alerted and "
        "will complete it. Reference: RUN-8."
    )
