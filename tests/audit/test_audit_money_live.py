"""`agentcli audit money --connectors live` reads the served vendors' books over HTTP and
reaches the same verdict as reading their files."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

from tests.e2e.helpers import HARPER, chat, cli
from tests.e2e.test_live_mode import Served, served  # noqa: F401 - the module's own server


def _audit(*args: str) -> tuple[int, list[tuple[str, str]]]:
    result = cli("audit", "money", "--json", *args)
    assert result.exit_code in (0, 1), result.output
    report = json.loads(result.stdout)
    return result.exit_code, [(v["rule"], v["vendor"]) for v in report["violations"]]


def test_live_books_agree_then_name_a_refund_above_its_capture(
    served: Served,  # noqa: F811
    agentcli_home: Path,
) -> None:
    checkout = chat(
        f"I'm {HARPER}",
        "find a notebook",
        "show me the second one",
        "add it",
        "checkout with my gift card",
        "yes",
        args=served.live,
    )
    assert checkout.exit_code == 0 and "is placed" in checkout.stdout, checkout.output
    assert _audit(*served.live) == (0, [])
    db = sqlite3.connect(served.sandbox / "pay.sqlite")
    with db:
        db.execute("UPDATE intents SET amount_refunded = amount_received + 1")
    db.close()
    verdict = _audit(*served.live)
    # refunded beyond the capture: the order is no longer paid for either
    assert verdict == (1, [("refund_above_capture", "pay"), ("order_without_payment", "shop")])
    assert _audit("--sandbox", str(served.sandbox)) == verdict


def test_a_vendor_that_does_not_answer_is_exit_2(tmp_path: Path, agentcli_home: Path) -> None:
    config = tmp_path / "connectors.yaml"
    config.write_text(
        "vendors:\n  shop: {base_url: 'http://127.0.0.1:9/'}\n"
        "  pay: {base_url: 'http://127.0.0.1:9/'}\n"
    )
    agentcli_home.mkdir(parents=True, exist_ok=True)
    sqlite3.connect(agentcli_home / "traces.sqlite").close()
    result = cli("audit", "money", "--connectors", "live", "--connectors-config", str(config))
    assert result.exit_code == 2, result.output
    assert result.stderr.startswith("error: pay at http://127.0.0.1:9")
    assert len(result.stderr.strip().splitlines()) == 1
