"""Recompute a run's audit chain and name the first link that does not hold."""

from __future__ import annotations

from dataclasses import dataclass

from agentcli.trace.chain import GENESIS, event_hash
from agentcli.trace.store import Store


@dataclass(frozen=True)
class ChainReport:
    run_id: str
    events: int
    ok: bool
    broken_seq: int | None = None
    reason: str | None = None


def verify_run(store: Store, run_id: str) -> ChainReport:
    """Walk the events in order; each must follow seq, link to the previous hash, and re-hash."""
    prev = GENESIS
    count = 0
    for row in store.raw_events(run_id):
        count += 1
        seq = row["seq"]
        if seq != count:
            return ChainReport(run_id, count, False, seq, f"expected seq {count}, found {seq}")
        if row["prev_hash"] != prev:
            return ChainReport(
                run_id, count, False, seq, "prev_hash does not match the previous event's hash"
            )
        expected = event_hash(
            prev, row["run_id"], seq, row["kind"], row["ts"], row["span_id"],
            row["parent_span_id"], row["payload"],
        )
        if expected != row["hash"]:
            return ChainReport(
                run_id, count, False, seq, "content changed after it was recorded (hash differs)"
            )
        prev = row["hash"]
    return ChainReport(run_id, count, True)
