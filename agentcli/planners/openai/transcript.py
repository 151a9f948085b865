"""The model's view of the conversation, kept as Chat Completions messages.

Built incrementally from what the session hands the planner: user and agent lines from
`Conversation.history`, results of this turn's actions from `PlanningContext.observations`
(as `role: tool` messages answering the model's `tool_call_id`s), and validation errors from
`PlanningContext.repair_errors` (the repair loop). Every tool call is answered before the next
non-tool message, as the API requires.
"""

from __future__ import annotations

import json
from typing import Any

from agentcli.conversation import Observation
from agentcli.planners.base import PlanningContext
from agentcli.planners.openai.parsing import ParsedCompletion, ToolCall

CONVERSATIONAL = {"reply", "ask_clarification", "escalate_to_human"}
MEMORY_KEY = "openai.transcript"
#: what is left of an earlier tool result of a turn too long for the model's context
SQUEEZED_CHARS = 200
#: what is left at least of the newest tool result when even the latest turn is too long
NEWEST_CHARS = 1200


def _compact(value: Any, limit: int) -> str:
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"), default=str)
    if len(text) > limit:
        text = text[:limit] + f"…[{len(text) - limit} more characters cut]"
    return text


class Transcript:
    """Messages exchanged with the model so far (without the system prompt)."""

    def __init__(self, *, max_messages: int = 80, max_tool_chars: int = 6000) -> None:
        self.messages: list[dict[str, Any]] = []
        self.max_messages = max_messages
        self.max_tool_chars = max_tool_chars
        self._pending: list[ToolCall] = []
        self._history_seen = 0
        self._ctx: PlanningContext | None = None
        self._obs_seen = 0
        self._errors: list[str] | None = None
        self._errors_seen = 0
        self._said: list[str] = []
        self._confirmed = 0

    # -- bringing the transcript up to date ------------------------------------------------------

    def catch_up(self, ctx: PlanningContext) -> None:
        """Add everything that happened since the model last answered."""
        if ctx is self._ctx:
            self._answer(ctx)
            self._not_run(self._pending, "this call was not run")
        else:
            if self._ctx is not None:
                self._answer(self._ctx)
            self._close_pending()
            self._add_history(ctx.conversation.history)
            self._ctx, self._obs_seen, self._errors, self._errors_seen = ctx, 0, None, 0
            for observation in ctx.observations:  # a write the user confirmed just ran
                self._confirmed_result(observation)
            self._obs_seen = len(ctx.observations)
        self._history_seen = len(ctx.conversation.history)

    def record(self, parsed: ParsedCompletion) -> None:
        """Remember the model's answer; its tool calls now wait for results."""
        if parsed.assistant is not None:
            self.messages.append(parsed.assistant)
        self._pending = list(parsed.calls)

    def window(
        self, budget_chars: int | None = None, *, keep: frozenset[str] = frozenset()
    ) -> list[dict[str, Any]]:
        """The newest messages that fit (at most `max_messages`, and `budget_chars` of JSON when
        given), starting at a user message (never mid tool call); over the budget, the tool
        results of turns before the latest are cut first, then older turns give way (the first
        that called one of `keep` stays where it fits); a latest turn too long on its own has
        its tool results cut."""
        kept = self._newest()
        if budget_chars is None or _size(kept) <= budget_chars:
            return kept
        kept = _earlier_results_cut(kept)  # the thread of the conversation outlasts old results
        if _size(kept) <= budget_chars:
            return kept
        pinned = _first_turn_calling(self.messages, keep)
        newest = self._fitting(kept, budget_chars - _size(pinned))
        if pinned and pinned[0] not in newest and _size(newest) + _size(pinned) <= budget_chars:
            return [*pinned, *newest]
        return _squeezed(self._fitting(kept, budget_chars), budget_chars)

    def latest_turn(self) -> list[dict[str, Any]]:
        """The messages from the customer's latest message on (all of them before one)."""
        users = [i for i, m in enumerate(self.messages) if m["role"] == "user"]
        return self.messages[users[-1] :] if users else list(self.messages)

    @staticmethod
    def _fitting(messages: list[dict[str, Any]], budget_chars: int) -> list[dict[str, Any]]:
        """The newest whole turns of `messages` within `budget_chars` (the latest one always)."""
        kept = messages
        while _size(kept) > budget_chars:
            later = [i for i, m in enumerate(kept) if m["role"] == "user" and i > 0]
            if not later:
                break
            kept = kept[later[0] :]
        return kept

    def _newest(self) -> list[dict[str, Any]]:
        if len(self.messages) <= self.max_messages:
            return list(self.messages)
        start = len(self.messages) - self.max_messages
        for index in range(start, len(self.messages)):
            if self.messages[index]["role"] == "user":
                return self.messages[index:]
        users = [i for i, m in enumerate(self.messages) if m["role"] == "user"]
        return self.messages[users[-1] :] if users else self.messages[-1:]

    # -- pieces ------------------------------------------------------------------------------------

    def _answer(self, ctx: PlanningContext) -> None:
        """Results and validation errors of the model's last calls, in the order they came."""
        for observation in ctx.observations[self._obs_seen :]:
            self._tool_result(observation.action, self._observation(observation))
        self._obs_seen = len(ctx.observations)
        if ctx.repair_errors is not self._errors:
            self._errors, self._errors_seen = ctx.repair_errors, 0
        for error in ctx.repair_errors[self._errors_seen :]:
            self._invalid(error)
        self._errors_seen = len(ctx.repair_errors)

    def _tool_result(self, name: str, content: str) -> None:
        index = next((i for i, c in enumerate(self._pending) if c.name == name), None)
        if index is None:  # a result no call of the model asked for
            self._confirmed_call(name, {}, content)
            return
        call = self._pending[index]
        self._not_run(self._pending[:index], "this call was not run")
        self._pending.remove(call)
        self.messages.append({"role": "tool", "tool_call_id": call.id, "content": content})

    def _invalid(self, error: str) -> None:
        fix = "Call the tool again with arguments that match its schema, or ask the customer."
        if self._pending:
            call = self._pending.pop(0)
            self._tool(
                call.id,
                {"ok": False, "error": {"code": "INVALID_ACTION", "message": error}, "fix": fix},
            )
            self._not_run(
                self._pending, "not run: an earlier call in the same response was invalid"
            )
        else:
            self.messages.append(
                {
                    "role": "user",
                    "content": (
                        f"[agentcli] Your last answer could not be used: {error}. Answer with a "
                        "tool call from the schema, or a short message to the customer."
                    ),
                }
            )

    def _close_pending(self) -> None:
        """The previous planning run is over: calls that got no result get a status."""
        self._said = []
        for call in self._pending:
            if call.name in CONVERSATIONAL:
                self._tool(call.id, {"ok": True, "data": "shown to the customer"})
                said = _said_text(call.arguments)
                if said:
                    self._said.append(said)
            else:
                self._not_run(
                    [call], "not run yet; the agent's next message to the customer says why"
                )
        self._pending = []

    def _not_run(self, calls: list[ToolCall], message: str) -> None:
        for call in calls:
            self._tool(call.id, {"ok": False, "error": {"code": "NOT_RUN", "message": message}})
        self._pending = [c for c in self._pending if c not in calls]

    def _add_history(self, history: list[dict[str, Any]]) -> None:
        for entry in history[self._history_seen :]:
            role, content = entry.get("role"), entry.get("content")
            if role not in ("user", "assistant") or not isinstance(content, str):
                continue  # observations reach the model as tool results
            if role == "assistant" and content.strip() in self._said:
                self._said.remove(content.strip())
                continue  # the model's own reply, already in the transcript
            if (
                role == "assistant"
                and self.messages
                and self.messages[-1] == {"role": "assistant", "content": content}
            ):
                continue
            self.messages.append({"role": role, "content": content})

    def _confirmed_result(self, observation: Observation) -> None:
        note = "run after the customer's explicit yes"
        self._confirmed_call(
            observation.action, observation.arguments, self._observation(observation, note)
        )

    def _confirmed_call(self, name: str, arguments: dict[str, Any], content: str) -> None:
        self._confirmed += 1
        call = ToolCall(
            f"call_confirmed_{self._confirmed}", name, json.dumps(arguments, ensure_ascii=False)
        )
        self.messages.append({"role": "assistant", "content": "", "tool_calls": [call.message()]})
        self.messages.append({"role": "tool", "tool_call_id": call.id, "content": content})

    def _observation(self, observation: Observation, note: str | None = None) -> str:
        result: dict[str, Any] = {"ok": observation.ok}
        if observation.ok:
            result["data"] = observation.data
        else:
            result["error"] = observation.error
        if note:
            result["note"] = note
        return _compact(result, self.max_tool_chars)

    def _tool(self, call_id: str, result: dict[str, Any]) -> None:
        self.messages.append(
            {
                "role": "tool",
                "tool_call_id": call_id,
                "content": _compact(result, self.max_tool_chars),
            }
        )


def _first_turn_calling(
    messages: list[dict[str, Any]], names: frozenset[str]
) -> list[dict[str, Any]]:
    """The first turn (a user message up to the next) in which the model called one of `names`."""
    users = [i for i, m in enumerate(messages) if m["role"] == "user"] + [len(messages)]
    for start, end in zip(users, users[1:], strict=False):
        turn = messages[start:end]
        called = {
            call.get("function", {}).get("name") for m in turn for call in m.get("tool_calls") or []
        }
        if called & names:
            return turn
    return []


def _earlier_results_cut(messages: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """`messages` with the tool results before the latest turn cut to `SQUEEZED_CHARS`."""
    users = [i for i, m in enumerate(messages) if m["role"] == "user"]
    latest = users[-1] if users else len(messages)
    cut = list(messages)
    for index, message in enumerate(messages[:latest]):
        content = message.get("content")
        if message["role"] == "tool" and isinstance(content, str) and len(content) > SQUEEZED_CHARS:
            more = len(content) - SQUEEZED_CHARS
            cut[index] = {
                **message,
                "content": f"{content[:SQUEEZED_CHARS]}…[{more} characters cut]",
            }
    return cut


def _squeezed(messages: list[dict[str, Any]], budget_chars: int) -> list[dict[str, Any]]:
    """`messages` with tool results cut until they fit: the earlier ones first, down to
    `SQUEEZED_CHARS`, then the newest, down to `NEWEST_CHARS` (a context too small for it
    would refuse the whole request)."""
    squeezed = list(messages)
    results = [i for i, m in enumerate(squeezed) if m["role"] == "tool"]
    for indexes, floor in ((results[:-1], SQUEEZED_CHARS), (results[-1:], NEWEST_CHARS)):
        for index in indexes:
            over = _size(squeezed) - budget_chars
            if over <= 0:
                return squeezed
            content = squeezed[index]["content"]
            cut = min(len(content) - floor, over + 40)  # 40: room for the note
            if cut > 0:
                kept = content[: len(content) - cut]
                squeezed[index] = {**squeezed[index], "content": f"{kept}…[{cut} characters cut]"}
    return squeezed


def _size(messages: list[dict[str, Any]]) -> int:
    return len(json.dumps(messages, ensure_ascii=False))


def _said_text(arguments: str) -> str | None:
    """The text a reply or question call shows the customer."""
    try:
        args = json.loads(arguments)
    except ValueError:
        return None
    if not isinstance(args, dict):
        return None
    text = args.get("message") or args.get("question")
    return text.strip() if isinstance(text, str) else None


def transcript_of(ctx: PlanningContext, *, max_tool_chars: int = 6000) -> Transcript:
    """The conversation's transcript, kept in the planner's memory of that conversation."""
    memory = ctx.conversation.memory
    found = memory.get(MEMORY_KEY)
    if not isinstance(found, Transcript):
        found = memory[MEMORY_KEY] = Transcript(max_tool_chars=max_tool_chars)
    return found
