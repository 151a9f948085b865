"""A product named with what it must do: the list shown holds only the offers that do it, and
"the second one" is the second of that list, checked in the shop's own cart."""

from __future__ import annotations

from pathlib import Path

from tests.e2e.helpers import HARPER, HARPER_ID, chat, shop_cart_items

SIGN_IN = f"I'm {HARPER}"


def cart_options(home: Path) -> list[dict[str, str]]:
    return [dict(i["options"]) for i in shop_cart_items(home, HARPER_ID)]


def test_a_kettle_for_an_induction_hob_is_one_that_works_on_induction(
    agentcli_home: Path,
) -> None:
    result = chat(SIGN_IN, "I'm after a kettle I can use on an induction hob", "add the second one")
    assert result.exit_code == 0, result.output
    assert "stovetop compatibility gas" not in result.output
    [options] = cart_options(agentcli_home)
    assert options["stovetop compatibility"] == "induction"


def test_wifi_only_leaves_out_the_cellular_ones(agentcli_home: Path) -> None:
    result = chat(SIGN_IN, "I'm looking for an e-reader, wifi only", "add the third one")
    assert result.exit_code == 0, result.output
    assert "Cellular" not in result.output
    [options] = cart_options(agentcli_home)
    assert options["connectivity"] == "Wi-Fi"


def test_a_wish_no_offer_has_is_said_and_everything_found_is_shown(agentcli_home: Path) -> None:
    result = chat(SIGN_IN, "need a backpack that fits a laptop, budget 200")
    assert result.exit_code == 0, result.output
    assert 'None of them lists "laptop"' in result.output
    assert "Backpack (color" in result.output
