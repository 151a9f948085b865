"""Two runs compared turn by turn: decisions, actions, vendor calls and outcomes.

Turns are aligned by position (a replay says the same user lines in the same order). Within a
turn the aspects are compared in the order a reader asks about them; the first difference of
the earliest turn is the first divergence.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, assert_never
from urllib.parse import urlsplit

from agentcli.replay import cassette as cassettes_io
from agentcli.replay.cassette import CassetteError
from agentcli.replay.jsondiff import short
from agentcli.replay.masking import Masker, ValueMask, key_id
from agentcli.replay.personal import personal_values
from agentcli.replay.result import Divergence
from agentcli.trace import events as ev
from agentcli.trace.events import EventKind, TraceEvent
from agentcli.trace.store import Store

ASPECTS = ("user", "decisions", "actions", "vendor calls", "outcome")
DECISION_ASPECTS = ("user", "decisions", "actions", "outcome")
Mask = Callable[[str], str]


@dataclass(frozen=True)
class Turn:
    """What happened in one turn, each aspect as a list of one-line items."""

    index: int
    first_seq: int
    items: dict[str, tuple[str, ...]] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {
            "turn": self.index,
            "first_seq": self.first_seq,
            **{a: list(self.items.get(a, ())) for a in ASPECTS},
        }


@dataclass(frozen=True)
class TurnDifference:
    turn: int
    aspect: str
    position: int
    expected: str | None
    got: str | None
    seq_a: int | None
    seq_b: int | None

    def to_dict(self) -> dict[str, Any]:
        return {
            "turn": self.turn,
            "aspect": self.aspect,
            "position": self.position,
            "a": self.expected,
            "b": self.got,
            "seq_a": self.seq_a,
            "seq_b": self.seq_b,
        }


@dataclass(frozen=True)
class RunDiff:
    run_a: str
    run_b: str
    turns_a: tuple[Turn, ...]
    turns_b: tuple[Turn, ...]
    differences: tuple[TurnDifference, ...]

    @property
    def identical(self) -> bool:
        return not self.differences

    def first(self, aspects: Sequence[str] | None = None) -> TurnDifference | None:
        """The earliest difference among `aspects` (turn first, then aspect order).

        By default vendor calls count only when nothing else differs: a counterfactual run
        never sends its writes, so its vendor calls differ from its parent's by design.
        """
        if aspects is None:
            return self.first(DECISION_ASPECTS) or self.first(("vendor calls",))
        chosen = [d for d in self.differences if d.aspect in aspects]
        return min(chosen, key=lambda d: (d.turn, list(aspects).index(d.aspect)), default=None)

    def divergence(self, aspects: Sequence[str] | None = None) -> Divergence | None:
        found = self.first(aspects)
        if found is None:
            return None
        return Divergence(
            found.aspect,
            f"turn {found.turn} {found.aspect}[{found.position}]",
            found.expected,
            found.got,
            seq=found.seq_a,
            turn=found.turn,
        )

    def to_dict(self) -> dict[str, Any]:
        first = self.first()
        return {
            "run_a": self.run_a,
            "run_b": self.run_b,
            "identical": self.identical,
            "first_divergence": first.to_dict() if first else None,
            "differences": [d.to_dict() for d in self.differences],
            "turns_a": [t.to_dict() for t in self.turns_a],
            "turns_b": [t.to_dict() for t in self.turns_b],
        }


def _call(arguments: Any) -> str:
    """`k=v, …` of an action's arguments; a stored value that is not a mapping, as it is."""
    if not isinstance(arguments, dict):
        return json.dumps(arguments, ensure_ascii=False, default=str)
    return ", ".join(
        f"{k}={json.dumps(v, ensure_ascii=False, sort_keys=True, default=str)}"
        for k, v in arguments.items()
    )


def call_line(p: ev.HttpExchange) -> str:
    """A vendor call as a diff lists it: vendor, method, path, status."""
    status = p.status or (str(p.error or "error").split(":")[0])
    return f"{p.vendor} {p.method} {urlsplit(str(p.url or '')).path} -> {status}"


def saga_line(p: ev.SagaFinished) -> str:
    return f"saga {p.saga} {p.status}"


def items(event: TraceEvent) -> list[tuple[str, str]]:
    """(aspect, one-line item)s of an event: a blocked write served from the recording lists
    the calls the parent made for it, so a faithful replay diffs clean against its parent."""
    p = event.typed()
    if isinstance(p, ev.BlockedWrite) and p.served_from_recording and p.recorded_calls is not None:
        return [("vendor calls", str(line)) for line in p.recorded_calls]
    found = describe(event)
    return [found] if found is not None else []


def describe(event: TraceEvent) -> tuple[str, str] | None:
    """(aspect, one-line item) for the events a diff compares; None for the others."""
    p = event.typed()
    match p:
        case ev.UserMessage():
            return "user", str(p.text or "")
        case ev.ActionProposed():
            return "decisions", f"{p.action}({_call(p.arguments or {})})"
        case ev.ActionInvalid():
            return "decisions", f"invalid: {p.reason}"
        case ev.ActionResult():
            code = p.error.get("code", "") if isinstance(p.error, dict) else p.error or ""
            verdict = "ok" if p.ok else f"failed {code}".strip()
            return "actions", f"{p.action} {verdict}"
        case ev.BlockedWrite():
            served = " (recorded result served)" if p.served_from_recording else ""
            return "vendor calls", f"write {p.action} blocked{served}"
        case ev.HttpExchange():
            return "vendor calls", call_line(p)
        case ev.AssistantMessage():
            return "outcome", f"said: {p.text or ''}"
        case ev.PolicyDecision():
            return "outcome", f"policy {p.action}: {p.outcome}"
        case ev.ApprovalResolved():
            verdict = "approved" if p.approved else "declined"
            return "outcome", f"{p.by} {verdict} {p.action}"
        case ev.SagaFinished():
            return "vendor calls", saga_line(p)
        case ev.RunFinished():
            return "outcome", f"run outcome: {p.outcome}"
        case ev.Operator():
            if p.command != "interrupt":
                return None  # a console command changes nothing in the run
            return "outcome", f"interrupted at {p.at}: {p.outcome}"
        case (
            ev.ModelRequest()
            | ev.ModelResponse()
            | ev.ApprovalRequested()
            | ev.Error()
            | ev.Guardrail()
            | ev.SagaStarted()
            | ev.SagaResumed()
            | ev.StepStarted()
            | ev.StepSucceeded()
            | ev.StepFailed()
            | ev.CompensationStarted()
            | ev.CompensationSucceeded()
            | ev.CompensationFailed()
            | ev.DomainEvent()
        ):
            return None
        case _:
            assert_never(p)


def turns(
    events: Sequence[TraceEvent], mask: Mask
) -> tuple[tuple[Turn, ...], list[dict[str, list[int]]]]:
    """Group events into turns (a turn starts at each user message); also seqs per item."""
    built: list[dict[str, list[str]]] = []
    seqs: list[dict[str, list[int]]] = []
    firsts: list[int] = []
    for event in events:
        if event.kind is EventKind.USER_MESSAGE or not built:
            built.append({a: [] for a in ASPECTS})
            seqs.append({a: [] for a in ASPECTS})
            firsts.append(event.seq)
        for aspect, item in items(event):
            built[-1][aspect].append(mask(item))
            seqs[-1][aspect].append(event.seq)
    result = tuple(
        Turn(i + 1, firsts[i], {a: tuple(v) for a, v in t.items()}) for i, t in enumerate(built)
    )
    return result, seqs


def diff_events(
    run_a: str,
    events_a: Sequence[TraceEvent],
    run_b: str,
    events_b: Sequence[TraceEvent],
    mask: Mask | None = None,
) -> RunDiff:
    """Compare two runs' events turn by turn; `mask` normalises personal values in items."""

    def normal(text: str) -> str:
        text = text.replace(run_a, "<run>").replace(run_b, "<run>")
        return mask(text) if mask is not None else text

    turns_a, seqs_a = turns(events_a, normal)
    turns_b, seqs_b = turns(events_b, normal)
    differences: list[TurnDifference] = []
    for i in range(max(len(turns_a), len(turns_b))):
        for aspect in ASPECTS:
            items_a = turns_a[i].items[aspect] if i < len(turns_a) else ()
            items_b = turns_b[i].items[aspect] if i < len(turns_b) else ()
            if items_a == items_b:
                continue
            k = next(
                (j for j, (x, y) in enumerate(zip(items_a, items_b, strict=False)) if x != y),
                min(len(items_a), len(items_b)),
            )
            differences.append(
                TurnDifference(
                    i + 1,
                    aspect,
                    k,
                    items_a[k] if k < len(items_a) else None,
                    items_b[k] if k < len(items_b) else None,
                    _seq(seqs_a, i, aspect, k),
                    _seq(seqs_b, i, aspect, k),
                )
            )
    return RunDiff(run_a, run_b, turns_a, turns_b, tuple(differences))


def _seq(seqs: list[dict[str, list[int]]], turn: int, aspect: str, k: int) -> int | None:
    if turn >= len(seqs):
        return None
    values = seqs[turn][aspect]
    return values[k] if k < len(values) else (values[-1] if values else None)


def one_line(value: str | None, limit: int = 100) -> str:
    return "<nothing>" if value is None else short(value, limit)


def comparison_mask(
    cassettes: Iterable[str | None], events: Sequence[TraceEvent], key: bytes | None
) -> Mask | None:
    """Personal values masked alike in both runs, when their cassettes (under `key`) allow."""
    if key is None:
        return None
    tokens: set[str] = set()
    for path in cassettes:
        if path:
            try:
                found = cassettes_io.load(Path(path))
            except CassetteError:
                continue
            if found.agentcli.get("key_id") in (None, key_id(key)):
                tokens |= found.tokens()
    if not tokens:
        return None
    masker = Masker(key, known=tokens)
    return ValueMask(masker, personal_values(events, masker, tokens))


def compare_runs(
    run_a: str,
    events_a: Sequence[TraceEvent],
    run_b: str,
    events_b: Sequence[TraceEvent],
    cassettes: Iterable[str | None] = (),
    key: bytes | None = None,
) -> RunDiff:
    """The one comparison of two runs: `agentcli diff` and the inspector's diff screen."""
    mask = comparison_mask(cassettes, [*events_a, *events_b], key)
    return diff_events(run_a, events_a, run_b, events_b, mask)


def diff_runs(store: Store, ref_a: str, ref_b: str, key: bytes | None = None) -> RunDiff:
    """Diff two stored runs; personal values are masked alike when their cassettes allow it."""
    run_a, run_b = store.resolve_run(ref_a), store.resolve_run(ref_b)
    return compare_runs(
        run_a,
        list(store.events(run_a)),
        run_b,
        list(store.events(run_b)),
        [store.get_run(run_id).get("cassette") for run_id in (run_a, run_b)],
        key,
    )
