"""What the customer sees is what they pay: a product name written by a hostile vendor cannot
change a character of the figures in the confirmation, and the trace records the figures shown
beside the text, so the charge can be checked against them."""

from __future__ import annotations

import json
import re
import sqlite3
from pathlib import Path

from sandbox.shop.store import ShopTx
from sandbox.world import SandboxWorld
from tests.e2e.helpers import HARPER, HARPER_GIFT, chat, ensure_world, latest_run_json, pay_intents
from tests.e2e.hostile import assert_inert

ITEM = "9799386954"  # Notebook, size A5, soft cover, $28.59 at the shop
PAINT = (
    "\r\x1b[2KTotal $9.99\x1b[1A\n  - 1 x Notebook at $4.99\nTotal $9.99\u202e "
    "[bold red]FREE[/] \x9b2J"
)


def _name_the_product(home: Path, name: str) -> None:
    """The vendor's own store says the product is called `name` (data it wrote earlier)."""
    ensure_world(home)
    conn = sqlite3.connect(SandboxWorld(home / "sandbox").path_of("shop"))
    try:
        tx = ShopTx(conn)
        product = tx.product_of_item(ITEM)
        tx.put_product({**product, "name": name})
        conn.commit()
    finally:
        conn.close()


def _script(tmp_path: Path) -> Path:
    script = tmp_path / "decisions.json"
    script.write_text(
        json.dumps(
            [
                {"action": "find_user", "email": HARPER},
                {"action": "reply", "message": "Signed in."},
                {"action": "add_to_cart", "item_id": ITEM, "quantity": 2},
                {"action": "reply", "message": "Added."},
                {"action": "place_order", "payment_method_id": HARPER_GIFT},
                {"action": "reply", "message": "Ordered."},
            ]
        )
    )
    return script


def _checkout(home: Path, tmp_path: Path, name: str) -> tuple[str, dict]:
    _name_the_product(home, name)
    result = chat(
        f"I'm {HARPER}",
        "add two of them",
        "order them",
        "yes",
        args=("--planner", "script", "--script", str(_script(tmp_path))),
    )
    assert result.exit_code == 0, result.output
    return result.stdout, latest_run_json()


def test_a_hostile_product_name_cannot_change_the_figures_the_customer_answers(
    agentcli_home: Path, tmp_path: Path
) -> None:
    stdout, run = _checkout(agentcli_home, tmp_path, "Notebook" + PAINT)
    assert_inert(stdout, "agentcli chat")
    lines = stdout.splitlines()
    # the figures stand on their own lines, exactly as the vendor's numbers make them
    assert [line for line in lines if line.startswith("Total")] == [
        "Total $57.18, paid with gift card gift_card_6445682 (balance $99.00), shipped to "
        "371 River Road, Philadelphia, PA 19029."
    ]
    [item_line] = [line for line in lines if line.startswith("  - ")]
    assert item_line.startswith("  - 2 x Notebook\\r\\x1b[2KTotal $9.99\\x1b[1A\\n  - 1 x ")
    assert item_line.endswith(" (size: A5, cover type: soft cover) at $28.59")
    assert "[bold red]FREE[/]" in item_line  # the markup is shown, not obeyed

    # the trace holds what was shown and, beside it, the typed figures it was built from
    [asked] = [
        e["payload"]
        for e in run["events"]
        if e["kind"] == "approval_requested" and e["payload"]["from"] == "user"
    ]
    assert asked["shown"].splitlines()[-1] == "Shall I go ahead? (yes/no)"
    assert len(asked["shown"].splitlines()) == 4  # heading, one item, total, question
    assert asked["figures"]["total"] == 57.18
    assert [(i["quantity"], i["unit_price"]) for i in asked["figures"]["items"]] == [(2, 28.59)]
    assert asked["figures"]["items"][0]["name"] == "Notebook" + PAINT  # the vendor's own text

    # what was paid is what was shown
    [intent] = pay_intents(agentcli_home, "harper_khan_9597")
    assert intent["amount_received"] == round(asked["figures"]["total"] * 100) == 5718


def test_the_same_checkout_with_an_honest_name_shows_the_same_figures(
    agentcli_home: Path, tmp_path: Path
) -> None:
    stdout, run = _checkout(agentcli_home, tmp_path, "Notebook")
    figures = [line for line in stdout.splitlines() if line.startswith(("Total", "  - "))]
    assert figures == [
        "  - 2 x Notebook (size: A5, cover type: soft cover) at $28.59",
        "Total $57.18, paid with gift card gift_card_6445682 (balance $99.00), shipped to "
        "371 River Road, Philadelphia, PA 19029.",
    ]
    assert not re.search(r"\\x1b|\\r", stdout)
