"""A recorded run as replay needs it (row, events, cassette), from the store or a directory.

A run exported to a directory (`trace.json` + `cassette.yaml`) is self-contained: golden runs
are such directories, committed to the repository and replayed without any database.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from agentcli.replay import cassette as cassettes
from agentcli.replay.cassette import Cassette
from agentcli.trace.chain import ChainHead, canonical_json
from agentcli.trace.events import TraceEvent
from agentcli.trace.store import Store
from errortree import UserError, parse_problem

TRACE_FILE = "trace.json"
CASSETTE_FILE = "cassette.yaml"


class ReplayError(UserError):
    """A run cannot be replayed as asked (no cassette, wrong key, unreadable export)."""


@dataclass(frozen=True)
class RecordedRun:
    run: dict[str, Any]
    events: list[TraceEvent]
    cassette: Cassette

    @property
    def run_id(self) -> str:
        return str(self.run["id"])


def from_store(store: Store, ref: str, cassette_path: Path | None = None) -> RecordedRun:
    """The run `ref` (id, prefix or `latest`) with the cassette its row names."""
    run_id = store.resolve_run(ref)
    run = store.get_run(run_id)
    path = cassette_path or (Path(run["cassette"]) if run.get("cassette") else None)
    if path is None:
        raise ReplayError(
            f"run {run_id} has no cassette (recorded with --no-record, or before "
            "agentcli recorded cassettes), so it cannot be replayed"
        )
    return RecordedRun(run, list(store.events(run_id)), cassettes.load(path))


def from_directory(directory: Path) -> RecordedRun:
    """A run exported with `export_run` (or committed as a golden run)."""
    directory = Path(directory)
    run, events = read_trace(directory)
    found = [p for p in (directory / CASSETTE_FILE, directory / "cassette.json") if p.exists()]
    if not found:
        raise ReplayError(f"{directory} has no {CASSETTE_FILE}")
    return RecordedRun(run, events, cassettes.load(found[0]))


def read_trace(directory: Path) -> tuple[dict[str, Any], list[TraceEvent]]:
    """The run row and events of an exported run (its `trace.json`)."""
    trace = Path(directory) / TRACE_FILE
    try:
        data = json.loads(trace.read_text("utf-8"))
        return dict(data["run"]), [TraceEvent(**e) for e in data["events"]]
    except FileNotFoundError:
        raise ReplayError(f"{directory} has no {TRACE_FILE}") from None
    except (OSError, ValueError, KeyError, TypeError, RecursionError) as exc:
        raise ReplayError(f"{trace} is not an exported run: {parse_problem(exc)}") from exc


def export_run(store: Store, ref: str, directory: Path) -> Path:
    """Write the run's row and events (`trace.json`) and its cassette into `directory`."""
    recorded = from_store(store, ref)
    directory = Path(directory)
    run = {k: v for k, v in recorded.run.items() if k != "cassette"}
    document = {"run": run, "events": [e.model_dump(mode="json") for e in recorded.events]}
    try:
        directory.mkdir(parents=True, exist_ok=True)
        (directory / TRACE_FILE).write_text(
            json.dumps(document, indent=1, ensure_ascii=False) + "\n", "utf-8"
        )
        cassettes.save(recorded.cassette, directory / CASSETTE_FILE)
    except OSError as exc:
        raise ReplayError(f"cannot export the run to {directory}: {exc.strerror}") from None
    return directory


def import_run(store: Store, directory: Path) -> str:
    """Insert an exported run (row and events, hashes as recorded) into `store`."""
    recorded = from_directory(directory)
    fields = {
        k: v
        for k, v in recorded.run.items()
        if k not in ("id", "started_at", "finished_at", "status", "outcome", "metrics")
    }
    store.create_run(
        recorded.run_id,
        **{
            k: v
            for k, v in fields.items()
            if k
            in (
                "command",
                "planner",
                "model",
                "prompt_version",
                "prompt_hash",
                "config_hash",
                "connectors_mode",
                "parent_run",
                "user_id",
            )
        },
    )
    store.import_events(
        recorded.run_id,
        [
            {**e.model_dump(mode="json"), "payload": canonical_json(e.payload)}
            for e in recorded.events
        ],
        ChainHead.of_run(recorded.run),
    )
    store.update_run(
        recorded.run_id,
        status=recorded.run.get("status") or "finished",
        outcome=recorded.run.get("outcome"),
        metrics=recorded.run.get("metrics") or {},
        started_at=recorded.run.get("started_at"),
        finished_at=recorded.run.get("finished_at"),
        cassette=str(directory / CASSETTE_FILE),
    )
    return recorded.run_id
