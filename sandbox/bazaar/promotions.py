"""Promotions: who qualifies (eligibility rules) and how a discount is spread over the lines.

An automatic promotion (no code) applies by itself, the best one only; a coded one applies when
the buyer gives its code. Each discount is apportioned to the eligible lines in proportion to
what they still cost (largest remainder), so a later partial cancellation refunds exactly what
those lines were charged.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from sandbox.bazaar.errors import BazaarError

Record = dict[str, Any]


@dataclass
class Line:
    """A priced line being quoted: a cart line or an order line."""

    sku: str
    title: str
    category: str
    seller_id: str
    qty: int
    unit_price_minor: int
    discount_minor: int = 0

    @property
    def subtotal_minor(self) -> int:
        return self.unit_price_minor * self.qty

    @property
    def total_minor(self) -> int:
        return self.subtotal_minor - self.discount_minor


@dataclass
class Quote:
    lines: list[Line]
    applied: list[Record] = field(default_factory=list)
    problems: list[Record] = field(default_factory=list)

    @property
    def subtotal_minor(self) -> int:
        return sum(line.subtotal_minor for line in self.lines)

    @property
    def discount_minor(self) -> int:
        return sum(line.discount_minor for line in self.lines)

    @property
    def total_minor(self) -> int:
        return self.subtotal_minor - self.discount_minor


def all_promotions(conn: sqlite3.Connection) -> list[Record]:
    return [json.loads(doc) for (doc,) in conn.execute("SELECT doc FROM promotions ORDER BY seq")]


def by_code(conn: sqlite3.Connection, code: str) -> Record:
    row = conn.execute(
        "SELECT doc FROM promotions WHERE code = ? COLLATE NOCASE", (code,)
    ).fetchone()
    if row is None:
        raise BazaarError("PROMOTION_NOT_FOUND", f"no promotion with code {code}", code=code)
    promotion: Record = json.loads(row[0])
    return promotion


def _eligible_line(promotion: Record, line: Line) -> bool:
    rules = promotion["eligibility"]
    categories = rules.get("categories")
    if categories and not any(
        line.category == c or line.category.startswith(c + ".") for c in categories
    ):
        return False
    sellers = rules.get("sellers")
    return not sellers or line.seller_id in sellers


def _instant(text: str) -> float:
    return datetime.fromisoformat(text.replace("Z", "+00:00")).astimezone(UTC).timestamp()


def advertised(promotion: Record, line: Line, now: float) -> bool:
    """Could this line ever get the promotion now (ignoring the buyer and the cart total)?"""
    rules = promotion["eligibility"]
    if "starts_at" in rules and now < _instant(rules["starts_at"]):
        return False
    if "ends_at" in rules and now >= _instant(rules["ends_at"]):
        return False
    return _eligible_line(promotion, line)


def refusals(
    conn: sqlite3.Connection, promotion: Record, buyer_id: str, lines: list[Line], now: float
) -> list[str]:
    """Why the buyer cannot have this promotion on these lines (empty: they can)."""
    rules = promotion["eligibility"]
    reasons = []
    if "starts_at" in rules and now < _instant(rules["starts_at"]):
        reasons.append(f"it starts on {rules['starts_at'][:10]}")
    if "ends_at" in rules and now >= _instant(rules["ends_at"]):
        reasons.append(f"it ended on {rules['ends_at'][:10]}")
    eligible = [line for line in lines if _eligible_line(promotion, line)]
    if not eligible:
        reasons.append("no item qualifies for it")
    minimum = rules.get("min_subtotal_minor", 0)
    if eligible and sum(line.subtotal_minor for line in eligible) < minimum:
        reasons.append(f"qualifying items must add up to at least {minimum / 100:.2f} USD")
    if rules.get("first_order_only"):
        placed = conn.execute(
            "SELECT COUNT(*) FROM orders WHERE buyer_id = ? AND "
            "json_extract(doc, '$.status') != 'cancelled'",
            (buyer_id,),
        ).fetchone()[0]
        if placed:
            reasons.append("it is only for a buyer's first order")
    cap = rules.get("max_uses_per_buyer")
    if cap is not None:
        used = conn.execute(
            "SELECT COUNT(*) FROM promo_uses WHERE buyer_id = ? AND promotion_id = ?",
            (buyer_id, promotion["promotion_id"]),
        ).fetchone()[0]
        if used >= cap:
            reasons.append(f"it was already used the maximum of {cap} times")
    return reasons


def _discount(promotion: Record, base: int) -> int:
    if promotion["kind"] == "percent":
        amount = base * promotion["percent_bp"] // 10_000
        cap = promotion.get("max_discount_minor")
        return amount if cap is None else min(amount, cap)
    return min(promotion["amount_minor"], base)


def _apportion(amount: int, lines: list[Line]) -> None:
    """Spread `amount` over `lines` by what each still costs; remainders by largest fraction."""
    weights = [line.total_minor for line in lines]
    total = sum(weights)
    if amount <= 0 or total <= 0:
        return
    shares = [amount * w // total for w in weights]
    remainders = sorted(range(len(lines)), key=lambda i: (-(amount * weights[i] % total), i))
    for i in remainders[: amount - sum(shares)]:
        shares[i] += 1
    for line, share in zip(lines, shares, strict=True):
        line.discount_minor += share


def _apply(promotion: Record, lines: list[Line], quote: Quote) -> None:
    eligible = [line for line in lines if _eligible_line(promotion, line)]
    amount = _discount(promotion, sum(line.total_minor for line in eligible))
    _apportion(amount, eligible)
    quote.applied.append(
        {
            "promotion_id": promotion["promotion_id"],
            "code": promotion["code"],
            "label": promotion["label"],
            "amount_minor": amount,
        }
    )


def quote(
    conn: sqlite3.Connection,
    buyer_id: str,
    lines: list[Line],
    code: str | None,
    now: float,
    *,
    strict: bool,
) -> Quote:
    """Price the lines: the best automatic promotion, then the coded one.

    With `strict`, a code that does not apply is a refusal; otherwise it is a listed problem.
    """
    result = Quote(lines)
    automatic = []
    for promotion in all_promotions(conn):
        if promotion["code"] is None and not refusals(conn, promotion, buyer_id, lines, now):
            eligible = [line for line in lines if _eligible_line(promotion, line)]
            amount = _discount(promotion, sum(line.subtotal_minor for line in eligible))
            automatic.append((-amount, promotion["promotion_id"], promotion))
    if automatic:
        _apply(min(automatic)[2], lines, result)
    if code:
        promotion = by_code(conn, code)
        reasons = refusals(conn, promotion, buyer_id, lines, now)
        if reasons and strict:
            raise BazaarError(
                "PROMOTION_NOT_APPLICABLE",
                f"promotion {promotion['code']} does not apply: " + "; ".join(reasons),
                code=promotion["code"],
                reasons=reasons,
            )
        if reasons:
            result.problems.append(
                {
                    "code": "PROMOTION_NOT_APPLICABLE",
                    "promotion_id": promotion["promotion_id"],
                    "reasons": reasons,
                }
            )
        else:
            _apply(promotion, lines, result)
    return result
