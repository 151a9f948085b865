"""Renders replay results and run diffs for the terminal."""

from __future__ import annotations

from typing import Any

from rich.console import Console
from rich.table import Table

from agentcli.replay.diff import RunDiff, one_line
from agentcli.replay.jsondiff import short
from agentcli.replay.matcher import Miss
from agentcli.replay.result import Divergence, ReplayResult
from agentcli.safe_text import markup_line


def _value(value: Any) -> str:
    return markup_line(short(value, 200))


def _miss_lines(miss: Miss) -> list[str]:
    lines = [
        f"  request   {markup_line(miss.request)}",
        f"  matchers  failed: {markup_line(', '.join(miss.failed))}",
    ]
    if miss.nearest:
        lines.append(f"  nearest   {markup_line(miss.nearest)}")
    if miss.detail:
        lines.append(f"            {markup_line(miss.detail)}")
    return lines


def divergence_lines(d: Divergence) -> list[str]:
    where = f"event #{d.seq}" if d.seq is not None else "the end"
    turn = f", turn {d.turn}" if d.turn is not None else ""
    lines = [
        f"[bold]first divergence[/] at {where}{turn}: {markup_line(d.what)}",
        f"  field     {markup_line(d.path)}",
        f"  expected  [green]{_value(d.expected)}[/]",
        f"  got       [red]{_value(d.got)}[/]",
    ]
    if d.expected_event:
        lines.append(f"  recorded  [dim]{markup_line(d.expected_event)}[/]")
    if d.got_event:
        lines.append(f"  replayed  [dim]{markup_line(d.got_event)}[/]")
    if d.miss is not None:
        lines += ["  [bold]the cassette could not answer a request[/]", *_miss_lines(d.miss)]
    return lines


def print_result(console: Console, result: ReplayResult) -> None:
    out = console.print
    if result.mode == "sealed":
        verdict = "[green]OK[/]: the events are the same" if result.ok else "[red]DIVERGED[/]"
        out(
            f"sealed replay of run {markup_line(result.run_id)}: {verdict} "
            f"({result.events_replayed} of {result.events_expected} events, "
            f"{result.seconds:.2f} s)"
        )
    else:
        verdict = "no divergence" if result.ok else "diverged"
        out(
            f"counterfactual replay of run {markup_line(result.run_id)}: new run "
            f"{markup_line(result.replay_run_id)} (parent {markup_line(result.run_id)}), "
            f"{verdict} ({result.events_replayed} events, {result.seconds:.2f} s)"
        )
    if result.divergence is not None:
        for line in divergence_lines(result.divergence):
            out(line)
    if result.blocked_writes:
        out(f"[bold]blocked writes[/] ({len(result.blocked_writes)}), never sent to a vendor:")
        for b in result.blocked_writes:
            served = (
                "the recorded result was shown to the planner"
                if b.served_from_recording
                else "not in the recording: the planner was told it was blocked"
            )
            args = ", ".join(f"{k}={v!r}" for k, v in b.arguments.items())
            out(f"  #{b.seq} {markup_line(b.action)}({markup_line(args)}) - {served}")
    for request in result.blocked_requests:
        out(f"  blocked request {markup_line(request)}")
    attached = result.divergence.miss if result.divergence is not None else None
    shown = [miss for miss in result.misses if miss != attached]
    if shown:
        out(f"[bold]unmatched requests[/] ({len(shown)}):")
        for miss in shown:
            for line in _miss_lines(miss):
                out(line)
    for request in result.forwarded:
        out(f"  sent to the fresh sandbox: {markup_line(request)}")
    if result.unplayed:
        out(f"[bold]recorded but never requested[/] ({len(result.unplayed)}):")
        for request in result.unplayed[:20]:
            out(f"  {markup_line(request)}")
    for note in result.notes:
        out(f"[yellow]note[/]: {markup_line(note)}")


def print_diff(console: Console, diff: RunDiff) -> None:
    out = console.print
    first = diff.first()
    if first is None:
        out(
            f"runs {markup_line(diff.run_a)} and {markup_line(diff.run_b)}: no difference in "
            f"{len(diff.turns_a)} turns"
        )
        return
    out(
        f"runs A={markup_line(diff.run_a)} and B={markup_line(diff.run_b)}: first divergence "
        f"at turn {first.turn}, {markup_line(first.aspect)}"
    )
    out(f"  A  [green]{markup_line(one_line(first.expected, 160))}[/]")
    out(f"  B  [red]{markup_line(one_line(first.got, 160))}[/]")
    table = Table("turn", "aspect", "A", "B", show_lines=False)
    for d in diff.differences:
        table.add_row(
            str(d.turn),
            markup_line(d.aspect),
            markup_line(one_line(d.expected)),
            markup_line(one_line(d.got)),
        )
    out(table)
