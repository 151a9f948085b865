"""A swap changes only what the customer asked to change: a value no variant has is said to be
unmade (never read as noise and matched loosely), a sold-out variant is said to be sold out, and
a variant that would change an option the customer did not name is asked about, never proposed.
"""

from __future__ import annotations

import re
from typing import Any

from agentcli.conversation.wording import describe_options
from agentcli.planners.rules.change_params import american

Record = dict[str, Any]

#: words that may follow an option's name without being its value ('size please')
_FILLERS = frozenset(
    "please pls instead one ones too also thanks thank same exact different other another new any "
    "and or but the a an in of for with that this it them they is are".split()
)


def _keys(variants: list[Record]) -> list[str]:
    return list(dict.fromkeys(str(k) for v in variants for k in v["options"]))


def _values(variants: list[Record], key: str, in_stock: bool = False) -> list[str]:
    """The values the option comes in, sorted as numbers when they are numbers."""
    found = {
        str(v["options"][key])
        for v in variants
        if key in v["options"] and (v["available"] or not in_stock)
    }

    def order(value: str) -> tuple[float, str]:
        number = re.fullmatch(r"\d+(?:\.\d+)?", value)
        return (float(value) if number else float("inf"), value)

    return sorted(found, key=order)


def _numeric_key(variants: list[Record]) -> str | None:
    """The one option whose values are all plain numbers (a shoe's size), if only one is."""
    keys = [
        k
        for k in _keys(variants)
        if all(re.fullmatch(r"\d+(?:\.\d+)?", value) for value in _values(variants, k))
    ]
    return keys[0] if len(keys) == 1 else None


def _yes_no(variants: list[Record], key: str) -> bool:
    """Whether an option is said by its name alone ('waterproof'): its values are yes and no."""
    return set(v.lower() for v in _values(variants, key)) <= {"yes", "no"}


def _wanted_value(
    item: Record, words: list[str], offered: str, variants: list[Record]
) -> tuple[str, str] | None:
    """(option, value) of a value said for one of the item's options that no variant has:
    'size 12', or a bare '12' when one option's values are numbers."""
    keys = {str(k).lower(): str(k) for k in item["options"]}
    numeric = _numeric_key(variants)
    for n, word in enumerate(words):
        if word in offered.split() or word in _FILLERS:
            continue
        before = words[n - 1] if n else ""
        if before in keys and _yes_no(variants, keys[before]):
            continue  # 'non-waterproof ones? any money back': a yes/no option takes no word
        if before in keys and (any(c.isdigit() for c in word) or len(word) > 2):
            return keys[before], word
        if numeric and re.fullmatch(r"\d+(?:\.\d+)?", word):
            return numeric, word
    return None


def not_offered(item: Record, words: list[str], offered: str, variants: list[Record]) -> str | None:
    """What to tell a customer asking for a value the item is not made in ('for a size 12' of
    shoes made in 8 to 10): that it is not, and what it comes in now; None: every value is."""
    wanted = _wanted_value(item, words, offered, variants)
    if wanted is None:
        return None
    key, value = wanted
    if any(str(v["options"].get(key, "")).lower() == value for v in variants):
        return None
    stock = _values(variants, key, in_stock=True)
    told = f"We don't have the {item['name']} in {key} {value}."
    if not stock:
        return f"{told} No other {item['name']} is in stock right now."
    listed = ", ".join(stock[:-1]) + f" or {stock[-1]}" if len(stock) > 1 else stock[0]
    return f"{told} In stock: {key} {listed}. Would one of those do?"


def _names(key: str, value: Any, word: str) -> bool:
    """Whether a word of the customer's names the option or its value."""
    text = american(f"{key} {value}".lower())
    return word in text.split() or (len(word) > 3 and word in text)


#: the customer keeping every option but the one named: 'the exact same pair in size 10'
_KEPT_ALL = re.compile(
    r"\b(?:(?:the )?exact(?:ly)? (?:the )?same|identical|otherwise (?:the )?same|"
    r"(?:everything|all) else|nothing else|same (?:everything|otherwise)|same in every)\b"
)
#: the options that are a matter of taste: a clerk never changes them unasked
LOOKS = ("color", "colour", "design", "pattern", "finish")


def kept_all(line: str) -> bool:
    """Whether the customer said everything else stays as it is."""
    return bool(_KEPT_ALL.search(line.lower()))


def unasked_changes(
    item: Record, variant: Record, wanted: list[str], every_option: bool = True
) -> list[str]:
    """The options the variant changes although no word the customer said names them: every
    option when the customer said the rest stays the same, else how the item looks."""
    return [
        k
        for k, value in item["options"].items()
        if (every_option or k in LOOKS)
        and variant["options"].get(k) != value
        and not any(_names(str(k), variant["options"].get(k), w) for w in wanted)
    ]


def only_as(item: Record, variant: Record, wanted: list[str]) -> str:
    """'Running Shoes in size 10 only come as color white, material leather, sole EVA: want that
    one?': what else would change, told and asked first."""
    changed = unasked_changes(item, variant, wanted)
    asked = [
        k
        for k in item["options"]
        if k not in changed and variant["options"][k] != item["options"][k]
    ]
    said = describe_options({k: variant["options"][k] for k in asked}) or " ".join(wanted)
    now = describe_options({k: item["options"][k] for k in changed})
    then = describe_options({k: variant["options"][k] for k in changed})
    return (
        f"No {item['name']} in stock has {said} and keeps {now}: with {said} it only comes "
        f"with {then}. Would you like that one?"
    )


def sold_out(item: Record, variant: Record) -> str:
    """What to tell a customer whose variant is there but sold out: that, and nothing else."""
    return (
        f"The {item['name']} ({describe_options(variant['options'])}) is out of stock right "
        "now, so I can't swap to it."
    )
