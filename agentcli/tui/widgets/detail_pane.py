"""The detail pane: everything recorded about the event under the cursor."""

from __future__ import annotations

import io
import json
from typing import Any, assert_never

from rich.console import Console, Group, RenderableType
from rich.syntax import Syntax
from rich.text import Text
from textual.geometry import Size
from textual.scroll_view import ScrollView
from textual.strip import Strip

from agentcli.trace import events as ev
from agentcli.tui.context import EventContext
from agentcli.tui.ledger import SagaLedger
from agentcli.tui.rows import EventRow

MAX_BODY = 20_000
"""Characters of one body shown; the rest is cut with a note (the trace keeps all of it)."""


class DetailPane(ScrollView, can_focus=False):
    """Shows lines a worker has already rendered (`render_lines`), so stepping stays light."""

    DEFAULT_CSS = "DetailPane { overflow-x: hidden; }"

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.shown_seq: int | None = None
        self.renderable: RenderableType = Text("loading…", style="dim")
        self._lines: list[Strip] = []

    @property
    def text_width(self) -> int:
        """The width workers render for: the pane less its padding and scrollbar."""
        return max(20, self.scrollable_content_region.width - 1)

    def show(self, seq: int | None, renderable: RenderableType, lines: list[Strip]) -> None:
        self.shown_seq = seq
        self.renderable = renderable
        self._lines = lines
        self.virtual_size = Size(1, len(lines))
        self.scroll_to(y=0, animate=False)
        self.refresh()

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        index = int(self.scroll_offset.y) + y
        if index >= len(self._lines):
            return Strip.blank(width, self.rich_style)
        return self._lines[index].adjust_cell_length(width, self.rich_style)

    def plain_text(self, width: int = 120) -> str:
        """What the pane shows, as plain text."""
        console = Console(width=width, record=True, file=io.StringIO(), color_system=None)
        console.print(self.renderable)
        return console.export_text()


def render_lines(renderable: RenderableType, width: int) -> list[Strip]:
    """Lay a renderable out as lines of `width` cells (safe to call from a worker thread)."""
    console = Console(
        width=width,
        file=io.StringIO(),
        color_system="truecolor",
        force_terminal=True,
        legacy_windows=False,
    )
    lines = console.render_lines(renderable, console.options.update_width(width), pad=False)
    return [Strip(line) for line in lines]


def describe(context: EventContext | None) -> RenderableType:
    """The renderable for a context, or a note that there is no event."""
    if context is None:
        return Text("no event here", style="dim")
    return render_context(context)


def render_context(context: EventContext) -> RenderableType:
    event = context.event
    parts: list[RenderableType] = [
        Text.assemble(
            (f"#{event.seq} ", "bold"),
            (event.kind, "bold cyan"),
            (f"  span {event.span_id}", "dim"),
            (f" ← {event.parent_span_id}" if event.parent_span_id else "", "dim"),
        ),
    ]
    parts += _by_kind(event, context.model_request)
    if context.ledger is not None:
        parts += _ledger(context.ledger)
    return Group(*parts)


def _heading(title: str) -> Text:
    return Text(f"\n{title}", style="bold underline")


def _json(value: Any) -> Syntax:
    text = json.dumps(value, indent=2, ensure_ascii=False, sort_keys=True, default=str)
    if len(text) > MAX_BODY:
        text = text[:MAX_BODY] + f"\n… ({len(text) - MAX_BODY} more characters in the trace)"
    return Syntax(text, "json", theme="monokai", word_wrap=True, background_color="default")


def _by_kind(event: EventRow, request: EventRow | None) -> list[RenderableType]:
    p = event.typed()
    match p:
        case ev.UserMessage() | ev.AssistantMessage():
            who = "user" if isinstance(p, ev.UserMessage) else "agent"
            return [_heading(f"{who} said"), Text("" if p.text is None else str(p.text))]
        case ev.ModelResponse():
            return _model_response(p, request)
        case ev.ActionProposed():
            return [
                _heading(f"parsed action: {p.action} ({str(p.effect).upper()})"),
                _json(p.arguments),
                _heading("rationale"),
                Text(str(p.rationale)),
            ]
        case ev.ActionInvalid():
            return [
                _heading("raw proposal"),
                _json(p.raw),
                _heading("validation error"),
                Text(str(p.reason), style="bold red"),
                Text(f"repair attempt {0 if p.repair is None else p.repair}", style="dim"),
            ]
        case ev.HttpExchange():
            return _http(p)
        case (
            None
            | ev.ModelRequest()
            | ev.RunFinished()
            | ev.Error()
            | ev.Guardrail()
            | ev.Operator()
            | ev.ActionResult()
            | ev.BlockedWrite()
            | ev.PolicyDecision()
            | ev.ApprovalRequested()
            | ev.ApprovalResolved()
            | ev.SagaStarted()
            | ev.SagaResumed()
            | ev.SagaFinished()
            | ev.StepStarted()
            | ev.StepSucceeded()
            | ev.StepFailed()
            | ev.CompensationStarted()
            | ev.CompensationSucceeded()
            | ev.CompensationFailed()
            | ev.DomainEvent()
        ):
            # shown as stored: every field, known to this version or not
            return [_heading("payload"), _json(event.payload)]
        case _:
            assert_never(p)


def _model_response(p: ev.ModelResponse, request: EventRow | None) -> list[RenderableType]:
    sent = p.request
    messages = sent.get("messages") if isinstance(sent, dict) else None
    parts: list[RenderableType] = [_heading("prompt messages sent")]
    if sent is None:
        parts.append(Text("(none recorded)", style="dim"))
    elif isinstance(messages, list):
        for message in messages:
            if isinstance(message, dict):
                parts.append(
                    Text.assemble(
                        (f"{message.get('role', '?')}: ", "bold"), str(message.get("content", ""))
                    )
                )
    else:
        parts.append(_json(sent))
    if request is not None:
        parts += [_heading(f"planner context (#{request.seq})"), _json(request.payload)]
    raw = p.response
    parts += [
        _heading("raw model output"),
        _json(raw) if raw is not None else Text("(none: this planner used no model)", style="dim"),
        _heading("proposals"),
        _json(p.proposals),
        Text(
            f"rationale: {p.rationale}   latency {p.latency_ms} ms   usage {p.usage}",
            style="dim",
        ),
    ]
    return parts


def _http(p: ev.HttpExchange) -> list[RenderableType]:
    status = p.status
    failed = p.error or (isinstance(status, int | float) and status >= 400)
    style = "bold red" if failed else "bold green"
    parts: list[RenderableType] = [
        Text.assemble(
            (f"\n{p.method} {p.url} ", "bold"),
            (f"→ {status or p.error}", style),
            (f"  {p.duration_ms} ms, attempt {p.attempt}", "dim"),
        ),
        _heading("request headers"),
        _json(p.request_headers or {}),
    ]
    if p.request_body is not None:
        parts += [_heading("request body"), _json(p.request_body)]
    parts += [
        _heading("response headers"),
        _json(p.response_headers or {}),
        _heading("response body"),
        _json(p.response_body),
    ]
    if p.error:
        parts += [_heading("error"), Text(str(p.error), style="bold red")]
    return parts


STEP_GLYPHS = {"succeeded": "✓", "failed": "✗", "retrying": "↻", "started": "▸"}
STEP_STYLES = {"succeeded": "green", "failed": "red", "retrying": "yellow"}


def _ledger(ledger: SagaLedger) -> list[RenderableType]:
    """One line per step and compensation: outcome, tries, idempotency key, irreversibility."""
    lines: list[RenderableType] = [
        _heading(f"saga {ledger.name}: {ledger.status} (as of #{ledger.as_of_seq})"),
        Text(f"id {ledger.saga_id}", style="dim"),
    ]
    for step in ledger.steps:
        style = STEP_STYLES.get(step.status, "")
        tries = "try" if step.attempts == 1 else "tries"
        line = Text.assemble(
            (f"{STEP_GLYPHS.get(step.status, '·')} ", style),
            ("undo " if step.phase == "compensate" else "", "bold magenta"),
            (step.name, "bold"),
            " ",
            (step.status, style),
            (f", {step.attempts} {tries}", "dim"),
        )
        if step.irreversible:
            line.append("  ⚠ irreversible", style="bold red")
        lines.append(line)
        lines.append(Text(f"    key {step.idempotency_key or '-'}", style="dim"))
        if step.error:
            lines.append(Text(f"    {step.error}", style="red"))
    never = "not yet" if ledger.status == "running" else "not run"
    for name in ledger.planned:
        if not any(s.name == name and s.phase == "forward" for s in ledger.steps):
            lines.append(Text(f"· {name} {never}", style="dim"))
    return lines
