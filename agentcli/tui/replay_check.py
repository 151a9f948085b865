"""The sealed replay check and the replay module's first divergence, as the inspector uses them.

Both go through `agentcli.replay`, the same code as `agentcli replay --check` and
`agentcli diff`; they run in worker threads and return plain values for the screens.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from agentcli.safe_text import terminal_line
from agentcli.trace.events import EventKind, TraceEvent
from agentcli.trace.store import Store
from agentcli.tui.rows import EventRow


@dataclass(frozen=True)
class ReplayOutcome:
    """`passed` is None when the check could not run at all (no cassette, wrong key)."""

    passed: bool | None
    text: str

    def __post_init__(self) -> None:  # it quotes recorded values: shown escaped
        object.__setattr__(self, "text", terminal_line(self.text))


def sealed_check(db_path: Path, run_id: str) -> ReplayOutcome:
    """Replay `run_id` sealed (recorded decisions, recorded HTTP) and compare the streams."""
    from agentcli.replay.archive import ReplayError, from_store
    from agentcli.replay.sealed import sealed_replay
    from agentcli.replay.secretkey import SecretKeyError, load_key

    store = Store.open(db_path)
    try:
        recorded = from_store(store, run_id)
    except ReplayError as exc:
        return ReplayOutcome(None, str(exc))
    finally:
        store.close()
    try:
        result = sealed_replay(recorded, load_key(None))
    except (ReplayError, SecretKeyError) as exc:
        return ReplayOutcome(None, str(exc))
    if result.ok:
        return ReplayOutcome(
            True, f"{result.events_replayed} events replayed, identical ({result.seconds:.2f} s)"
        )
    d = result.divergence
    if d is None:
        unplayed = "; ".join(result.unplayed[:2])
        return ReplayOutcome(False, f"recorded calls never replayed: {unplayed}")
    where = f"event #{d.seq}" if d.seq is not None else "the end"
    return ReplayOutcome(
        False,
        f"first divergence at {where}: {d.what} {d.path}: expected "
        f"{_short(d.expected)}, got {_short(d.got)}",
    )


@dataclass(frozen=True)
class FirstDivergence:
    """Where `agentcli diff` says two runs first differ: a turn, an aspect, both seqs."""

    seq_a: int | None
    seq_b: int | None
    text: str


def first_divergence(
    run_a: str,
    events_a: Sequence[EventRow],
    run_b: str,
    events_b: Sequence[EventRow],
    cassettes: Sequence[str | None] = (),
) -> FirstDivergence | None:
    """`agentcli diff`'s verdict (the same function, masked with the same key); None when the
    runs agree."""
    from agentcli.replay.diff import compare_runs, one_line
    from agentcli.replay.secretkey import SecretKeyError, load_key

    try:
        key: bytes | None = load_key(None)
    except SecretKeyError:
        key = None
    found = compare_runs(
        run_a, _trace(run_a, events_a), run_b, _trace(run_b, events_b), cassettes, key
    ).first()
    if found is None:
        return None
    return FirstDivergence(
        found.seq_a,
        found.seq_b,
        f"turn {found.turn} {found.aspect}: A {one_line(found.expected, 50)}"
        f" | B {one_line(found.got, 50)}",
    )


def _trace(run_id: str, events: Sequence[EventRow]) -> list[TraceEvent]:
    return [
        TraceEvent.model_construct(
            run_id=run_id,
            seq=e.seq,
            kind=EventKind(e.kind),
            ts=e.ts,
            span_id=e.span_id,
            parent_span_id=e.parent_span_id,
            payload=e.payload,
            prev_hash="",
            hash="",
        )
        for e in events
    ]


def _short(value: Any, limit: int = 60) -> str:
    text = str(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"
