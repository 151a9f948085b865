"""Runs cases one after another in this process: a pristine world, a real agent loop, checks."""

from __future__ import annotations

import asyncio
import json
import os
import sqlite3
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from agentcli.policy.approval import ApprovalRequest, ApprovalResult
from agentcli.runtime import ChatRuntime, RunOptions
from agentcli.suites.assertions import Failure, check_run
from agentcli.suites.expected import expected_actions
from agentcli.suites.invariants import check_invariants
from agentcli.suites.live import LiveVendors
from agentcli.suites.loader import ResolvedCase
from agentcli.suites.observe import RunFacts, read_facts
from agentcli.suites.planners import CaseUnavailable, build_planner
from agentcli.suites.results import CaseResult
from agentcli.suites.state import check_state
from agentcli.suites.tau2_case import run_tau2_calls
from agentcli.suites.vendor_state import VendorState
from agentcli.trace.store import Store, write_one
from connectors.config import ConnectorsConfig
from connectors.harness import KeptClients
from netpolicy import NetworkPolicy
from sandbox.world import SandboxWorld
from sandbox.worlds import PristineWorlds

_INSERT_RESULT = (
    "INSERT INTO suite_results (run_id, case_id, suite, path, status, failures, "
    "expected_actions, actual_actions, duration, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
)


class ScriptedOperator:
    """The operator of a case: approves or denies as the current turn says."""

    def __init__(self, answer: str) -> None:
        self.answer = answer

    async def __call__(self, request: ApprovalRequest) -> ApprovalResult:
        approved = self.answer == "approve"
        return ApprovalResult(approved, "suite", f"scripted: {self.answer}")


class CaseRunner:
    """One worker's machinery: a trace store, a pristine world, an event loop."""

    def __init__(
        self,
        db_path: Path | None,
        template: Path | None = None,
        live: ConnectorsConfig | None = None,
    ) -> None:
        self.store = Store.open(db_path)
        self.worlds = PristineWorlds(template)
        self.clients = KeptClients()
        self.loop = asyncio.new_event_loop()
        #: served vendors to run against instead of the world (agentcli.suites.live)
        self.live = LiveVendors(live) if live is not None else None
        self.vendors = (
            self.live
            if self.live is not None
            else VendorState(self.worlds.world, self.worlds.pristine)
        )

    def run(self, case: ResolvedCase) -> CaseResult:
        """Run one case; never raises for anything the case itself does."""
        started = time.perf_counter()
        result = CaseResult(
            case.id,
            case.suite,
            case.name,
            case.path,
            case.line,
            "passed",
            expected_actions=expected_actions(case.case),
        )
        if case.case.skip:
            result.status, result.message = "skipped", case.case.skip
            return result
        refused = self.live.refusal(case) if self.live is not None else None
        if refused:
            result.status, result.message = "skipped", refused
            return result
        with one_commit(self.store):
            try:
                with _environment(case.env):
                    self.loop.run_until_complete(self._run(case, result))
            except CaseUnavailable as exc:
                result.status, result.message = "error", str(exc)
            except Exception as exc:  # a broken case must not take the whole run down
                result.status, result.message = "error", f"{type(exc).__name__}: {exc}"
            if result.status == "passed" and result.failures:
                result.status = "failed"
            result.duration = time.perf_counter() - started
            self._store_result(result)
        return result

    def _store_result(self, result: CaseResult) -> None:
        """The verdict next to the run, for `agentcli metrics` (precision and recall)."""
        row = (
            result.run_id,
            result.id,
            result.suite,
            result.path,
            result.status,
            json.dumps([f.to_dict() for f in result.failures]),
            json.dumps(result.expected_actions) if result.expected_actions is not None else None,
            json.dumps(result.actual_actions),
            result.duration,
            time.time(),
        )
        write_one(self.store.db, _INSERT_RESULT, row)

    async def _run(self, case: ResolvedCase, result: CaseResult) -> None:
        if case.connectors.kind == "cassette":
            raise CaseUnavailable("cassette connectors are not part of this build yet")
        world = self.worlds.fresh()
        if self.live is not None:
            self.live.reset()
        if case.case.kind == "tau2":
            run_id, failed = await run_tau2_calls(
                case, world, self.store, live=self.live.config if self.live else None
            )
            result.run_id = run_id
            facts = read_facts(self.store, run_id)
            result.failures += check_run(case.case.expect, [], facts)
            expected = case.case.expect.failed_calls
            if expected is not None and failed != expected:
                result.failures.append(
                    Failure(
                        "failed_calls", ", ".join(expected) or "none", ", ".join(failed) or "none"
                    )
                )
        else:
            facts = await self._conversation(case, world, result)
        result.actual_actions = [a.name for a in facts.whole.vendor_actions]
        result.failures += self._vendor_checks(case, facts)

    async def _conversation(
        self, case: ResolvedCase, world: SandboxWorld, result: CaseResult
    ) -> RunFacts:
        operator = ScriptedOperator(case.operator)
        built = build_planner(case)
        options = RunOptions(
            db_path=None,
            sandbox_dir=world.root,
            world=world,
            policy=case.policy,
            command="test",
            planner=built.planner,
            approver=operator,
            store=self.store,
            faults=case.faults,
            connectors=self.live.config if self.live else None,
            network=case_network(case),
            clients=self.clients,
        )
        runtime = ChatRuntime(options)
        try:
            async with runtime:
                assert runtime.session is not None
                result.run_id = runtime.run_id
                for turn in case.case.turns:
                    operator.answer = turn.operator or case.operator
                    said = await runtime.session.handle(turn.user)
                    result.transcript.append((turn.user, said))
        finally:
            await built.close()
        facts = read_facts(self.store, runtime.run_id)
        result.failures += check_run(case.case.expect, [t.expect for t in case.case.turns], facts)
        if built.unplayed():
            result.failures.append(
                Failure(
                    "model cassette",
                    "every recorded answer played",
                    f"{built.unplayed()} never asked for",
                )
            )
        return facts

    def _vendor_checks(self, case: ResolvedCase, facts: RunFacts) -> list[Failure]:
        expect = case.case.expect
        failures: list[Failure] = []
        if expect.invariants and (self.live is not None or not self.worlds.untouched()):
            failures += check_invariants(expect.invariants, self.vendors, self.store, facts.run_id)
        if expect.state is not None:
            failures += check_state(expect.state, self.vendors, facts.user_id)
        return failures

    def close(self) -> None:
        self.loop.run_until_complete(self.clients.aclose())
        self.loop.close()
        self.store.close()
        self.worlds.close()
        if self.live is not None:
            self.live.close()


@contextmanager
def one_commit(store: Store) -> Iterator[None]:
    """Everything a case writes to the trace in one transaction, committed however the case
    ends (its run, events, saga journal and verdict; the blocks inside become savepoints).

    A case's writes are a dozen small transactions otherwise, each a commit of its own. Only
    the process running the case reads them before the end of the case, on this connection.
    When the write lock cannot be had, each block takes it for itself, as it would anyway.
    """
    conn = store.db.conn
    try:
        conn.execute("BEGIN IMMEDIATE")
    except sqlite3.OperationalError:
        yield
        return
    try:
        yield
    finally:
        if conn.in_transaction:
            conn.execute("COMMIT")


def case_network(case: ResolvedCase) -> NetworkPolicy:
    """A case reaches a model endpoint only when it asks for a live model; the vendors and
    the engine are the ones the command chose (served vendors, AGENTCLI_ENGINE)."""
    if case.planner.live:
        return NetworkPolicy()
    return NetworkPolicy.only(
        "vendor",
        "engine",
        "exporter",
        reason="a suite case reaches no model unless it says live: true",
    )


@contextmanager
def _environment(env: dict[str, str]) -> Iterator[None]:
    saved = {name: os.environ.get(name) for name in env}
    os.environ.update(env)
    try:
        yield
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value
