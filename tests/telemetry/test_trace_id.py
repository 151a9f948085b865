"""A run's trace id: the 128 bits of its ULID, carried by every vendor call, workers' included."""

from __future__ import annotations

from pathlib import Path

from ulid import ULID

from agentcli.trace.ids import new_run_id, trace_id_of
from agentcli.workflows.temporal.activities import connectors_services
from agentcli.workflows.temporal.engine import connectors_spec
from connectors.base import HttpExchange
from tests.e2e.helpers import HARPER_ID, ensure_world


def test_the_trace_id_is_the_run_ids_bits_and_any_other_id_hashes_to_one() -> None:
    run_id = new_run_id()
    assert trace_id_of(run_id) == ULID.from_str(run_id).bytes.hex()
    assert len(trace_id_of("imported run")) == 32 and int(trace_id_of("imported run"), 16)
    assert trace_id_of("imported run") != trace_id_of("another run")


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
