"""A swap of an order's item said by the option that changes, with no 'exchange … for …':
'material plastic -> glass', 'i want robotic not canister', 'should have the leather band
instead of metal', 'came in 28 inch, can I get it in 34 inch instead?', 'has the graphic design
but I'd really prefer the plain one'.

The new value is read from the wish; every other word of the line (the item's name, the value
it has now) says which item of the order it is, and the swap keeps the options not named.
"""

from __future__ import annotations

import os
import re
from typing import Any

from agentcli.planners.rules.change_params import without_method, words

_VALUE = r"[a-z0-9][a-z0-9 .'/-]{0,30}?"
#: where a value said ends: a clause's end or a word that is no part of it
_END = r"(?=\s+(?:one|ones|version|model|kind|type|please|pls|thanks|instead)\b|\s*[,.;!?]|\s*$)"
#: the old value and the new one joined by an arrow: 'material plastic -> glass'
ARROW = re.compile(rf"(?P<was>[^,;:!?]*?)\s*(?:->|→|=>|—>|-->)\s*(?P<new>{_VALUE}){_END}")
#: what the customer wants, said next to what they got: 'i want robotic not canister', 'should
#: have the leather band instead of metal', 'i ordered the 2l, not the 1l'
WANT_NOT = re.compile(
    r"\b(?:want(?:ed)?|need(?:ed)?|prefer(?:red)?|ordered|asked for|chose|picked|meant|"
    r"rather have|(?:'d|would) (?:like|love)|like|"
    r"should (?:have|be|'ve been|have been|come with)|supposed to (?:be|have))\s+"
    r"(?:it |them )?(?:in |with )?(?:the |a |an )?"
    rf"(?P<new>{_VALUE})(?:\s+(?:one|ones|version|model))?,?\s+"
    r"(?:not|instead of|rather than|than|in place of|and not|but not|over)\s+(?:the |a |an )?"
    rf"(?P<was>{_VALUE}){_END}"
)
#: what came said first, then what is wanted: 'i ordered red but actually want blue', 'the
#: kettle is steel, wanted it in glass'
GOT_WANT = re.compile(
    r"\b(?:ordered|got|received|bought|came in|came with|arrived in|is|are|was|were|it'?s|"
    r"they'?re)\s+"
    rf"(?:the |a |an |it in |them in |in )?(?P<was>{_VALUE})(?:\s+(?:one|ones|version|model))?"
    r",?\s+(?:but |and )?(?:i |we )?(?:actually |really |originally )?"
    r"(?:want|wanted|need|needed|prefer|preferred|would like|'d like|asked for)\s+"
    rf"(?:it |them )?(?:in |with )?(?:the |a |an )?(?P<new>{_VALUE}){_END}"
)
#: a clause that is only the new value and the old: 'desk lamp, USB instead of battery please',
#: '… exchange the helmet for blue instead of red'
BARE_INSTEAD = re.compile(
    r"(?:^|[,:;(]|\s[-–—]+|\b(?:for|to|into)\b)\s*(?:the |a |an )?"
    rf"(?P<new>{_VALUE})(?:\s+(?:one|ones|version|model))?"
    r"\s+(?:instead of|rather than|in place of)\s+(?:the |a |an )?"
    rf"(?P<was>{_VALUE}){_END}"
)
#: the same item asked for in another value: 'can I get it in 34 inch instead?', 'can i have
#: them in black instead', 'i'd like it in glass rather'
IN_INSTEAD = re.compile(
    r"\b(?:get|have|want|need|like|prefer|take|send)\s+(?:(?:it|them|one|that|this)\s+"
    rf"(?:in|with|as)\s+)?(?:the |a |an )?(?P<new>{_VALUE})"
    r"(?:\s+(?:one|ones|version|model))?\s+(?:instead|rather)\b(?! of\b| than\b)"
)
#: the one preferred to the one that came: 'I'd really prefer the plain one', 'i'd rather have
#: the blue version' (a swap only with an exchange asked, or with the value it has now said)
PREFER_ONE = re.compile(
    r"\b(?:prefer|rather have|would like|'d like|want|wanted)\s+(?:the|a|an)\s+"
    rf"(?P<new>{_VALUE})\s+(?:one|ones|version|model|kind|type)\b"
)
#: a swap asked for outright, or the value the item has now said: 'has the graphic design'
ASKED = re.compile(
    r"\b(?:exchange|swap|switch|change|replace|trade)\b|\b(?:has|have|came with|came in|is|are|"
    r"got)\s+(?:the |a |an )\S+"
)
#: a line that returns, cancels, adds to the cart or sends elsewhere is no swap
OTHER_CHANGE = re.compile(
    r"\b(?:add|cart|basket|buy|return|returning|send (?:it|them) back|cancel\w*|refund|"
    r"money back|address|(?:ship|send|deliver|go|goes)(?:ped|ing|ed|s)? to)\b"
)
#: a clause that only says how the difference is paid: 'paypal for the difference', 'charge
#: paypal if needed', 'my mastercard.'
_PAYMENT_CLAUSE = re.compile(
    r"[^,.;!?]*\b(?:paypal|pay pal|visa|mastercard|amex|discover|gift ?card|credit card|card|"
    r"difference|charge|refund|pay|paid)\b[^,.;!?]*"
)


#: words of when, how and how much an order comes, which no option of an item is: a line
#: with them is about the delivery, the price or the order's state, not another variant
_NOT_OPTIONS = frozenset(
    """
    here there now today tonight tomorrow yesterday week weeks weekend day days month months
    monday tuesday wednesday thursday friday saturday sunday soon sooner later late early earlier
    time delivered shipped processed arrived dispatched pending status tracking price cost costs
    total dollars bucks charged twice refund faster slower express standard overnight delivery
    shipping quantity
    """.split()
)
#: what an order is asked about besides its items: 'the price of W… is 50 but i wanted 40'
_ORDER_MATTERS = frozenset(
    "price cost costs total status tracking late delivery shipping charged refund".split()
)
#: words that ask for something more, not for the item otherwise
_MORE = frozenset("too also another more additional extra second spare".split())
#: the words of the wish itself, which name no item: 'i'd rather have …'
_WISHING = frozenset(
    "i'd id we'd rather have like love prefer want wanted need needed really would should "
    "could can may not than over is are was were actually".split()
)


def option_shift(line: str) -> tuple[list[str], list[str]] | None:
    """The old words (the item and what it has now) and the new value of a swap said by the
    option that changes, or None."""
    low = " ".join(line.lower().replace("\u2019", "'").split())
    low = paid_apart(low)
    if OTHER_CHANGE.search(low):
        return None
    for pattern in (ARROW, WANT_NOT, IN_INSTEAD, GOT_WANT, BARE_INSTEAD, PREFER_ONE):
        found = pattern.search(low)
        if found is None or (pattern is PREFER_ONE and not ASKED.search(low)):
            continue
        new = _clean(words(found["new"]))
        old = _clean(words(low[: found.start("new")] + " " + low[found.end("new") :]))
        if _MORE & set(new):  # 'is great but i want a case too': another thing, no swap
            return None
        if _NOT_OPTIONS & set(words(found.group(0))) or _ORDER_MATTERS & set(old):
            return None  # 'should be here by friday, not …', 'the price of W… is 50 but …'
        old = [w for w in old if w not in _WISHING]
        if new and old and not set(new) <= set(old):
            return old, new
    return None


def _clean(said: list[str]) -> list[str]:
    """The words without the stops and dashes a clause's end leaves on them ('canister.')."""
    return [w for w in (w.strip(".-'") for w in said) if w]


_YES_NO = frozenset({"yes", "no"})
_DENIED = frozenset({"no", "not", "non", "without"})


def yes_no_named(new: list[str], variants: list[dict[str, Any]]) -> list[str]:
    """The new words with an option that is only yes or no said by its name as that option's
    value: 'the water resistant version' is 'water resistance yes', 'not waterproof' its no."""
    keys = {
        key
        for v in variants
        for key in v["options"]
        if {str(x["options"].get(key, "")).lower() for x in variants} <= _YES_NO
    }
    out = list(new)
    for key in sorted(keys):
        naming = [w for w in out if any(_same_stem(w, k) for k in key.lower().split())]
        if not naming:
            continue
        value = "no" if _DENIED & set(out) else "yes"
        out = [w for w in out if w not in naming and w not in _DENIED] + [*key.split(), value]
    return out


def _same_stem(word: str, key_word: str) -> bool:
    """'resistant' names 'resistance', 'waterproof' names 'water'."""
    if len(key_word) < 4 or len(word) < 4:
        return word == key_word
    common = len(os.path.commonprefix([word, key_word]))
    return common >= min(5, len(key_word))


def by_values(variants: list[dict[str, Any]], new: list[str]) -> list[dict[str, Any]]:
    """The variants whose values, not only their options' names, have the words that some
    value has: 'bagged' names the value 'bagged', not the option 'bagged/bagless'."""

    def values(v: dict[str, Any]) -> set[str]:
        return {w for x in v["options"].values() for w in str(x).lower().split()}

    valued = [w for w in new if any(w in values(v) for v in variants)]
    kept = [v for v in variants if all(w in values(v) for w in valued)]
    return kept if valued and kept else variants


def paid_apart(low: str) -> str:
    """The line without the clauses that say how a difference is paid ('paypal if it costs
    more', 'my mastercard.'), so the rest reads as the change alone."""
    return _PAYMENT_CLAUSE.sub(" ", without_method(low))
