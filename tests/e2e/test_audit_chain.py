"""`agentcli audit verify` notices a cut tail and a chain recomputed after an edit, as an
attacker with the trace database (but not the secret key) would make them."""

from __future__ import annotations

import hashlib
import json
import shutil
import sqlite3
from pathlib import Path

import pytest

from agentcli.trace.chain import GENESIS, ChainKey, legacy_hash
from tests.e2e.helpers import HARPER, chat, cli

CHECKOUT = (
    f"I'm {HARPER}",
    "find a notebook",
    "show me the second one",
    "add it",
    "checkout with my gift card",
    "yes",
)
GOLDEN = Path(__file__).resolve().parents[1] / "golden"
_AMOUNT = "29.28"  # the notebook the checkout buys
_FIELDS = "run_id, seq, kind, ts, span_id, parent_span_id, payload"


@pytest.fixture
def checkout_db(agentcli_home: Path) -> Path:
    """A real checkout recorded through `agentcli chat`: saga, charge and all."""
    result = chat(*CHECKOUT)
    assert result.exit_code == 0, result.output
    assert "is placed" in result.stdout
    assert cli("audit", "verify").exit_code == 0
    return agentcli_home / "traces.sqlite"


def _sql(db: Path, *statements: tuple[str, list]) -> None:
    conn = sqlite3.connect(db)
    for sql, params in statements:
        conn.execute(sql, params)
    conn.commit()
    conn.close()


def _run_and_count(db: Path) -> tuple[str, int]:
    conn = sqlite3.connect(db)
    run_id, count = conn.execute("SELECT run_id, COUNT(*) FROM events GROUP BY run_id").fetchone()
    conn.close()
    return run_id, count


def _rehash(db: Path, link: object) -> str:
    """Recompute every link (and the run row's head) the way `link` hashes; return the head."""
    conn = sqlite3.connect(db)
    rows = conn.execute(f"SELECT {_FIELDS} FROM events ORDER BY seq").fetchall()
    prev = GENESIS
    for run_id, seq, kind, ts, span, parent, payload in rows:
        digest = link(prev, run_id, seq, kind, ts, span, parent, payload)  # type: ignore[operator]
        conn.execute(
            "UPDATE events SET prev_hash = ?, hash = ? WHERE run_id = ? AND seq = ?",
            [prev, digest, run_id, seq],
        )
        prev = digest
    conn.execute("UPDATE runs SET chain_head = ?", [prev])
    conn.commit()
    conn.close()
    return prev


def test_a_cut_tail_is_named_by_its_first_missing_link(checkout_db: Path) -> None:
    run_id, count = _run_and_count(checkout_db)
    kinds = [
        k
        for (k,) in sqlite3.connect(checkout_db).execute(
            "SELECT kind FROM events ORDER BY seq DESC LIMIT 15"
        )
    ]
    assert "saga_started" in kinds or "step_succeeded" in kinds  # the tail holds the charge
    _sql(checkout_db, ("DELETE FROM events WHERE seq > ?", [count - 15]))
    result = cli("audit", "verify")
    assert result.exit_code == 1, result.output
    assert f"BROKEN  {run_id} at event {count - 14}" in result.stdout
    assert f"link {count - 14}-{count} is missing" in result.stdout


def test_a_cut_tail_with_the_run_row_rewritten_to_match_is_caught(checkout_db: Path) -> None:
    _, count = _run_and_count(checkout_db)
    keep = count - 15
    _sql(
        checkout_db,
        ("DELETE FROM events WHERE seq > ?", [keep]),
        (
            "UPDATE runs SET chain_count = ?, chain_head = (SELECT hash FROM events WHERE seq = ?)",
            [keep, keep],
        ),
    )
    result = cli("audit", "verify")
    assert result.exit_code == 1
    assert f"at event {keep + 1}: the run row's chain head was rewritten" in result.stdout


def _edit_the_amount_shown(db: Path) -> int:
    """The policy decision now says the customer was asked about $0.01; returns its seq."""
    _sql(
        db,
        (
            f"UPDATE events SET payload = replace(payload, '{_AMOUNT}', '0.01') "
            "WHERE kind = 'policy_decision'",
            [],
        ),
    )
    [(seq,)] = sqlite3.connect(db).execute(
        "SELECT seq FROM events WHERE payload LIKE '%0.01%' AND kind = 'policy_decision'"
    )
    return int(seq)


def test_an_edit_with_the_unkeyed_chain_recomputed_is_caught(checkout_db: Path) -> None:
    seq = _edit_the_amount_shown(checkout_db)
    plain = cli("audit", "verify")
    assert plain.exit_code == 1
    assert f"at event {seq}: content changed after it was recorded" in plain.stdout
    _rehash(checkout_db, legacy_hash)
    result = cli("audit", "verify")
    assert result.exit_code == 1
    assert "at event 1: content changed after it was recorded" in result.stdout


def test_a_chain_recomputed_with_another_key_is_caught(checkout_db: Path) -> None:
    _edit_the_amount_shown(checkout_db)
    _rehash(checkout_db, ChainKey(b"attacker's own key, 32 bytes...").link)
    result = cli("audit", "verify")
    assert result.exit_code == 1
    assert "at event 1: content changed" in result.stdout


def test_a_run_passed_off_as_one_from_before_sealed_heads_is_caught(checkout_db: Path) -> None:
    _rehash(checkout_db, legacy_hash)
    _sql(
        checkout_db,
        (
            "UPDATE runs SET chain_count = NULL, chain_head = NULL, chain_key = NULL,"
            " chain_seal = NULL",
            [],
        ),
    )
    result = cli("audit", "verify")
    assert result.exit_code == 1
    assert "sealed chain head was removed" in result.stdout


def test_the_key_file_verifies_a_copy_elsewhere(
    checkout_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    key = checkout_db.parent / "secret.key"
    copy = tmp_path / "copy.sqlite"
    shutil.copy(checkout_db, copy)
    kept_key = shutil.copy(key, tmp_path / "kept.key")
    monkeypatch.setenv("AGENTCLI_HOME", str(tmp_path / "elsewhere"))  # no key there
    assert cli("audit", "verify", "--db", str(copy), "--key", str(kept_key)).exit_code == 0
    no_key = cli("audit", "verify", "--db", str(copy))
    assert no_key.exit_code == 2
    assert "give --key FILE" in no_key.stderr
    assert not (tmp_path / "elsewhere" / "secret.key").exists()  # verifying made no key
    other = tmp_path / "other.key"
    other.write_text(hashlib.sha256(b"other").hexdigest())
    wrong = cli("audit", "verify", "--db", str(copy), "--key", str(other))
    assert wrong.exit_code == 1
    assert "sealed with another key" in wrong.stdout
    missing = cli("audit", "verify", "--db", str(copy), "--key", str(tmp_path / "nope.key"))
    assert missing.exit_code == 2
    assert "no key file" in missing.stderr


def test_an_exported_run_verifies_and_its_cut_shows(checkout_db: Path, tmp_path: Path) -> None:
    export = tmp_path / "export"
    assert cli("replay", "latest", "--export", str(export)).exit_code == 0
    assert cli("audit", "verify", str(export)).exit_code == 0
    trace = export / "trace.json"
    document = json.loads(trace.read_text())
    count = len(document["events"])
    document["events"] = document["events"][:-3]
    trace.write_text(json.dumps(document))
    result = cli("audit", "verify", str(export))
    assert result.exit_code == 1
    assert f"link {count - 2}-{count} is missing" in result.stdout


@pytest.mark.parametrize("name", sorted(p.name for p in (GOLDEN / "runs").iterdir()))
def test_golden_runs_still_verify(name: str) -> None:
    run = GOLDEN / "runs" / name
    result = cli("audit", "verify", str(run), "--key", str(GOLDEN / "secret.key"))
    assert result.exit_code == 0, result.output
    sealed = json.loads((run / "trace.json").read_text())["run"].get("chain_head") is not None
    before = "recorded before agentcli sealed chain heads: a cut tail" in result.stdout
    assert before is not sealed, result.stdout
