"""What a replay returns: a frozen result with the first divergence in it."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

from agentcli.replay.jsondiff import ABSENT
from agentcli.replay.matcher import Miss


def _plain(value: Any) -> Any:
    return None if value is ABSENT else value


@dataclass(frozen=True)
class Divergence:
    """The first place where two runs part: which event (or turn), which field, both values."""

    what: str
    path: str
    expected: Any
    got: Any
    seq: int | None = None
    turn: int | None = None
    expected_event: str | None = None
    got_event: str | None = None
    #: the request the cassette could not answer, when that is what caused the divergence
    miss: Miss | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "what": self.what,
            "seq": self.seq,
            "turn": self.turn,
            "path": self.path,
            "expected": _plain(self.expected),
            "got": _plain(self.got),
            "expected_event": self.expected_event,
            "got_event": self.got_event,
            "miss": self.miss.to_dict() if self.miss else None,
        }


@dataclass(frozen=True)
class BlockedWrite:
    """A write a counterfactual replay did not send, and what the planner was told instead."""

    seq: int
    action: str
    arguments: dict[str, Any]
    served_from_recording: bool

    def to_dict(self) -> dict[str, Any]:
        return {
            "seq": self.seq,
            "action": self.action,
            "arguments": self.arguments,
            "served_from_recording": self.served_from_recording,
        }


@dataclass(frozen=True)
class ReplayResult:
    """The outcome of a sealed or counterfactual replay of `run_id`."""

    mode: Literal["sealed", "counterfactual"]
    run_id: str
    ok: bool
    events_expected: int
    events_replayed: int
    divergence: Divergence | None = None
    replay_run_id: str | None = None
    misses: tuple[Miss, ...] = ()
    unplayed: tuple[str, ...] = ()
    blocked_writes: tuple[BlockedWrite, ...] = ()
    blocked_requests: tuple[str, ...] = ()
    forwarded: tuple[str, ...] = ()
    notes: tuple[str, ...] = field(default_factory=tuple)
    seconds: float = 0.0

    def to_dict(self) -> dict[str, Any]:
        return {
            "mode": self.mode,
            "run_id": self.run_id,
            "replay_run_id": self.replay_run_id,
            "ok": self.ok,
            "events_expected": self.events_expected,
            "events_replayed": self.events_replayed,
            "divergence": self.divergence.to_dict() if self.divergence else None,
            "misses": [m.to_dict() for m in self.misses],
            "unplayed": list(self.unplayed),
            "blocked_writes": [b.to_dict() for b in self.blocked_writes],
            "blocked_requests": list(self.blocked_requests),
            "forwarded": list(self.forwarded),
            "notes": list(self.notes),
            "seconds": round(self.seconds, 4),
        }
