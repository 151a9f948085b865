"""`agentcli suites`: make regression cases from recorded runs or τ²-bench tasks; the schema."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, Any

import typer
import yaml

import safeyaml
from agentcli.cli.errors import handled
from agentcli.cli.options import DbOption, existing_db
from agentcli.suites.from_run import case_from_run
from agentcli.suites.loader import SuiteError, load_text, read_suite
from agentcli.suites.schema import schema_text
from agentcli.suites.tau2_import import import_tasks, load_hashes, load_tasks
from agentcli.trace.store import Store
from errortree import UserError

app = typer.Typer(
    help="Conversation suites: regression cases from runs and τ² tasks; the format's JSON Schema.",
    no_args_is_help=True,
)

OutOption = Annotated[
    Path | None,
    typer.Option(
        "--out", "-o", help="Write the suite to this file (default: stdout).", show_default=False
    ),
]


@app.command("from-run")
@handled
def from_run(
    run: Annotated[str, typer.Argument(help="Run id, a unique prefix of one, or 'latest'.")],
    db: DbOption = None,
    out: OutOption = None,
    name: Annotated[str | None, typer.Option(help="The case's name.")] = None,
    suite: Annotated[str | None, typer.Option(help="The suite's name (a new file).")] = None,
) -> None:
    """Turn a recorded run into a regression case; with --out FILE, add it to that suite."""
    path = existing_db(db)
    store = Store.open(path)
    try:
        case = case_from_run(store, store.resolve_run(run), name=name)
    finally:
        store.close()
    if out is not None and out.exists():
        document = _existing_suite(out)
        document["cases"].append(case)
    else:
        document = {
            "suite": suite or (out.name.split(".")[0] if out else "regressions"),
            "cases": [case],
        }
    _emit(document, out)


@app.command("import-tau2")
@handled
def import_tau2(
    tasks: Annotated[Path, typer.Argument(help="A τ²-bench tasks.json.")],
    hashes: Annotated[
        Path | None,
        typer.Option(
            "--hashes",
            help="Expected end-state hashes per task (gold_hashes format); only the "
            "tasks it lists are imported.",
        ),
    ] = None,
    task: Annotated[
        list[str] | None, typer.Option("--task", help="Only this task id (repeatable).")
    ] = None,
    exclude: Annotated[
        list[str] | None, typer.Option("--exclude", help="Leave this task id out (repeatable).")
    ] = None,
    out: OutOption = None,
    name: Annotated[str, typer.Option(help="The suite's name.")] = "tau2_retail",
) -> None:
    """Turn τ²-bench tasks into cases: scripted gold actions, expected end-state hashes."""
    document = import_tasks(
        load_tasks(tasks),
        load_hashes(hashes) if hashes else None,
        only=set(task) if task else None,
        exclude=set(exclude or ()),
        name=name,
    )
    if not document["cases"]:
        raise UserError("no tasks matched, so no cases were made")
    _emit(document, out)


@app.command("schema")
@handled
def schema() -> None:
    """Print the suite format's JSON Schema."""
    sys.stdout.write(schema_text())


def _existing_suite(path: Path) -> dict[str, Any]:
    text = read_suite(path)
    load_text(text, str(path))  # refuse to append to something that is not a valid suite
    document = safeyaml.load(text)
    assert isinstance(document, dict)
    return document


def _emit(document: dict[str, Any], out: Path | None) -> None:
    text = yaml.safe_dump(document, sort_keys=False, allow_unicode=True, width=100)
    try:
        load_text(text, str(out or "<generated suite>"))
    except SuiteError as error:  # a bug here, not the user's: say so plainly
        raise RuntimeError(f"the generated suite does not validate: {error}") from None
    if out is None:
        sys.stdout.write(text)
        return
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(text, encoding="utf-8")
    except OSError as exc:
        raise UserError(f"cannot write {out}: {exc.strerror}") from None
    print(f"wrote {len(document['cases'])} case(s) to {out}", file=sys.stderr)
