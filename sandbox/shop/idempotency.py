"""Idempotency-Key handling: one transaction that either replays, refuses, or runs and records."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sandbox.shop.errors import ShopError
from sandbox.shop.store import ShopStore, ShopTx

Operation = Callable[[ShopTx], Any]

MAX_KEY_LENGTH = 255


@dataclass(frozen=True)
class Outcome:
    """The response to send, and whether it is a replay of a stored one."""

    status: int
    body: Any
    replayed: bool = False


def fingerprint(method: str, path: str, query: list[tuple[str, str]], body: Any) -> str:
    """What "the same request" means: method, path, query and the parsed body."""
    request = {"method": method.upper(), "path": path, "query": sorted(query), "body": body}
    return hashlib.sha256(json.dumps(request, sort_keys=True).encode("utf-8")).hexdigest()


def checked_key(raw: str | None) -> str | None:
    """The Idempotency-Key header value; a blank one counts as absent."""
    if raw is None or not raw.strip():
        return None
    if len(raw) > MAX_KEY_LENGTH:
        raise ShopError("invalid_request", f"Idempotency-Key is longer than {MAX_KEY_LENGTH}")
    return raw.strip()


def run_once(
    store: ShopStore,
    key: str | None,
    request_fingerprint: str,
    operation: Operation,
    success_status: int,
    *,
    wait: bool = True,
) -> Outcome:
    """Run `operation` in one write transaction, honouring the Idempotency-Key.

    Shop errors are recorded under the key like successes, so a retry sees the same answer.
    With `wait=False` it raises `WriteBusy`, having done nothing, if the lock is taken.
    """
    with store.write(wait=wait) as tx:
        if key is not None:
            stored = tx.stored_response(key)
            if stored is not None:
                stored_fingerprint, status, body = stored
                if stored_fingerprint != request_fingerprint:
                    raise ShopError(
                        "idempotency_conflict",
                        "This Idempotency-Key was already used for a different request",
                    )
                return Outcome(status, body, replayed=True)
        try:
            with tx.savepoint():
                outcome = Outcome(success_status, operation(tx))
        except ShopError as error:
            outcome = Outcome(error.http_status, error.envelope())
        if key is not None:
            tx.store_response(key, request_fingerprint, outcome.status, outcome.body)
        return outcome
