"""Bad input at the command line: one clear line on stderr, a non-zero exit, nothing lost."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

from tests.e2e.helpers import HARPER, chat, cli


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
