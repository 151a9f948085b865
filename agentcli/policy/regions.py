"""Blocked shipping regions: US states and countries, by ISO 3166 code or by name.

An entry names a US state (`TX`, `Texas`, `US-TX`) or a country (`MX`, `MEX`, `Mexico`); a
two-letter code that is both (`CA`: California and Canada) blocks both. An address is blocked
when its country is blocked, or when it is in the United States and its state is blocked.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from importlib import resources

US = "US"


@dataclass(frozen=True)
class Iso3166:
    """Names and codes, folded to upper case, each mapped to an ISO code."""

    countries: dict[str, str]
    states: dict[str, str]


def _fold(text: str) -> str:
    return " ".join(text.replace(".", " ").split()).upper()


@cache
def iso3166() -> Iso3166:
    """The tables shipped in `iso3166.json` (ISO 3166-1, ISO 3166-2:US)."""
    data = json.loads(
        resources.files("agentcli.policy").joinpath("iso3166.json").read_text("utf-8")
    )
    countries: dict[str, str] = {}
    for alpha2, *aliases in data["countries"]:
        for alias in (alpha2, *aliases):
            countries.setdefault(_fold(alias), alpha2)
    states: dict[str, str] = {}
    for code, name in data["us_subdivisions"]:
        for alias in (code, f"US-{code}", name):
            states.setdefault(_fold(alias), code)
    return Iso3166(countries, states)


@dataclass(frozen=True)
class Region:
    """What one entry blocks: a US state, a country, or both (an ambiguous two-letter code)."""

    entry: str
    state: str | None
    country: str | None


def parse_region(entry: str) -> Region:
    """The entry as ISO codes; ValueError when it names neither a US state nor a country."""
    tables, key = iso3166(), _fold(entry)
    state, country = tables.states.get(key), tables.countries.get(key)
    if key.startswith("US-"):
        country = None  # ISO 3166-2 spelling: the state alone
    if state is None and country is None:
        raise ValueError(f"{entry!r} is neither a US state nor a country (ISO 3166 code or name)")
    return Region(entry, state, country)


def country_code(country: str | None) -> str | None:
    """An address's country as its ISO alpha-2 code (the United States when it is missing)."""
    if country is None or not country.strip():
        return US
    return iso3166().countries.get(_fold(country))


class BlockedRegions:
    """The policy's `shipping.blocked_regions`, ready to check addresses against."""

    def __init__(self, entries: tuple[str, ...]) -> None:
        self.regions = tuple(parse_region(entry) for entry in entries)

    def blocking(self, state: str | None, country: str | None) -> tuple[str, str] | None:
        """(the entry, the address's state or country it blocks), or None when none does."""
        if not self.regions or (state is None and country is None):
            return None
        code = country_code(country)
        state_code = iso3166().states.get(_fold(state)) if state and code == US else None
        for region in self.regions:
            if code is not None and region.country == code:
                return region.entry, country or code
            if state is not None and state_code is not None and region.state == state_code:
                return region.entry, state
        return None
