"""Bad input at the command line: one clear line on stderr, a non-zero exit, nothing lost.

A user's mistake exits 2; a bug in agentcli exits 1 and says it is one, and AGENTCLI_DEBUG=1
shows its traceback.
"""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from pydantic import BaseModel

from agentcli.trace.store import Store
from tests.e2e.helpers import HARPER, chat, cli
from tests.patience import PATIENCE


def test_corrupt_db_gets_a_clear_error_and_is_left_alone(tmp_path: Path) -> None:
    bad = tmp_path / "garbage.sqlite"
    bad.write_bytes(b"\x00garbage" * 500)
    before = bad.read_bytes()
    for args in (("runs", "list", "--db", str(bad)), ("chat", "--db", str(bad))):
        result = cli(*args)
        assert result.exit_code == 2
        assert "not a usable agentcli trace database" in result.stderr
        assert "Traceback" not in result.output
    assert bad.read_bytes() == before


def test_foreign_db_is_refused(tmp_path: Path) -> None:
    other = tmp_path / "app.db"
    conn = sqlite3.connect(other)
    conn.execute("CREATE TABLE invoices (id INTEGER)")
    conn.commit()
    conn.close()
    result = cli("runs", "list", "--db", str(other))
    assert result.exit_code == 2
    assert "not an agentcli trace store" in result.stderr


def test_db_env_var_moves_the_store(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    target = tmp_path / "elsewhere.sqlite"
    monkeypatch.setenv("AGENTCLI_DB", str(target))
    chat("hello")
    assert target.exists()
    assert json.loads(cli("runs", "list", "--json").stdout)[0]["command"] == "chat"


def test_unknown_run_and_bad_arguments(agentcli_home: Path) -> None:
    chat("hello")
    missing = cli("runs", "show", "NOPE")
    assert missing.exit_code == 1
    assert "no run matches 'NOPE'" in missing.stderr
    assert cli("chat", "--planner", "gpt-9").exit_code == 2
    assert cli("chat", "--no-such-flag").exit_code == 2


def test_bad_policy_file_is_named(tmp_path: Path) -> None:
    policy = tmp_path / "policy.toml"
    policy.write_text("[approval]\nthreshold = 'lots'\n")
    result = cli("chat", "--policy", str(policy))
    assert result.exit_code == 2
    assert "approval.threshold" in result.stderr


def test_audit_verify_passes_then_names_a_tampered_event(agentcli_home: Path) -> None:
    chat(f"I'm {HARPER}", "find a notebook")
    ok = cli("audit", "verify")
    assert ok.exit_code == 0 and ok.stdout.startswith("ok")
    db = agentcli_home / "traces.sqlite"
    conn = sqlite3.connect(db)
    conn.execute("UPDATE events SET payload = '{}' WHERE seq = 4")
    conn.commit()
    conn.close()
    broken = cli("audit", "verify")
    assert broken.exit_code == 1
    assert "at event 4" in broken.stdout


def test_schema_prints_tool_definitions() -> None:
    result = cli("schema")
    tools = json.loads(result.stdout)
    names = {t["function"]["name"] for t in tools}
    assert {"find_user", "place_order", "cancel_order", "escalate_to_human"} <= names


def _one_line_error(result: Any, code: int) -> str:
    """The single stderr line of a command that failed cleanly with `code`."""
    assert result.exit_code == code, result.output
    assert isinstance(result.exception, SystemExit), result.exception
    assert "Traceback" not in result.output
    line: str = result.stderr.strip()
    assert "\n" not in line and line.startswith("error: "), result.stderr
    return line


@pytest.fixture()
def files(tmp_path: Path) -> dict[str, str]:
    """Paths a user might give by mistake, by what is wrong with them."""
    (tmp_path / "bad.yaml").write_text("x: [\n")
    (tmp_path / "bad.json").write_text("not json\n")
    (tmp_path / "empty.yaml").write_text("")
    (tmp_path / "adir").mkdir()
    (tmp_path / "badrun").mkdir()
    (tmp_path / "badrun" / "trace.json").write_text('{"run": {}, "events": [{"kind": 1}]}')
    deep = "[" * 100_000 + "]" * 100_000  # nested past any parser's recursion limit
    (tmp_path / "deep.json").write_text(deep)
    (tmp_path / "deeprun").mkdir()
    (tmp_path / "deeprun" / "trace.json").write_text(deep)
    (tmp_path / "ok.suite.yaml").write_text("cases:\n  - name: x\n    turns:\n      - user: hi\n")
    Store.open(tmp_path / "traces.sqlite").close()
    names = {
        "bad_yaml": "bad.yaml",
        "bad_json": "bad.json",
        "empty_yaml": "empty.yaml",
        "dir": "adir",
        "suite": "ok.suite.yaml",
        "db": "traces.sqlite",
        "missing": "missing.sqlite",
        "bad_run": "badrun",
        "deep_json": "deep.json",
        "deep_run": "deeprun",
    }
    return {key: str(tmp_path / name) for key, name in names.items()}


USER_MISTAKES = [
    (("chat", "--planner", "script", "--script", "{bad_yaml}"), "not valid YAML: line 2: "),
    (("chat", "--policy", "{dir}"), "cannot read policy file"),
    (("chat", "--faults", "{bad_yaml}"), "bad.yaml:2: not valid YAML"),
    (
        ("chat", "--connectors", "live", "--connectors-config", "{empty_yaml}"),
        "empty.yaml: vendors: Field required",
    ),
    (
        ("chat", "--planner", "openai", "--model", "m", "--base-url", "ftp://x"),
        "--base-url must be an http(s) URL",
    ),
    (("runs", "list", "--db", "{dir}"), "is a directory, not a trace database file"),
    (("runs", "list", "--db", "{missing}"), "no trace database at"),
    (("metrics", "--db", "{db}", "--since", "yesterday"), "--since 'yesterday': give a duration"),
    (("inspect", "--db", "{db}", "--diff", "x"), "--diff RUN_B needs a RUN"),
    (("replay", "{dir}", "--check"), "has no trace.json"),
    (("replay", "{bad_run}", "--check"), "is not an exported run: "),
    (("suites", "import-tau2", "{bad_json}"), "not a JSON tasks file"),
    (("conformance", "tau2-retail", "--tasks", "{bad_json}"), "is not JSON"),
    (("chat", "--planner", "script", "--script", "{deep_json}"), "deep.json"),
    (("replay", "{deep_run}", "--check"), "is not an exported run: "),
    (("suites", "import-tau2", "{deep_json}"), "not a JSON tasks file"),
    (("conformance", "tau2-retail", "--tasks", "{deep_json}"), "is not JSON"),
    (("prompts", "show", "v0"), "no prompt version 'v0'"),
    (("test", "{bad_yaml}"), "bad.yaml:2: not valid YAML"),
    (("test", "-k", "((", "{suite}"), "-k '((': ends too early"),
    (("sandbox", "serve", "--faults", "{bad_yaml}"), "bad.yaml:2: not valid YAML"),
    (("worker", "--connectors-config", "{empty_yaml}"), "vendors: Field required"),
]


@pytest.mark.parametrize(
    ("args", "says"), USER_MISTAKES, ids=[" ".join(args) for args, _ in USER_MISTAKES]
)
def test_a_user_mistake_is_one_line_and_exit_2(
    files: dict[str, str], args: tuple[str, ...], says: str
) -> None:
    line = _one_line_error(cli(*(arg.format(**files) for arg in args)), 2)
    assert says in line
    assert "bug" not in line


def test_an_output_path_that_cannot_be_written_is_a_user_mistake(tmp_path: Path) -> None:
    chat(f"I'm {HARPER}", "find a notebook")
    blocker = tmp_path / "a-file"
    blocker.write_text("")
    suite = _one_line_error(cli("suites", "from-run", "latest", "--out", f"{blocker}/x.yaml"), 2)
    assert f"cannot write {blocker}/x.yaml" in suite
    export = _one_line_error(cli("replay", "latest", "--export", f"{blocker}/run"), 2)
    assert f"cannot export the run to {blocker}/run" in export


class _Shape(BaseModel):
    count: int


def _validation_error() -> Exception:
    try:
        _Shape.model_validate({"count": "many"})
    except Exception as exc:
        return exc
    raise AssertionError("the model accepted a bad count")


@pytest.mark.parametrize(
    "bug",
    [ValueError("bad state"), KeyError("seq"), _validation_error()],
    ids=["ValueError", "KeyError", "ValidationError"],
)
def test_a_bug_says_it_is_one_and_exits_1(
    files: dict[str, str], bug: Exception, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Our own code failing (here: opening the store) is not the user's mistake."""

    def broken(cls: type, path: object) -> Store:
        raise bug

    monkeypatch.setattr(Store, "open", classmethod(broken))
    monkeypatch.delenv("AGENTCLI_DEBUG", raising=False)
    line = _one_line_error(cli("runs", "list", "--db", files["db"]), 1)
    assert line.startswith(f"error: a bug in agentcli: {type(bug).__name__}: ")
    assert "AGENTCLI_DEBUG=1" in line


#: `agentcli runs list` in a real process, with opening the store broken by a bug
BROKEN_STORE = """\
import sys
from agentcli.trace.store import Store

def broken(cls, path):
    raise KeyError("seq")

Store.open = classmethod(broken)
sys.argv = ["agentcli", "runs", "list", "--db", sys.argv[1]]
from agentcli.cli.entry import main
main()
"""


@pytest.mark.parametrize("debug", [False, True], ids=["plain", "AGENTCLI_DEBUG"])
def test_agentcli_debug_shows_the_traceback_of_a_bug(files: dict[str, str], debug: bool) -> None:
    env = {k: v for k, v in os.environ.items() if k != "AGENTCLI_DEBUG"}
    if debug:
        env["AGENTCLI_DEBUG"] = "1"
    done = subprocess.run(
        [sys.executable, "-c", BROKEN_STORE, files["db"]],
        env=env,
        capture_output=True,
        text=True,
        timeout=PATIENCE,
    )
    assert done.returncode == 1
    if debug:
        assert "Traceback (most recent call last)" in done.stderr
        assert done.stderr.rstrip().endswith("KeyError: 'seq'")
    else:
        assert done.stderr == (
            "error: a bug in agentcli: KeyError: 'seq' "
            "(run again with AGENTCLI_DEBUG=1 to see the traceback)\n"
        )
