"""SIGKILL at every journal point of every saga, then `agentcli resume`: always consistent.

The vendors run in their own process (`agentcli sandbox serve`), so they stay alive across the
kill, exactly as remote vendors would. Each case kills a real `agentcli chat` (or `agentcli
resume --rollback`) right after one journal write; then one `agentcli resume` finishes every
saga of the world, and the vendors' state must satisfy the money invariants, with one payment
per saga and every run's audit chain intact.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from agentcli.trace import Store
from tests.reliability.crash import (
    Audit,
    Crash,
    ForkServer,
    Served,
    audit_now,
    resume,
    run_crashes,
    served,
)
from tests.reliability.crash_cases import SCENARIOS, WORLD_FAULTS, Person, Scenario, people
from tests.reliability.crash_setup import PREPARES, Setup, delivered_orders


@dataclass
class Kill:
    scenario: Scenario
    point: str
    person: Person
    crashes: list[Crash] = field(default_factory=list)


@dataclass
class WorldRun:
    kills: list[Kill]
    resume_code: int
    outcomes: list[dict[str, Any]]
    audit: Audit


def allocate(scenarios: list[Scenario]) -> list[Kill]:
    """One customer per kill; scenarios that need a gift card or a delivered order go first."""
    delivered = delivered_orders()
    free = list(people())
    kills = []

    def fits(s: Scenario, p: Person) -> bool:
        return (not s.needs_gift or p.gift is not None) and (
            s.prepare != "delivered_order" or p.user_id in delivered
        )

    order = sorted(scenarios, key=lambda s: (not s.needs_gift, s.prepare != "delivered_order"))
    for scenario in order:
        for point in scenario.points:
            person = next(p for p in free if fits(scenario, p))
            free.remove(person)
            kills.append(Kill(scenario, point, person))
    return kills


async def _prepare(world: Served, kills: list[Kill]) -> list[Any]:
    setup = Setup(world, world.services())
    try:
        return [await PREPARES[k.scenario.prepare](setup, k.person) for k in kills]
    finally:
        await setup.services.aclose()
        setup.close()


def _saga_of(world: Served, kill: Kill) -> str:
    store = Store.open(world.db)
    try:
        row = store.db.execute(
            "SELECT id FROM sagas WHERE name = ? AND json_extract(input, '$.user_id') = ? AND "
            "run_id != 'SETUP' ORDER BY created_at DESC LIMIT 1",
            [kill.scenario.saga, kill.person.user_id],
        ).fetchone()
        return str(row[0])
    finally:
        store.close()


def _run_world(name: str, root: Path, forks: ForkServer) -> WorldRun:
    kills = allocate([s for s in SCENARIOS if s.world == name])
    with served(root, WORLD_FAULTS[name]) as world:
        contexts = asyncio.run(_prepare(world, kills))
        chats = []
        for kill, context in zip(kills, contexts, strict=True):
            point = (
                f"{kill.scenario.saga}:capture_payment:forward:done"
                if kill.scenario.rollback
                else kill.point
            )
            kill.crashes.append(
                Crash(
                    kill.scenario.saga,
                    point,
                    kill.scenario.say(kill.person, context),
                    command=["chat", "--quiet", *kill.scenario.args],
                )
            )
            chats.append(kill.crashes[-1])
        run_crashes(world, chats, forks)
        rollbacks = []
        for kill in kills:
            if kill.scenario.rollback and kill.crashes[0].killed:
                kill.crashes.append(
                    Crash(
                        kill.scenario.saga,
                        kill.point,
                        command=["resume", "--rollback", _saga_of(world, kill)],
                    )
                )
                rollbacks.append(kill.crashes[-1])
        run_crashes(world, rollbacks, forks)
        code, outcomes, _ = resume(world)
        return WorldRun(kills, code, outcomes, audit_now(world))


@pytest.fixture(scope="module")
def forks() -> Any:
    server = ForkServer()
    yield server
    server.close()


@pytest.fixture(scope="module")
def worlds(scratch: Path, forks: ForkServer) -> dict[str, WorldRun]:
    return {
        name: _run_world(name, scratch / f"crash-{name.replace(' ', '-')}", forks)
        for name in WORLD_FAULTS
    }


def _final_status(run: WorldRun, kill: Kill) -> str | None:
    for saga in run.audit.sagas.values():
        if (
            saga["name"] == kill.scenario.saga
            and saga["run_id"] != "SETUP"
            and saga["input"].get("user_id", kill.person.user_id) == kill.person.user_id
            and _belongs(saga, kill)
        ):
            return str(saga["status"])
    return None


def _belongs(saga: dict[str, Any], kill: Kill) -> bool:
    """Sagas without a customer id are matched by the order or booking the customer named."""
    if "user_id" in saga["input"]:
        return True
    named = [str(saga["input"][k]) for k in ("order_id", "booking_id") if k in saga["input"]]
    return any(name in line for name in named for c in kill.crashes for line in c.lines)


def test_every_process_died_at_its_journal_point(
    worlds: dict[str, WorldRun],
    reliability_report: dict[str, list[dict[str, Any]]],
) -> None:
    rows, survivors = [], []
    for name, run in worlds.items():
        for kill in run.kills:
            for crash in kill.crashes:
                rows.append(
                    {
                        "saga": kill.scenario.saga,
                        "world": name,
                        "process": crash.command[0],
                        "point": crash.point,
                        "killed": crash.killed,
                        "final_status": _final_status(run, kill),
                    }
                )
                if not crash.killed:
                    survivors.append((crash.point, crash.returncode, crash.output[-1200:]))
    reliability_report["crash"] = rows
    assert survivors == []
    expected = sum(len(s.points) * (2 if s.rollback else 1) for s in SCENARIOS)
    assert len(rows) == expected


@pytest.mark.parametrize("scenario", SCENARIOS, ids=[s.name for s in SCENARIOS])
def test_resume_brings_every_killed_saga_to_its_end(
    scenario: Scenario,
    worlds: dict[str, WorldRun],
) -> None:
    run = worlds[scenario.world]
    assert run.resume_code == 0, run.outcomes
    kills = [k for k in run.kills if k.scenario is scenario]
    assert {k.point: _final_status(run, k) for k in kills} == {
        k.point: scenario.final for k in kills
    }


def test_after_resume_the_vendors_hold_every_money_invariant_and_saw_each_step_once(
    worlds: dict[str, WorldRun],
    reliability_report: dict[str, list[dict[str, Any]]],
) -> None:
    reliability_report["crash_audit"] = [
        {
            "world": name,
            "sagas": len(run.audit.sagas),
            "violations": run.audit.violations,
            "broken_audit_chains": run.audit.broken_chains,
            "most_payments_per_saga": max(run.audit.intents_per_saga.values(), default=0),
        }
        for name, run in worlds.items()
    ]
    for run in worlds.values():
        assert run.audit.violations == []
        assert run.audit.broken_chains == []
        assert max(run.audit.intents_per_saga.values()) == 1
