"""`agentcli prompts list|show|diff`: the versioned prompt templates the openai planner uses."""

from __future__ import annotations

import json
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.table import Table

from agentcli import promptset
from agentcli.cli.errors import handled
from agentcli.cli.options import JsonOption
from agentcli.planners.openai import prompt_variables
from agentcli.policy.config import PolicyConfig

app = typer.Typer(help="List, show and compare the prompt versions.", no_args_is_help=True)

VersionArg = Annotated[str, typer.Argument(help="A prompt version such as v1.")]


@app.command("list")
@handled
def list_prompts(json_: JsonOption = False) -> None:
    """Every shipped prompt version with its content hash; the latest is the default."""
    newest = promptset.latest()
    rows: list[dict[str, Any]] = []
    for version in promptset.versions():
        prompts = promptset.load(version)
        rows.append(
            {
                "version": version,
                "hash": prompts.hash,
                "default": version == newest,
                "files": [name for name, _ in prompts.files],
                "description": prompts.description,
            }
        )
    if json_:
        print(json.dumps(rows, indent=2))
        return
    table = Table("version", "hash", "files", "description")
    for row in rows:
        label = row["version"] + (" (default)" if row["default"] else "")
        table.add_row(label, row["hash"], ", ".join(row["files"]), row["description"])
    Console(soft_wrap=True).print(table)


@app.command("show")
@handled
def show_prompts(
    version: VersionArg,
    rendered: Annotated[
        bool,
        typer.Option("--rendered", help="The system prompt as the model gets it (default policy)."),
    ] = False,
) -> None:
    """The templates of one version (or, with --rendered, the system prompt they make)."""
    prompts = promptset.load(version)
    if rendered:
        print(prompts.render(prompt_variables(PolicyConfig())), end="")
        return
    print(f"# prompts {prompts.version} (hash {prompts.hash}): {prompts.description}")
    print(prompts.text(), end="")


@app.command("diff")
@handled
def diff_prompts(old: VersionArg, new: VersionArg) -> None:
    """A unified diff of two versions, file by file."""
    text = promptset.diff(promptset.load(old), promptset.load(new))
    if text:
        print(text, end="")
    else:
        typer.echo(f"{old} and {new} have identical templates", err=True)
