"""The audit chain: each event's hash covers its content and the hash of the event before."""

from __future__ import annotations

import hashlib
import json
from typing import Any

GENESIS = "0" * 64


def canonical_json(value: Any) -> str:
    """Stable JSON text: sorted keys, no whitespace, non-ASCII kept."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def event_hash(
    prev_hash: str,
    run_id: str,
    seq: int,
    kind: str,
    ts: float,
    span_id: str,
    parent_span_id: str | None,
    payload_json: str,
) -> str:
    """SHA-256 over the previous hash and every stored field of the event."""
    header = f"{run_id}\x1e{seq}\x1e{kind}\x1e{ts!r}\x1e{span_id}\x1e{parent_span_id or ''}"
    digest = hashlib.sha256()
    for part in (prev_hash, header, payload_json):
        digest.update(part.encode("utf-8"))
        digest.update(b"\x1f")
    return digest.hexdigest()
