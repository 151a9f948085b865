"""Records the golden runs under tests/golden/runs/ (run once; commit what it writes).

    python -m tests.golden.record

Each golden run is a directory with `trace.json` (the run and its events) and `cassette.yaml`,
masked with `tests/golden/secret.key`, a key made for these synthetic τ²-bench users only.
Re-recording makes new files (new run ids, clock readings, ids): only do it when the event
model changes on purpose, and review the diff.
"""

from __future__ import annotations

import asyncio
import os
import shutil
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from agentcli import promptset
from agentcli.planners.openai import Endpoint, OpenAIPlanner
from agentcli.planners.script import ScriptPlanner
from agentcli.policy.approval import approve_all, deny_without_operator
from agentcli.policy.config import PolicyConfig
from agentcli.replay.archive import export_run
from agentcli.replay.runrecording import RunRecording
from agentcli.replay.secretkey import load_key
from agentcli.runtime import ChatRuntime, RunOptions
from agentcli.trace.ids import new_run_id
from agentcli.trace.store import Store
from sandbox.faults.plan import FaultPlan, FaultRule
from tests.llm.brains import shopper
from tests.llm.fake import MODEL, FakeOpenAI

HERE = Path(__file__).resolve().parent
KEY_FILE = HERE / "secret.key"
HARPER = "harper.khan1177@example.com"
SIGN_IN = f"I'm {HARPER}"
CHECKOUT = [
    SIGN_IN,
    "find a notebook",
    "show me the second one",
    "add it",
    "checkout with my gift card",
    "yes",
]


def _model(recording: RunRecording) -> Any:
    fake = FakeOpenAI(shopper)
    return OpenAIPlanner(
        Endpoint("http://model.test/v1", MODEL),
        promptset.load("v1"),
        policy=PolicyConfig(),
        transport=recording.model_transport(fake.transport()),
    )


def _repairing(recording: RunRecording) -> Any:
    return ScriptPlanner(
        [
            [{"action": "find_user", "email": HARPER}],
            [{"action": "reply", "message": "Signed in."}],
            [{"action": "search_products", "query": "notebook", "limit": "many"}],
            [{"action": "search_products", "query": "notebook", "limit": 3}],
            [{"action": "reply", "message": "Three notebooks found."}],
        ]
    )


SCENARIOS: dict[str, dict[str, Any]] = {
    "checkout": {"lines": CHECKOUT},
    "cancel-with-refund": {
        "lines": [SIGN_IN, "cancel order #W8073958, I ordered by mistake", "yes"]
    },
    "approval-denied": {
        "lines": CHECKOUT,
        "policy": PolicyConfig.model_validate({"approval": {"threshold": 10}}),
    },
    "approval-granted": {
        "lines": CHECKOUT,
        "approver": approve_all,
        "policy": PolicyConfig.model_validate({"approval": {"threshold": 10}}),
    },
    "capture-fails-compensated": {
        "lines": CHECKOUT,
        "faults": FaultPlan(
            rules=[
                FaultRule(
                    vendor="pay",
                    fault="status",
                    status=503,
                    endpoint="POST /v1/payment_intents/*/capture",
                )
            ]
        ),
    },
    "invalid-action-repaired": {"lines": [SIGN_IN, "find a notebook"], "planner": _repairing},
    "model-search": {"lines": [SIGN_IN, "find a notebook"], "planner": _model},
}


async def _record(home: Path, name: str, scenario: dict[str, Any]) -> str:
    run_id = new_run_id()
    recording = RunRecording.for_run(home / "cassettes", run_id, load_key(KEY_FILE))
    make: Callable[[RunRecording], Any] | None = scenario.get("planner")
    planner = make(recording) if make else None
    options = RunOptions(
        db_path=home / "traces.sqlite",
        sandbox_dir=home / "sandbox",
        policy=scenario.get("policy") or PolicyConfig(),
        planner=planner,
        approver=scenario.get("approver", deny_without_operator),
        faults=scenario.get("faults"),
        recording=recording,
        run_id=run_id,
    )
    try:
        async with ChatRuntime(options) as runtime:
            assert runtime.session is not None
            for line in scenario["lines"]:
                await runtime.session.handle(line)
    finally:
        if planner is not None and hasattr(planner, "aclose"):
            await planner.aclose()
    return run_id


def main(names: list[str]) -> None:
    for name in names or list(SCENARIOS):
        with tempfile.TemporaryDirectory() as scratch:
            home = Path(scratch)
            os.environ["AGENTCLI_HOME"] = scratch
            # the chain is keyed with the home's key: the golden key, so --key verifies it
            shutil.copyfile(KEY_FILE, home / "secret.key")
            (home / "secret.key").chmod(0o600)
            run_id = asyncio.run(_record(home, name, SCENARIOS[name]))
            target = HERE / "runs" / name
            shutil.rmtree(target, ignore_errors=True)
            store = Store.open(home / "traces.sqlite")
            export_run(store, run_id, target)
            store.close()
            print(f"{name}: run {run_id} -> {target.relative_to(HERE.parents[1])}")


if __name__ == "__main__":
    main(sys.argv[1:])
