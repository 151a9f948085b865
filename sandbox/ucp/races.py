"""Sandbox hook: a stock race, as if other shoppers bought the last of what is being bought."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from sandbox.kit.state import StateFile

OPEN = ("incomplete", "ready_for_complete", "requires_escalation")


def stock_race(path: Path, body: Any) -> None:
    """Sell out the items a create or update names; for a request without items (a
    completion), every item in an open checkout session."""
    named = _items(body)
    with StateFile(path).write() as conn:
        if not named:
            for (doc,) in conn.execute("SELECT doc FROM checkouts"):
                session = json.loads(doc)
                if session.get("status") in OPEN:
                    named |= _items(session)
        conn.executemany(
            "UPDATE inventory SET quantity = 0 WHERE product_id = ?", [(i,) for i in sorted(named)]
        )


def _items(body: Any) -> set[str]:
    found = set()
    for line in (body.get("line_items") if isinstance(body, dict) else None) or []:
        item = line.get("item") if isinstance(line, dict) else None
        if isinstance(item, dict) and isinstance(item.get("id"), str):
            found.add(item["id"])
    return found
