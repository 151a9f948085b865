"""The merchant's sessions and orders in its SQLite state file."""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass
from typing import Any

from sandbox.acp.errors import AcpError, not_found
from sandbox.acp.session import Cart
from sandbox.kit.state import canonical_json, meta_counter


@dataclass(frozen=True)
class Stored:
    """One session as kept: the agent's cart, the last view, and completion bookkeeping."""

    session_id: str
    status: str
    cart: Cart
    view: dict[str, Any]
    attempt: int = 0
    """Completion attempts that reached pay (the next one's keys differ)."""
    since: float = 0.0
    """When the current completion started (status `complete_in_progress`)."""

    def doc(self) -> str:
        return json.dumps(
            {
                "cart": self.cart.to_json(),
                "view": self.view,
                "attempt": self.attempt,
                "since": self.since,
            }
        )


def new_session_id(conn: sqlite3.Connection) -> str:
    return f"cs_{meta_counter(conn, 'session_counter'):06d}"


def new_order_id(conn: sqlite3.Connection) -> str:
    return f"ord_{meta_counter(conn, 'order_counter'):06d}"


def load(conn: sqlite3.Connection, session_id: str) -> Stored:
    row = conn.execute(
        "SELECT status, doc FROM sessions WHERE session_id = ?", (session_id,)
    ).fetchone()
    if row is None:
        raise not_found(session_id)
    doc = json.loads(row[1])
    return Stored(
        session_id, row[0], Cart.from_json(doc["cart"]), doc["view"], doc["attempt"], doc["since"]
    )


def save(conn: sqlite3.Connection, stored: Stored) -> None:
    conn.execute(
        "INSERT INTO sessions (session_id, status, doc) VALUES (?, ?, ?) "
        "ON CONFLICT (session_id) DO UPDATE SET status = excluded.status, doc = excluded.doc",
        (stored.session_id, stored.status, stored.doc()),
    )


def add_order(
    conn: sqlite3.Connection, order: dict[str, Any], intent: str, amount: int, currency: str
) -> None:
    conn.execute(
        "INSERT INTO orders (order_id, session_id, payment_intent, amount, currency, doc)"
        " VALUES (?, ?, ?, ?, ?, ?)",
        (order["id"], order["checkout_session_id"], intent, amount, currency, json.dumps(order)),
    )


def invalid_state(stored: Stored, doing: str) -> AcpError:
    return AcpError(
        400,
        "invalid_state",
        f"Cannot {doing} checkout session {stored.session_id}: it is {stored.status}",
    )


def state_text(conn: sqlite3.Connection) -> str:
    """Every session (as last shown) and order, keyed by id, as canonical JSON (`/_state`)."""
    sessions = {
        session_id: json.loads(doc)["view"]
        for session_id, doc in conn.execute("SELECT session_id, doc FROM sessions")
    }
    orders = {
        order_id: {**json.loads(doc), "payment_intent": intent, "amount": amount}
        for order_id, doc, intent, amount in conn.execute(
            "SELECT order_id, doc, payment_intent, amount FROM orders"
        )
    }
    return canonical_json({"checkout_sessions": sessions, "orders": orders})
