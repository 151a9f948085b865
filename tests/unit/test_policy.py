"""The policy file and the gate."""

from __future__ import annotations

from pathlib import Path

import pytest

from agentcli.actions import ACTION_TYPES, Effect, parse_action
from agentcli.policy import PolicyFileError, PolicyGate, SessionCounters, load_policy
from agentcli.policy.config import Confirmation

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


MONEY_MOVING = {
    "place_order",
    "cancel_order",
    "return_items",
    "exchange_items",
    "modify_order_items",
    "modify_order_payment",
    "book_trip",
    "cancel_booking",
    "checkout_basket",
}


def test_the_actions_declare_which_of_them_move_money() -> None:
    assert {n for n, cls in ACTION_TYPES.items() if cls.moves_money} == MONEY_MOVING
    assert all(ACTION_TYPES[n].effect is Effect.WRITE for n in MONEY_MOVING)


@pytest.mark.parametrize("name", sorted(MONEY_MOVING))
def test_a_policy_exempting_a_money_moving_write_is_refused_with_its_line(
    tmp_path: Path, name: str
) -> None:
    f = tmp_path / "p.toml"
    f.write_text(f'# exemptions\n[confirmation]\nexempt = [\n  "add_to_cart",\n  "{name}",\n]\n')
    with pytest.raises(PolicyFileError) as info:
        load_policy(f)
    assert str(info.value) == (
        f"{f}: line 5: confirmation.exempt: {name} moves money, so it always needs the "
        "customer's explicit yes and cannot be exempted"
    )


def test_an_exemption_naming_no_action_is_refused(tmp_path: Path) -> None:
    f = tmp_path / "p.toml"
    f.write_text('confirmation.exempt = ["add_to_cart", "place-order"]\n')
    with pytest.raises(
        PolicyFileError, match="line 1: confirmation.exempt: there is no action named 'place-order'"
    ):
        load_policy(f)


def test_the_gate_never_exempts_a_money_moving_write_even_unvalidated() -> None:
    defaults = load_policy(None)
    forged = defaults.model_copy(
        update={
            "confirmation": Confirmation.model_construct(
                exempt=("add_to_cart", "place_order"), exempt_for_models=True
            )
        }
    )
    verdict = PolicyGate(forged).check(ORDER, SessionCounters(), amount=5)
    assert verdict.outcome == "confirm"


def test_an_exemption_never_skips_the_operators_approval() -> None:
    gate = PolicyGate(load_policy(None))
    below = gate.check(CART, SessionCounters(), amount=999.0)
    assert (below.outcome, below.needs_approval) == ("allow", False)
    above = gate.check(CART, SessionCounters(), amount=1000.01)
    assert (above.outcome, above.needs_approval) == ("allow", True)
    assert "above the approval threshold of 1000.00" in above.reasons[1]


def test_the_session_threshold_asks_the_operator_once_the_total_crosses_it(tmp_path: Path) -> None:
    f = tmp_path / "p.toml"
    f.write_text("[approval]\nthreshold = 500\nsession_threshold = 100\n")
    gate = PolicyGate(load_policy(f))
    under = gate.check(ORDER, SessionCounters(money_total=60.0), amount=40.0)
    assert (under.outcome, under.needs_approval) == ("confirm", False)
    over = gate.check(ORDER, SessionCounters(money_total=60.0), amount=40.01)
    assert (over.outcome, over.needs_approval) == ("confirm", True)
    assert over.reasons[1] == (
        "this session's total would be 100.01, above the session threshold of 100.00"
    )
    assert not gate.check(CART, SessionCounters(money_total=99.0), amount=5.0).needs_approval
    assert load_policy(None).approval.session_threshold is None


@pytest.mark.parametrize("key", ["threshold", "session_threshold"])
@pytest.mark.parametrize("value", ["inf", "-inf", "nan", "+inf", "-1.0", "-0.01"])
def test_an_amount_that_is_not_finite_and_non_negative_names_its_key_and_file(
    tmp_path: Path, key: str, value: str
) -> None:
    f = tmp_path / "p.toml"
    f.write_text(f"[quotas]\nmax_writes_per_session = 3\n\n[approval]\n{key} = {value}\n")
    with pytest.raises(PolicyFileError) as info:
        load_policy(f)
    reason = (
        "Input should be a finite number"
        if value.endswith(("inf", "nan"))
        else "Input should be greater than or equal to 0"
    )
    assert str(info.value) == f"{f}: line 5: approval.{key}: {reason}"
