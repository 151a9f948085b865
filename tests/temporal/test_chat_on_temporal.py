"""`agentcli chat --engine temporal` end to end: a real worker process, the trace, the errors."""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import Any

import pytest

from tests.e2e.helpers import HARPER, HARPER_ID, chat, cli, latest_run_json, pay_intents
from tests.temporal.workers import start_worker, stop_worker

CHECKOUT = (
    f"I'm {HARPER}",
    "find a notebook",
    "show me the second one",
    "add it",
    "checkout with my gift card",
    "yes",
)


def saga_story(run: dict[str, Any]) -> list[tuple[Any, ...]]:
    return [
        (
            e["kind"],
            e["payload"].get("step"),
            e["payload"].get("attempt"),
            e["payload"].get("status"),
        )
        for e in run["events"]
        if e["kind"].startswith(("saga_", "step_", "compensation_", "domain_event"))
    ]


def test_a_checkout_on_temporal_records_what_a_local_one_does(
    tmp_path: Path, temporal_address: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    local = chat(*CHECKOUT)
    assert local.exit_code == 0, local.output
    local_story = saga_story(latest_run_json())

    monkeypatch.setenv("AGENTCLI_HOME", str(tmp_path / "temporal-home"))
    queue = f"chat-{uuid.uuid4().hex[:8]}"
    worker = start_worker(temporal_address, queue, tmp_path / "worker.log")
    try:
        remote = chat(
            *CHECKOUT,
            args=(
                "--engine",
                "temporal",
                "--temporal-address",
                temporal_address,
                "--task-queue",
                queue,
            ),
        )
    finally:
        stop_worker(worker)
    assert remote.exit_code == 0, remote.output
    assert "is placed" in remote.stdout
    run = latest_run_json()
    assert saga_story(run) == local_story
    assert [
        e
        for e in run["events"]
        if e["kind"] == "http_exchange" and "/capture" in e["payload"]["url"]
    ]  # the worker's vendor calls are traced
    [intent] = pay_intents(tmp_path / "temporal-home", HARPER_ID)
    assert intent["status"] == "succeeded"
    replayed = cli("replay", "latest", "--check")  # the saga's calls are in the cassette
    assert replayed.exit_code == 0, replayed.output
    assert "the events are the same" in replayed.output


def test_without_a_worker_the_order_is_refused_and_nothing_is_charged(
    agentcli_home: Path, temporal_address: str
) -> None:
    result = chat(
        *CHECKOUT,
        args=(
            "--engine",
            "temporal",
            "--temporal-address",
            temporal_address,
            "--task-queue",
            "nobody-polls-this",
        ),
    )
    assert result.exit_code == 0, result.output
    assert "is placed" not in result.stdout
    assert pay_intents(agentcli_home, HARPER_ID) == []
    run = latest_run_json()
    assert not [e for e in run["events"] if e["kind"] == "saga_started"]


def test_an_unreachable_cluster_is_one_line_and_exit_1(agentcli_home: Path) -> None:
    result = chat(
        f"I'm {HARPER}", args=("--engine", "temporal", "--temporal-address", "127.0.0.1:1")
    )
    assert result.exit_code == 1
    assert "cannot reach Temporal at 127.0.0.1:1" in result.output
    assert "Traceback" not in result.output
