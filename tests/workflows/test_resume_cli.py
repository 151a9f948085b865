"""`agentcli resume` through the CLI: interrupted sagas finish, exactly once, in their own run."""

from __future__ import annotations

import asyncio
import json
from dataclasses import dataclass
from pathlib import Path

import pytest

from agentcli.orchestrator.services import sandbox_services
from agentcli.trace import Recorder, Store
from agentcli.workflows.crash import CrashSwitch
from agentcli.workflows.engine import LocalSagaEngine
from agentcli.workflows.journal import Journal
from agentcli.workflows.retail import PLACE_ORDER
from sandbox.world import SandboxWorld
from tests.e2e.helpers import HARPER_GIFT, HARPER_ID, cli, pay_intents

NOTEBOOK = "9799386954"


class Died(BaseException):
    """The process 'died' at a journal point (raised instead of SIGKILL, in-process)."""


@dataclass(frozen=True)
class DieAt(CrashSwitch):
    def reached(self, saga: str, step: str, phase: str, point: str) -> None:
        if self.point == f"{saga}:{step}:{phase}:{point}":
            raise Died(self.point)


async def _interrupted_checkout(home: Path, point: str) -> str:
    """A checkout whose process died at `point`; returns the saga id."""
    world = SandboxWorld(home / "sandbox")
    store = Store.open(home / "traces.sqlite")
    store.create_run("RUN1", command="chat")
    services = sandbox_services(world)
    await services.shop.add_to_cart(HARPER_ID, NOTEBOOK, 1)
    saga_input = {
        "user_id": HARPER_ID,
        "payment_method_id": HARPER_GIFT,
        "amount": 28.59,
        "currency": "usd",
        "items": [{"item_id": NOTEBOOK, "quantity": 1, "price": 28.59, "name": "Notebook"}],
    }
    recorder = Recorder(store, "RUN1")
    engine = LocalSagaEngine(Journal(store), recorder, services, crash=DieAt(point))
    try:
        await engine.run(PLACE_ORDER, "RUN1-9", saga_input)
    except Died:
        pass
    finally:
        await services.aclose()
        store.close()
    return "RUN1-9"


def test_resume_finishes_an_interrupted_checkout_once_in_its_own_run(
    agentcli_home: Path,
) -> None:
    saga_id = asyncio.run(
        _interrupted_checkout(agentcli_home, "place_order:capture_payment:forward:effect")
    )
    pending = cli("resume", "--dry-run")
    assert pending.exit_code == 0
    assert f"saga {saga_id} (place_order, run RUN1): running" in pending.stdout

    done = cli("resume")
    assert done.exit_code == 0, done.output
    assert f"saga {saga_id} (place_order, run RUN1): running -> completed" in done.stdout

    [intent] = pay_intents(agentcli_home, HARPER_ID)
    assert intent["status"] == "succeeded"  # captured once: the retry was a replay
    run = json.loads(cli("runs", "show", "RUN1", "--json").stdout)
    assert run["run"]["status"] == "crashed"
    [saga] = run["sagas"]
    assert saga["status"] == "completed"
    kinds = [e["kind"] for e in run["events"]]
    assert kinds.count("saga_resumed") == 1 and kinds[-1] == "saga_finished"
    assert cli("audit", "verify", "RUN1").exit_code == 0
    listed = json.loads(cli("runs", "list", "--json").stdout)
    assert listed[0]["sagas"] == {"completed": 1}

    again = cli("resume")
    assert again.exit_code == 0 and "no unfinished sagas" in again.stdout


def test_resume_rollback_compensates_instead(agentcli_home: Path) -> None:
    saga_id = asyncio.run(
        _interrupted_checkout(agentcli_home, "place_order:create_order:forward:done")
    )
    done = cli("resume", "--rollback", "--json")
    assert done.exit_code == 0, done.output
    [outcome] = json.loads(done.stdout)
    assert outcome["saga_id"] == saga_id
    assert outcome["after"] == "compensated"
    assert outcome["undone"][-1] == "released the $28.59 hold on your payment method"
    [intent] = pay_intents(agentcli_home, HARPER_ID)
    assert intent["status"] == "canceled"


def test_resume_without_a_trace_database_is_a_clear_error(agentcli_home: Path) -> None:
    result = cli("resume")
    assert result.exit_code == 2
    assert "no trace database" in result.stderr


def _steps_sent(home: Path) -> list[tuple[str, str]]:
    run = json.loads(cli("runs", "show", "RUN1", "--json").stdout)
    return [
        (e["kind"], e["payload"]["step"])
        for e in run["events"]
        if e["kind"] in ("step_started", "compensation_started")
    ]


def test_resume_with_the_kill_switch_on_only_compensates(
    agentcli_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    asyncio.run(_interrupted_checkout(agentcli_home, "place_order:create_order:forward:done"))
    before = _steps_sent(agentcli_home)
    monkeypatch.setenv("AGENTCLI_KILL_SWITCH", "1")
    done = cli("resume", "--json")
    assert done.exit_code == 0, done.output
    assert "the kill switch is on (AGENTCLI_KILL_SWITCH is set)" in done.stderr
    [outcome] = json.loads(done.stdout)
    assert (outcome["after"], outcome["code"]) == ("compensated", "KILL_SWITCH")
    [intent] = pay_intents(agentcli_home, HARPER_ID)
    assert intent["status"] == "canceled"  # the hold released, nothing captured
    sent = _steps_sent(agentcli_home)[len(before) :]
    # the stock check was refused before any call; only compensations went out
    assert sent == [
        ("step_started", "check_stock"),
        ("compensation_started", "create_order"),
        ("compensation_started", "authorize_payment"),
    ]


def test_resume_with_the_kill_switch_in_the_policys_file(
    agentcli_home: Path, tmp_path: Path
) -> None:
    asyncio.run(_interrupted_checkout(agentcli_home, "place_order:create_order:forward:done"))
    switch = tmp_path / "STOP"
    policy = tmp_path / "policy.toml"
    policy.write_text(f'[kill_switch]\nfile = "{switch}"\n')
    switch.touch()
    done = cli("resume", "--policy", str(policy), "--json")
    assert json.loads(done.stdout)[0]["after"] == "compensated"
    assert pay_intents(agentcli_home, HARPER_ID)[0]["status"] == "canceled"


def test_a_step_whose_outcome_is_unknown_waits_for_the_switch_to_go_off(
    agentcli_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Learning what an interrupted call did means sending it again: not while the switch is on."""
    saga_id = asyncio.run(
        _interrupted_checkout(agentcli_home, "place_order:authorize_payment:forward:intent")
    )
    monkeypatch.setenv("AGENTCLI_KILL_SWITCH", "1")
    stuck = cli("resume", "--json")
    assert stuck.exit_code == 1
    [outcome] = json.loads(stuck.stdout)
    assert outcome["after"] == "needs_attention"
    assert "once the kill switch is off" in outcome["operator_message"]
    assert pay_intents(agentcli_home, HARPER_ID) == []  # nothing was sent at all

    monkeypatch.delenv("AGENTCLI_KILL_SWITCH")
    settled = cli("resume", saga_id, "--json")
    assert settled.exit_code == 0, settled.output
    assert json.loads(settled.stdout)[0]["after"] == "compensated"
    assert [i["status"] for i in pay_intents(agentcli_home, HARPER_ID)] in ([], ["canceled"])
