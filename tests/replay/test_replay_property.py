"""Every ordinary run replays: random sessions over every vendor (faults and Ctrl-C included)
replay sealed, and a counterfactual replay with the same planner diffs clean against each.

A failure shrinks (hypothesis) to a minimal session. The examples are derandomised (the gate
never flakes) and have no deadline (the machine is shared); `AGENTCLI_TEST_MANY_SESSIONS=1`
runs 3,000 more (about five minutes: outside the gate's time budget).
"""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest
from hypothesis import HealthCheck, given, settings

from agentcli.planners.rules import RulesPlanner
from agentcli.replay import archive
from agentcli.replay.counterfactual import CounterfactualOptions, counterfactual_replay_async
from agentcli.replay.diff import diff_runs
from agentcli.replay.sealed import sealed_replay_async
from agentcli.trace.ids import new_run_id
from connectors.config import ConnectorsConfig
from tests.e2e.test_live_mode import Served, served  # noqa: F401  (the fixture)
from tests.replay.sessions import FAULTS, Recorder, Session, sessions

KEY = b"property-test-key-".ljust(32, b"0")
EXAMPLES = 300
"""In-process sessions in the gate: each records, replays sealed and replays counterfactually."""
LIVE_EXAMPLES = 25
"""Sessions over sockets (`agentcli sandbox serve`), the served vendors reset before each."""
BASE = settings(
    derandomize=True,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@pytest.fixture(scope="module")
def recorder(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Recorder]:
    made = Recorder(tmp_path_factory.mktemp("property"), KEY)
    yield made
    made.close()


@pytest.fixture(scope="module")
def live_recorder(
    tmp_path_factory: pytest.TempPathFactory, request: pytest.FixtureRequest
) -> Iterator[Recorder]:
    """Sessions against `agentcli sandbox serve` (the `served` fixture of the live tests)."""
    vendors: Served = request.getfixturevalue("served")
    config = ConnectorsConfig.load(vendors.config)
    made = Recorder(tmp_path_factory.mktemp("live"), KEY, config)
    yield made
    made.close()


def check(recorder: Recorder, session: Session) -> None:
    """The session recorded replays sealed, and its same-planner counterfactual diffs clean."""
    run_id = recorder.record(session)
    recorded = archive.from_store(recorder.store, run_id)
    sealed = recorder.loop.run_until_complete(sealed_replay_async(recorded, KEY))
    assert sealed.ok, (sealed.divergence, sealed.unplayed, sealed.notes)
    child = new_run_id()
    options = CounterfactualOptions(planner=RulesPlanner(), db_path=recorder.db, run_id=child)
    again = recorder.loop.run_until_complete(counterfactual_replay_async(recorded, KEY, options))
    assert again.ok, again.divergence
    diff = diff_runs(recorder.store, run_id, child, KEY)
    assert diff.identical, [d.to_dict() for d in diff.differences]


def test_the_fault_rules_are_valid() -> None:
    for rule in FAULTS:
        assert Session(("hi",), (rule,), None).plan() is not None


@settings(BASE, max_examples=EXAMPLES)
@given(session=sessions())
def test_every_session_replays_sealed_and_diffs_clean(recorder: Recorder, session: Session) -> None:
    check(recorder, session)


@settings(BASE, max_examples=LIVE_EXAMPLES)
@given(session=sessions())
def test_every_session_over_sockets_replays_sealed_and_diffs_clean(
    live_recorder: Recorder, session: Session
) -> None:
    check(live_recorder, session)


@pytest.mark.slow
@pytest.mark.skipif(
    os.environ.get("AGENTCLI_TEST_MANY_SESSIONS") != "1",
    reason="3,000 more sessions only when asked: AGENTCLI_TEST_MANY_SESSIONS=1",
)
@settings(BASE, max_examples=3000)
@given(session=sessions(max_lines=14))
def test_many_more_sessions_replay(recorder: Recorder, session: Session) -> None:
    check(recorder, session)


def test_a_session_of_every_kind_replays(recorder: Recorder) -> None:
    """Fixed sessions that reach each vendor's writes, so the generator's reach is known."""
    harper, yara, daiki = (
        f"I'm {who}"
        for who in (
            "harper.khan1177@example.com",
            "yara.li6570@example.com",
            "daiki.moore7228@example.com",
        )
    )
    for session in (
        Session(
            (harper, "find a notebook", "add the first one", "checkout with my gift card", "yes"),
            (),
            None,
        ),
        Session(
            (yara, "find a notebook", "add the first one", "checkout with my paypal", "no"), (), 40
        ),
        Session((daiki, "return the keyboard from order #W8032761", "yes"), (), 0),
        Session((harper, "cancel order #W8073958, I ordered by mistake", "yes"), (), None),
        Session(
            (
                harper,
                "find a hotel in Paris from 2030-12-10 to 2030-12-12",
                "find a flight from NYC to Paris on 2030-12-10",
                "book the first hotel and the second flight for 2 travellers with my credit card",
                "yes",
            ),
            (FAULTS[0],),
            None,
        ),
    ):
        check(recorder, session)
