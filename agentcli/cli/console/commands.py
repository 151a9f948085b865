"""The console's slash commands: operator tools that never reach the planner."""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from enum import Enum
from typing import Any

from rich.console import Console

from agentcli.replay.archive import RecordedRun
from agentcli.replay.cassette import load as load_cassette
from agentcli.replay.sealed import sealed_replay_async
from agentcli.runtime import ChatRuntime, RunOptions
from agentcli.safe_text import markup_line

CART_ACTIONS = ("view_cart", "add_to_cart", "remove_from_cart")


class Next(Enum):
    """What the console does after a command."""

    PROMPT = "prompt"
    NEW_RUN = "new run"
    LEAVE = "leave"


@dataclass
class ConsoleState:
    """What the commands may look at: the run in hand, its options, the runs of this console."""

    console: Console
    options: RunOptions
    runtime: ChatRuntime
    runs: list[str] = field(default_factory=list)


Handler = Callable[[ConsoleState, str], Awaitable[Next]]


@dataclass(frozen=True)
class Command:
    name: str
    help: str
    run: Handler


async def _help(state: ConsoleState, _: str) -> Next:
    state.console.print("[bold]Commands[/] (never sent to the agent):")
    for command in COMMANDS.values():
        state.console.print(f"  [cyan]{command.name:<9}[/] {command.help}")
    state.console.print(
        "[dim]Anything else is said to the agent. Up/Down and Ctrl-R search the history, "
        "Tab completes commands and ids; Ctrl-C stops a turn, Ctrl-D leaves.[/]"
    )
    return Next.PROMPT


async def _runs(state: ConsoleState, _: str) -> Next:
    store = state.runtime.store
    assert store is not None
    state.console.print("[bold]This session[/]")
    for run_id in state.runs:
        row = store.get_run(run_id)
        mark = "  [green]← current[/]" if run_id == state.runtime.run_id else ""
        state.console.print(f"  {_run_line(row)}{mark}")
    recent = [r for r in store.list_runs(limit=len(state.runs) + 5) if r["id"] not in state.runs]
    if recent:
        state.console.print("[bold]Recent runs[/]")
        for row in recent[:5]:
            state.console.print(f"  {_run_line(row)}")
    return Next.PROMPT


def _run_line(row: dict[str, Any]) -> str:
    outcome = row.get("outcome") or row.get("status") or "running"
    return (
        f"{markup_line(row['id'])}  {markup_line(row.get('command') or '')}  "
        f"{markup_line(row.get('planner') or '')}  {markup_line(outcome)}"
    )


async def _inspect(state: ConsoleState, _: str) -> Next:
    from agentcli.tui.app import create_app  # textual loads only when asked for

    recorder, db_path = state.runtime.recorder, state.options.db_path
    assert recorder is not None
    if db_path is None:
        state.console.print("[red]this run has no trace database to inspect[/]")
        return Next.PROMPT
    recorder.flush()
    await create_app(db_path, state.runtime.run_id).run_async()
    state.console.print(f"[dim]back in run {markup_line(state.runtime.run_id)}[/]")
    return Next.PROMPT


async def _replay(state: ConsoleState, _: str) -> Next:
    """A sealed replay of the run so far: its own run_finished is the one event it may add."""
    runtime, recording = state.runtime, state.options.recording
    assert runtime.store is not None and runtime.recorder is not None
    if recording is None:
        state.console.print("[red]this run is not recorded (--no-record): nothing to replay[/]")
        return Next.PROMPT
    runtime.recorder.flush()
    session = runtime.session
    planner = session.planner if session is not None else None
    recording.save(
        run_id=runtime.run_id,
        command=state.options.command,
        planner=getattr(planner, "name", None),
        model=getattr(planner, "model", None),
        planner_is_model=bool(getattr(planner, "is_model", False)),
        policy=state.options.policy.model_dump(mode="json"),
    )
    events = list(runtime.store.events(runtime.run_id))
    recorded = RecordedRun(
        runtime.store.get_run(runtime.run_id), events, load_cassette(recording.path)
    )
    result = await sealed_replay_async(recorded, recording.key)
    divergence = result.divergence
    so_far = divergence is None or (
        divergence.what == "extra event" and (divergence.seq or 0) > len(events)
    )
    if so_far and not result.unplayed:
        state.console.print(
            f"[green]sealed replay: the {len(events)} events so far replay exactly[/]"
        )
    elif divergence is not None and not so_far:
        state.console.print(
            f"[red]sealed replay diverged at event {divergence.seq}: {markup_line(divergence.what)}"
            f" ({markup_line(divergence.path)})[/]"
        )
    else:
        state.console.print(f"[red]sealed replay: {len(result.unplayed)} exchanges unplayed[/]")
    return Next.PROMPT


async def _policy(state: ConsoleState, _: str) -> Next:
    policy = state.options.policy.model_dump(mode="json")
    state.console.print(json.dumps(policy, indent=2, sort_keys=True), markup=False)
    return Next.PROMPT


async def _cart(state: ConsoleState, _: str) -> Next:
    """The cart as the last cart action saw it (no vendor is called: the run stays as it was)."""
    session = state.runtime.session
    assert session is not None
    for entry in reversed(session.conversation.history):
        if entry.get("role") == "observation" and entry.get("action") in CART_ACTIONS:
            data = entry.get("data") if entry.get("ok") else entry.get("error")
            state.console.print(f"[dim]as of the last {markup_line(entry['action'])}:[/]")
            text = json.dumps(data, indent=2, sort_keys=True, default=str)
            state.console.print(text, markup=False)
            return Next.PROMPT
    state.console.print("[dim]no cart seen in this run yet (ask the agent to show it)[/]")
    return Next.PROMPT


async def _new(state: ConsoleState, _: str) -> Next:
    return Next.NEW_RUN


async def _quit(state: ConsoleState, _: str) -> Next:
    return Next.LEAVE


COMMANDS: dict[str, Command] = {
    c.name: c
    for c in (
        Command("/help", "this list", _help),
        Command("/runs", "this session's runs and the recent ones", _runs),
        Command(
            "/inspect", "open this run in the inspector (q: the runs, q again: back here)", _inspect
        ),
        Command("/replay", "check that this run so far replays sealed", _replay),
        Command("/policy", "the policy in force", _policy),
        Command("/cart", "the cart as last seen in this run", _cart),
        Command("/new", "finish this run and start another", _new),
        Command("/quit", "finish this run and leave (also /exit, Ctrl-D)", _quit),
    )
}
ALIASES = {"/exit": "/quit", "exit": "/quit", "quit": "/quit"}


def command_of(line: str) -> tuple[str, str] | None:
    """(command as typed, argument) when `line` is a console command, else None."""
    text = line.strip()
    word, _, argument = text.partition(" ")
    if text.lower() in ("exit", "quit") or word.startswith("/"):
        return word, argument.strip()
    return None
