"""Scripted conversation cases per second, `agentcli test` against the same
cases written by hand as a pytest + vcrpy suite, measured in the same run.

Each case is a full agent loop with a script planner: the session, validation, the policy gate,
the orchestrator, sagas for writes, the trace, and (for `agentcli test`) real sandbox vendors
on a pristine world per case plus the money invariants over their state. Four shapes, equally
many of each: sign in and look an order up; sign in and add to the cart; sign in and cancel a
pending order with a yes (the cancel saga); a write refused before sign-in.

The baseline is what a team writes without agentcli: one pytest test per case, parametrised,
driving the same runtime; vendor HTTP replayed by vcrpy from one cassette per case (recorded
in a first, untimed pass); a fresh copy of the pristine vendor files per test; hand-written
assertions on the actions of each turn. It runs in one process, as plain pytest does.

Both start as an installed tool does, with their modules' bytecode compiled (untimed, first):
with PYTHONDONTWRITEBYTECODE set, a checkout would otherwise compile every module on every run.

Run: .venv/bin/python -m bench.suites [N]   (N cases, default 1,000: the scale of the yardstick,
promptfoo running 1,000 trivial cases in 4.2 s here)
"""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import yaml

from bench.common import compile_bytecode, save

HARPER = "harper.khan1177@example.com"
SIGN_IN = {
    "user": f"I am {HARPER}",
    "script": [
        [{"action": "find_user", "email": HARPER}],
        [{"action": "reply", "message": "Hello Harper."}],
    ],
    "expect": {"actions": ["find_user"]},
}
SHAPES: dict[str, list[dict[str, Any]]] = {
    "lookup": [
        SIGN_IN,
        {
            "user": "where is #W8073958",
            "script": [
                [{"action": "get_order", "order_id": "#W8073958"}],
                [{"action": "reply", "message": "It is pending."}],
            ],
            "expect": {"actions": ["get_order"]},
        },
    ],
    "cart": [
        SIGN_IN,
        {
            "user": "add an A5 notebook",
            "script": [
                [{"action": "add_to_cart", "item_id": "9799386954", "quantity": 1}],
                [{"action": "reply", "message": "Added."}],
            ],
            "expect": {"actions": ["add_to_cart"]},
        },
    ],
    "cancel": [
        SIGN_IN,
        {
            "user": "cancel #W8073958, I no longer need it",
            "script": [
                [{"action": "cancel_order", "order_id": "#W8073958", "reason": "no longer needed"}]
            ],
            "expect": {"actions": ["cancel_order"], "confirmation_asked": True},
        },
        {
            "user": "yes",
            "script": [[{"action": "reply", "message": "Cancelled."}]],
            "expect": {"actions": [], "sagas": ["cancel_order"]},
        },
    ],
    "refused": [
        {
            "user": "cancel #W8073958",
            "script": [
                [{"action": "cancel_order", "order_id": "#W8073958", "reason": "no longer needed"}],
                [{"action": "reply", "message": "Please sign in first."}],
            ],
            "expect": {"actions": ["cancel_order"], "confirmation_asked": False},
        }
    ],
}


TRIVIAL = [
    {
        "user": "hello",
        "script": [[{"action": "reply", "message": "Hello! How can I help?"}]],
        "expect": {"actions": [], "ends_with": "reply", "reply_contains": "hello"},
    }
]
"""The yardstick: promptfoo evaluates 1,000 trivial no-model cases in 4.2 s here."""


def make_cases(n: int) -> list[dict[str, Any]]:
    names = list(SHAPES)
    return [
        {"name": f"{names[i % len(names)]} {i}", "turns": SHAPES[names[i % len(names)]]}
        for i in range(n)
    ]


HAND_WRITTEN = '''\
"""The same cases as a team would write them by hand: pytest, vcrpy cassettes, asserts."""

import asyncio
import json
import shutil
from pathlib import Path

import pytest
import vcr

from agentcli.planners.script import ScriptPlanner
from agentcli.policy.config import load_policy
from agentcli.runtime import ChatRuntime, RunOptions
from agentcli.trace.store import Store

CASES = json.loads(Path(__file__).with_name("cases.json").read_text())
PRISTINE = Path(__file__).with_name("pristine")
CASSETTES = Path(__file__).with_name("cassettes")
RECORD = Path(__file__).with_name("RECORD").exists()
POLICY = load_policy(None)


async def converse(case, world, db):
    decisions = [d for turn in case["turns"] for d in turn["script"]]
    options = RunOptions(db_path=db, sandbox_dir=world, policy=POLICY, command="test",
                         planner=ScriptPlanner(decisions))
    async with ChatRuntime(options) as runtime:
        for turn in case["turns"]:
            await runtime.session.handle(turn["user"])
    return runtime.run_id


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_case(case, tmp_path):
    world = tmp_path / "world"
    shutil.copytree(PRISTINE, world)
    cassette = CASSETTES / (case["name"].replace(" ", "_") + ".yaml")
    with vcr.use_cassette(str(cassette), record_mode="once" if RECORD else "none"):
        run_id = asyncio.run(converse(case, world, tmp_path / "t.sqlite"))
    store = Store.open(tmp_path / "t.sqlite")
    turns = []
    for event in store.events(run_id):
        if event.kind == "user_message":
            turns.append({"actions": [], "asked": False, "sagas": []})
        elif event.kind == "action_proposed" and event.payload["action"] not in (
                "reply", "ask_clarification", "escalate_to_human"):
            turns[-1]["actions"].append(event.payload["action"])
        elif event.kind == "approval_requested" and event.payload.get("from") == "user":
            turns[-1]["asked"] = True
        elif event.kind == "saga_finished" and event.payload["status"] == "completed":
            turns[-1]["sagas"].append(event.payload["saga"])
    store.close()
    for turn, got in zip(case["turns"], turns, strict=True):
        expect = turn["expect"]
        assert got["actions"] == expect["actions"]
        if "confirmation_asked" in expect:
            assert got["asked"] == expect["confirmation_asked"]
        if "sagas" in expect:
            assert got["sagas"] == expect["sagas"]
'''


class Timed:
    """Wall time and the CPU time of the process tree (the machine may be shared)."""

    def __init__(self, args: list[str], cwd: Path, env: dict[str, str]) -> None:
        before, started = _children_cpu(), time.perf_counter()
        self.done = subprocess.run(
            args, cwd=cwd, env=env, capture_output=True, text=True, timeout=1800
        )
        self.wall = time.perf_counter() - started
        self.cpu = _children_cpu() - before


ROUNDS = 5
"""`agentcli test` runs of each suite; the median by wall time is reported (this 2-core machine
varies by +-10% from run to run)."""


def median(rounds: list[Timed]) -> Timed:
    return sorted(rounds, key=lambda r: r.wall)[len(rounds) // 2]


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def idle_rate(n: int, cpu: float, startup_cpu: float, cores: int) -> float:
    """Cases per second on idle cores: start-up runs alone, the cases spread over 2 workers."""
    return round(n / (startup_cpu + (cpu - startup_cpu) / min(cores, 2)), 1)


def per_shape_cpu(suite_dir: Path, rounds: int = 3) -> dict[str, float]:
    """Median CPU milliseconds of one case of each shape, run in this process (warm)."""
    from agentcli.suites.loader import load_cases
    from agentcli.suites.runner import CaseRunner

    cases = load_cases([suite_dir])
    runner = CaseRunner(suite_dir / "shapes.sqlite")
    try:
        for case in cases[: 2 * len(SHAPES)]:
            runner.run(case)  # warm: apps, tokens, thread pool
        spent: dict[str, list[float]] = {}
        for _ in range(rounds):
            for case in cases[: 10 * len(SHAPES)]:
                started = time.process_time()
                runner.run(case)
                spent.setdefault(case.name.split()[0], []).append(time.process_time() - started)
    finally:
        runner.close()
    return {shape: round(sorted(v)[len(v) // 2] * 1000, 2) for shape, v in spent.items()}


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
    compile_bytecode()  # untimed, as an install does: every timed run starts as installed
    load = round(os.getloadavg()[0], 2)
    root = Path(__file__).resolve().parent.parent
    python = sys.executable
    agentcli = str(Path(python).parent / "agentcli")
    with tempfile.TemporaryDirectory(prefix="bench-suites-") as tmp_name:
        tmp = Path(tmp_name)
        env = {**os.environ, "AGENTCLI_HOME": str(tmp / "home"), "PYTHONPATH": str(root)}
        cases = make_cases(n)
        suites = tmp / "suites"
        suites.mkdir()
        suite = {"suite": "bench", "defaults": {"planner": "script"}, "cases": cases}
        (suites / "bench.suite.yaml").write_text(yaml.safe_dump(suite, sort_keys=False))

        rounds = []
        for round_ in range(ROUNDS):
            rounds.append(
                Timed(
                    [
                        agentcli,
                        "test",
                        str(suites),
                        "-n",
                        "2",
                        "--json",
                        "--db",
                        str(tmp / f"ours-{round_}.sqlite"),
                    ],
                    tmp,
                    env,
                )
            )
            report = json.loads(rounds[-1].done.stdout)
            assert report["totals"]["passed"] == n, rounds[-1].done.stdout[-2000:]
        ours = median(rounds)
        startup = Timed([agentcli, "test", "--help"], tmp, env)
        trivial_dir = tmp / "trivial"
        trivial_dir.mkdir()
        trivial = {
            "suite": "trivial",
            "defaults": {"planner": "script"},
            "cases": [{"name": f"hello {i}", "turns": TRIVIAL} for i in range(1000)],
        }
        (trivial_dir / "trivial.suite.yaml").write_text(yaml.safe_dump(trivial, sort_keys=False))
        trivial_rounds = []
        for round_ in range(ROUNDS):
            trivial_rounds.append(
                Timed(
                    [
                        agentcli,
                        "test",
                        str(trivial_dir),
                        "-n",
                        "2",
                        "--json",
                        "--db",
                        str(tmp / f"trivial-{round_}.sqlite"),
                    ],
                    tmp,
                    env,
                )
            )
            assert json.loads(trivial_rounds[-1].done.stdout)["totals"]["passed"] == 1000
        light = median(trivial_rounds)
        shapes_ms = per_shape_cpu(suites)

        hand = tmp / "hand"
        hand.mkdir()
        (hand / "test_hand_written.py").write_text(HAND_WRITTEN)
        (hand / "cases.json").write_text(json.dumps(cases))
        from sandbox.world import SandboxWorld

        SandboxWorld(hand / "pristine").ensure()
        pytest_args = [
            python,
            "-m",
            "pytest",
            "-q",
            "-p",
            "no:cacheprovider",
            "-p",
            "no:agentcli",
            "-o",
            "addopts=",
            "test_hand_written.py",
        ]
        (hand / "RECORD").write_text("")
        recorded = Timed(pytest_args, hand, env)
        assert recorded.done.returncode == 0, recorded.done.stdout[-3000:]
        (hand / "RECORD").unlink()
        replayed = Timed(pytest_args, hand, env)
        assert replayed.done.returncode == 0, replayed.done.stdout[-3000:]

    cores = os.cpu_count() or 1
    figures = {
        "cases": n,
        "shapes": list(SHAPES),
        "load_average_before": load,
        "bytecode_compiled": True,
        "rounds": ROUNDS,
        "agentcli_test_wall_s": round(ours.wall, 2),
        "agentcli_test_wall_s_all_rounds": sorted(round(r.wall, 2) for r in rounds),
        "agentcli_test_cases_per_s": round(n / ours.wall, 1),
        "agentcli_test_cpu_s": round(ours.cpu, 2),
        "agentcli_test_cases_per_cpu_s": round(n / ours.cpu, 1),
        "agentcli_test_cases_per_s_on_idle_cores": idle_rate(n, ours.cpu, startup.cpu, cores),
        "agentcli_startup_wall_s": round(startup.wall, 2),
        "agentcli_startup_cpu_s": round(startup.cpu, 2),
        "workers": report["workers"],
        "pytest_vcrpy_record_wall_s": round(recorded.wall, 2),
        "pytest_vcrpy_wall_s": round(replayed.wall, 2),
        "pytest_vcrpy_cpu_s": round(replayed.cpu, 2),
        "pytest_vcrpy_cases_per_s": round(n / replayed.wall, 1),
        "pytest_vcrpy_cases_per_cpu_s": round(n / replayed.cpu, 1),
        "trivial_1000_wall_s": round(light.wall, 2),
        "trivial_1000_wall_s_all_rounds": sorted(round(r.wall, 2) for r in trivial_rounds),
        "trivial_1000_cases_per_s": round(1000 / light.wall, 1),
        "trivial_1000_cpu_s": round(light.cpu, 2),
        "trivial_1000_cases_per_s_on_idle_cores": idle_rate(1000, light.cpu, startup.cpu, cores),
        "cpu_ms_per_case_by_shape": shapes_ms,
        "cases_per_s_on_2_idle_cores_by_shape": {
            shape: round(2000 / ms, 1) for shape, ms in shapes_ms.items()
        },
        "ratio_wall": round(replayed.wall / ours.wall, 2),
        "ratio_per_cpu_second": round(replayed.cpu / ours.cpu, 2),
    }
    width = max(map(len, figures))
    for key, value in figures.items():
        print(f"{key:<{width}}  {value}")
    print(f"saved {save('suites', figures)}")


if __name__ == "__main__":
    main()
