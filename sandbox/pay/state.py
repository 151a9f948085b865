"""The canonical state document of the pay vendor and its hash.

`created` is left out so that two runs making the same calls in the same order hash equal
(ids are already deterministic); everything else an intent or refund says is in it.
"""

from __future__ import annotations

import hashlib
import sqlite3
from typing import Any

from sandbox.pay.intents import intent_object
from sandbox.pay.refunds import refund_object
from sandbox.pay.store import canonical_json

VOLATILE = ("created",)


def _stable(record: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in record.items() if k not in VOLATILE}


def state_document(db: sqlite3.Connection) -> dict[str, Any]:
    """All intents and refunds, keyed by id."""
    intents = db.execute("SELECT * FROM intents ORDER BY seq").fetchall()
    refunds = db.execute("SELECT * FROM refunds ORDER BY seq").fetchall()
    return {
        "payment_intents": {row["id"]: _stable(intent_object(row)) for row in intents},
        "refunds": {row["id"]: _stable(refund_object(row)) for row in refunds},
    }


def state_json(db: sqlite3.Connection) -> str:
    return canonical_json(state_document(db))


def state_hash(db: sqlite3.Connection) -> str:
    return hashlib.sha256(state_json(db).encode()).hexdigest()
