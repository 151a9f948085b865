"""Events made comparable: measured durations and trace headers dropped, personal data masked,
a vendor call's URL reduced to its identity (vendor and path, wherever the vendor lived)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from agentcli.replay.identity import VendorBases
from agentcli.replay.jsondiff import first_difference, short
from agentcli.replay.masking import ValueMask
from agentcli.replay.matcher import Miss
from agentcli.replay.recording import DROP_REQUEST_HEADERS, DROP_RESPONSE_HEADERS
from agentcli.replay.result import Divergence
from agentcli.trace.events import EventKind, TraceEvent

MEASURED = ("duration_ms", "latency_ms")
"""Wall-clock measurements: they differ on every run and mean nothing for a replay."""


STORAGE_IDS: dict[EventKind, tuple[str, ...]] = {EventKind.DOMAIN_EVENT: ("outbox_id",)}
"""Row ids the trace database hands out: they depend on what else the database holds."""


SANDBOX_BASES = VendorBases()
"""No recorded base URLs: only `<vendor>.sandbox` hosts are known vendors."""


def normal_payload(
    event: TraceEvent, mask: ValueMask, bases: VendorBases = SANDBOX_BASES
) -> dict[str, Any]:
    dropped = MEASURED + STORAGE_IDS.get(event.kind, ())
    payload = {k: v for k, v in event.payload.items() if k not in dropped}
    if event.kind is EventKind.HTTP_EXCHANGE:
        for name, drop in (
            ("request_headers", DROP_REQUEST_HEADERS),
            ("response_headers", DROP_RESPONSE_HEADERS),
        ):
            headers = payload.get(name)
            if isinstance(headers, dict):
                payload[name] = {k.lower(): v for k, v in headers.items() if k.lower() not in drop}
    masked: dict[str, Any] = mask.json(payload)
    if event.kind is EventKind.HTTP_EXCHANGE and isinstance(masked.get("url"), str):
        masked["url"] = bases.identity_url(masked["url"])
    return masked


def summary(
    event: TraceEvent | None,
    mask: ValueMask,
    limit: int = 160,
    bases: VendorBases = SANDBOX_BASES,
) -> str | None:
    """One line: `#seq kind payload`, the payload normalised and masked."""
    if event is None:
        return None
    return f"#{event.seq} {event.kind.value} {short(normal_payload(event, mask, bases), limit)}"


def first_divergence(
    expected: Sequence[TraceEvent],
    got: Sequence[TraceEvent],
    mask: ValueMask,
    misses: Sequence[tuple[int, Miss]] = (),
    bases: VendorBases = SANDBOX_BASES,
) -> Divergence | None:
    """Walk both streams in order; the first event whose kind, payload, span or time differs."""
    turn = 0
    for i in range(max(len(expected), len(got))):
        want = expected[i] if i < len(expected) else None
        have = got[i] if i < len(got) else None
        if want is not None and want.kind is EventKind.USER_MESSAGE:
            turn += 1
        diff = _event_difference(want, have, mask, bases)
        if diff is None:
            continue
        what, path, exp, act = diff
        seq = want.seq if want is not None else (have.seq if have is not None else i + 1)
        miss = next((m for at, m in misses if at <= seq), None)
        return Divergence(
            what,
            path,
            exp,
            act,
            seq=seq,
            turn=turn or None,
            expected_event=summary(want, mask, bases=bases),
            got_event=summary(have, mask, bases=bases),
            miss=miss,
        )
    return None


def _event_difference(
    want: TraceEvent | None, have: TraceEvent | None, mask: ValueMask, bases: VendorBases
) -> tuple[str, str, Any, Any] | None:
    if want is None or have is None:
        return (
            "missing event" if have is None else "extra event",
            "kind",
            want.kind.value if want is not None else None,
            have.kind.value if have is not None else None,
        )
    if want.kind is not have.kind:
        return "event kind", "kind", want.kind.value, have.kind.value
    diff = first_difference(
        normal_payload(want, mask, bases), normal_payload(have, mask, bases), "payload"
    )
    if diff is not None:
        return "payload", diff.path, diff.expected, diff.got
    for name in ("parent_span_id", "span_id", "ts"):
        if getattr(want, name) != getattr(have, name):
            return (
                "recorded " + ("time" if name == "ts" else "id"),
                name,
                getattr(want, name),
                getattr(have, name),
            )
    return None
