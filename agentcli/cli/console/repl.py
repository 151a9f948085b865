"""The interactive console: a prompt_toolkit prompt, slash commands, a spinner, Ctrl-C that stops.

Every run it holds is recorded as in piped mode; the operator's acts (commands, interrupts,
leaving) are recorded as operator events beside the customer's turns, so the run replays.
"""

from __future__ import annotations

import asyncio
import os
import signal
import sys
from collections.abc import Callable
from dataclasses import replace

from prompt_toolkit import PromptSession
from prompt_toolkit.key_binding import KeyBindings, KeyPressEvent

from agentcli.cli.console.commands import ALIASES, COMMANDS, ConsoleState, Next, command_of
from agentcli.cli.console.completion import ConsoleCompleter, SeenIds
from agentcli.cli.console.history import MaskedHistory, history_path
from agentcli.cli.console.waiting import Waiting
from agentcli.planners.openai import OpenAIPlanner
from agentcli.render.console import TerminalConsole
from agentcli.runtime import ChatRuntime, RunOptions
from agentcli.safe_text import markup_line
from agentcli.session.loop import MAX_LINE
from agentcli.trace import events as ev

PROMPT = "you> "
KEYS_ENV = "AGENTCLI_KEYS"
"""`vi` for Vi key bindings at the prompt; Emacs bindings otherwise."""


def _keys() -> KeyBindings:
    """Ctrl-C clears a line being typed; at an empty prompt it asks whether to leave."""
    keys = KeyBindings()

    @keys.add("c-c")
    def _(event: KeyPressEvent) -> None:
        buffer = event.current_buffer
        if buffer.text:
            buffer.reset()
        else:
            event.app.exit(exception=KeyboardInterrupt, style="class:aborting")

    return keys


def prompt_session(seen: SeenIds) -> PromptSession[str]:
    return PromptSession(
        history=MaskedHistory(history_path()),
        completer=ConsoleCompleter([*COMMANDS, "/exit"], seen),
        key_bindings=_keys(),
        vi_mode=os.environ.get(KEYS_ENV, "").lower() == "vi",
        enable_open_in_editor=True,
    )


async def hold(
    options: RunOptions,
    console: TerminalConsole,
    printer: Callable[[ev.TraceEvent], None],
    next_options: Callable[[], RunOptions],
) -> None:
    """Hold runs at the terminal until the operator leaves; `/new` starts the next one."""
    seen = SeenIds()
    prompt = prompt_session(seen)
    waiting = Waiting(console)
    runs: list[str] = []
    while True:
        run_options = replace(options, approver=waiting.paused(options.approver))
        async with ChatRuntime(run_options) as runtime:
            assert runtime.recorder is not None
            runtime.recorder.listeners.extend([printer, seen, waiting])
            if isinstance(run_options.planner, OpenAIPlanner):  # its answers stream in
                run_options.planner.on_text = waiting.hear
            runs.append(runtime.run_id)
            print(f"run {runtime.run_id} (trace: {options.db_path})", file=sys.stderr)
            console.print(
                "[dim]Talk to the shopping agent. /help lists the commands; Ctrl-D leaves.[/]"
            )
            state = ConsoleState(console, run_options, runtime, runs)
            after = await _turns(state, prompt, waiting)
        _finished(runtime, options)
        if after is not Next.NEW_RUN:
            return
        options = next_options()


async def _turns(state: ConsoleState, prompt: PromptSession[str], waiting: Waiting) -> Next:
    runtime = state.runtime
    recorder, session = runtime.recorder, runtime.session
    assert recorder is not None and session is not None
    asked_to_leave = False
    while True:
        try:
            line = await prompt.prompt_async(PROMPT)
        except KeyboardInterrupt:
            if asked_to_leave:
                recorder.record(ev.Operator(command="ctrl-c", outcome="left"))
                return Next.LEAVE
            asked_to_leave = True
            recorder.record(ev.Operator(command="ctrl-c", outcome="asked whether to leave"))
            state.console.print("[dim]Press Ctrl-C again to leave (or Ctrl-D); type to go on.[/]")
            continue
        except EOFError:
            recorder.record(ev.Operator(command="ctrl-d", outcome="left"))
            return Next.LEAVE
        asked_to_leave = False
        if not line.strip():
            continue
        command = command_of(line)
        if command is not None:
            after = await _command(state, *command)
            if after is not Next.PROMPT:
                return after
            continue
        if len(line) > MAX_LINE:
            print(
                f"That line has {len(line):,} characters, more than the {MAX_LINE:,} a "
                "turn may have, so it was not read; please say it in fewer words.",
                file=sys.stderr,
            )
            continue
        await _turn(state, line, waiting)


async def _command(state: ConsoleState, typed: str, argument: str) -> Next:
    recorder = state.runtime.recorder
    assert recorder is not None
    name = ALIASES.get(typed.lower(), typed.lower())
    command = COMMANDS.get(name)
    if command is None:
        recorder.record(
            ev.Operator(command=typed, argument=argument, outcome="unknown command")
            if argument
            else ev.Operator(command=typed, outcome="unknown command")
        )
        state.console.print(f"[red]unknown command {markup_line(typed)}[/]; /help lists them")
        return Next.PROMPT
    recorder.record(
        ev.Operator(command=name, argument=argument) if argument else ev.Operator(command=name)
    )
    return await command.run(state, argument)


async def _turn(state: ConsoleState, line: str, waiting: Waiting) -> None:
    """One customer line; Ctrl-C meanwhile asks the session to stop the turn where it can."""
    session = state.runtime.session
    recorder = state.runtime.recorder
    assert session is not None and recorder is not None
    pressed = False
    taken = False

    def on_interrupt() -> None:
        nonlocal pressed
        if not pressed:
            state.console.print("[yellow]stopping the turn…[/]")
        pressed = True
        session.interruption.ask()

    def watch(event: ev.TraceEvent) -> None:
        nonlocal taken
        taken = taken or event.kind is ev.EventKind.OPERATOR

    loop = asyncio.get_running_loop()
    loop.add_signal_handler(signal.SIGINT, on_interrupt)
    recorder.listeners.append(watch)
    try:
        await waiting.around(session.handle(line))
    finally:
        recorder.listeners.remove(watch)
        loop.remove_signal_handler(signal.SIGINT)
    if pressed and not taken:
        state.console.print("[dim](the turn had finished before it could stop)[/]")


def _finished(runtime: ChatRuntime, options: RunOptions) -> None:
    print(f"run {runtime.run_id} finished: {runtime.result.get('outcome')}", file=sys.stderr)
    if runtime.cassette_error:
        print(f"warning: {runtime.cassette_error}", file=sys.stderr)
    elif options.recording is not None:
        print(f"cassette: {options.recording.path}", file=sys.stderr)
