"""Blocked shipping regions match US states and countries by ISO 3166 code and by name."""

from __future__ import annotations

from pathlib import Path

import pytest

from agentcli.policy import PolicyFileError, load_policy
from agentcli.policy.regions import BlockedRegions, iso3166


@pytest.mark.parametrize(
    ("entry", "state", "country"),
    [
        ("TX", "TX", "USA"),
        ("Texas", "TX", "USA"),
        ("texas", "tx", "US"),
        ("US-TX", "Texas", "United States"),
        ("tx", "TEXAS", None),
        ("MX", "Jalisco", "Mexico"),
        ("Mexico", "Jalisco", "MX"),
        ("mex", "", "mexico"),
        ("MEXICO", None, "MEX"),
        ("United Mexican States", "Jalisco", "Mexico"),
        ("New York", "NY", "USA"),
        ("district of columbia", "DC", "USA"),
        ("Canada", "Ontario", "CA"),
        ("Georgia", "GA", "USA"),
        ("Georgia", "Tbilisi", "GE"),
    ],
)
def test_an_address_is_blocked_by_code_and_by_name(
    entry: str, state: str | None, country: str | None
) -> None:
    assert BlockedRegions((entry,)).blocking(state, country) is not None


@pytest.mark.parametrize(
    ("entry", "state", "country"),
    [
        ("TX", "CA", "USA"),
        ("Texas", "NM", "USA"),
        ("MX", "TX", "USA"),  # a US address in Texas is not in Mexico
        ("TX", "TX", "Mexico"),  # a state code only counts inside the United States
        ("US-CA", "Ontario", "Canada"),  # the ISO 3166-2 spelling names the state alone
        ("Canada", "CA", "USA"),  # the country's name: California is not in Canada
        ("Mexico", "New Mexico", "USA"),
    ],
)
def test_other_addresses_are_not_blocked(
    entry: str, state: str | None, country: str | None
) -> None:
    assert BlockedRegions((entry,)).blocking(state, country) is None


def test_a_code_that_is_both_a_state_and_a_country_blocks_both() -> None:
    blocked = BlockedRegions(("CA",))
    assert blocked.blocking("CA", "USA") == ("CA", "CA")
    assert blocked.blocking("Ontario", "Canada") == ("CA", "Canada")


def test_the_tables_hold_every_us_state_and_iso_country() -> None:
    tables = iso3166()
    assert len(set(tables.countries.values())) == 249
    states = {tables.states[name] for name in ("ALABAMA", "WYOMING", "DISTRICT OF COLUMBIA")}
    assert states == {"AL", "WY", "DC"}
    assert len({code for code in tables.states.values()}) == 57  # 50 + DC + 6 outlying areas


def test_an_entry_naming_no_state_or_country_is_refused_with_its_line(tmp_path: Path) -> None:
    f = tmp_path / "p.toml"
    f.write_text('[shipping]\nblocked_regions = [\n  "TX",\n  "Texsa",\n]\n')
    with pytest.raises(PolicyFileError) as info:
        load_policy(f)
    assert str(info.value) == (
        f"{f}: line 4: shipping.blocked_regions: 'Texsa' is neither a US "
        "state nor a country (ISO 3166 code or name)"
    )
