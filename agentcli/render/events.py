"""Prints a run's events as they happen: the conversation, decisions, vendor calls, sagas."""

from __future__ import annotations

import json
from typing import Any, assert_never

from rich.console import Console

from agentcli.safe_text import markup_line, markup_text
from agentcli.trace import events as ev
from agentcli.trace.events import TraceEvent


def _line(value: object) -> str:
    """One line safe for markup; a field an old or odd payload lacks shows as nothing."""
    return markup_line("" if value is None else value)


def _text(value: object) -> str:
    return markup_text("" if value is None else value)


def _args(arguments: dict[str, Any] | None) -> str:
    if not isinstance(arguments, dict):
        return ""
    return ", ".join(
        f"{k}={json.dumps(v, ensure_ascii=False, default=str)}" for k, v in arguments.items()
    )


def _joined(items: object, separator: str) -> str:
    """A stored list joined; anything else a damaged trace holds, shown as it is."""
    if isinstance(items, list | tuple):
        return separator.join(str(item) for item in items)
    return "" if items is None else str(items)


def _message(error: object) -> object:
    """An error's message: the field of a stored error object, or the stored value itself."""
    return error.get("message") if isinstance(error, dict) else error


def _ms(value: object) -> float:
    return float(value) if isinstance(value, int | float) else 0.0


class EventPrinter:
    """A recorder listener. `quiet` shows only what the user and the agent said.

    Every vendor, model or user string is shown through `agentcli.safe_text`. Printing never
    raises into the run: once the output is gone (a closed pipe), `closed` is set and the
    printer falls silent, so a saga in progress finishes as it would have.
    """

    def __init__(self, console: Console, *, quiet: bool = False, echo_user: bool = True) -> None:
        self.console = console
        self.quiet = quiet
        self.echo_user = echo_user
        self.closed = False

    def __call__(self, event: TraceEvent) -> None:
        if self.closed:
            return
        try:
            self._print(event)
        except OSError:  # BrokenPipeError and friends: nobody reads this output any more
            self.closed = True

    def _print(self, event: TraceEvent) -> None:
        out = self.console.print
        one = _line  # a value inside a line of ours
        p = event.typed()
        match p:
            case ev.UserMessage():
                if self.echo_user:
                    out(f"[bold cyan]you>[/] {_text(p.text)}")
                return
            case ev.AssistantMessage():
                out(f"[bold green]agent>[/] {_text(p.text)}")
                return
            case ev.Operator():
                if p.command == "interrupt":
                    out(f"[bold yellow]interrupted[/] {one(p.outcome)}")
                return
        if self.quiet:
            return
        match p:
            case ev.UserMessage() | ev.AssistantMessage() | ev.Operator():
                pass  # said above
            case ev.ActionProposed():
                if p.action in ("reply", "ask_clarification"):
                    return
                tag = "[red]WRITE[/]" if p.effect == "write" else "[blue]READ[/]"
                out(
                    f"  [dim]decide[/] {tag} {one(p.action)}({one(_args(p.arguments))})"
                    f"  [dim]{one(p.rationale)}[/]"
                )
            case ev.ActionInvalid():
                out(f"  [bold red]invalid action[/] {one(p.reason)}")
            case ev.PolicyDecision():
                extra = " + operator approval" if p.needs_approval else ""
                out(
                    f"  [yellow]policy[/] {one(p.action)}: {one(p.outcome)}{extra}"
                    f" [dim]({one(_joined(p.reasons, '; '))})[/]"
                )
            case ev.ApprovalResolved():
                verdict = "[green]approved[/]" if p.approved else "[red]declined[/]"
                out(
                    f"  [yellow]{one(p.by)}[/] {verdict} {one(p.action)}"
                    f" [dim]{one(p.reason or p.note)}[/]"
                )
            case ev.HttpExchange():
                out(
                    f"  [dim]http {one(p.vendor)} {one(p.method)} {one(p.url)} -> "
                    f"{one(p.status or p.error)} ({_ms(p.duration_ms):.1f} ms)[/]"
                )
            case ev.SagaStarted():
                out(f"  [magenta]saga[/] {one(p.saga)} started: {one(_joined(p.steps, ' -> '))}")
            case ev.StepSucceeded() | ev.CompensationSucceeded():
                label = "step" if isinstance(p, ev.StepSucceeded) else "undo"
                out(
                    f"  [magenta]{label}[/] {one(p.step)} [green]ok[/] "
                    f"[dim]{one(_args(p.result))}[/]"
                )
            case ev.StepFailed() | ev.CompensationFailed():
                label = "step" if isinstance(p, ev.StepFailed) else "undo"
                retry = " (retrying)" if p.will_retry else ""
                out(
                    f"  [magenta]{label}[/] {one(p.step)} [red]failed[/]{retry}: "
                    f"{one(_message(p.error))}"
                )
            case ev.SagaFinished():
                colour = "green" if p.status == "completed" else "red"
                out(f"  [magenta]saga[/] {one(p.saga)} [{colour}]{one(p.status)}[/]")
                if p.operator_message:
                    out(f"  [bold red]operator:[/] {_text(p.operator_message)}")
            case ev.DomainEvent():
                out(f"  [dim]event {one(p.type)}[/]")
            case ev.Error():
                out(f"  [bold red]error[/] in {one(p.where)}: {one(p.message)}")
            case ev.Guardrail():
                detail = p.note or p.reason or _joined(p.figures, ", ")
                out(
                    f"  [bold yellow]guardrail[/] {one(p.rule)}: {one(p.outcome)}"
                    f" [dim]{one(detail)}[/]"
                )
            case ev.ModelResponse():
                usage = p.usage
                if usage:
                    out(
                        f"  [dim]model {one(usage.get('model'))}: "
                        f"{one(usage.get('total_tokens', '?'))} tokens, "
                        f"{p.latency_ms or 0:.0f} ms[/]"
                    )
            case (
                ev.ModelRequest()
                | ev.ActionResult()
                | ev.BlockedWrite()
                | ev.ApprovalRequested()
                | ev.SagaResumed()
                | ev.StepStarted()
                | ev.CompensationStarted()
                | ev.RunFinished()
            ):
                pass  # shown through the events that follow them
            case _:
                assert_never(p)
