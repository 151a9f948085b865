"""The `tau2` case kind: τ² gold tool calls straight through the shop connector, recorded."""

from __future__ import annotations

from dataclasses import asdict

import connectors.sandbox.shop.reference as reference_shop
from agentcli.orchestrator.services import live_services, sandbox_services
from agentcli.suites.loader import ResolvedCase
from agentcli.suites.tau2_tools import WRITE_TOOLS, run_tool
from agentcli.trace.events import EventKind
from agentcli.trace.ids import new_run_id
from agentcli.trace.recorder import Recorder
from agentcli.trace.store import Store
from connectors.base import HttpExchange
from connectors.config import ConnectorsConfig
from connectors.errors import VendorError
from connectors.sandbox.shop.errors import ShopError
from connectors.sandbox.world import SandboxWorld, VendorModule


async def run_tau2_calls(case: ResolvedCase, world: SandboxWorld, store: Store,
                         live: ConnectorsConfig | None = None) -> tuple[str, list[str]]:
    """Run every call in order, failures included; (run id, ids of the calls that failed).

    The calls go to the world's shop as τ²'s reference behaves (its multi-item modify quirk
    included, `connectors.sandbox.shop.reference`), or to the served one of a `live` config.
    """
    run_id = new_run_id()
    store.create_run(run_id, command="test", planner="tau2-gold", config_hash=None,
                     connectors_mode="sandbox" if live is None else "live")
    recorder = Recorder(store, run_id)

    def record(exchange: HttpExchange) -> None:
        recorder.emit(EventKind.HTTP_EXCHANGE, asdict(exchange))

    services = (sandbox_services(_as_reference(world), observer=record, faults=case.faults)
                if live is None else live_services(live, observer=record))
    failed: list[str] = []
    writes = 0
    try:
        for number, call in enumerate(case.case.calls):
            call_id = call.id or str(number)
            effect = "write" if call.tool in WRITE_TOOLS else "read"
            recorder.emit(EventKind.ACTION_PROPOSED, {"action": call.tool,
                                                      "arguments": call.args, "effect": effect,
                                                      "rationale": f"gold call {call_id}"})
            writes += effect == "write"
            recorder.flush()
            try:
                data = await run_tool(services.shop, call.tool, dict(call.args))
            except (VendorError, ShopError, TypeError) as error:
                failed.append(call_id)
                recorder.emit(EventKind.ACTION_RESULT, _failure(call.tool, call.args, error))
            else:
                recorder.emit(EventKind.ACTION_RESULT, {"action": call.tool,
                                                        "arguments": call.args, "ok": True,
                                                        "data": data, "error": None})
    finally:
        await services.aclose()
        metrics = {"turns": 0, "writes": writes, "calls": len(case.case.calls),
                   "failed_calls": len(failed)}
        recorder.emit(EventKind.RUN_FINISHED, {"outcome": "completed", "metrics": metrics})
        recorder.flush()
        store.finish_run(run_id, status="finished", outcome="completed", metrics=metrics)
    return run_id, failed


def _as_reference(world: SandboxWorld) -> SandboxWorld:
    """The world's files, its shop served as τ²'s reference (the other vendors as they are)."""
    vendors: dict[str, VendorModule] = {name: world.module(name) for name in world.names}
    vendors["shop"] = reference_shop
    return SandboxWorld(world.root, vendors)


def _failure(tool: str, args: dict[str, object], error: Exception) -> dict[str, object]:
    if isinstance(error, VendorError):
        detail = error.to_dict()
    elif isinstance(error, ShopError):
        detail = {"code": error.code.upper(), "message": error.message}
    else:
        detail = {"code": "INVALID_REQUEST", "message": str(error)}
    return {"action": tool, "arguments": args, "ok": False, "data": None, "error": detail}
