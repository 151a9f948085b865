"""The `tau2` case kind: τ² gold tool calls straight through the shop connector, recorded."""

from __future__ import annotations

from typing import Any

from agentcli.orchestrator.services import live_services, sandbox_services
from agentcli.suites.loader import ResolvedCase
from agentcli.suites.tau2_tools import WRITE_TOOLS, run_tool
from agentcli.trace import events as ev
from agentcli.trace.ids import new_run_id
from agentcli.trace.recorder import Recorder
from agentcli.trace.store import Store
from connectors.base import HttpExchange
from connectors.config import ConnectorsConfig
from connectors.errors import VendorError
from sandbox.tau2 import ShopError, as_reference
from sandbox.world import SandboxWorld


async def run_tau2_calls(
    case: ResolvedCase, world: SandboxWorld, store: Store, live: ConnectorsConfig | None = None
) -> tuple[str, list[str]]:
    """Run every call in order, failures included; (run id, ids of the calls that failed).

    The calls go to the world's shop as τ²'s reference behaves (its multi-item modify quirk
    included, `sandbox.shop.reference`), or to the served one of a `live` config.
    """
    run_id = new_run_id()
    store.create_run(
        run_id,
        command="test",
        planner="tau2-gold",
        config_hash=None,
        connectors_mode="sandbox" if live is None else "live",
    )
    recorder = Recorder(store, run_id)

    def record(exchange: HttpExchange) -> None:
        recorder.record(ev.HttpExchange.from_exchange(exchange))

    services = (
        sandbox_services(as_reference(world), observer=record, faults=case.faults)
        if live is None
        else live_services(live, observer=record)
    )
    failed: list[str] = []
    writes = 0
    try:
        for number, call in enumerate(case.case.calls):
            call_id = call.id or str(number)
            effect = "write" if call.tool in WRITE_TOOLS else "read"
            recorder.record(
                ev.ActionProposed(
                    action=call.tool,
                    arguments=call.args,
                    effect=effect,
                    rationale=f"gold call {call_id}",
                )
            )
            writes += effect == "write"
            recorder.flush()
            try:
                data = await run_tool(services.shop, call.tool, dict(call.args))
            except (VendorError, ShopError, TypeError) as error:
                failed.append(call_id)
                recorder.record(
                    ev.ActionResult(
                        action=call.tool,
                        arguments=call.args,
                        ok=False,
                        data=None,
                        error=_failure(error),
                    )
                )
            else:
                recorder.record(
                    ev.ActionResult(
                        action=call.tool, arguments=call.args, ok=True, data=data, error=None
                    )
                )
    finally:
        await services.aclose()
        metrics = {
            "turns": 0,
            "writes": writes,
            "calls": len(case.case.calls),
            "failed_calls": len(failed),
        }
        recorder.record(ev.RunFinished(outcome="completed", metrics=metrics))
        recorder.flush()
        store.finish_run(run_id, status="finished", outcome="completed", metrics=metrics)
    return run_id, failed


def _failure(error: Exception) -> dict[str, Any]:
    """The error of a failed call, in the canonical shape."""
    if isinstance(error, VendorError):
        return error.to_dict()
    if isinstance(error, ShopError):
        return {"code": error.code.upper(), "message": error.message}
    return {"code": "INVALID_REQUEST", "message": str(error)}
