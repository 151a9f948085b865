"""Stripe-style list pages: newest first, `limit`, `starting_after`, `has_more`."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from typing import Any

from sandbox.pay.errors import resource_missing

Row = sqlite3.Row


def page(
    db: sqlite3.Connection,
    *,
    table: str,
    kind: str,
    url: str,
    render: Callable[[Row], dict[str, Any]],
    filters: dict[str, str],
    limit: int,
    starting_after: str | None,
) -> dict[str, Any]:
    """One page of `table` rows matching `filters`, newest first, after `starting_after`."""
    where = [f"{column} = ?" for column in filters]
    args: list[Any] = list(filters.values())
    if starting_after is not None:
        cursor = db.execute(f"SELECT seq FROM {table} WHERE id = ?", (starting_after,)).fetchone()
        if cursor is None:
            raise resource_missing(kind, starting_after, param="starting_after")
        where.append("seq < ?")
        args.append(cursor["seq"])
    sql = f"SELECT * FROM {table}"
    if where:
        sql += " WHERE " + " AND ".join(where)
    rows = db.execute(f"{sql} ORDER BY seq DESC LIMIT ?", (*args, limit + 1)).fetchall()
    return {
        "object": "list",
        "url": url,
        "data": [render(row) for row in rows[:limit]],
        "has_more": len(rows) > limit,
    }
