"""The money audit of purchases at protocol merchants: the journal against the merchant's word.

A protocol merchant keeps its books behind its protocol, so the audit asks it about each
checkout session a `merchant_checkout` saga touched: a completed saga needs a completed session
with one order the merchant can show; no session may be completed by two sagas; a compensated
saga must not have left a completed session behind.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from agentcli.audit.money import Violation
from agentcli.trace.store import Store
from connectors.errors import ErrorCode, VendorError
from connectors.merchant import MerchantCheckout

SAGA = "merchant_checkout"
RULES = {
    "completed_without_order": "a completed purchase at a protocol merchant whose checkout "
    "session is not completed with one order the merchant can show",
    "double_completion": "one checkout session completed by two sagas, or an order other than "
    "the one the merchant's session names",
}


@dataclass(frozen=True)
class CheckoutRecord:
    """What the journal says of one purchase at a protocol merchant."""

    saga_id: str
    status: str
    merchant: str
    session_id: str
    order_id: str | None


@dataclass(frozen=True)
class MerchantView:
    """What the merchant says of that purchase's checkout session (and its order)."""

    status: str
    order_id: str | None
    order_found: bool


def checkouts_in(store: Store) -> list[CheckoutRecord]:
    """Every `merchant_checkout` saga of the journal, with the order its completion recorded."""
    rows = store.db.execute(
        "SELECT s.id, s.status, s.input, st.result FROM sagas s LEFT JOIN saga_steps st "
        "ON st.saga_id = s.id AND st.name = 'complete_session' AND st.phase = 'forward' "
        "AND st.status = 'succeeded' WHERE s.name = ? ORDER BY s.created_at, s.id",
        [SAGA],
    ).fetchall()
    records = []
    for saga_id, status, given, result in rows:
        data = json.loads(given or "{}")
        done = json.loads(result) if result else {}
        records.append(
            CheckoutRecord(
                str(saga_id),
                str(status),
                str(data.get("merchant")),
                str(data.get("session_id")),
                done.get("order_id"),
            )
        )
    return records


async def merchant_views(
    merchants: Mapping[str, MerchantCheckout], records: Iterable[CheckoutRecord]
) -> dict[tuple[str, str], MerchantView]:
    """The merchant's view of each session; sessions of merchants not configured are left out."""
    views: dict[tuple[str, str], MerchantView] = {}
    for record in records:
        merchant = merchants.get(record.merchant)
        key = (record.merchant, record.session_id)
        if merchant is None or key in views:
            continue
        session = await merchant.get_session(record.session_id)
        found = False
        if session.order_id is not None:
            try:
                await merchant.get_order(session.order_id)
                found = True
            except VendorError as error:
                if error.code is not ErrorCode.NOT_FOUND:
                    raise
        views[key] = MerchantView(session.status, session.order_id, found)
    return views


def checkout_rules(
    records: Iterable[CheckoutRecord], views: Mapping[tuple[str, str], MerchantView]
) -> list[Violation]:
    """Every violation of the protocol-merchant rules; [] when the journal and merchants agree."""
    found: list[Violation] = []
    completed: dict[tuple[str, str], list[str]] = defaultdict(list)
    for record in records:
        key = (record.merchant, record.session_id)
        view = views.get(key)
        if record.status == "completed":
            completed[key].append(record.saga_id)
        if view is None:
            continue
        ids = (record.session_id,)
        if record.status == "completed" and (
            view.status != "completed" or view.order_id is None or not view.order_found
        ):
            state = view.status if view.order_id is None else f"{view.status}, order not found"
            found.append(
                Violation(
                    "completed_without_order",
                    record.merchant,
                    ids,
                    f"the journal completed it; the merchant's session is {state}",
                    record.saga_id,
                )
            )
        elif record.status == "completed" and record.order_id not in (None, view.order_id):
            found.append(
                Violation(
                    "double_completion",
                    record.merchant,
                    (*ids, str(record.order_id), str(view.order_id)),
                    "the journal names another order than the merchant's session",
                    record.saga_id,
                )
            )
        if record.status == "compensated" and view.status == "completed":
            found.append(
                Violation(
                    "journal_disagrees",
                    record.merchant,
                    ids,
                    f"{SAGA} is compensated but the merchant completed the session "
                    f"(order {view.order_id})",
                    record.saga_id,
                )
            )
    for (merchant, session_id), sagas in completed.items():
        if len(sagas) > 1:
            found.append(
                Violation(
                    "double_completion",
                    merchant,
                    (session_id,),
                    f"{len(sagas)} sagas completed it: {', '.join(sagas)}",
                    sagas[0],
                )
            )
    return found
