"""Prints a run's events as they happen: the conversation, decisions, vendor calls, sagas."""

from __future__ import annotations

import json
from typing import Any

from rich.console import Console

from agentcli.safe_text import markup_line, markup_text
from agentcli.trace.events import EventKind, TraceEvent


def _args(arguments: dict[str, Any]) -> str:
    return ", ".join(f"{k}={json.dumps(v, ensure_ascii=False)}" for k, v in arguments.items())


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
        p = event.payload
        k = event.kind
        out = self.console.print
        one = markup_line  # a value inside a line of ours
        if k is EventKind.USER_MESSAGE:
            if self.echo_user:
                out(f"[bold cyan]you>[/] {markup_text(p['text'])}")
            return
        if k is EventKind.ASSISTANT_MESSAGE:
            out(f"[bold green]agent>[/] {markup_text(p['text'])}")
            return
        if self.quiet:
            return
        if k is EventKind.ACTION_PROPOSED:
            if p["action"] in ("reply", "ask_clarification"):
                return
            tag = "[red]WRITE[/]" if p["effect"] == "write" else "[blue]READ[/]"
            out(f"  [dim]decide[/] {tag} {one(p['action'])}({one(_args(p['arguments']))})"
                f"  [dim]{one(p.get('rationale') or '')}[/]")
        elif k is EventKind.ACTION_INVALID:
            out(f"  [bold red]invalid action[/] {one(p['reason'])}")
        elif k is EventKind.POLICY_DECISION:
            extra = " + operator approval" if p.get("needs_approval") else ""
            out(f"  [yellow]policy[/] {one(p['action'])}: {one(p['outcome'])}{extra}"
                f" [dim]({one('; '.join(p.get('reasons', [])))})[/]")
        elif k is EventKind.APPROVAL_RESOLVED:
            verdict = "[green]approved[/]" if p["approved"] else "[red]declined[/]"
            out(f"  [yellow]{one(p['by'])}[/] {verdict} {one(p['action'])}"
                f" [dim]{one(p.get('reason') or p.get('note') or '')}[/]")
        elif k is EventKind.HTTP_EXCHANGE:
            status = p.get("status") or p.get("error")
            out(f"  [dim]http {one(p['vendor'])} {one(p['method'])} {one(p['url'])} -> "
                f"{one(status)} ({p['duration_ms']:.1f} ms)[/]")
        elif k is EventKind.SAGA_STARTED:
            out(f"  [magenta]saga[/] {one(p['saga'])} started: {one(' -> '.join(p['steps']))}")
        elif k in (EventKind.STEP_SUCCEEDED, EventKind.COMPENSATION_SUCCEEDED):
            label = "step" if k is EventKind.STEP_SUCCEEDED else "undo"
            out(f"  [magenta]{label}[/] {one(p['step'])} [green]ok[/] "
                f"[dim]{one(_args(p['result']))}[/]")
        elif k in (EventKind.STEP_FAILED, EventKind.COMPENSATION_FAILED):
            label = "step" if k is EventKind.STEP_FAILED else "undo"
            retry = " (retrying)" if p.get("will_retry") else ""
            out(f"  [magenta]{label}[/] {one(p['step'])} [red]failed[/]{retry}: "
                f"{one(p['error']['message'])}")
        elif k is EventKind.SAGA_FINISHED:
            colour = "green" if p["status"] == "completed" else "red"
            out(f"  [magenta]saga[/] {one(p['saga'])} [{colour}]{one(p['status'])}[/]")
            if p.get("operator_message"):
                out(f"  [bold red]operator:[/] {markup_text(p['operator_message'])}")
        elif k is EventKind.DOMAIN_EVENT:
            out(f"  [dim]event {one(p['type'])}[/]")
        elif k is EventKind.ERROR:
            out(f"  [bold red]error[/] in {one(p.get('where'))}: {one(p.get('message', ''))}")
        elif k is EventKind.GUARDRAIL:
            detail = p.get("note") or p.get("reason") or ", ".join(p.get("figures", []))
            out(f"  [bold yellow]guardrail[/] {one(p['rule'])}: {one(p.get('outcome', ''))}"
                f" [dim]{one(detail or '')}[/]")
        elif k is EventKind.MODEL_RESPONSE and p.get("usage"):
            usage = p["usage"]
            out(f"  [dim]model {one(usage.get('model'))}: "
                f"{one(usage.get('total_tokens', '?'))} tokens, {p.get('latency_ms', 0):.0f} ms[/]")
