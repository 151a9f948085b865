"""Two runs aligned event by event, with the first divergence, for the diff screen.

Events are compared by a signature that keeps what a run decided and did (kinds, actions,
arguments, texts, HTTP methods, paths and statuses, saga steps) and drops what differs between
any two runs (timestamps, span ids, hashes, latencies, generated ids).
"""

from __future__ import annotations

import difflib
import json
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any, Literal

from agentcli.tui.rows import EventRow

Tag = Literal["equal", "replace", "delete", "insert"]
MAX_MATCHED = 20_000
"""Above this many events per side, events are paired by position instead of matched."""

_VOLATILE = re.compile(
    r"\b[0-9A-HJKMNP-TV-Z]{26}\b"  # ULIDs (run ids, saga ids)
    r"|\bagentcli-[0-9a-f]{16,}\b"  # idempotency keys
    r"|\b(?:pi|re|ch|cus)_[0-9a-zA-Z]{8,}\b"  # pay ids
    r"|#W\d{7}\b"  # shop order ids
    r"|\b[0-9a-f]{32}\b|\b[0-9a-f]{16}\b"  # trace and span ids
)
_KEEP: dict[str, tuple[str, ...]] = {
    "user_message": ("text",),
    "assistant_message": ("text",),
    "model_request": ("planner", "model", "user_line", "repair_errors"),
    "model_response": ("proposals",),
    "action_proposed": ("action", "arguments", "effect"),
    "action_invalid": ("reason",),
    "action_result": ("action", "ok", "error"),
    "policy_decision": ("action", "outcome", "needs_approval"),
    "approval_requested": ("from", "action", "amount"),
    "approval_resolved": ("by", "approved", "action"),
    "saga_started": ("saga", "steps"),
    "saga_finished": ("saga", "status", "failed_step", "compensated"),
    "step_started": ("step", "attempt", "irreversible"),
    "step_succeeded": ("step", "attempt"),
    "step_failed": ("step", "attempt", "error", "will_retry"),
    "compensation_started": ("step", "attempt"),
    "compensation_succeeded": ("step", "attempt"),
    "compensation_failed": ("step", "attempt", "error"),
    "domain_event": ("type",),
    "http_exchange": ("vendor", "method", "url", "status", "error", "request_body"),
    "run_finished": ("outcome",),
    "error": ("where", "type"),
}


@dataclass(frozen=True)
class AlignedRow:
    left: EventRow | None
    right: EventRow | None
    tag: Tag


@dataclass(frozen=True)
class Alignment:
    rows: list[AlignedRow]
    first_divergence: int | None  # index into rows; None when the runs agree
    differing: int

    @property
    def identical(self) -> bool:
        return self.first_divergence is None

    def with_first(self, seq_a: int | None, seq_b: int | None) -> Alignment:
        """The same rows with the first divergence put on the row holding A's (or B's) seq:
        `agentcli diff`'s verdict names it; (None, None) when that verdict is that they agree.
        """
        if seq_a is None and seq_b is None:
            return replace(self, first_divergence=None)
        for index, row in enumerate(self.rows):
            if (seq_a is not None and row.left is not None and row.left.seq == seq_a) or (
                seq_a is None
                and seq_b is not None
                and row.right is not None
                and row.right.seq == seq_b
            ):
                return replace(self, first_divergence=index)
        return self


def signature(event: EventRow) -> str:
    """What of an event must match in the other run for the two to count as the same step."""
    keep = _KEEP.get(event.kind)
    payload: Any = (
        event.payload
        if keep is None
        else {k: event.payload.get(k) for k in keep if k in event.payload}
    )
    text = json.dumps(payload, sort_keys=True, ensure_ascii=False, default=str)
    return f"{event.kind} {_VOLATILE.sub('<id>', text)}"


def align(left: list[EventRow], right: list[EventRow]) -> Alignment:
    """Pair the events of two runs; unmatched events stand opposite a gap."""
    a = [signature(e) for e in left]
    b = [signature(e) for e in right]
    opcodes: Sequence[tuple[str, int, int, int, int]]
    if max(len(a), len(b)) > MAX_MATCHED:
        opcodes = _by_position(a, b)
    else:
        opcodes = difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes()
    rows: list[AlignedRow] = []
    first: int | None = None
    differing = 0
    for tag, i1, i2, j1, j2 in opcodes:
        if tag != "equal" and first is None:
            first = len(rows)
        for k in range(max(i2 - i1, j2 - j1)):
            le = left[i1 + k] if i1 + k < i2 else None
            ri = right[j1 + k] if j1 + k < j2 else None
            row_tag: Tag = (
                tag  # type: ignore[assignment]
                if tag == "equal" or (le and ri)
                else ("delete" if ri is None else "insert")
            )
            if row_tag != "equal":
                differing += 1
            rows.append(AlignedRow(le, ri, row_tag))
    return Alignment(rows, first, differing)


def _by_position(a: list[str], b: list[str]) -> list[tuple[str, int, int, int, int]]:
    ops = []
    for i in range(max(len(a), len(b))):
        if i < len(a) and i < len(b):
            ops.append(("equal" if a[i] == b[i] else "replace", i, i + 1, i, i + 1))
        elif i < len(a):
            ops.append(("delete", i, i + 1, len(b), len(b)))
        else:
            ops.append(("insert", len(a), len(a), i, i + 1))
    return ops
