"""`agentcli test` with AGENTCLI_ENGINE=temporal: the fault suite's sagas run on workers."""

from __future__ import annotations

import asyncio
import json
import sqlite3
import subprocess
import uuid
from pathlib import Path

from agentcli.workflows.temporal.config import TemporalSettings
from agentcli.workflows.temporal.engine import connect, workflow_id
from tests.temporal.workers import AGENTCLI, start_worker, stop_worker

ROOT = Path(__file__).resolve().parents[2]


def test_the_fault_suite_passes_with_its_sagas_on_temporal(
    tmp_path: Path, temporal_address: str, agentcli_home: Path
) -> None:
    queue = f"suite-{uuid.uuid4().hex[:8]}"
    worker = start_worker(temporal_address, queue, tmp_path / "worker.log")
    db = tmp_path / "traces.sqlite"
    try:
        done = subprocess.run(
            [
                AGENTCLI,
                "test",
                str(ROOT / "suites" / "faults.suite.yaml"),
                "--json",
                "-n",
                "1",
                "--db",
                str(db),
            ],
            capture_output=True,
            text=True,
            timeout=240,
            env={
                "PATH": "/usr/bin:/bin",
                "AGENTCLI_HOME": str(agentcli_home),
                "AGENTCLI_ENGINE": "temporal",
                "AGENTCLI_TEMPORAL_ADDRESS": temporal_address,
                "AGENTCLI_TASK_QUEUE": queue,
            },
        )
    finally:
        stop_worker(worker)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    report = json.loads(done.stdout)
    assert report["totals"]["failed"] == 0 and report["totals"]["passed"] >= 5
    rows = sqlite3.connect(db).execute("SELECT id, status FROM sagas").fetchall()
    assert len(rows) >= 5 and {"completed", "compensated"} <= {status for _, status in rows}
    queues = asyncio.run(_queues(temporal_address, [saga_id for saga_id, _ in rows]))
    assert queues == {queue}  # every saga ran as a workflow on the worker's queue


async def _queues(address: str, saga_ids: list[str]) -> set[str]:
    client = await connect(TemporalSettings(address=address))
    return {
        (await client.get_workflow_handle(workflow_id(s)).describe()).task_queue for s in saga_ids
    }
