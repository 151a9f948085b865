"""`--connectors live` for `test`, `conformance`, `replay` and `sandbox reset`, against a real
`agentcli sandbox serve` subprocess on free 127.0.0.1 ports."""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from sandbox.world import SandboxWorld
from tests.e2e.helpers import HARPER, HARPER_PENDING, chat, cli, latest_run_json, shop_hash
from tests.e2e.serving import sandbox_serving

PRISTINE_SHOP = "b25c9cb211f5efcaee5dd646054a73c4a9f43f4f5acc32c10713cd9f9ac20e9c"
HARPER_GIFT = "gift_card_6445682"

SUITE = f"""
suite: live
cases:
  - name: cancel a pending order
    turns:
      - user: I'm {HARPER}
      - user: "cancel order {HARPER_PENDING}, I no longer need it"
      - user: "yes"
    expect:
      state:
        orders: {{"{HARPER_PENDING}": cancelled}}
  - name: the next case starts from pristine vendors
    turns:
      - user: I'm {HARPER}
      - user: "where is order {HARPER_PENDING}"
        expect:
          reply_contains: pending
    expect:
      state:
        orders: {{"{HARPER_PENDING}": pending}}
  - name: a fault plan needs in-process vendors
    faults:
      - {{vendor: pay, fault: status, status: 503}}
    turns:
      - user: I'm {HARPER}
  - name: checkout with the gift card, money invariants read over HTTP
    turns:
      - user: I'm {HARPER}
      - user: find a notebook
      - user: add the first one
      - user: checkout with my gift card
      - user: "yes"
        expect:
          sagas: [place_order]
    expect:
      outcome: purchase
      invariants: [no_duplicate_charge, all_compensated_on_abort, refund_not_above_capture]
      state:
        gift_cards: {{{HARPER_GIFT}: 70.41}}
"""


@dataclass(frozen=True)
class Served:
    config: Path
    sandbox: Path

    @property
    def live(self) -> tuple[str, ...]:
        return ("--connectors", "live", "--connectors-config", str(self.config))

    def world(self) -> SandboxWorld:
        return SandboxWorld(self.sandbox)


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    """`agentcli sandbox serve` on free ports for the module; stopped by PID with SIGTERM."""
    base = tmp_path_factory.mktemp("served")
    sandbox = base / "sandbox"
    with sandbox_serving(base, sandbox) as config:
        yield Served(config, sandbox)


def _served_hash(served: Served) -> str:
    result = cli("sandbox", "state", "--hash", *served.live)
    assert result.exit_code == 0, result.output
    return result.stdout.strip()


def test_a_suite_runs_case_by_case_against_the_served_vendors(
    served: Served, tmp_path: Path
) -> None:
    suite = tmp_path / "live.suite.yaml"
    suite.write_text(SUITE)
    result = cli("test", str(suite), "--json", "-n", "4", *served.live)
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert [(r["name"], r["status"]) for r in report["cases"]] == [
        ("cancel a pending order", "passed"),
        ("the next case starts from pristine vendors", "passed"),
        ("a fault plan needs in-process vendors", "skipped"),
        ("checkout with the gift card, money invariants read over HTTP", "passed"),
    ]
    assert report["workers"] == 1  # one served world: the cases take turns
    assert "agentcli sandbox serve --faults" in report["cases"][2]["message"]
    assert "1 case(s) skipped" in result.stderr
    # the served vendors hold the last case's purchase (and the first case's cancel was reset)
    world_user = _shop_user(served, "harper_khan_9597")
    assert world_user["payment_methods"][HARPER_GIFT]["balance"] == 70.41
    assert _shop_order(served, HARPER_PENDING)["status"] == "pending"
    pay = json.loads(cli("sandbox", "state", "--vendor", "pay", *served.live).stdout)
    assert [i["status"] for i in pay["payment_intents"].values()] == ["succeeded"]
    run = latest_run_json()["run"]
    assert run["connectors_mode"] == "live"
    assert all(
        e["payload"]["url"].startswith("http://127.0.0.1:")
        for e in latest_run_json()["events"]
        if e["kind"] == "http_exchange"
    )


def test_a_state_expectation_fails_when_the_served_vendors_disagree(
    served: Served, tmp_path: Path
) -> None:
    suite = tmp_path / "wrong.suite.yaml"
    suite.write_text(
        SUITE.replace(f'"{HARPER_PENDING}": pending', f'"{HARPER_PENDING}": delivered')
    )
    result = cli("test", str(suite), "-k", "pristine", "--json", *served.live)
    assert result.exit_code == 1
    failure = json.loads(result.stdout)["cases"][0]["failures"][0]
    assert failure["check"] == f"state order {HARPER_PENDING}"
    assert (failure["expected"], failure["got"]) == ("delivered", "pending")


def test_conformance_resets_the_served_shop_before_each_task(served: Served) -> None:
    result = cli("conformance", "tau2-retail", "--task", "0", "--task", "1", "--json", *served.live)
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["initial_hash"] == PRISTINE_SHOP
    assert report["summary"] == {"pass": 2, "deviation": 0, "fail": 0, "unchecked": 0}
    # task 1 ran from pristine data (not on top of task 0), and its end state is what is served
    assert _served_hash(served) == report["tasks"][1]["hash"] != PRISTINE_SHOP
    assert shop_hash(Path(os.environ["AGENTCLI_HOME"])) == PRISTINE_SHOP  # own sandbox untouched


def test_sandbox_reset_over_sockets(served: Served) -> None:
    assert cli("conformance", "tau2-retail", "--task", "1", *served.live).exit_code == 0
    assert _served_hash(served) != PRISTINE_SHOP
    result = cli("sandbox", "reset", "--vendor", "shop", *served.live)
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("reset shop at http://127.0.0.1:")
    assert _served_hash(served) == PRISTINE_SHOP


def test_a_counterfactual_replay_sends_its_writes_to_the_served_vendors(
    served: Served, agentcli_home: Path
) -> None:
    assert cli("sandbox", "reset", *served.live).exit_code == 0
    recorded = chat(
        f"I'm {HARPER}",
        f"cancel order {HARPER_PENDING}, I no longer need it",
        "yes",
        args=("--quiet",),
    )
    assert recorded.exit_code == 0, recorded.output
    own = shop_hash(agentcli_home)
    result = cli(
        "replay",
        "latest",
        "--planner",
        "rules",
        "--allow-writes",
        "sandbox",
        "--json",
        *served.live,
    )
    assert result.exit_code == 0, result.output
    forwarded = json.loads(result.stdout)["forwarded"]
    assert any(f.startswith("POST http://shop.sandbox/orders/") for f in forwarded), forwarded
    assert _shop_order(served, HARPER_PENDING)["status"] == "cancelled"
    assert shop_hash(agentcli_home) == own  # the user's own sandbox saw nothing new


def test_a_run_over_sockets_replays_sealed_and_its_same_planner_replay_diffs_clean(
    served: Served, agentcli_home: Path
) -> None:
    assert cli("sandbox", "reset", *served.live).exit_code == 0
    recorded = chat(
        f"I'm {HARPER}",
        "find a notebook",
        "add the first one",
        "checkout with my gift card",
        "yes",
        args=("--quiet", *served.live),
    )
    assert recorded.exit_code == 0, recorded.output
    run = latest_run_json()
    assert run["run"]["connectors_mode"] == "live"
    cassette = Path(run["run"]["cassette"]).read_text()
    assert "http://127.0.0.1:" in cassette  # recorded where the vendors lived
    sealed = cli("replay", run["run"]["id"], "--check")
    assert sealed.exit_code == 0, sealed.output
    assert "OK: the events are the same" in sealed.stdout
    again = cli("replay", run["run"]["id"], "--planner", "rules")
    assert again.exit_code == 0, again.output
    diff = cli("diff", run["run"]["id"], "latest")
    assert diff.exit_code == 0, diff.output


def test_live_mistakes_get_one_line(served: Served, tmp_path: Path) -> None:
    suite = tmp_path / "live.suite.yaml"
    suite.write_text(SUITE)
    dead = tmp_path / "dead.yaml"
    text = served.config.read_text()
    shop_url = next(line.split()[-1] for line in text.splitlines() if "base_url" in line)
    dead.write_text(text.replace(shop_url, "http://127.0.0.1:9", 1))
    for feed in served.config.parent.glob("*.csv"):  # the product feeds it names, beside it
        shutil.copy(feed, tmp_path)
    unreachable = cli("test", str(suite), "--connectors", "live", "--connectors-config", str(dead))
    assert unreachable.exit_code == 2 and "shop at http://127.0.0.1:9" in unreachable.stderr
    sealed = cli("replay", "latest", "--check", *served.live)
    assert sealed.exit_code == 2 and "talks to vendors" in sealed.output
    for result in (unreachable, sealed):
        assert "Traceback" not in result.output


def _shop_order(served: Served, order_id: str) -> dict:
    from sandbox.shop import service
    from sandbox.shop.store import ShopStore

    with ShopStore(served.world().path_of("shop")).read() as tx:
        return service.get_order(tx, order_id)


def _shop_user(served: Served, user_id: str) -> dict:
    from sandbox.shop import service
    from sandbox.shop.store import ShopStore

    with ShopStore(served.world().path_of("shop")).read() as tx:
        return service.get_user(tx, user_id)
