"""`agentcli` imports a command's module only when that command runs or help lists it."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from typer.testing import CliRunner

from agentcli.cli.app import COMMANDS, app
from tests.patience import PATIENCE

RUNNER = CliRunner()

#: what `agentcli test` never needs just to parse its options or print its help
HEAVY = (
    "uvicorn",
    "agentcli.conformance",
    "agentcli.cli.sandbox",
    "agentcli.cli.replay",
    "agentcli.suites.runner",
    "agentcli.runtime",
    "httpx",
    "sqlite_utils",
    "starlette",
)


def _loaded_after(argv: list[str]) -> set[str]:
    """The modules the console script had imported when the command was done."""
    code = (
        "import sys\n"
        "from agentcli.cli.app import main\n"
        f"sys.argv = ['agentcli', *{argv!r}]\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "print(' '.join(m for m, v in sys.modules.items() if v), file=sys.stderr)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    return set(done.stderr.split())


def test_test_help_imports_no_other_command_and_no_run_machinery() -> None:
    loaded = _loaded_after(["test", "--help"])
    assert "agentcli.cli.test" in loaded
    assert (
        sorted(m for m in loaded if m.split(".")[0] in HEAVY or m in HEAVY or m.startswith(HEAVY))
        == []
    )


def test_the_group_help_lists_every_command_with_its_help_line() -> None:
    done = RUNNER.invoke(app, ["--help"], env={"COLUMNS": "200"})
    assert done.exit_code == 0
    for name in COMMANDS:
        assert f" {name} " in done.stdout, name
    assert "Run conversation suites: each case a real agent loop" in done.stdout
    assert "List and show recorded runs." in done.stdout


def test_commands_and_subcommands_run_when_named() -> None:
    assert RUNNER.invoke(app, ["schema"]).exit_code == 0
    listed = RUNNER.invoke(app, ["runs", "list", "--json"])  # a subcommand, its error path
    assert listed.exit_code == 2
    assert "error: no trace database at" in listed.stderr


def test_a_mistyped_command_is_refused_with_a_suggestion() -> None:
    done = RUNNER.invoke(app, ["tset"])
    assert done.exit_code == 2
    assert "No such command 'tset'. Did you mean 'test'?" in done.output
    assert RUNNER.invoke(app, ["frobnicate"]).exit_code == 2


def _console_script(argv: list[str]) -> tuple[subprocess.CompletedProcess[str], list[str]]:
    """Run `agentcli ARGV` as the console script does; the UI modules it had loaded when it
    left through `os._exit` (no teardown), or [] if it left some other way."""
    code = (
        "import json, os, sys\n"
        "leave = os._exit\n"
        "def report(code):\n"
        "    ui = [m for m, v in sys.modules.items() if v and m.split('.')[0] in ('rich', "
        "'pygments')]\n"
        "    print(json.dumps(sorted(ui)), file=sys.stderr, flush=True)\n"
        "    leave(code)\n"
        "os._exit = report\n"
        "from agentcli.cli.app import main\n"
        f"sys.argv = ['agentcli', *{argv!r}]\n"
        "main()\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    last = done.stderr.splitlines()[-1] if done.stderr.strip() else ""
    return done, json.loads(last) if last.startswith("[") else ["(no os._exit)"]


def test_a_json_run_without_a_terminal_never_imports_rich_and_skips_teardown(
    tmp_path: Path,
) -> None:
    suite = tmp_path / "ok.suite.yaml"
    suite.write_text("cases:\n  - name: hi\n    turns:\n      - user: hello\n")
    done, ui = _console_script(["test", str(suite), "--json"])
    assert done.returncode == 0, done.stdout + done.stderr
    assert json.loads(done.stdout)["totals"]["passed"] == 1
    assert ui == []

    suite.write_text(
        "cases:\n  - name: hi\n    turns:\n      - user: hello\n"
        "        expect: {actions: [cancel_order]}\n"
    )
    report = tmp_path / "junit.xml"
    done, ui = _console_script(["test", str(suite), "--junit", str(report)])
    assert done.returncode == 1, done.stdout + done.stderr
    assert "FAILED" in done.stdout and 'failures="1"' in report.read_text()
    assert ui != ["(no os._exit)"]  # the table was printed with rich, then no teardown


def test_each_static_summary_is_the_first_line_of_its_commands_help() -> None:
    import click
    import typer

    from agentcli.cli.commands import COMMANDS as TABLE

    group = typer.main.get_command(app)
    context = click.Context(group)
    for name, command in TABLE.items():
        loaded = group.get_command(context, name)  # type: ignore[attr-defined]
        assert loaded.get_short_help_str(limit=500) == command.summary, name


def test_help_and_version_answer_without_importing_typer_or_any_command() -> None:
    from agentcli import __version__

    for argv, code, needle in (
        (["--help"], 0, "List and show recorded runs."),
        ([], 2, "Usage: agentcli"),
        (["--version"], 0, f"agentcli {__version__}"),
    ):
        script = (
            "import sys\nfrom agentcli.cli.entry import main\n"
            f"sys.argv = ['agentcli', *{argv!r}]\n"
            "try:\n    main()\nexcept SystemExit as done:\n"
            "    print(sorted(m for m in sys.modules if m.split('.')[0] in ('typer', 'click',"
            " 'rich') or m.startswith('agentcli.cli.') and m not in ('agentcli.cli.entry',"
            " 'agentcli.cli.commands')), done.code, file=sys.stderr)\n"
        )
        done = subprocess.run(
            [sys.executable, "-c", script], capture_output=True, text=True, timeout=PATIENCE
        )
        assert done.stderr.strip() == f"[] {code}", (argv, done.stderr)
        assert needle in done.stdout
    help_text = subprocess.run(
        [sys.executable, "-m", "agentcli", "--help"],
        capture_output=True,
        text=True,
        timeout=PATIENCE,
    ).stdout
    for name in COMMANDS:
        assert f"\n  {name} " in help_text, name


def test_version_is_also_an_option_of_the_typer_app() -> None:
    from agentcli import __version__

    done = RUNNER.invoke(app, ["--version"])
    assert (done.exit_code, done.stdout.strip()) == (0, f"agentcli {__version__}")
