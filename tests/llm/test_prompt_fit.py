"""Every request of the bundled suites' longest conversations fits a 4,096-token local model:
fewer stages offered when the latest turn is long, tool results cut before the request is."""

from __future__ import annotations

import json

from agentcli.planners.openai.toolset import ToolSet
from agentcli.planners.openai.transcript import NEWEST_CHARS, Transcript
from bench.model_prompt import ANY_TARGET, FIRST_TARGET, STYLES, _conversations, _estimate, measure

#: the conversations whose later requests came closest to the target: a turn full of order
#: look-ups while the cart and order tools were both in play, a product read for an exchange,
#: a booking question that names an order word too
LONGEST = (
    "cancel an order placed in the same session",
    "exchange a delivered item for another variant",
    "list my orders after signing in",
    "an unknown booking is not found",
)


def _names(tools: list[dict[str, object]]) -> set[str]:
    return {t["function"]["name"] for t in tools}  # type: ignore[index]


def test_the_longest_bundled_conversations_fit_a_4096_token_context() -> None:
    local = STYLES["portable, staged, v4, 4,096 context"]
    cases = _conversations(names=list(LONGEST))
    sizes = measure(local, _estimate, cases)
    assert len(sizes) == len(LONGEST)
    for conversation in sizes:
        assert conversation.tokens[0] <= FIRST_TARGET, conversation.case
        assert max(conversation.tokens) <= ANY_TARGET, (conversation.case, conversation.tokens)


def test_a_tight_context_offers_only_what_the_latest_turn_is_about() -> None:
    tools = ToolSet("portable")
    messages = [
        {"role": "user", "content": "add the notebook to my cart and buy it"},
        {"role": "user", "content": "show my orders"},
    ]
    usual = _names(tools.offered(messages, signed_in=True))
    assert {"add_to_cart", "cancel_order"} <= usual  # both topics of the latest few turns
    tight = _names(tools.offered(messages, signed_in=True, turns=1))
    assert "cancel_order" in tight and "add_to_cart" not in tight
    assert {"find_user", "get_order", "reply"} <= tight


def test_the_newest_result_is_cut_only_when_the_latest_turn_cannot_fit_otherwise() -> None:
    transcript = Transcript()
    transcript.messages.append({"role": "user", "content": "exchange the espresso machine"})
    for call in range(2):
        transcript.messages += [
            {"role": "assistant", "content": "", "tool_calls": [{"id": f"c{call}"}]},
            {"role": "tool", "tool_call_id": f"c{call}", "content": str(call) * 3000},
        ]
    roomy = transcript.window(budget_chars=4000)
    assert roomy[-1]["content"] == "1" * 3000  # the earlier result gave way first
    assert "characters cut]" in roomy[2]["content"]
    tight = transcript.window(budget_chars=2000)
    newest = tight[-1]["content"]
    assert newest.startswith("1" * NEWEST_CHARS) and newest.endswith("characters cut]")
    assert len(json.dumps(tight)) <= 2000
    assert transcript.messages[-1]["content"] == "1" * 3000  # the transcript itself keeps all


def test_older_results_are_cut_before_older_turns_give_way() -> None:
    transcript = Transcript()
    transcript.messages += [
        {"role": "user", "content": "find me a notebook"},
        {"role": "assistant", "content": "", "tool_calls": [{"id": "c1"}]},
        {"role": "tool", "tool_call_id": "c1", "content": "n" * 3000},
        {"role": "assistant", "content": "The Notebook A5 is $12."},
        {"role": "user", "content": "add it to my cart"},
    ]
    kept = transcript.window(budget_chars=1500)
    # the model still sees what was asked and answered before, and the start of the result
    assert [m["content"] for m in kept if m["role"] != "tool"][0] == "find me a notebook"
    assert kept[-1]["content"] == "add it to my cart"
    assert kept[2]["content"].startswith("n" * 200) and "characters cut]" in kept[2]["content"]
    assert len(json.dumps(kept)) <= 1500
    assert transcript.messages[2]["content"] == "n" * 3000
