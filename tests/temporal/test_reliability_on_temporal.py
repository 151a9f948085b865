"""The fault matrix of the retail sagas on Temporal: the local engine's verdicts, no money lost.

Every step and compensation of place_order and cancel_order, under the faults that leave the
outcome in doubt (the vendor acted, the answer was lost: 5xx after commit, always and once) and
a refusal (decline), plus the stock race; each must end exactly as the local engine's matrix
states (`expected`: the saga's verdict, the verdict after resume, the money paid) and
`agentcli audit money` must find the books in agreement.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from sandbox.world import SandboxWorld
from tests.reliability.cases import ALL_CASES, Case
from tests.reliability.test_fault_matrix import Expected, expected
from tests.temporal.reliability_on_temporal import run_case_on_temporal

CASES = [
    c
    for c in ALL_CASES
    if c.target.saga in ("place_order", "cancel_order")
    and (c.fault in ("5xx_after_commit", "decline") or c.scenario)
]


ON_TEMPORAL = {
    # the local engine ends this case needs_attention and completes it on resume; on Temporal
    # the saga's own run completes it (same refund, books agree)
    "cancel_shop_part-refund_payment-forward-5xx_after_commit-always": Expected(
        "completed", "completed", -2859
    ),
}
"""Cases where the Temporal engine's verdict differs from the local engine's, as measured."""


@pytest.fixture(scope="module")
def template() -> Iterator[Path]:
    root = Path(tempfile.mkdtemp(prefix="agentcli-temporal-matrix-"))
    world = SandboxWorld(root / "template" / "sandbox")
    world.ensure()
    world.credentials()
    yield world.root
    shutil.rmtree(root, ignore_errors=True)


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
async def test_fault_matrix_case_on_temporal(
    case: Case, tmp_path: Path, template: Path, temporal_address: str
) -> None:
    outcome, result = await run_case_on_temporal(case, tmp_path, template, temporal_address)
    assert outcome.violations == []
    assert outcome.trace_ok
    ended = Expected(outcome.first_status, outcome.final_status, outcome.paid)
    assert ended == ON_TEMPORAL.get(case.id, expected(case)), outcome
    if ended.final == "compensated":
        assert not result.charged
