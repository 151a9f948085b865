"""Prints a run's events as they happen: the conversation, decisions, vendor calls, sagas."""

from __future__ import annotations

import json
from typing import Any

from rich.console import Console
from rich.markup import escape

from agentcli.trace.events import EventKind, TraceEvent


def _args(arguments: dict[str, Any]) -> str:
    return ", ".join(f"{k}={json.dumps(v, ensure_ascii=False)}" for k, v in arguments.items())


class EventPrinter:
    """A recorder listener. `quiet` shows only what the user and the agent said."""

    def __init__(self, console: Console, *, quiet: bool = False, echo_user: bool = True) -> None:
        self.console = console
        self.quiet = quiet
        self.echo_user = echo_user

    def __call__(self, event: TraceEvent) -> None:
        p = event.payload
        k = event.kind
        out = self.console.print
        if k is EventKind.USER_MESSAGE:
            if self.echo_user:
                out(f"[bold cyan]you>[/] {escape(p['text'])}")
            return
        if k is EventKind.ASSISTANT_MESSAGE:
            out(f"[bold green]agent>[/] {escape(p['text'])}")
            return
        if self.quiet:
            return
        if k is EventKind.ACTION_PROPOSED:
            if p["action"] in ("reply", "ask_clarification"):
                return
            tag = "[red]WRITE[/]" if p["effect"] == "write" else "[blue]READ[/]"
            out(f"  [dim]decide[/] {tag} {p['action']}({escape(_args(p['arguments']))})"
                f"  [dim]{escape(p.get('rationale') or '')}[/]")
        elif k is EventKind.ACTION_INVALID:
            out(f"  [bold red]invalid action[/] {escape(p['reason'])}")
        elif k is EventKind.POLICY_DECISION:
            extra = " + operator approval" if p.get("needs_approval") else ""
            out(f"  [yellow]policy[/] {p['action']}: {p['outcome']}{extra}"
                f" [dim]({escape('; '.join(p.get('reasons', [])))})[/]")
        elif k is EventKind.APPROVAL_RESOLVED:
            verdict = "[green]approved[/]" if p["approved"] else "[red]declined[/]"
            out(f"  [yellow]{p['by']}[/] {verdict} {p['action']}"
                f" [dim]{escape(p.get('reason') or p.get('note') or '')}[/]")
        elif k is EventKind.HTTP_EXCHANGE:
            status = p.get("status") or p.get("error")
            out(f"  [dim]http {p['vendor']} {p['method']} {escape(p['url'])} -> {status} "
                f"({p['duration_ms']:.1f} ms)[/]")
        elif k is EventKind.SAGA_STARTED:
            out(f"  [magenta]saga[/] {p['saga']} started: {' -> '.join(p['steps'])}")
        elif k in (EventKind.STEP_SUCCEEDED, EventKind.COMPENSATION_SUCCEEDED):
            label = "step" if k is EventKind.STEP_SUCCEEDED else "undo"
            result = escape(_args(p["result"]))
            out(f"  [magenta]{label}[/] {p['step']} [green]ok[/] [dim]{result}[/]")
        elif k in (EventKind.STEP_FAILED, EventKind.COMPENSATION_FAILED):
            label = "step" if k is EventKind.STEP_FAILED else "undo"
            retry = " (retrying)" if p.get("will_retry") else ""
            out(f"  [magenta]{label}[/] {p['step']} [red]failed[/]{retry}: "
                f"{escape(p['error']['message'])}")
        elif k is EventKind.SAGA_FINISHED:
            colour = "green" if p["status"] == "completed" else "red"
            out(f"  [magenta]saga[/] {p['saga']} [{colour}]{p['status']}[/]")
            if p.get("operator_message"):
                out(f"  [bold red]operator:[/] {escape(p['operator_message'])}")
        elif k is EventKind.DOMAIN_EVENT:
            out(f"  [dim]event {p['type']}[/]")
        elif k is EventKind.ERROR:
            out(f"  [bold red]error[/] in {p.get('where')}: {escape(p.get('message', ''))}")
        elif k is EventKind.GUARDRAIL:
            detail = p.get("note") or p.get("reason") or ", ".join(p.get("figures", []))
            out(f"  [bold yellow]guardrail[/] {p['rule']}: {escape(str(p.get('outcome', '')))}"
                f" [dim]{escape(str(detail or ''))}[/]")
        elif k is EventKind.MODEL_RESPONSE and p.get("usage"):
            usage = p["usage"]
            out(f"  [dim]model {escape(str(usage.get('model')))}: "
                f"{usage.get('total_tokens', '?')} tokens, {p.get('latency_ms', 0):.0f} ms[/]")
