"""The audit chain: each event's link is an HMAC over its content and the link before it.

The run row keeps the chain's head (the last link), the event count and a seal over both, so a
cut tail shows, and the links are keyed with the local secret key, so a chain recomputed after
an edit shows too. Runs recorded before keyed links used plain SHA-256 (`legacy_hash`).
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from agentcli.replay.jsontext import encoder
from agentcli.replay.secretkey import key_id

GENESIS = "0" * 64
_CHAIN_KEY_CONTEXT = b"agentcli audit chain v1"


canonical_json = encoder(sort_keys=True, separators=(",", ":"))
"""Stable JSON text: sorted keys, no whitespace, non-ASCII kept."""


def _message(
    prev_hash: str,
    run_id: str,
    seq: int,
    kind: str,
    ts: float,
    span_id: str,
    parent_span_id: str | None,
    payload_json: str,
) -> bytes:
    return (
        f"{prev_hash}\x1f{run_id}\x1e{seq}\x1e{kind}\x1e{ts!r}\x1e{span_id}\x1e"
        f"{parent_span_id or ''}\x1f{payload_json}\x1f"
    ).encode()


def legacy_hash(
    prev_hash: str,
    run_id: str,
    seq: int,
    kind: str,
    ts: float,
    span_id: str,
    parent_span_id: str | None,
    payload_json: str,
) -> str:
    """The unkeyed SHA-256 link of runs recorded before links were keyed."""
    return hashlib.sha256(
        _message(prev_hash, run_id, seq, kind, ts, span_id, parent_span_id, payload_json)
    ).hexdigest()


class ChainKey:
    """Keys the links and seals of the audit chain; derived from the local secret key."""

    def __init__(self, secret: bytes) -> None:
        self._key = hmac.digest(secret, _CHAIN_KEY_CONTEXT, "sha256")
        #: the same public fingerprint a cassette masked with this key carries
        self.key_id = key_id(secret)
        # HMAC's two padded-key blocks, hashed once: copying them halves the cost of a link
        block = self._key.ljust(64, b"\0")
        self._inner = hashlib.sha256(bytes(b ^ 0x36 for b in block))
        self._outer = hashlib.sha256(bytes(b ^ 0x5C for b in block))

    def link(
        self,
        prev_hash: str,
        run_id: str,
        seq: int,
        kind: str,
        ts: float,
        span_id: str,
        parent_span_id: str | None,
        payload_json: str,
    ) -> str:
        """HMAC-SHA256 over the previous link and every stored field of the event."""
        return self._hmac(
            _message(prev_hash, run_id, seq, kind, ts, span_id, parent_span_id, payload_json)
        )

    def seal(self, run_id: str, count: int, head: str) -> str:
        """What the run row stores beside its head and count: they cannot be edited apart.

        Every flush of a recorder seals the head again, so it goes through the same hashed
        pads as a link: a one-shot `hmac.digest` sets up OpenSSL's HMAC afresh each time."""
        return self._hmac(f"head\x1e{run_id}\x1e{count}\x1e{head}".encode())

    def _hmac(self, message: bytes) -> str:
        """`hmac.digest(self._key, message, "sha256").hex()`, from the two hashed pads."""
        inner = self._inner.copy()
        inner.update(message)
        outer = self._outer.copy()
        outer.update(inner.digest())
        return outer.hexdigest()

    def head(self, run_id: str, count: int, head: str) -> ChainHead:
        return ChainHead(count, head, self.key_id, self.seal(run_id, count, head))


@dataclass(frozen=True)
class ChainHead:
    """What the run row says about its chain: how many links, the last one, who sealed it."""

    count: int
    head: str
    key_id: str
    seal: str

    COLUMNS = ("chain_count", "chain_head", "chain_key", "chain_seal")

    @classmethod
    def of_run(cls, run: Mapping[str, Any]) -> ChainHead | None:
        """The head a run row (or an exported one) keeps; None for runs from before heads."""
        values = [run.get(c) for c in cls.COLUMNS]
        if all(v is None for v in values):
            return None
        count, head, key, seal = values
        return cls(
            count if isinstance(count, int) else -1,
            str(head or ""),
            str(key or ""),
            str(seal or ""),
        )

    def columns(self) -> dict[str, Any]:
        return dict(zip(self.COLUMNS, (self.count, self.head, self.key_id, self.seal), strict=True))
