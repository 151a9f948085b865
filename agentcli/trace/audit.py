"""Recompute a run's audit chain and name the first link that does not hold, or is missing."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from agentcli.trace.chain import GENESIS, ChainHead, ChainKey, legacy_hash
from agentcli.trace.store import Store
from errortree import UserError

LEGACY_NOTE = (
    "recorded before agentcli sealed chain heads: a cut tail or a chain recomputed "
    "after an edit would not show"
)


class ChainKeyMissing(UserError):
    """A sealed run needs the secret key to be verified, and none was given or found."""


@dataclass(frozen=True)
class ChainReport:
    """The verdict on one run: `ok`, else the first broken or missing link and what is wrong."""

    run_id: str
    events: int
    ok: bool
    broken_seq: int | None = None
    reason: str | None = None
    #: said of a run that holds but is checked less than fully (recorded before sealed heads)
    note: str | None = None


def verify_run(store: Store, run_id: str, key: ChainKey | None = None) -> ChainReport:
    """Check the run's stored events against the head its row keeps (key: the store's)."""
    run, rows = store.chain_of(run_id)
    return verify_chain(run, rows, key or store.chain_key, sealed_since=store.chain_heads_since())


def verify_chain(
    run: Mapping[str, Any],
    rows: Iterable[Mapping[str, Any]],
    key: ChainKey | None,
    *,
    sealed_since: float | None = None,
) -> ChainReport:
    """Walk the rows in seq order: each must follow, link to the one before, and re-hash; then
    the run row's sealed head must hold and name the last of them.

    `sealed_since`: when the database began sealing heads; a run started later without one
    had its head removed.
    """
    run_id = str(run["id"])
    head = ChainHead.of_run(run)
    started = run.get("started_at")
    # a run recorded since heads were sealed has neither a missing head nor unkeyed links
    recent = (
        sealed_since is not None and isinstance(started, int | float) and started > sealed_since
    )
    if head is None:
        if recent:
            return ChainReport(
                run_id,
                0,
                False,
                1,
                "the run row's sealed chain head was "
                "removed (the run was recorded after heads were kept)",
            )
    elif not (head.key_id and head.seal):
        return ChainReport(
            run_id, 0, False, 1, "the run row's sealed chain head was partly removed"
        )
    elif key is None:
        raise ChainKeyMissing(
            f"run {run_id} is sealed with a secret key (key id "
            f"{head.key_id}) and there is none here: give --key FILE"
        )
    elif head.key_id != key.key_id:
        return ChainReport(
            run_id,
            0,
            False,
            None,
            f"sealed with another key (key id {head.key_id}; this key is "
            f"{key.key_id}): verify with --key FILE holding that key",
        )
    prev, count, keyed_from = GENESIS, 0, None
    for row in rows:
        count += 1
        seq = row["seq"]
        if seq != count:
            what = f"link {count} is missing" if seq > count else f"expected seq {count}"
            return ChainReport(run_id, count, False, count, f"{what} (found seq {seq} next)")
        if row["prev_hash"] != prev:
            return ChainReport(
                run_id, count, False, seq, "prev_hash does not match the previous event's hash"
            )
        fields = (
            prev,
            row["run_id"],
            seq,
            row["kind"],
            row["ts"],
            row["span_id"],
            row["parent_span_id"],
            row["payload"],
        )
        if key is not None and head is not None and key.link(*fields) == row["hash"]:
            keyed_from = keyed_from or seq
        elif (head is None or (keyed_from is None and not recent)) and legacy_hash(*fields) == row[
            "hash"
        ]:
            pass  # recorded before links were keyed (a run resumed after the upgrade)
        else:
            return ChainReport(
                run_id, count, False, seq, "content changed after it was recorded (hash differs)"
            )
        prev = row["hash"]
    if head is None or key is None:
        return ChainReport(run_id, count, True, note=LEGACY_NOTE)
    return _check_head(run_id, head, key, count, prev, keyed_from)


def _check_head(
    run_id: str, head: ChainHead, key: ChainKey, count: int, last: str, keyed_from: int | None
) -> ChainReport:
    if count and keyed_from is None:
        return ChainReport(
            run_id,
            count,
            False,
            1,
            "no link is keyed although the run row is "
            "sealed: the chain was recomputed without the key",
        )
    if head.seal != key.seal(run_id, head.count, head.head):
        return ChainReport(
            run_id,
            count,
            False,
            count + 1,
            f"the run row's chain head was rewritten (its seal does not hold): "
            f"events after {count} may have been cut",
        )
    if head.count > count:
        missing = f"{count + 1}" if head.count == count + 1 else f"{count + 1}-{head.count}"
        return ChainReport(
            run_id,
            count,
            False,
            count + 1,
            f"link {missing} is missing: the sealed head counts {head.count} "
            f"events, {count} remain",
        )
    if head.count < count:
        return ChainReport(
            run_id,
            count,
            False,
            head.count + 1,
            f"event {head.count + 1} was added after the head was sealed",
        )
    if head.head != last:
        return ChainReport(
            run_id, count, False, count, "the sealed chain head is not the last event's hash"
        )
    note = (
        f"events 1-{keyed_from - 1} were recorded before links were keyed"
        if keyed_from and keyed_from > 1
        else None
    )
    return ChainReport(run_id, count, True, note=note)
