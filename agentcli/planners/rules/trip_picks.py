"""Picking one of the offers shown: by position, price, departure time or stars.

"the first one", "2", "the cheapest", "the earliest", "the last flight out", "the 9am one",
"the one at 14:30", "the morning one", "the 4 star one". A pick is an int (a position, or
CHEAPEST / DEAREST) or a word the offers are read by ("earliest", "at 09:00", "stars 4").
"""

from __future__ import annotations

import re
from typing import Any

from agentcli.planners.rules.reading import CHEAPEST, DEAREST, bare_position, position

Pick = int | str
Record = dict[str, Any]
#: how it is paid, said beside the pick: 'the trans atlas one, on my card'
PAID = re.compile(
    r"\b(?:(?:on|with|using|via|by|and pay with|pay with|paid with)\s+)?(?:my\s+|the\s+)?"
    r"(?:(?:visa|mastercard|amex|discover)\s+)?(?:(?:credit|debit)\s+)?"
    r"(?:card|mastercard|visa|amex|paypal|gift\s*card)\b(?:\s+ending(?:\s+in)?\s+\d{4}\b)?"
)
#: the verb that pays, before the method: '…, charge my visa', 'and put it on the card'
PAYING = re.compile(
    r"(?:,|\band\b)?\s*\b(?:charge|bill|put|pay(?: for)?|use)\b(?:\s+(?:it|that|this|them))?"
    r"(?:\s+(?:to|on|with|using|via|by))?(?=\s+(?:my\s+|the\s+|a\s+)?(?:visa|mastercard|amex|"
    r"discover|credit|debit|card|paypal|gift))"
)
PARTS = {"morning": (5, 12), "afternoon": (12, 17), "evening": (17, 24), "night": (19, 24)}


def pick_words(text: str) -> Pick | None:
    """What a line picks from the offers shown, or None when it picks nothing."""
    words = re.sub(r"\b(?:pls|please|plz|thanks|thx|ok|okay|yes|yeah|sure)\b|[,.!]", " ", text)
    words = " ".join(PAID.sub(" ", PAYING.sub(" ", words)).split())
    one = r"\s+(?:one|flight|hotel|option|room|place)\b"
    if re.search(
        rf"\b(?:earliest|soonest|first (?:flight|one) out|first thing)\b|\bearlier{one}", words
    ):
        return "earliest"
    if re.search(rf"\b(?:latest|last (?:flight|one) out)\b|\blater{one}", words):
        return "latest"
    if re.search(
        rf"\b(?:cheapest|least expensive|lowest[- ]priced|best price|budget one)\b|"
        rf"\b(?:cheaper|less expensive){one}",
        words,
    ):
        return CHEAPEST
    if re.search(
        rf"\b(?:most expensive|priciest|dearest|fanciest|poshest)\b|"
        rf"\b(?:pricier|more expensive|dearer|fancier|nicer){one}",
        words,
    ):
        return DEAREST
    if re.search(r"\b(?:best|highest|top)[- ](?:rated|reviewed|rating)\b|\bbest reviews\b", words):
        return "best rated"
    if re.search(r"\b(?:shortest|fastest|quickest)\b", words):
        return "shortest"
    clock = re.search(r"\b(\d{1,2})(?::(\d{2}))?\s*(am|pm|a\.m\.|p\.m\.)", words) or re.search(
        r"\b(\d{1,2}):(\d{2})\b()", words
    )
    if clock:
        hour = int(clock.group(1)) % 12 + (12 if clock.group(3).startswith("p") else 0)
        if not clock.group(3):
            hour = int(clock.group(1))
        return f"at {hour:02d}:{clock.group(2) or '00'}"
    said = re.search(
        r"\b(?:at|around|about)\s+(\d{1,2})\b(?!\s*(?:stars?|nights?|people|guests|:))|"
        r"\b(\d{1,2})\s*o'?\s*clock\b|\bthe\s+(\d{1,2})\s+(?:one|flight)\b",
        words,
    )
    if said and 1 <= int(said.group(1) or said.group(2) or said.group(3)) <= 12:
        return f"hour {int(said.group(1) or said.group(2) or said.group(3))}"
    part = re.search(r"\b(morning|afternoon|evening|night)\b", words)
    if part and re.search(r"\b(?:one|flight)\b", words):
        return f"part {part.group(1)}"
    stars = re.search(r"\b(\d)[- ]?stars?\b", words)
    if stars:
        return f"stars {stars.group(1)}"
    unpartied = re.sub(
        r"\s+for\s+(?:\d+|two|three|four|five|both|all|me|us|the|my)\b.*$", "", words
    )
    named = (
        re.search(r"\b([a-z]{2}\d{3,4})\b", words)
        or re.search(
            r"^(?:(?:ok|so|then)\s+)?(?:let'?s\s+)?(?:go with|take|book|choose|pick|i'?ll take|"
            r"i'?ll go with|i want|i prefer|prefer)\s+(?:the\s+)?([a-z][a-z ]{2,30}?)"
            r"(?: one| flight| hotel| room| place| option| choice| offer| deal)?$",
            unpartied,
        )
        or re.search(r"\bthe ([a-z][a-z ]{2,30}?) (?:one|hotel|flight|room|place)\b", words)
        or re.search(r"\bthe (?:one|flight|hotel) (?:with|on|by|from) ([a-z][a-z ]{2,30})$", words)
    )
    if named and not re.fullmatch(
        r"(?:first|second|third|last|next|other|same|that|this|them|both|top|bottom|final|"
        r"former|latter|\w+est)",
        named[1],
    ):
        return f"named {named.group(1)}"
    found = position(words) or bare_position(words)
    if found is None and re.fullmatch(r"(?:the )?(?:that|this) one|it", words):
        return None
    return found


def _names(offer: Record, words: list[str]) -> bool:
    """Every word said is in the offer's hotel name, airline or flight number."""
    hotel, flight = offer.get("hotel") or {}, offer.get("flight") or {}
    told = " ".join(
        str(v) for v in (hotel.get("name"), flight.get("airline"), flight.get("number")) if v
    ).lower()
    return all(re.search(rf"\b{re.escape(w)}", told) for w in words)


def fitting(offers: list[Record], kind: str, pick: Pick | None) -> list[int]:
    """The positions (from 1) of every offer a word pick fits, to ask which when several do."""
    if not isinstance(pick, str) or pick in ("earliest", "latest", "best rated", "shortest"):
        return []
    return [n for n, o in enumerate(offers, 1) if choose([o], kind, pick) is o]


def choose(offers: list[Record], kind: str, pick: Pick | None) -> Record | None:
    """The offer a pick means in the list shown, or None when none or several fit."""
    fits: list[Record]
    if pick is None or not offers:
        return None
    price = "price_minor" if kind == "hotel" else "fare_minor"
    if isinstance(pick, int):
        if pick == -1:
            return offers[-1]
        if pick in (CHEAPEST, DEAREST):
            return (min if pick == CHEAPEST else max)(offers, key=lambda o: o.get(price, 0))
        return offers[pick - 1] if 1 <= pick <= len(offers) else None
    departs = [(str(o.get("departs_at", ""))[11:16], o) for o in offers]
    if pick in ("earliest", "latest") and kind == "flight":
        return (min if pick == "earliest" else max)(departs, key=lambda d: d[0])[1]
    if pick == "best rated" and kind == "hotel":
        return max(offers, key=lambda o: float((o.get("hotel") or {}).get("rating") or 0))
    if pick == "shortest" and kind == "flight":
        quickest = min(int(o.get("duration_minutes") or 0) for o in offers)
        fits = [o for o in offers if int(o.get("duration_minutes") or 0) == quickest]
        return fits[0] if len(fits) == 1 else None
    fits = []
    if pick.startswith("hour "):
        hour = int(pick[5:]) % 12
        fits = [o for hhmm, o in departs if hhmm and int(hhmm[:2]) in (hour, hour + 12)]
    elif pick.startswith("at "):
        fits = [o for hhmm, o in departs if hhmm == pick[3:]] or [
            o for hhmm, o in departs if hhmm[:2] == pick[3:5]
        ]
    elif pick.startswith("part "):
        low, high = PARTS[pick[5:]]
        fits = [o for hhmm, o in departs if hhmm and low <= int(hhmm[:2]) < high]
    elif pick.startswith("named "):
        fits = [o for o in offers if _names(o, pick[6:].split())]
    elif pick.startswith("stars "):
        fits = [o for o in offers if str((o.get("hotel") or {}).get("stars")) == pick[6:]]
    return fits[0] if len(fits) == 1 else None
