"""The `openai` planner: any OpenAI-compatible Chat Completions endpoint proposes the actions.

Qwen on DashScope's compatible mode, OpenAI, or a local vLLM, Ollama, llama.cpp or LM Studio
server. The model only proposes; validation, policy and execution stay with the session.
"""

from __future__ import annotations

import asyncio
from typing import Any

import httpx

from agentcli.actions.tools import tool_definitions
from agentcli.planners.base import PlannerOutput, PlanningContext
from agentcli.planners.openai.client import ChatClient, RetrySettings, Sleep
from agentcli.planners.openai.parsing import parse_completion
from agentcli.planners.openai.presets import Endpoint
from agentcli.planners.openai.transcript import transcript_of
from agentcli.policy.config import PolicyConfig
from agentcli.promptset import PromptSet


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
    """Asks the model for the next actions, with every action schema offered as a tool."""

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
        timeout: float = 60.0,
        retry: RetrySettings | None = None,
        sleep: Sleep = asyncio.sleep,
        temperature: float | None = 0.0,
    ) -> None:
        self.endpoint = endpoint
        self.model: str | None = endpoint.model
        self.prompts = prompts
        self.prompt_version: str | None = prompts.version
        self.prompt_hash: str | None = prompts.hash
        self.system_prompt = prompts.render(prompt_variables(policy or PolicyConfig()))
        self.tools = tool_definitions()
        self.temperature = temperature
        self.client = ChatClient(
            endpoint, transport=transport, timeout=timeout, retry=retry, sleep=sleep
        )

    def request_body(self, messages: list[dict[str, Any]]) -> dict[str, Any]:
        body: dict[str, Any] = {
            "model": self.endpoint.model,
            "messages": messages,
            "tools": self.tools,
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

    async def plan(self, ctx: PlanningContext) -> PlannerOutput:
        transcript = transcript_of(ctx)
        transcript.catch_up(ctx)
        body = self.request_body([self._system(ctx), *transcript.window()])
        completion = await self.client.complete(body, network=ctx.network)
        parsed = parse_completion(completion.body)
        transcript.record(parsed)
        usage = dict(parsed.usage or {})
        usage.update(
            {
                "model": parsed.model or self.endpoint.model,
                "latency_ms": completion.latency_ms,
                "attempts": len(completion.attempts),
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

    async def aclose(self) -> None:
        await self.client.aclose()
