"""Sandbox hook: a stock race, as if other travellers took the last rooms or seats."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sandbox.kit.state import StateFile
from sandbox.trips import holds, offers
from sandbox.trips.errors import TripsError

RIVAL_HOLD_SECONDS = 365 * 24 * 3600.0  # outlives any test clock


def stock_race(path: Path, body: Any, now: float | None = None) -> None:
    """Hold everything left of the offer a hold request names, for someone else."""
    import time

    if not isinstance(body, dict) or not isinstance(body.get("offer_id"), str):
        return
    moment = time.time() if now is None else now
    try:
        offer = offers.offer(body["offer_id"], 1)
    except TripsError:
        return
    with StateFile(path).write() as conn:
        left = holds.available(conn, offer, moment)
        if left <= 0:
            return
        rival = offers.offer(offer.offer_id, left if offer.kind == "flight" else 1)
        for _ in range(left if offer.kind == "hotel" else 1):
            holds.create(conn, rival.offer_id, rival.travellers, moment, RIVAL_HOLD_SECONDS)
