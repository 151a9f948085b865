"""Money in the trips dialect: decimal strings with a currency; integer cents inside."""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from typing import Any

CURRENCY = "USD"


def money(minor: int) -> dict[str, Any]:
    """12345 → {"amount": "123.45", "currency": "USD"}."""
    sign = "-" if minor < 0 else ""
    return {"amount": f"{sign}{abs(minor) // 100}.{abs(minor) % 100:02d}", "currency": CURRENCY}


def iso(moment: float) -> str:
    return datetime.fromtimestamp(moment, UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def at(day: date, clock_time: str) -> float:
    """Epoch seconds of `day` at 'HH:MM' UTC."""
    hours, minutes = (int(part) for part in clock_time.split(":"))
    return datetime.combine(day, time(hours, minutes), tzinfo=UTC).timestamp()


def today(now: float) -> date:
    return datetime.fromtimestamp(now, UTC).date()
