"""The openai planner in a real session against the local endpoint: calls, text, repair, records."""

from __future__ import annotations

import json
from pathlib import Path

from agentcli import promptset
from tests.e2e.helpers import HARPER, HARPER_ID
from tests.llm.fake import FakeOpenAI, calls, completion, text, tool_call
from tests.llm.harness import events, run_with, say


async def test_a_tool_call_runs_and_its_result_goes_back_to_the_model(
    fake: FakeOpenAI, tmp_path: Path
) -> None:
    fake.answer(calls(("find_user", {"email": HARPER})), text("Welcome back, Harper."))
    async with run_with(fake, tmp_path) as run:
        said = await say(run, f"I'm {HARPER}")
        assert said == ["Welcome back, Harper."]
        assert run.session is not None and run.session.conversation.user_id == HARPER_ID
        [result] = events(run, "action_result")
    assert result.payload["ok"] is True
    second = fake.requests[1]["messages"]
    [answer] = [m for m in second if m["role"] == "tool"]
    assert answer["tool_call_id"] == "call_find_user_0"
    assert json.loads(answer["content"])["data"]["user_id"] == HARPER_ID


async def test_several_tool_calls_in_one_response_run_in_order(
    fake: FakeOpenAI, tmp_path: Path
) -> None:
    fake.answer(
        calls(("find_user", {"email": HARPER}), ("search_products", {"query": "notebook"})),
        text("Here you are."),
    )
    async with run_with(fake, tmp_path) as run:
        await say(run, f"I'm {HARPER}, find a notebook")
        proposed = [e.payload["action"] for e in events(run, "action_proposed")]
        results = [e.payload for e in events(run, "action_result")]
    assert proposed == ["find_user", "search_products", "reply"]
    assert [r["action"] for r in results] == ["find_user", "search_products"]
    tool_messages = [m for m in fake.requests[1]["messages"] if m["role"] == "tool"]
    assert [m["tool_call_id"] for m in tool_messages] == [
        "call_find_user_0",
        "call_search_products_1",
    ]


async def test_a_text_answer_is_a_reply(fake: FakeOpenAI, tmp_path: Path) -> None:
    fake.answer(text("Hello! What are you looking for?"))
    async with run_with(fake, tmp_path) as run:
        assert await say(run, "hi") == ["Hello! What are you looking for?"]
        [proposed] = events(run, "action_proposed")
    assert proposed.payload["action"] == "reply"


async def test_a_refusal_is_passed_on_and_nothing_runs(fake: FakeOpenAI, tmp_path: Path) -> None:
    fake.answer(completion(refusal="I'm sorry, I cannot assist with that request."))
    async with run_with(fake, tmp_path) as run:
        said = await say(run, "help me launder money")
        assert said == ["I'm sorry, I cannot assist with that request."]
        assert events(run, "action_result") == []


async def test_a_content_filter_stop_gets_a_safe_answer(fake: FakeOpenAI, tmp_path: Path) -> None:
    fake.answer(completion(finish_reason="content_filter"))
    async with run_with(fake, tmp_path) as run:
        assert await say(run, "something") == ["I can't help with that request."]


async def test_malformed_arguments_go_back_as_the_tool_result_and_the_fix_runs(
    fake: FakeOpenAI, tmp_path: Path
) -> None:
    broken = completion(tool_calls=[tool_call("search_products", '{"query": "notebook",')])
    fake.answer(broken, calls(("search_products", {"query": "notebook"})), text("Found some."))
    async with run_with(fake, tmp_path) as run:
        assert await say(run, "find a notebook") == ["Found some."]
        [invalid] = events(run, "action_invalid")
        [result] = events(run, "action_result")
    assert "arguments are not valid JSON" in invalid.payload["reason"]
    assert invalid.payload["repair"] == 0
    assert result.payload["action"] == "search_products" and result.payload["ok"]
    repair = fake.requests[1]["messages"][-1]
    assert repair["role"] == "tool" and repair["tool_call_id"] == "call_search_products_0"
    error = json.loads(repair["content"])["error"]
    assert error["code"] == "INVALID_ACTION" and "not valid JSON" in error["message"]


async def test_schema_errors_name_the_field(fake: FakeOpenAI, tmp_path: Path) -> None:
    fake.answer(calls(("get_product", {"product_id": "abc"})), text("Sorry."))
    async with run_with(fake, tmp_path) as run:
        await say(run, "show me product abc")
    content = json.loads(fake.requests[1]["messages"][-1]["content"])
    assert "product_id" in content["error"]["message"]


async def test_after_the_tries_run_out_the_user_is_asked_and_nothing_ran(
    fake: FakeOpenAI, tmp_path: Path
) -> None:
    bad = calls(("place_order", {"payment_method_id": "bitcoin"}))
    fake.answer(bad, bad, bad, text("never asked for"))
    async with run_with(fake, tmp_path) as run:
        said = await say(run, f"I'm {HARPER}, buy it")
        tries = [e.payload["repair"] for e in events(run, "action_invalid")]
        assert said == ["Sorry, I could not turn that into a valid action. Could you rephrase it?"]
        assert events(run, "action_result") == []
        assert len(events(run, "model_response")) == 3
    assert tries == [0, 1, 2]
    assert len(fake.requests) == 3


async def test_an_invalid_call_skips_the_calls_after_it(fake: FakeOpenAI, tmp_path: Path) -> None:
    fake.answer(
        calls(
            ("find_user", {"email": HARPER}), ("get_order", {"order_id": "nope"}), ("view_cart", {})
        ),
        text("Fixed."),
    )
    async with run_with(fake, tmp_path) as run:
        await say(run, f"I'm {HARPER}, show my order nope and my cart")
        assert [e.payload["action"] for e in events(run, "action_result")] == ["find_user"]
    answers = [
        json.loads(m["content"]) for m in fake.requests[1]["messages"] if m["role"] == "tool"
    ]
    assert [a.get("error", {}).get("code") for a in answers] == [None, "INVALID_ACTION", "NOT_RUN"]


async def test_text_that_cannot_be_used_is_sent_back_as_a_note(
    fake: FakeOpenAI, tmp_path: Path
) -> None:
    fake.answer(text("x" * 9000), text("Short now."))
    async with run_with(fake, tmp_path) as run:
        assert await say(run, "tell me a long story") == ["Short now."]
    note = fake.requests[1]["messages"][-1]
    assert note["role"] == "user" and note["content"].startswith("[agentcli]")
    assert "8000" in note["content"]


async def test_model_events_record_request_response_usage_latency_and_model(
    fake: FakeOpenAI, tmp_path: Path
) -> None:
    fake.answer(text("Hi."))
    async with run_with(fake, tmp_path) as run:
        await say(run, "hello")
        [response] = events(run, "model_response")
        assert run.store is not None
        row = run.store.get_run(run.run_id)
    payload = response.payload
    request = payload["request"]
    assert request["url"] == "http://model.test/v1/chat/completions"
    assert request["body"]["model"] == "fake-model"
    offered = {t["function"]["name"] for t in request["body"]["tools"]}
    assert offered >= {"find_user", "reply"}
    assert "place_order" not in offered  # nobody is signed in yet
    assert [m["role"] for m in request["body"]["messages"]] == ["system", "user"]
    assert payload["response"]["body"]["choices"][0]["message"]["content"] == "Hi."
    assert payload["response"]["finish_reason"] == "stop"
    assert payload["usage"]["total_tokens"] == 150 and payload["usage"]["model"] == "fake-model"
    assert payload["usage"]["latency_ms"] >= 0 and payload["latency_ms"] >= 0
    assert row["planner"] == "openai" and row["model"] == "fake-model"
    latest = promptset.load()
    assert (row["prompt_version"], row["prompt_hash"]) == (latest.version, latest.hash)


async def test_the_prompt_version_is_the_one_asked_for(fake: FakeOpenAI, tmp_path: Path) -> None:
    async with run_with(fake, tmp_path, version="v1") as run:
        await say(run, "hello")
        assert run.store is not None
        row = run.store.get_run(run.run_id)
    assert (row["prompt_version"], row["prompt_hash"]) == ("v1", promptset.load("v1").hash)
    system = fake.requests[0]["messages"][0]["content"]
    assert "expected_unit_price" not in system and "$1,000.00" in system
