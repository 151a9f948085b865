"""The policy file and the gate."""

from __future__ import annotations

from pathlib import Path

import pytest

from agentcli.actions import parse_action
from agentcli.policy import PolicyFileError, PolicyGate, SessionCounters, load_policy

ORDER = parse_action({"action": "place_order", "payment_method_id": "gift_card_1"})
CART = parse_action({"action": "add_to_cart", "item_id": "1234567890"})
READ = parse_action({"action": "view_cart"})


def test_defaults_are_documented_values() -> None:
    policy = load_policy(None)
    assert policy.approval.threshold == 1000.0
    assert "add_to_cart" in policy.confirmation.exempt


def test_writes_need_confirmation_and_big_orders_approval() -> None:
    gate = PolicyGate(load_policy(None))
    counters = SessionCounters()
    assert gate.check(READ, counters).outcome == "allow"
    assert gate.check(CART, counters).outcome == "allow"
    small = gate.check(ORDER, counters, amount=999.99)
    assert (small.outcome, small.needs_approval) == ("confirm", False)
    big = gate.check(ORDER, counters, amount=1000.01)
    assert (big.outcome, big.needs_approval) == ("confirm", True)


def test_kill_switch_blocks_every_write(monkeypatch: pytest.MonkeyPatch) -> None:
    gate = PolicyGate(load_policy(None))
    monkeypatch.setenv("AGENTCLI_KILL_SWITCH", "1")
    assert gate.check(ORDER, SessionCounters(), amount=1).outcome == "block"
    assert gate.check(CART, SessionCounters()).outcome == "block"
    assert gate.check(READ, SessionCounters()).outcome == "allow"


def test_quota_and_blocked_region(tmp_path: Path) -> None:
    f = tmp_path / "p.toml"
    f.write_text("[quotas]\nmax_writes_per_session = 1\n[shipping]\nblocked_regions = ['CA']\n")
    gate = PolicyGate(load_policy(f))
    assert gate.check(ORDER, SessionCounters(writes=1), amount=5).outcome == "block"
    assert gate.check(ORDER, SessionCounters(), amount=5, region="ca").outcome == "block"


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("[approval]\nthreshold = \n", "line 2"),
        ("[approval]\nthreshold = -5\n", "approval.threshold"),
        ("[approvals]\nthreshold = 5\n", "approvals"),
    ],
)
def test_bad_policy_file_names_the_problem(tmp_path: Path, text: str, fragment: str) -> None:
    f = tmp_path / "p.toml"
    f.write_text(text)
    with pytest.raises(PolicyFileError) as info:
        load_policy(f)
    assert fragment in str(info.value)
    assert str(f) in str(info.value)
