"""Sealed replay: the recorded run again from its cassette, events compared after normalisation."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from agentcli.policy.approval import approve_all
from agentcli.policy.config import PolicyConfig
from agentcli.replay import cassette as cassettes
from agentcli.replay.archive import RecordedRun, ReplayError
from agentcli.replay.cassette import Cassette, RecordedResponse
from agentcli.replay.sealed import sealed_replay
from agentcli.replay.secretkey import load_key
from tests.replay.helpers import CANCEL, CHECKOUT, record, recorded


def _edit(run: RecordedRun, index: int, **changes: object) -> RecordedRun:
    """The run with interaction `index` changed (request or response fields)."""
    items = list(run.cassette.interactions)
    item = items[index]
    request = dataclasses.replace(
        item.request, **{k: v for k, v in changes.items() if k in ("uri", "method")}
    )
    response = dataclasses.replace(
        item.response, **{k: v for k, v in changes.items() if k in ("body", "status")}
    )
    items[index] = dataclasses.replace(item, request=request, response=response)
    return RecordedRun(run.run, run.events, Cassette(items, run.cassette.metadata))


def _find(run: RecordedRun, fragment: str, method: str = "GET") -> int:
    return next(
        i
        for i, item in enumerate(run.cassette.interactions)
        if fragment in item.request.uri and item.request.method == method
    )


@pytest.mark.parametrize("lines", [CHECKOUT, CANCEL], ids=["checkout", "cancel"])
def test_a_recorded_run_replays_sealed_with_the_same_events(
    agentcli_home: Path, lines: list[str]
) -> None:
    run = recorded(agentcli_home, record(agentcli_home, lines))
    result = sealed_replay(run, load_key())
    assert result.ok, result.divergence
    assert result.events_replayed == result.events_expected == len(run.events)
    assert result.misses == () and result.unplayed == ()


def test_operator_approvals_replay_too(agentcli_home: Path) -> None:
    policy = PolicyConfig.model_validate({"approval": {"threshold": 10}})
    run_id = record(agentcli_home, CHECKOUT, policy=policy, approver=approve_all)
    run = recorded(agentcli_home, run_id)
    assert cassettes.load(Path(run.run["cassette"])).agentcli["policy"]["approval"] == {
        "threshold": 10.0,
        "session_threshold": None,
    }
    assert sealed_replay(run, load_key()).ok


def test_a_changed_response_is_reported_at_the_first_event_it_changes(agentcli_home: Path) -> None:
    run = recorded(agentcli_home, record(agentcli_home, CHECKOUT))
    search = _find(run, "/search?")
    body = run.cassette.interactions[search].response.body
    altered = {**body, "results": [dict(r) for r in body["results"]]}
    altered["results"][1]["price"] = 31.0
    result = sealed_replay(_edit(run, search, body=altered), load_key())
    assert not result.ok
    d = result.divergence
    assert d is not None and d.what == "payload" and d.turn == 2
    assert d.path == "payload.response_body.results[1].price"
    assert (d.expected, d.got) == (29.28, 31.0)
    assert run.events[d.seq - 1].kind == "http_exchange"
    assert d.miss is None


def test_a_changed_request_names_the_failed_matcher_and_the_nearest_request(
    agentcli_home: Path,
) -> None:
    run = recorded(agentcli_home, record(agentcli_home, CHECKOUT))
    search = _find(run, "/search?")
    uri = run.cassette.interactions[search].request.uri
    result = sealed_replay(
        _edit(run, search, uri=uri.replace("q=notebook", "q=notebooks")), load_key()
    )
    d = result.divergence
    assert d is not None and d.path == "payload.error" and d.expected is None
    assert d.got.startswith("UnrecordedRequest: GET http://shop.sandbox/search?")
    assert d.miss is not None and d.miss.failed == ("query",)
    assert d.miss.nearest is not None and "q=notebooks" in d.miss.nearest
    assert d.miss.detail == "query differs (q: recorded 'notebooks', got 'notebook')"
    assert "stopped after the turn where it diverged" in " ".join(result.notes)


def test_an_interaction_never_requested_fails_the_check(agentcli_home: Path) -> None:
    run = recorded(agentcli_home, record(agentcli_home, CHECKOUT))
    extra = dataclasses.replace(run.cassette.interactions[1], response=RecordedResponse(200))
    extra = dataclasses.replace(
        extra, request=dataclasses.replace(extra.request, uri="http://shop.sandbox/users/nobody")
    )
    padded = RecordedRun(
        run.run, run.events, Cassette([*run.cassette.interactions, extra], run.cassette.metadata)
    )
    result = sealed_replay(padded, load_key())
    assert not result.ok and result.divergence is None
    assert result.unplayed == ("GET http://shop.sandbox/users/nobody",)


def test_another_key_is_refused_before_anything_runs(agentcli_home: Path) -> None:
    run = recorded(agentcli_home, record(agentcli_home, CANCEL))
    with pytest.raises(ReplayError, match="was masked with key"):
        sealed_replay(run, b"\x01" * 32)
