"""What each selected run did, read once from the trace store: the unit the measures count."""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from agentcli.measure.selectors import Selector
from agentcli.trace.events import EventKind
from agentcli.trace.store import Store

UNDONE = ("compensated", "needs_attention")
_KINDS = (
    EventKind.ACTION_PROPOSED,
    EventKind.ACTION_RESULT,
    EventKind.ACTION_INVALID,
    EventKind.MODEL_REQUEST,
    EventKind.MODEL_RESPONSE,
)


@dataclass
class RunSample:
    """One run's figures: outcome, sagas, the actions the planner chose, errors, model cost."""

    id: str
    started_at: float
    finished_at: float | None
    command: str
    outcome: str | None
    escalated: bool
    errors: int
    sagas: list[str] = field(default_factory=list)
    #: the conversation's goal: the suite case it ran, else the command
    intent: str = ""
    suite_status: str | None = None
    #: the vendor actions a person wrote down for its suite case (None: not stated in full)
    expected_actions: list[str] | None = None
    actual_actions: list[str] = field(default_factory=list)
    proposed: Counter[str] = field(default_factory=Counter)
    results: int = 0
    error_codes: Counter[str] = field(default_factory=Counter)
    planner_outputs: int = 0
    invalid_outputs: int = 0
    model_requests: int = 0
    repair_requests: int = 0
    model_calls: int = 0
    tokens: int = 0
    model_latency_ms: list[float] = field(default_factory=list)

    @property
    def handle_time_s(self) -> float | None:
        return self.finished_at - self.started_at if self.finished_at else None

    @property
    def resolved(self) -> bool:
        """Finished without escalation, error or a saga left for an operator."""
        return not self.escalated and not self.errors and "needs_attention" not in self.sagas


def load_population(store: Store, selector: Selector) -> list[RunSample]:
    """The runs `selector` names that held a conversation, oldest first, with their figures."""
    where, params = selector.sql("runs")
    return _load(store, where, params)


def load_runs(store: Store, run_ids: list[str]) -> list[RunSample]:
    """These runs (those that held a conversation), oldest first, with their figures."""
    samples: list[RunSample] = []
    for chunk in _chunks(run_ids):
        samples += _load(store, f"runs.id IN ({','.join('?' * len(chunk))})", list(chunk))
    return sorted(samples, key=lambda s: s.started_at)


def _load(store: Store, where: str, params: list[Any]) -> list[RunSample]:
    rows = store.db.execute(
        f"""SELECT id, started_at, finished_at, command, outcome, metrics FROM runs
            WHERE COALESCE(json_extract(metrics, '$.turns'), 0) > 0 AND {where}
            ORDER BY started_at""",
        params,
    ).fetchall()
    samples: dict[str, RunSample] = {}
    for run_id, started, finished, command, outcome, metrics_text in rows:
        metrics = _json(metrics_text) or {}
        samples[run_id] = RunSample(
            id=run_id,
            started_at=float(started),
            finished_at=float(finished) if finished is not None else None,
            command=command,
            outcome=outcome,
            escalated=outcome == "escalated" or bool(metrics.get("escalated")),
            errors=int(metrics.get("errors") or 0),
            intent=command,
        )
    for chunk in _chunks(list(samples)):
        marks = ",".join("?" * len(chunk))
        for run_id, status in store.db.execute(
            f"SELECT run_id, status FROM sagas WHERE run_id IN ({marks}) ORDER BY created_at",
            chunk,
        ).fetchall():
            samples[run_id].sagas.append(str(status))
        for run_id, case_id, status, expected, actual in store.db.execute(
            "SELECT run_id, case_id, status, expected_actions, actual_actions FROM suite_results "
            f"WHERE run_id IN ({marks})",
            chunk,
        ).fetchall():
            sample = samples[run_id]
            sample.intent, sample.suite_status = str(case_id), str(status)
            sample.expected_actions = _names(_json(expected))
            sample.actual_actions = _names(_json(actual)) or []
        kinds = ",".join("?" * len(_KINDS))
        for run_id, kind, payload in store.db.execute(
            f"SELECT run_id, kind, payload FROM events WHERE run_id IN ({marks}) "
            f"AND kind IN ({kinds})",
            [*chunk, *_KINDS],
        ).fetchall():
            _count(samples[run_id], str(kind), _json(payload))
    return list(samples.values())


def _count(sample: RunSample, kind: str, payload: Any) -> None:
    """Add one event to its run's figures; a payload of an odd shape counts as little as it can."""
    data = payload if isinstance(payload, dict) else {}
    if kind == EventKind.ACTION_PROPOSED:
        sample.proposed[str(data.get("action"))] += 1
    elif kind == EventKind.ACTION_RESULT:
        sample.results += 1
        error = data.get("error")
        if data.get("ok") is False:
            code = error.get("code") if isinstance(error, dict) else None
            sample.error_codes[str(code or "UNKNOWN")] += 1
    elif kind == EventKind.ACTION_INVALID:
        sample.invalid_outputs += 1
    elif kind == EventKind.MODEL_REQUEST:
        sample.model_requests += 1
        if data.get("repair_errors"):
            sample.repair_requests += 1
    elif kind == EventKind.MODEL_RESPONSE:
        sample.planner_outputs += 1
        usage = data.get("usage")
        if isinstance(usage, dict) or data.get("response") is not None:
            sample.model_calls += 1
            latency = data.get("latency_ms")
            if isinstance(latency, int | float):
                sample.model_latency_ms.append(float(latency))
        if isinstance(usage, dict):
            total = usage.get("total_tokens")
            if not isinstance(total, int):
                parts = (usage.get("prompt_tokens"), usage.get("completion_tokens"))
                total = sum(p for p in parts if isinstance(p, int))
            sample.tokens += total


def _names(value: Any) -> list[str] | None:
    return [str(v) for v in value] if isinstance(value, list) else None


def _json(text: Any) -> Any:
    try:
        return json.loads(text) if isinstance(text, str) else None
    except ValueError:
        return None


def _chunks(ids: list[str], size: int = 400) -> list[list[str]]:
    return [ids[i : i + size] for i in range(0, len(ids), size)]
