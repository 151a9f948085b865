"""A Temporal worker's vendor calls carry the run's trace id, as the run's own calls do."""

from __future__ import annotations

from pathlib import Path

from agentcli.trace.ids import new_run_id, trace_id_of
from agentcli.workflows.temporal.activities import connectors_services
from agentcli.workflows.temporal.engine import connectors_spec
from connectors.base import HttpExchange
from tests.e2e.helpers import HARPER_ID, ensure_world


async def test_a_temporal_workers_vendor_calls_carry_the_runs_trace_id(
    agentcli_home: Path,
) -> None:
    ensure_world(agentcli_home)
    trace_id = trace_id_of(new_run_id())
    seen: list[HttpExchange] = []
    spec = connectors_spec(agentcli_home / "sandbox", trace_id=trace_id)
    services = connectors_services(spec, seen.append)
    try:
        await services.shop.get_user(HARPER_ID)
    finally:
        await services.aclose()
    assert seen and {e.request_headers["traceparent"].split("-")[1] for e in seen} == {trace_id}
