"""The `openai` planner: any OpenAI-compatible Chat Completions endpoint proposes the actions.

Qwen on DashScope's compatible mode, OpenAI, or a local vLLM, Ollama, llama.cpp or LM Studio
server. The model only proposes; validation, policy and execution stay with the session.
"""

from __future__ import annotations

import asyncio
import json
from typing import Any

import httpx

from agentcli.actions import ACTION_TYPES
from agentcli.actions.base import Offer
from agentcli.actions.tools import ToolSchema
from agentcli.planners.base import PlannerOutput, PlanningContext
from agentcli.planners.openai.client import (
    CHARS_PER_TOKEN,
    ChatClient,
    Completion,
    RetrySettings,
    Sleep,
)
from agentcli.planners.openai.parsing import parse_completion
from agentcli.planners.openai.presets import Endpoint, default_tool_schema
from agentcli.planners.openai.spoken import TextObserver
from agentcli.planners.openai.toolset import RECENT_TURNS, ToolSet
from agentcli.planners.openai.transcript import transcript_of
from agentcli.policy.config import PolicyConfig
from agentcli.promptset import PromptSet

#: calls whose exchange stays when older turns give way: who the customer is, how they pay
SIGN_IN = frozenset(
    name
    for name, action in ACTION_TYPES.items()
    if action.offered is Offer.START and not action.conversational
)
#: tokens of a model's context kept free for its answer
ANSWER_TOKENS = 500
#: seconds a local server may take to answer
LOCAL_TIMEOUT_S = 300.0


def _chars(system: dict[str, Any], tools: list[dict[str, Any]]) -> int:
    return len(json.dumps([system, tools], ensure_ascii=False))


def prompt_variables(policy: PolicyConfig) -> dict[str, str]:
    """What the prompt templates may mention, taken from the policy (never from the model)."""
    regions = ", ".join(policy.shipping.blocked_regions) or "none"
    return {
        "threshold": f"${policy.approval.threshold:,.2f}",
        "blocked_regions": regions,
        "max_writes_per_session": str(policy.quotas.max_writes_per_session),
        "max_actions_per_turn": str(policy.quotas.max_actions_per_turn),
    }


class OpenAIPlanner:
    """Asks the model for the next actions, offering the tools the conversation can use now."""

    name = "openai"
    #: a language model reads vendor text, which may carry injected instructions
    is_model = True

    def __init__(
        self,
        endpoint: Endpoint,
        prompts: PromptSet,
        *,
        policy: PolicyConfig | None = None,
        transport: httpx.AsyncBaseTransport | None = None,
        timeout: float | None = None,
        retry: RetrySettings | None = None,
        sleep: Sleep = asyncio.sleep,
        temperature: float | None = 0.0,
        tool_schema: ToolSchema | None = None,
        max_tools: int | None = None,
        context_tokens: int | None = None,
    ) -> None:
        self.endpoint = endpoint
        self.model: str | None = endpoint.model
        self.prompts = prompts
        self.prompt_version: str | None = prompts.version
        self.prompt_hash: str | None = prompts.hash
        self.system_prompt = prompts.render(prompt_variables(policy or PolicyConfig()))
        schema = tool_schema or default_tool_schema(endpoint)
        self.toolset = ToolSet(schema, max_tools)
        #: the longest prompt to send (estimated), when the model's context is known: a preset's
        #: default or --context-tokens; older turns give way so the answer still fits
        context = context_tokens or endpoint.context_tokens
        self.prompt_tokens = context - ANSWER_TOKENS if context else None
        #: a tool result longer than this is cut (a local model's context holds few long ones)
        self.max_tool_chars = 3000 if self.prompt_tokens is not None else 6000
        self.temperature = temperature
        if timeout is None:  # a CPU evaluating a long prompt takes minutes, not seconds
            timeout = LOCAL_TIMEOUT_S if default_tool_schema(endpoint) == "portable" else 60.0
        self.client = ChatClient(
            endpoint, transport=transport, timeout=timeout, retry=retry, sleep=sleep
        )
        #: told the customer-facing text of each answer as it streams in (a console sets it);
        #: None asks for whole answers
        self.on_text: TextObserver | None = None

    def request_body(
        self,
        messages: list[dict[str, Any]],
        *,
        signed_in: bool = True,
        tools: list[dict[str, Any]] | None = None,
    ) -> dict[str, Any]:
        """The Chat Completions body: system prompt first and tools in registry order, so the
        prefix servers cache stays the same from one request to the next."""
        body: dict[str, Any] = {
            "model": self.endpoint.model,
            "messages": messages,
            "tools": self.toolset.offered(messages, signed_in=signed_in)
            if tools is None
            else tools,
            "tool_choice": "auto",
        }
        if self.temperature is not None:
            body["temperature"] = self.temperature
        body.update(self.endpoint.params)
        return body

    def _system(self, ctx: PlanningContext) -> dict[str, Any]:
        text = self.system_prompt
        if ctx.conversation.user_id:
            text += f"\nThe signed-in customer is {ctx.conversation.user_id}.\n"
        return {"role": "system", "content": text}

    def next_request(self, ctx: PlanningContext) -> dict[str, Any]:
        """The body of the request that asks the model about `ctx`: the newest turns that fit
        in the model's context beside the system prompt and the tools (signing in stays); when
        the latest turn would not fit beside them, only the stages of fewer recent turns are
        offered."""
        transcript = transcript_of(ctx, max_tool_chars=self.max_tool_chars)
        transcript.catch_up(ctx)
        system = self._system(ctx)
        signed_in = bool(ctx.conversation.user_id)
        merchants = bool(ctx.conversation.merchants)
        turns = RECENT_TURNS
        tools = self.toolset.offered(transcript.messages, signed_in=signed_in, merchants=merchants)
        if self.prompt_tokens is None:
            return self.request_body([system, *transcript.window()], tools=tools)
        limit = int(self.prompt_tokens * CHARS_PER_TOKEN)
        latest = len(json.dumps(transcript.latest_turn(), ensure_ascii=False))
        while turns > 1 and _chars(system, tools) + latest > limit:
            turns -= 1
            tools = self.toolset.offered(
                transcript.messages, signed_in=signed_in, merchants=merchants, turns=turns
            )
        budget = max(0, limit - _chars(system, tools))
        return self.request_body([system, *transcript.window(budget, keep=SIGN_IN)], tools=tools)

    def take_answer(
        self, ctx: PlanningContext, body: dict[str, Any], completion: Completion
    ) -> PlannerOutput:
        """The proposals in the model's answer, remembered in the conversation's transcript."""
        parsed = parse_completion(completion.body)
        transcript_of(ctx).record(parsed)
        usage = dict(parsed.usage or {})
        usage.update(
            {
                "model": parsed.model or self.endpoint.model,
                "latency_ms": completion.latency_ms,
                "attempts": len(completion.attempts),
                "tools_offered": len(body["tools"]),
            }
        )
        return PlannerOutput(
            parsed.proposals,
            rationale=parsed.rationale,
            request=self.client.request_record(body),
            response={
                "status": completion.status,
                "body": completion.body,
                "finish_reason": parsed.finish_reason,
                "attempts": completion.attempts,
            },
            usage=usage,
        )

    async def plan(self, ctx: PlanningContext) -> PlannerOutput:
        body = self.next_request(ctx)
        completion = await self.client.complete(body, network=ctx.network, on_text=self.on_text)
        return self.take_answer(ctx, body, completion)

    async def aclose(self) -> None:
        await self.client.aclose()
