"""The run screen on runs recorded by real chat sessions: stepping, jumps, search, help, back."""

from __future__ import annotations

import pytest

from agentcli.trace.store import Store
from agentcli.tui.app import create_app
from agentcli.tui.context import EventContext
from agentcli.tui.lanes import is_failure, summary
from agentcli.tui.rows import EventRow
from agentcli.tui.screens.help import HelpScreen
from agentcli.tui.screens.run import RunScreen
from agentcli.tui.screens.runs import RunsScreen
from agentcli.tui.widgets.detail_pane import DetailPane
from agentcli.tui.widgets.status_line import StatusLine
from agentcli.tui.widgets.timeline import Timeline
from tests.tui.pilot_helpers import MessageLog, settle
from tests.tui.recordings import Recorded

SIZE = (160, 45)


def _kinds(recorded: Recorded, run_id: str) -> dict[int, tuple[str, dict]]:
    store = Store.open(recorded.db)
    try:
        return {e.seq: (e.kind.value, e.payload) for e in store.events(run_id)}
    finally:
        store.close()


def _shown(app) -> int | None:  # type: ignore[no-untyped-def]
    return app.screen.query_one(DetailPane).shown_seq


async def test_opening_a_run_shows_its_first_event_and_stepping_follows(recorded: Recorded):
    events = _kinds(recorded, recorded.purchase)
    log = MessageLog()
    app = create_app(recorded.db, recorded.purchase, cursor_blink=False)
    async with app.run_test(size=SIZE, message_hook=log.hook) as pilot:
        await settle(pilot, lambda: _shown(app) == 1)
        screen = app.screen
        assert isinstance(screen, RunScreen)
        timeline = screen.query_one(Timeline)
        assert timeline.length == len(events)
        assert timeline.cursor == 1
        await pilot.press("j", "j", "n")
        await settle(pilot, lambda: _shown(app) == 4)
        await pilot.press("k", "p")
        await settle(pilot, lambda: _shown(app) == 2)
        moved = [m.seq for m in log.of(Timeline.CursorMoved)]
        assert moved == [1, 2, 3, 4, 3, 2]
        details = [m.seq for m in log.of(RunScreen.DetailReady)]
        assert details[0] == 1 and details[-1] == 2
        ready = log.of(RunScreen.DetailReady)[-1].context
        assert isinstance(ready, EventContext)
        assert ready.event.kind == events[2][0] == "model_request"


async def test_w_jumps_from_write_to_write_and_the_detail_names_the_action(recorded: Recorded):
    events = _kinds(recorded, recorded.purchase)
    writes = [
        seq
        for seq, (kind, p) in events.items()
        if kind == "action_proposed" and p["effect"] == "write"
    ]
    assert len(writes) == 3  # add_to_cart, place_order, cancel_order
    app = create_app(recorded.db, recorded.purchase, cursor_blink=False)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, lambda: _shown(app) == 1)
        status = app.screen.query_one(StatusLine)
        for expected in writes:
            await pilot.press("w")
            await settle(pilot, lambda expected=expected: _shown(app) == expected)
            assert status.message == f"write at #{expected}"
        await pilot.press("w")
        await settle(pilot, lambda: _shown(app) == writes[0])
        assert status.message == f"write at #{writes[0]} (wrapped around)"
        body = app.screen.query_one(DetailPane).plain_text()
        assert "parsed action: add_to_cart (WRITE)" in body


async def test_a_clean_run_has_no_failure_to_jump_to(recorded: Recorded):
    app = create_app(recorded.db, recorded.browse_second, cursor_blink=False)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, lambda: _shown(app) == 1)
        status = app.screen.query_one(StatusLine)
        await pilot.press("f")
        await settle(pilot, lambda: status.message != "")
        assert status.message == "no failure in this run"
        await pilot.press("c")
        await settle(pilot, lambda: status.message == "no compensation in this run")
        assert app.screen.query_one(Timeline).cursor == 1


async def test_f_visits_every_failure_and_c_the_compensation(recorded: Recorded):
    events = _kinds(recorded, recorded.race)
    rows = [EventRow(seq, kind, 0.0, "", None, payload) for seq, (kind, payload) in events.items()]
    failures = [row.seq for row in rows if is_failure(row)]
    kinds = [events[seq][0] for seq in failures]
    assert kinds[:2] == ["http_exchange", "step_failed"]  # the shop's 422, then the step
    assert "saga_finished" in kinds and "action_result" in kinds
    undo = next(s for s, (k, p) in events.items() if k == "compensation_started")
    assert events[undo][1]["step"] == "authorize_payment"
    app = create_app(recorded.db, recorded.race, cursor_blink=False)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, lambda: _shown(app) == 1)
        for seq in failures:
            await pilot.press("f")
            await settle(pilot, lambda seq=seq: _shown(app) == seq)
        await pilot.press("g", "c")
        await settle(pilot, lambda: _shown(app) == undo)
        body = app.screen.query_one(DetailPane).plain_text()
        assert "saga place_order" in body
        ledger = [line.strip() for line in body.split("saga place_order", 1)[1].splitlines()]
        steps = [line for line in ledger if line[:1] in "✓✗▸"]
        assert steps == [
            "✓ authorize_payment succeeded, 1 try",
            "✗ create_order failed, 1 try",
            "▸ undo authorize_payment started, 1 try",
        ]
        keys = [line.split()[1] for line in ledger if line.startswith("key ")]
        assert len(keys) == 3 and len(set(keys)) == 3
        assert all(key.startswith("agentcli-") and len(key) == 41 for key in keys)
        assert "INVALID_REQUEST: The cart has fewer than 1 of 7579176349" in ledger


async def test_slash_searches_payloads_and_escape_returns_to_the_timeline(recorded: Recorded):
    events = _kinds(recorded, recorded.purchase)
    first_match = min(s for s, (k, p) in events.items() if "W8073958" in str(p))
    app = create_app(recorded.db, recorded.purchase, cursor_blink=False)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, lambda: _shown(app) == 1)
        await pilot.press("slash", *"W8073958", "enter")
        await settle(pilot, lambda: _shown(app) == first_match)
        assert app.screen.query_one(StatusLine).message == f"match for 'W8073958' at #{first_match}"
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.focused, Timeline)
        await pilot.press("j")
        await settle(pilot, lambda: _shown(app) == first_match + 1)


async def test_help_opens_and_closes_and_q_goes_back_to_the_runs(recorded: Recorded):
    app = create_app(recorded.db, recorded.purchase, cursor_blink=False)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, lambda: _shown(app) == 1)
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("escape")
        assert isinstance(app.screen, RunScreen)
        await pilot.press("q")
        assert isinstance(app.screen, RunsScreen)
        await pilot.press("q")
        await pilot.pause()
    assert app.return_code == 0


async def test_http_exchange_detail_shows_request_and_response_bodies(recorded: Recorded):
    events = _kinds(recorded, recorded.purchase)
    post = next(
        s
        for s, (k, p) in events.items()
        if k == "http_exchange" and p["method"] == "POST" and p["vendor"] == "pay"
    )
    app = create_app(recorded.db, recorded.purchase, cursor_blink=False)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, lambda: _shown(app) == 1)
        await pilot.press("slash", *"POST", "enter")
        await settle(pilot, lambda: (_shown(app) or 0) > 1)
        while _shown(app) != post:
            await pilot.press("enter")
            await settle(pilot, lambda: (_shown(app) or 0) > 1)
            assert (_shown(app) or 0) <= post
        body = app.screen.query_one(DetailPane).plain_text()
        assert "POST http://pay.sandbox/v1/payment_intents" in body
        assert "request body" in body and "response body" in body
        assert '"requires_capture"' in body
        assert "saga place_order" in body  # the ledger at that step


async def test_replay_key_runs_the_sealed_check_of_the_open_run(
    recorded: Recorded, monkeypatch: pytest.MonkeyPatch
):
    # the key the cassettes were masked with lives in the recording home
    monkeypatch.setenv("AGENTCLI_HOME", str(recorded.home))
    events = _kinds(recorded, recorded.race)
    app = create_app(recorded.db, recorded.race, cursor_blink=False)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, lambda: _shown(app) == 1)
        status = app.screen.query_one(StatusLine)
        await pilot.press("r")
        await settle(pilot, lambda: status.message.startswith("sealed replay "))
        assert status.message.startswith(
            f"sealed replay passed: {len(events)} events replayed, identical"
        )
        assert isinstance(app.screen, RunScreen)


async def test_replay_of_a_run_without_cassette_says_why(sample_db):
    app = create_app(sample_db, "01SAMPLERUNA", cursor_blink=False)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, lambda: _shown(app) == 1)
        status = app.screen.query_one(StatusLine)
        await pilot.press("r")
        await settle(pilot, lambda: status.message.startswith("sealed replay "))
        assert status.message.startswith("sealed replay not run: run 01SAMPLERUNA")
        assert "has no cassette" in status.message


async def test_irreversible_steps_are_marked_in_the_timeline_and_the_ledger(recorded: Recorded):
    app = create_app(recorded.db, recorded.purchase, cursor_blink=False)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, lambda: _shown(app) == 1)
        await pilot.press("slash", *'"irreversible":true', "enter")
        await settle(pilot, lambda: (_shown(app) or 1) > 1)
        timeline = app.screen.query_one(Timeline)
        event = timeline.row(timeline.cursor)
        assert event is not None and event.kind == "step_started"
        assert event.payload["step"] == "cancel_order"
        assert summary(event).endswith("⚠ irreversible")
        ledger = app.screen.query_one(DetailPane).plain_text()
        assert "▸ cancel_order started, 1 try  ⚠ irreversible" in ledger
