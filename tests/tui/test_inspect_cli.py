"""`agentcli inspect` refuses bad input before any screen shows: one line, the right exit code."""

from __future__ import annotations

from pathlib import Path

from tests.e2e.helpers import cli


def test_missing_database_is_a_usage_error(tmp_path: Path):
    result = cli("inspect", "--db", str(tmp_path / "nope.sqlite"))
    assert result.exit_code == 2
    assert "no trace database" in result.stderr


def test_unknown_run_exits_1(tmp_path: Path):
    db = tmp_path / "traces.sqlite"
    from agentcli.trace.store import Store

    Store.open(db).close()
    result = cli("inspect", "ZZZZ", "--db", str(db))
    assert result.exit_code == 1
    assert "no run matches 'ZZZZ'" in result.stderr


def test_diff_needs_a_run(tmp_path: Path):
    db = tmp_path / "traces.sqlite"
    from agentcli.trace.store import Store

    Store.open(db).close()
    result = cli("inspect", "--diff", "X", "--db", str(db))
    assert result.exit_code == 2
    assert "--diff RUN_B needs a RUN" in result.stderr


def test_a_foreign_database_is_refused(tmp_path: Path):
    import sqlite3

    db = tmp_path / "other.sqlite"
    sqlite3.connect(db).execute("CREATE TABLE t (x)").connection.commit()
    result = cli("inspect", "--db", str(db))
    assert result.exit_code == 2
    assert "not an agentcli trace store" in result.stderr
