"""Figures over stored runs: conversion, first-contact resolution, handle time, escalations,
compensations, invalid model output, and action precision/recall against suite expectations."""

from __future__ import annotations

import json
import time
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from agentcli.measure.selectors import Selector
from agentcli.trace.events import EventKind
from agentcli.trace.store import Store
from errortree import UserError

DAY = 86400.0


@dataclass
class Figures:
    """The metrics of one set of runs; rates are None when nothing was there to divide."""

    runs: int = 0
    conversion_rate: float | None = None
    first_contact_resolution: float | None = None
    average_handle_time_s: float | None = None
    escalation_rate: float | None = None
    compensation_rate: float | None = None
    invalid_output_rate: float | None = None
    action_precision: float | None = None
    action_recall: float | None = None
    cases_scored: int = 0

    def to_dict(self) -> dict[str, Any]:
        return {k: (round(v, 4) if isinstance(v, float) else v) for k, v in vars(self).items()}


@dataclass
class MetricsReport:
    since: float | None
    total: Figures
    buckets: list[tuple[float, Figures]] = field(default_factory=list)
    bucket_seconds: float = DAY

    def to_dict(self) -> dict[str, Any]:
        return {
            "since": self.since,
            "bucket_seconds": self.bucket_seconds,
            "total": self.total.to_dict(),
            "series": [{"start": start, **figures.to_dict()} for start, figures in self.buckets],
        }


def compute_metrics(
    store: Store,
    *,
    since: float | None = None,
    command: str | None = None,
    selector: Selector | None = None,
    buckets: int = 12,
) -> MetricsReport:
    """Every figure over the runs started at or after `since` (all when None) that `selector`
    names (all when None)."""
    where: list[str] = ["turns > 0"]
    params: list[Any] = []
    if selector is not None:
        condition, values = selector.sql("runs")
        where.append(f"id IN (SELECT runs.id FROM runs WHERE {condition})")
        params += values
    if since is not None:
        where.append("started_at >= ?")
        params.append(since)
    if command is not None:
        where.append("command = ?")
        params.append(command)
    rows = _run_rows(store, " AND ".join(where), params)
    report = MetricsReport(since, _figures(store, rows))
    if rows:
        first, last = min(r["started_at"] for r in rows), max(r["started_at"] for r in rows)
        span = max(last - first, 1.0)
        size = _bucket_size(span / buckets)
        report.bucket_seconds = size
        start = first - first % size
        while start <= last:
            chunk = [r for r in rows if start <= r["started_at"] < start + size]
            report.buckets.append((start, _figures(store, chunk)))
            start += size
    return report


def _bucket_size(wanted: float) -> float:
    for size in (60.0, 300.0, 900.0, 3600.0, 6 * 3600.0, DAY, 7 * DAY):
        if wanted <= size:
            return size
    return 30 * DAY


def _run_rows(store: Store, where: str, params: list[Any]) -> list[dict[str, Any]]:
    sql = f"""
        SELECT id, started_at, finished_at, outcome, metrics, turns, escalated, errors FROM (
            SELECT id, started_at, finished_at, outcome, metrics, command,
                   COALESCE(json_extract(metrics, '$.turns'), 0) AS turns,
                   COALESCE(json_extract(metrics, '$.escalated'), 0) AS escalated,
                   COALESCE(json_extract(metrics, '$.errors'), 0) AS errors
            FROM runs
        ) WHERE {where} ORDER BY started_at
    """
    return [dict(r) for r in store.db.query(sql, params)]


def _figures(store: Store, rows: list[dict[str, Any]]) -> Figures:
    figures = Figures(runs=len(rows))
    if not rows:
        return figures
    ids = [r["id"] for r in rows]
    sagas = _saga_statuses(store, ids)
    troubled = {run for run, status in sagas if status == "needs_attention"}
    purchases = sum(1 for r in rows if r["outcome"] == "purchase")
    escalated = sum(1 for r in rows if r["outcome"] == "escalated" or r["escalated"])
    resolved = sum(
        1
        for r in rows
        if not (r["outcome"] == "escalated" or r["escalated"])
        and not r["errors"]
        and r["id"] not in troubled
    )
    durations = [r["finished_at"] - r["started_at"] for r in rows if r["finished_at"]]
    figures.conversion_rate = purchases / len(rows)
    figures.escalation_rate = escalated / len(rows)
    figures.first_contact_resolution = resolved / len(rows)
    figures.average_handle_time_s = sum(durations) / len(durations) if durations else None
    if sagas:
        undone = sum(1 for _, status in sagas if status in ("compensated", "needs_attention"))
        figures.compensation_rate = undone / len(sagas)
    counts = _event_counts(store, ids)
    if counts[EventKind.MODEL_RESPONSE]:
        figures.invalid_output_rate = (
            counts[EventKind.ACTION_INVALID] / counts[EventKind.MODEL_RESPONSE]
        )
    _precision_recall(store, ids, figures)
    return figures


def _chunks(ids: list[str], size: int = 500) -> list[list[str]]:
    return [ids[i : i + size] for i in range(0, len(ids), size)]


def _saga_statuses(store: Store, ids: list[str]) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    for chunk in _chunks(ids):
        marks = ",".join("?" * len(chunk))
        out += [
            (str(r[0]), str(r[1]))
            for r in store.db.execute(
                f"SELECT run_id, status FROM sagas WHERE run_id IN ({marks})", chunk
            ).fetchall()
        ]
    return out


def _event_counts(store: Store, ids: list[str]) -> Counter[str]:
    counts: Counter[str] = Counter()
    for chunk in _chunks(ids):
        marks = ",".join("?" * len(chunk))
        for kind, count in store.db.execute(
            f"SELECT kind, COUNT(*) FROM events WHERE run_id IN ({marks}) "
            "AND kind IN (?, ?) GROUP BY kind",
            [*chunk, EventKind.MODEL_RESPONSE, EventKind.ACTION_INVALID],
        ).fetchall():
            counts[str(kind)] += int(count)
    return counts


def _precision_recall(store: Store, ids: list[str], figures: Figures) -> None:
    """Micro-averaged over suite cases whose author stated their actions: multiset overlap of
    names; None (not 100%) when no action was proposed or none expected."""
    if "suite_results" not in store.db.table_names():
        return
    hits = expected_total = actual_total = 0
    for chunk in _chunks(ids):
        marks = ",".join("?" * len(chunk))
        for expected_text, actual_text in store.db.execute(
            f"SELECT expected_actions, actual_actions FROM suite_results "
            f"WHERE run_id IN ({marks}) AND expected_actions IS NOT NULL",
            chunk,
        ).fetchall():
            expected, actual = Counter(json.loads(expected_text)), Counter(json.loads(actual_text))
            hits += sum((expected & actual).values())
            expected_total += sum(expected.values())
            actual_total += sum(actual.values())
            figures.cases_scored += 1
    if figures.cases_scored:
        figures.action_precision = hits / actual_total if actual_total else None
        figures.action_recall = hits / expected_total if expected_total else None


def parse_since(text: str, now: float | None = None) -> float:
    """`7d`, `24h`, `30m`, an ISO date (`2026-11-01`) or date-time → a Unix time."""
    import datetime as dt

    now = time.time() if now is None else now
    text = text.strip()
    units = {"s": 1, "m": 60, "h": 3600, "d": DAY, "w": 7 * DAY}
    if text[-1:] in units and text[:-1].replace(".", "", 1).isdigit():
        return now - float(text[:-1]) * units[text[-1]]
    try:
        moment = dt.datetime.fromisoformat(text)
    except ValueError:
        raise UserError(
            f"--since {text!r}: give a duration like 7d, 24h, 30m, or a date like 2026-11-01"
        ) from None
    if moment.tzinfo is None:
        moment = moment.astimezone()
    return moment.timestamp()
