"""1,000 generated malformed or adversarial model outputs: none crashes the session, no invalid
action runs, no write runs unconfirmed, and every invalid one is answered by the repair loop.

Each example is one model answer served by the local endpoint (through httpx's ASGI transport)
to a fresh session over one shared sandbox; the endpoint then answers "OK." to whatever comes
next, so the request after an invalid answer shows what the repair loop sent back.
"""

from __future__ import annotations

import asyncio
import json
import string
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from agentcli.actions import ACTION_TYPES, Effect, InvalidAction, parse_action
from agentcli.policy.config import PolicyConfig
from agentcli.runtime import ChatRuntime, RunOptions
from agentcli.session.loop import Session
from agentcli.trace.events import EventKind
from agentcli.trace.store import Store
from connectors.harness import sandbox_clients
from connectors.shop import ShopConnector
from sandbox.world import SandboxWorld
from tests.e2e.helpers import HARPER, SOFIA
from tests.llm.brains import INJECTION
from tests.llm.fake import FakeOpenAI, Raw
from tests.llm.harness import planner_for

NAMES = sorted(ACTION_TYPES)
FIELDS = sorted({f for cls in ACTION_TYPES.values() for f in cls.model_fields} | {"extra"})
NASTY = [
    INJECTION,
    "$12.00",
    "#W5918442",
    "#W8073958",
    "1199058591",
    "gift_card_6445682",
    "credit_card_5051208",
    HARPER,
    SOFIA,
    "ordered by mistake",
    "no longer needed",
    "\u0000",
    "\u202e",
    "🙂",
    "x" * 9000,
    "{",
    "null",
    "<script>",
    "'; DROP TABLE orders;--",
]

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(10**15), 10**15),
    st.floats(allow_nan=False, allow_infinity=False),
    st.text(max_size=30),
    st.sampled_from(NASTY),
)
json_values = st.recursive(
    scalars,
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=12,
)
names = st.one_of(
    st.sampled_from(NAMES),
    st.sampled_from(NAMES).map(str.upper),
    st.sampled_from(NAMES).map(lambda n: n + " "),
    st.text(max_size=20),
    st.sampled_from(["", "exec", "place_order_now", "__init__"]),
    json_values,
)
arguments_objects = st.dictionaries(st.sampled_from(FIELDS), json_values, max_size=5)


def _truncated(obj: dict[str, Any], cut: int) -> str:
    text = json.dumps(obj)
    return text[: max(0, len(text) - 1 - cut % max(1, len(text)))]


arguments = st.one_of(
    arguments_objects.map(json.dumps),
    st.builds(_truncated, arguments_objects, st.integers(0, 200)),  # cut-off JSON
    st.text(alphabet=string.printable, max_size=60),  # not JSON at all
    json_values.map(json.dumps),  # JSON, not necessarily an object
    arguments_objects,  # an object instead of JSON text
    st.none(),
)
VALID = [
    ("search_products", {"query": "notebook"}),
    ("get_product", {"product_id": "2892623495"}),
    ("search_products", {"max_price": 20}),
    ("view_cart", {}),
    ("find_user", {"email": SOFIA}),
    ("get_order", {"order_id": "#W5918442"}),
    ("add_to_cart", {"item_id": "1199058591", "quantity": 20}),
    ("place_order", {"payment_method_id": "gift_card_6445682"}),
    ("cancel_order", {"order_id": "#W8073958", "reason": "no longer needed"}),
]
valid_calls = st.sampled_from(VALID).map(
    lambda call: {
        "id": f"call_{call[0]}",
        "type": "function",
        "function": {"name": call[0], "arguments": json.dumps(call[1])},
    }
)
tool_calls = valid_calls | st.fixed_dictionaries(
    {
        "id": st.one_of(st.none(), st.just("call_1"), st.text(max_size=12)),
        "type": st.sampled_from(["function", "tool", None]),
        "function": st.one_of(
            st.fixed_dictionaries({"name": names, "arguments": arguments}), json_values
        ),
    },
)
messages = st.fixed_dictionaries(
    {"role": st.sampled_from(["assistant", "user", None])},
    optional={
        "content": st.one_of(
            st.none(),
            st.text(max_size=80),
            st.sampled_from(NASTY),
            st.lists(
                st.fixed_dictionaries({"type": st.just("text"), "text": st.text(max_size=20)})
            ),
        ),
        "tool_calls": st.one_of(
            st.lists(tool_calls, max_size=4), st.lists(tool_calls, max_size=4), json_values
        ),
        "refusal": st.one_of(st.none(), st.text(max_size=40)),
        "function_call": st.fixed_dictionaries({"name": names, "arguments": arguments}),
    },
)
finish_reasons = st.sampled_from(
    ["stop", "tool_calls", "length", "content_filter", "function_call", None, "unexpected"]
)
well_formed = st.builds(
    lambda message, reason: {
        "id": "chatcmpl-x",
        "object": "chat.completion",
        "model": "m",
        "choices": [{"index": 0, "message": message, "finish_reason": reason}],
    },
    messages,
    finish_reasons,
)
outputs = st.one_of(
    well_formed,
    well_formed,
    well_formed,
    st.dictionaries(st.sampled_from(["choices", "usage", "model", "error"]), json_values),
    json_values,
)


def _answered(reason: str, request: dict[str, Any]) -> bool:
    """Did this request carry the validation error back to the model?"""
    for message in request["messages"]:
        content = message.get("content") or ""
        if reason in content or json.dumps(reason, ensure_ascii=False)[1:-1] in content:
            return True
    return False


def test_generated_model_outputs_never_crash_or_act_unvalidated(tmp_path: Path) -> None:
    fake = FakeOpenAI()
    planner = planner_for(fake)
    options = RunOptions(
        db_path=None, sandbox_dir=tmp_path / "sandbox", policy=PolicyConfig(), planner=planner
    )
    runtime = ChatRuntime(options)
    tally = {"examples": 0, "invalid": 0, "executed": 0}
    with asyncio.Runner() as runner:
        runner.run(runtime.__aenter__())
        assert runtime.session is not None and runtime.recorder is not None
        recorder, template = runtime.recorder, runtime.session
        before = runner.run(_shop_hash(tmp_path))
        store = runtime.store
        assert store is not None

        @settings(
            max_examples=1000,
            deadline=None,
            derandomize=True,
            database=None,
            suppress_health_check=list(HealthCheck),
        )
        @given(output=outputs)
        def one_answer(output: Any) -> None:
            session = Session(
                planner=planner,
                orchestrator=template.orchestrator,
                gate=template.gate,
                recorder=recorder,
            )
            first_request, first_seq = len(fake.requests), recorder.seq
            fake.queue = [Raw(200, output)]
            runner.run(session.handle("I'd like some help with my shopping"))
            trace = _events_after(store, runtime.run_id, first_seq)
            assert [p for kind, p in trace if kind is EventKind.ERROR] == []
            sent = fake.requests[first_request:]
            for kind, p in trace:
                if kind is EventKind.ACTION_RESULT:
                    try:
                        action = parse_action({**p["arguments"], "action": p["action"]})
                    except InvalidAction as exc:  # pragma: no cover - the failure we test for
                        raise AssertionError(f"an invalid action ran: {p}") from exc
                    assert action.effect is Effect.READ or not p["ok"], p
                    tally["executed"] += p["ok"]
                if kind is EventKind.ACTION_INVALID:
                    tally["invalid"] += 1
                    later = sent[p["repair"] + 1 :]
                    assert later and _answered(p["reason"], later[0]), p
            assert not [p for kind, p in trace if kind is EventKind.SAGA_STARTED]
            tally["examples"] += 1

        one_answer()
        after = runner.run(_shop_hash(tmp_path))
        runner.run(runtime.__aexit__(None, None, None))
        runner.run(planner.aclose())
    assert fake.problems == []
    assert tally["examples"] >= 1000
    assert tally["invalid"] >= 500, tally  # most generated answers are unusable
    assert tally["executed"] >= 10, tally  # and some are valid reads that simply run
    assert after == before  # no write reached the vendor


CHECKED = (
    EventKind.ERROR,
    EventKind.ACTION_RESULT,
    EventKind.ACTION_INVALID,
    EventKind.SAGA_STARTED,
)


def _events_after(store: Store, run_id: str, seq: int) -> list[tuple[EventKind, Any]]:
    """The checked kinds of events after `seq` (model events are big: they are not read)."""
    rows = store.db.execute(
        f"SELECT kind, payload FROM events WHERE run_id = ? AND seq > ? AND kind IN "
        f"({', '.join('?' * len(CHECKED))}) ORDER BY seq",
        [run_id, seq, *CHECKED],
    ).fetchall()
    return [(EventKind(kind), json.loads(payload)) for kind, payload in rows]


async def _shop_hash(home: Path) -> str:
    clients = sandbox_clients(SandboxWorld(home / "sandbox"))
    try:
        return await ShopConnector(clients["shop"]).state_hash()
    finally:
        for client in clients.values():
            await client.aclose()
