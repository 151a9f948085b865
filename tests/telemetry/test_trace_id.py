"""A run's trace id: the 128 bits of its ULID (a Temporal worker's calls: tests/temporal)."""

from __future__ import annotations

from ulid import ULID

from agentcli.trace.ids import new_run_id, trace_id_of


def test_the_trace_id_is_the_run_ids_bits_and_any_other_id_hashes_to_one() -> None:
    run_id = new_run_id()
    assert trace_id_of(run_id) == ULID.from_str(run_id).bytes.hex()
    assert len(trace_id_of("imported run")) == 32 and int(trace_id_of("imported run"), 16)
    assert trace_id_of("imported run") != trace_id_of("another run")
