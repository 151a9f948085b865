"""Reads a postal address as people write one: with or without commas, the state as two
letters or written out, the order it is for named before or after it.

"to 12 Oak St, Apt 3, Austin, TX 78701", "is 77 Market St apt 12 San Francisco CA 94105",
"to my office: 350 5th Ave, New York NY 10118", "14 Elm Road, Austin, Texas 78704, please".
"""

from __future__ import annotations

import re

#: the states written out, as the shop's addresses keep them: two letters
STATES = {
    "alabama": "AL", "alaska": "AK", "arizona": "AZ", "arkansas": "AR", "california": "CA",
    "colorado": "CO", "connecticut": "CT", "delaware": "DE", "florida": "FL", "georgia": "GA",
    "hawaii": "HI", "idaho": "ID", "illinois": "IL", "indiana": "IN", "iowa": "IA",
    "kansas": "KS", "kentucky": "KY", "louisiana": "LA", "maine": "ME", "maryland": "MD",
    "massachusetts": "MA", "michigan": "MI", "minnesota": "MN", "mississippi": "MS",
    "missouri": "MO", "montana": "MT", "nebraska": "NE", "nevada": "NV",
    "new hampshire": "NH", "new jersey": "NJ", "new mexico": "NM", "new york": "NY",
    "north carolina": "NC", "north dakota": "ND", "ohio": "OH", "oklahoma": "OK",
    "oregon": "OR", "pennsylvania": "PA", "rhode island": "RI", "south carolina": "SC",
    "south dakota": "SD", "tennessee": "TN", "texas": "TX", "utah": "UT", "vermont": "VT",
    "virginia": "VA", "washington": "WA", "west virginia": "WV", "wisconsin": "WI",
    "wyoming": "WY", "district of columbia": "DC",
}  # fmt: skip
_STATE_NAME = re.compile(
    r"(?<![\w-])(" + "|".join(sorted(STATES, key=len, reverse=True)) + r")\.?(?=,?\s+\d{5}\b)",
    re.IGNORECASE,
)
STATE_ZIP = re.compile(r"^(?:(?P<city>.*?)\s+)?(?P<state>[A-Za-z]{2})\s+(?P<zip>\d{5}(?:-\d{4})?)$")
#: the word an address follows: 'to …', 'is …', 'it should be …', 'use …', 'new address …'
ADDRESS_AFTER = re.compile(
    r"(?:\b(?:to|is|at|now|be|been|use|address|actually|it'?s|here'?s)|:|\s[-–—]+)\s+"
    r"(\d[^,]*(?:,.*)?)$",
    re.IGNORECASE,
)
COUNTRY = re.compile(r"^(usa|us|united states(?: of america)?|[a-z][a-z .]{3,})$", re.IGNORECASE)
#: the word that ends a street: where a comma-less address turns from street to unit or city
STREET_END = re.compile(
    r"^(.*?\b(?:st|street|ave|avenue|rd|road|dr|drive|blvd|boulevard|ln|lane|way|ct|court|pl|"
    r"place|ter|terrace|pkwy|parkway|hwy|highway|cir|circle|sq|square|trl|trail|row|loop|"
    r"broadway)\.?)\s+(.+)$",
    re.IGNORECASE,
)
UNIT = re.compile(
    r"^((?:apt|apartment|unit|suite|ste|flat|fl|floor|#)\.?\s*#?\s*\w+)\s+(.+)$", re.I
)
UNIT_ONLY = re.compile(r"(?:apt|apartment|unit|suite|ste|flat|fl|floor|#)\.?\s*#?\s*\w+", re.I)
#: the order named around the address: 'it should go to …, order W2417020'
_ORDER_TAIL = re.compile(
    r"(\b\d{5}(?:-\d{4})?)[\s,;.!-]+(?:(?:for|on|of|in) )?(?:(?:my|the) )?(?:order\s*)?"
    r"(?:number\s*)?#?\s*[wW]\s?\d{7}\b.*$"
)


def parse_address(line: str) -> dict[str, str] | None:
    """'12 Oak St, Apt 3, Austin, TX 78701[, USA]' (after 'to', 'is' or ':') → the six τ²
    address fields; None when it is not a whole address."""
    line = re.sub(r"\s*(?:→|⇒|-+>|=+>)\s*", " to ", line)  # '… W9121070 → 45 Lake Dr, …'
    line = _ORDER_TAIL.sub(r"\1", line.strip())
    line = re.sub(  # 'TX 78701 instead of Philadelphia', '… 78701, not the old one please'
        r"(\b\d{5}(?:-\d{4})?)[\s,.;!]+(?:and\s+)?(?:instead|rather than|not|in place of|"
        r"replacing|please|pls|thanks|thank you|asap|thx|ty)\b.*$",
        r"\1",
        line,
        flags=re.I,
    )
    line = re.sub(r"[\s,]*\b(instead|please|pls|thanks|thank you)\W*$", "", line, flags=re.I)
    line = _STATE_NAME.sub(lambda m: STATES[m.group(1).lower()], line)
    found = ADDRESS_AFTER.search(line.strip().rstrip(".!?"))
    if not found:
        return None
    parts = [p.strip() for p in found.group(1).split(",") if p.strip()]
    country = "USA"
    if len(parts) > 1 and COUNTRY.match(parts[-1]) and not STATE_ZIP.match(parts[-1]):
        named = parts.pop()
        country = (
            "USA"
            if named.lower().replace(".", "")
            in ("usa", "us", "united states", "united states of america")
            else named
        )
    if not parts:
        return None
    tail = STATE_ZIP.match(parts.pop())
    if tail is None:
        return None
    city = (tail.group("city") or "").strip()
    if not parts and city:  # no commas: '77 Market St apt 12 San Francisco'
        parts, city = _split_street(city)
    if not city and parts and len(parts) > 1:
        city = parts.pop()
    if len(parts) == 1 and UNIT.match(city):  # '1 Main St, apt 4 Austin TX 78701'
        unit = UNIT.match(city)
        assert unit is not None
        parts, city = [parts[0], unit.group(1)], unit.group(2)
    street = STREET_END.match(parts[0]) if len(parts) == 1 else None
    if street and UNIT_ONLY.fullmatch(street.group(2)):  # '8 Elm St Apt 2, Denver CO 80202'
        parts = [street.group(1), street.group(2)]
    if not city or not parts or len(parts) > 2:
        return None
    return {
        "address1": parts[0],
        "address2": parts[1] if len(parts) > 1 else "",
        "city": city,
        "state": tail.group("state").upper(),
        "country": country,
        "zip": tail.group("zip"),
    }


def _split_street(text: str) -> tuple[list[str], str]:
    """'77 Market St apt 12 San Francisco' → (['77 Market St', 'apt 12'], 'San Francisco')."""
    street = STREET_END.match(text)
    if street is None:
        return [], ""
    rest = street.group(2)
    unit = UNIT.match(rest)
    if unit:
        return [street.group(1), unit.group(1)], unit.group(2)
    return [street.group(1)], rest
