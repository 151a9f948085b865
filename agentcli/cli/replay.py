"""`agentcli replay RUN --check | --planner P | --export DIR`: replay a recorded run."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from agentcli import paths
from agentcli.cli.connector_options import (
    ConnectorsConfigOption,
    ConnectorsOption,
    connector_choice,
)
from agentcli.cli.errors import handled
from agentcli.cli.options import DbOption, JsonOption, db_path, existing_db
from agentcli.planners.factory import PlannerChoice, build_planner
from agentcli.policy.config import load_policy
from agentcli.replay import archive
from agentcli.replay.counterfactual import CounterfactualOptions, counterfactual_replay
from agentcli.replay.runrecording import RunRecording
from agentcli.replay.sealed import sealed_replay
from agentcli.replay.secretkey import load_key
from agentcli.safe_text import json_text
from agentcli.trace.ids import new_run_id
from agentcli.trace.store import Store


def _store(db: Path | None) -> Store:
    path = existing_db(db)
    return Store.open(path)


def _only_sandbox(value: str | None, flag: str) -> bool:
    if value not in (None, "sandbox"):
        raise typer.BadParameter(f"the only target is 'sandbox', not {value!r}", param_hint=flag)
    return value == "sandbox"


@handled
def replay(
    run: Annotated[
        str,
        typer.Argument(
            help="Run id, a unique prefix of one, 'latest', or a directory with an exported run."
        ),
    ],
    check: Annotated[
        bool,
        typer.Option(
            "--check",
            help="Sealed replay: decisions, HTTP, clock and ids from the recording; "
            "exit 1 at the first divergence.",
        ),
    ] = False,
    planner: Annotated[
        str | None,
        typer.Option(
            help="Counterfactual replay with this planner: rules, script or openai; "
            "exit 1 when its decisions diverge from the recorded run's.",
            show_default=False,
        ),
    ] = None,
    model: Annotated[
        str | None, typer.Option(help="openai: the model.", show_default=False)
    ] = None,
    prompts: Annotated[
        str | None, typer.Option(help="openai: the prompt version.", show_default=False)
    ] = None,
    preset: Annotated[
        str | None, typer.Option(help="openai: the endpoint preset.", show_default=False)
    ] = None,
    base_url: Annotated[
        str | None, typer.Option("--base-url", help="openai: the base URL.", show_default=False)
    ] = None,
    script: Annotated[
        Path | None, typer.Option(help="script: a YAML or JSON decisions file.", show_default=False)
    ] = None,
    policy: Annotated[
        Path | None,
        typer.Option(
            help="Counterfactual: another policy file (default: the recorded policy).",
            show_default=False,
        ),
    ] = None,
    allow_writes: Annotated[
        str | None,
        typer.Option(
            "--allow-writes",
            metavar="sandbox",
            show_default=False,
            help="Counterfactual: send writes to a fresh sandbox (with --connectors live: to the "
            "served vendors) instead of blocking them.",
        ),
    ] = None,
    fallback: Annotated[
        str | None,
        typer.Option(
            "--fallback",
            metavar="sandbox",
            show_default=False,
            help="Counterfactual: answer reads the recording lacks from a fresh sandbox (with "
            "--connectors live: from the served vendors).",
        ),
    ] = None,
    connectors: ConnectorsOption = "sandbox",
    connectors_config: ConnectorsConfigOption = None,
    key: Annotated[
        Path | None,
        typer.Option(
            help="The key the cassette was masked with (default: $AGENTCLI_SECRET_KEY or "
            "$AGENTCLI_HOME/secret.key).",
            show_default=False,
        ),
    ] = None,
    cassette: Annotated[
        Path | None,
        typer.Option(
            help="The cassette to use instead of the one the run names.", show_default=False
        ),
    ] = None,
    export: Annotated[
        Path | None,
        typer.Option(
            help="Write the run (trace.json and cassette.yaml) into this directory and stop.",
            show_default=False,
        ),
    ] = None,
    db: DbOption = None,
    json_: JsonOption = False,
) -> None:
    """Replay a recorded run: sealed (--check) or counterfactual (--planner)."""
    writes, misses = (
        _only_sandbox(allow_writes, "--allow-writes"),
        _only_sandbox(fallback, "--fallback"),
    )
    modes = [
        flag
        for flag, on in (
            ("--check", check),
            ("--planner", planner is not None),
            ("--export", export is not None),
        )
        if on
    ]
    if len(modes) != 1:
        raise typer.BadParameter(
            "say --check (sealed replay), --planner P (counterfactual) or "
            "--export DIR, exactly one of them"
        )
    _, live = connector_choice(connectors, connectors_config, None)
    if live is not None and not (planner is not None and (writes or misses)):
        raise typer.BadParameter(
            "only a counterfactual replay with --allow-writes sandbox or "
            "--fallback sandbox talks to vendors",
            param_hint="--connectors",
        )
    if export is not None:
        where = archive.export_run(_store(db), run, export)
        print(f"exported to {where}", file=sys.stderr)
        return
    recorded = (
        archive.from_directory(Path(run))
        if Path(run).is_dir()
        else archive.from_store(_store(db), run, cassette)
    )
    secret = load_key(key)
    if check:
        result = sealed_replay(recorded, secret)
    else:
        assert planner is not None
        policy_config = load_policy(policy) if policy is not None else None
        run_id = new_run_id()
        recording = RunRecording.for_run(paths.default_cassettes(), run_id, secret)
        chosen = build_planner(
            PlannerChoice(planner, model, base_url, preset, prompts, script),
            policy_config or load_policy(paths.default_policy()),
            transport=recording.model_transport() if planner == "openai" else None,
        )
        result = counterfactual_replay(
            recorded,
            secret,
            CounterfactualOptions(
                planner=chosen,
                db_path=db_path(db),
                policy=policy_config,
                allow_writes=writes,
                fallback=misses,
                run_id=run_id,
                recording=recording,
                prompt_version=getattr(chosen, "prompt_version", None),
                prompt_hash=getattr(chosen, "prompt_hash", None),
                connectors=live,
            ),
        )
    if json_:
        print(json_text(result.to_dict(), indent=2, default=str))
    else:
        from agentcli.render.console import terminal_console
        from agentcli.render.replay import print_result

        print_result(terminal_console(), result)
    if not result.ok:
        raise typer.Exit(1)
