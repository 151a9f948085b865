"""`agentcli chat`: an interactive (or piped) shopping session with the agent."""

from __future__ import annotations

import asyncio
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, TextIO

import typer

from agentcli import paths
from agentcli.cli.approval import terminal_approver
from agentcli.cli.connector_options import (
    ConnectorsConfigOption,
    ConnectorsOption,
    FaultsOption,
    connector_choice,
)
from agentcli.cli.errors import fail, handled
from agentcli.cli.hangup import Hangup
from agentcli.cli.lines import LineTooLong, bounded_lines
from agentcli.cli.options import DbOption, SandboxOption, db_path, sandbox_dir
from agentcli.cli.otel_options import (
    OtelEndpointOption,
    OtelProjectOption,
    live_run,
    warn_dropped,
)
from agentcli.cli.temporal_options import (
    AddressOption,
    NamespaceOption,
    TaskQueueOption,
    settings,
)
from agentcli.planners.factory import PLANNERS, PlannerChoice, build_planner
from agentcli.policy.approval import Approver, approve_all, deny_without_operator
from agentcli.policy.config import load_policy
from agentcli.render.console import TerminalConsole, terminal_console
from agentcli.replay.runrecording import RunRecording
from agentcli.replay.secretkey import load_key
from agentcli.runtime import ChatRuntime, RunOptions
from agentcli.session.loop import MAX_LINE
from agentcli.trace.ids import new_run_id
from agentcli.workflows.temporal.config import (
    DEFAULT_ADDRESS,
    DEFAULT_NAMESPACE,
    DEFAULT_TASK_QUEUE,
    ENGINE_ENV,
)


@handled
def chat(
    db: DbOption = None,
    sandbox: SandboxOption = None,
    policy: Annotated[Path | None, typer.Option(help="Policy TOML file.")] = None,
    planner: Annotated[
        str,
        typer.Option(
            help="rules (offline, default), openai (any OpenAI-compatible endpoint) or script."
        ),
    ] = "rules",
    model: Annotated[
        str | None, typer.Option(help="openai: the model, e.g. qwen-plus.", show_default=False)
    ] = None,
    preset: Annotated[
        str | None,
        typer.Option(
            help="openai: dashscope, dashscope-intl, openai, ollama, vllm, llamacpp or lmstudio "
            "(default openai). The API key comes from DASHSCOPE_API_KEY, OPENAI_API_KEY or "
            "AGENTCLI_API_KEY.",
            show_default=False,
        ),
    ] = None,
    base_url: Annotated[
        str | None,
        typer.Option(
            "--base-url",
            help="openai: the endpoint's base URL (overrides the preset's).",
            show_default=False,
        ),
    ] = None,
    prompts: Annotated[
        str | None,
        typer.Option(
            help="openai: prompt version (see `agentcli prompts list`; default the latest).",
            show_default=False,
        ),
    ] = None,
    script: Annotated[
        Path | None,
        typer.Option(help="script: a YAML or JSON file of decisions.", show_default=False),
    ] = None,
    tool_schema: Annotated[
        str | None,
        typer.Option(
            "--tool-schema",
            help="openai: strict (full JSON Schema) or portable (the subset local servers "
            "accept); default portable for local presets and loopback URLs, else strict.",
            show_default=False,
        ),
    ] = None,
    max_tools: Annotated[
        int | None,
        typer.Option(
            "--max-tools",
            min=3,
            help="openai: offer the model at most this many tools per request.",
            show_default=False,
        ),
    ] = None,
    context_tokens: Annotated[
        int | None,
        typer.Option(
            "--context-tokens",
            min=1024,
            help="openai: the model's context in tokens; requests keep within it, older turns "
            "giving way (default 4096 for the ollama, llamacpp and lmstudio presets).",
            show_default=False,
        ),
    ] = None,
    approve_all_: Annotated[
        bool,
        typer.Option("--approve-all", help="Approve every order above the threshold in advance."),
    ] = False,
    quiet: Annotated[
        bool, typer.Option("--quiet", "-q", help="Show only the conversation.")
    ] = False,
    faults: FaultsOption = None,
    connectors: ConnectorsOption = "sandbox",
    connectors_config: ConnectorsConfigOption = None,
    record: Annotated[
        bool,
        typer.Option(
            "--record/--no-record",
            help="Record the run's HTTP exchanges as a cassette, so "
            "`agentcli replay` can replay it.",
        ),
    ] = True,
    cassettes: Annotated[
        Path | None,
        typer.Option(
            "--cassettes",
            envvar=paths.CASSETTES_ENV,
            help="Where cassettes go (default: $AGENTCLI_HOME/cassettes).",
            show_default=False,
        ),
    ] = None,
    engine: Annotated[
        str,
        typer.Option(
            envvar=ENGINE_ENV,
            help="Where sagas run: local (this process) or temporal (on `agentcli worker`s).",
        ),
    ] = "local",
    temporal_address: AddressOption = DEFAULT_ADDRESS,
    namespace: NamespaceOption = DEFAULT_NAMESPACE,
    task_queue: TaskQueueOption = DEFAULT_TASK_QUEUE,
    otel_endpoint: OtelEndpointOption = None,
    otel_project: OtelProjectOption = None,
) -> None:
    """Hold a shopping session with the agent; reads lines from stdin when it is piped."""
    if planner not in PLANNERS:
        raise typer.BadParameter(
            f"unknown planner {planner!r}; available: {', '.join(PLANNERS)}", param_hint="--planner"
        )
    if engine not in ("local", "temporal"):
        raise typer.BadParameter(
            f"unknown engine {engine!r}; available: local, temporal", param_hint="--engine"
        )
    temporal = settings(temporal_address, namespace, task_queue) if engine == "temporal" else None
    interactive = sys.stdin.isatty()
    console = terminal_console()
    approver: Approver = deny_without_operator
    if approve_all_:
        approver = approve_all
    elif interactive:
        approver = terminal_approver(console)
    policy_config = load_policy(policy or paths.default_policy())
    fault_plan, live = connector_choice(connectors, connectors_config, faults)

    def new_run() -> RunOptions:
        """The options of one run: its own id, recording and planner (recording its calls)."""
        run_id = new_run_id()
        recording = (
            RunRecording.for_run(cassettes or paths.default_cassettes(), run_id, load_key())
            if record
            else None
        )
        model_transport = recording.model_transport() if recording and planner == "openai" else None
        chosen = build_planner(
            PlannerChoice(
                planner,
                model,
                base_url,
                preset,
                prompts,
                script,
                tool_schema,
                max_tools,
                context_tokens,
            ),
            policy_config,
            transport=model_transport,
        )
        return RunOptions(
            db_path=db_path(db),
            sandbox_dir=sandbox_dir(sandbox),
            faults=fault_plan,
            connectors=live,
            policy=policy_config,
            approver=approver,
            planner=chosen,
            recording=recording,
            run_id=run_id,
            temporal=temporal,
            telemetry=live_run(otel_endpoint, otel_project),
        )

    options = new_run()
    hangup = Hangup()
    try:
        with hangup.installed():
            if interactive:
                asyncio.run(_console(options, console, quiet, new_run, hangup))
                return
            too_long = asyncio.run(_chat(options, console, interactive, quiet, hangup))
    except (asyncio.CancelledError, KeyboardInterrupt):
        code = hangup.exit_code()
        if code is None:
            raise
        raise typer.Exit(code) from None
    warn_dropped(options.telemetry)
    if too_long is not None:
        raise fail(
            f"input line {too_long.number} has {too_long.length:,} characters, more than "
            f"the {MAX_LINE:,} a turn may have; the session stopped there (the lines "
            "before it were done, none after it)"
        )


async def _console(
    options: RunOptions,
    console: TerminalConsole,
    quiet: bool,
    new_run: Callable[[], RunOptions],
    hangup: Hangup,
) -> None:
    """The interactive console (a terminal); each run's planner is closed when it is done."""
    from agentcli.cli.console.repl import hold
    from agentcli.render.events import EventPrinter

    hangup.attach()
    printer = EventPrinter(console, quiet=quiet, echo_user=False)
    planners = [options.planner]

    def next_run() -> RunOptions:
        fresh = new_run()
        planners.append(fresh.planner)
        return fresh

    try:
        await hold(options, console, printer, next_run)
    finally:
        for planner in planners:
            close = getattr(planner, "aclose", None)
            if close is not None:
                await close()


async def _chat(
    options: RunOptions,
    console: TerminalConsole,
    interactive: bool,
    quiet: bool,
    hangup: Hangup,
) -> LineTooLong | None:
    hangup.attach()
    try:
        return await _converse(options, console, interactive, quiet, hangup=hangup)
    finally:
        close = getattr(options.planner, "aclose", None)
        if close is not None:
            await close()


async def _converse(
    options: RunOptions,
    console: TerminalConsole,
    interactive: bool,
    quiet: bool,
    stream: TextIO | None = None,
    hangup: Hangup | None = None,
) -> LineTooLong | None:
    """Hand each line to the session; piped input stops at an over-long line (returned).

    When stdout closes (`| head`), the line in hand is finished (a saga under way completes or
    compensates as usual) and no further line is read.
    """
    from agentcli.render.events import EventPrinter

    printer = EventPrinter(console, quiet=quiet, echo_user=not interactive)
    too_long: LineTooLong | None = None
    async with ChatRuntime(options) as runtime:
        assert runtime.recorder is not None and runtime.session is not None
        runtime.recorder.listeners.append(printer)
        print(f"run {runtime.run_id} (trace: {options.db_path})", file=sys.stderr)
        if interactive:
            console.print(
                "[dim]Talk to the shopping agent. Type 'help' for ideas, Ctrl-D to leave.[/]"
            )
        lines = bounded_lines(
            stream or sys.stdin, MAX_LINE, prompt="you> " if interactive else None
        )
        for line in hangup.reading(lines) if hangup else lines:
            if isinstance(line, LineTooLong):
                if not interactive:  # the lines after it were written to follow it
                    too_long = line
                    break
                print(
                    f"That line has {line.length:,} characters, more than the {MAX_LINE:,} a "
                    "turn may have, so it was not read; please say it in fewer words.",
                    file=sys.stderr,
                )
                continue
            if line.strip().lower() in ("exit", "quit", "/quit", "/exit"):
                break
            await runtime.session.handle(line)
            if printer.closed:
                break
        else:
            if interactive:
                print()  # Ctrl-D left the cursor after the prompt
    print(f"run {runtime.run_id} finished: {runtime.result.get('outcome')}", file=sys.stderr)
    if runtime.cassette_error:
        print(f"warning: {runtime.cassette_error}", file=sys.stderr)
    elif options.recording is not None:
        print(f"cassette: {options.recording.path}", file=sys.stderr)
    if printer.closed:
        raise BrokenPipeError("stdout was closed before the conversation ended")
    return too_long
