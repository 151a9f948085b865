"""The options a customer's words name, read against the options of the offers a search found:
"waterproof" → {waterproof: yes}, "64GB of storage" → {storage: 64GB}, "in size 10" → {size: 10},
"wifi" → {connectivity: Wi-Fi}, "1tb" → {storage: 1TB SSD}.

The shop's own option names and values decide, written as the shop writes them; the words only
pick among them. A word two options of one product share ('black' for a frame and for a lens)
names one of them only when that option's name is said beside it; a value said with 'not',
or beside another value of the same option ('black or silver'), names none.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from agentcli.planners.rules.spelling import corrected

#: a number with its unit, written one way whatever way it is said: '10 inch', '10-inch' and
#: '10"' → '10in'; '1.5 litres' and '1.5L' → '1.5l'; '8 hour' and '8 hrs' → '8h'
UNITS = (
    (r"(?:inch(?:es)?|in\b|\")", "in"),
    (r"(?:ft|feet|foot|')", "ft"),
    (r"(?:ml|millilit(?:er|re)s?)", "ml"),
    (r"(?:l|lit(?:er|re)s?|ltr)", "l"),
    (r"(?:hours?|hrs?|h)", "h"),
    (r"(?:cups?)", "cup"),
    (r"(?:degrees?|°)", "deg"),
    (r"(?:lbs?)", "lb"),
    (r"(?:gigs?|gigabytes?)", "gb"),
    (r"(?:terabytes?)", "tb"),
    (r"(?:gb|tb|mah|mp|mm|w|x|k|bar)", ""),
)
MEASURE = re.compile(
    r"(?<![a-z0-9.])(\d+(?:\.\d+)?)\s*-?\s*(?:"
    + "|".join(f"(?P<u{n}>{pattern})" for n, (pattern, _) in enumerate(UNITS))
    + r")(?![a-z0-9])"
)
#: words that join the parts of one value ('Wi-Fi + Cellular' said 'wifi and cellular')
JOINERS = frozenset({"and", "plus", "+", "&", "with"})
#: what turns a value down: 'not red', 'no leather', 'non waterproof', 'without'
NEGATIONS = frozenset({"not", "no", "non", "without", "except", "but", "isn't", "aren't", "never"})
#: the same colour or material, spelt otherwise
SAME = {"gray": "grey", "wooden": "wood", "colour": "color", "mice": "mouse"}
#: sizes said in words, for a product whose sizes are letters
SIZE_LETTERS = {
    "extra small": "xs",
    "x small": "xs",
    "small": "s",
    "medium": "m",
    "large": "l",
    "extra large": "xl",
    "x large": "xl",
    "xx large": "xxl",
}
#: the words before a one-letter size ('size m', 'in an L'): a lone letter is otherwise a word
LETTER_BEFORE = frozenset({"size", "sz", "in", "an", "a"})


def _unit(match: re.Match[str]) -> str:
    for n, (_, written) in enumerate(UNITS):
        said = match.group(f"u{n}")
        if said is not None:
            return f"{match.group(1)}{written or said}"
    return match.group(0)


def _singular(word: str) -> str:
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 5 and word.endswith("lves"):
        return word[:-3] + "f"  # 'shelves'
    if len(word) > 4 and word.endswith(("nses", "sses", "ches", "shes", "xes")):
        return word[:-2]  # 'lenses', 'glasses', 'watches', 'boxes'

    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def tokens(text: str) -> list[str]:
    """The words of a text as they are compared: lower case, measures as one word, hyphens and
    slashes apart, singular, a few spellings made one."""
    text = re.sub(r"\b([a-z]{4,})is(ed|er|ers)\b", r"\1iz\2", text.lower())  # 'polarised'
    text = MEASURE.sub(_unit, re.sub(r"(?<=[a-z])'s\b", "", text))  # "men's" → men
    words = re.findall(r"[a-z0-9.%+&']+", text.replace("-", " ").replace("/", " "))
    return [SAME.get(w, _singular(_singular(w))) for w in (w.strip(".'") for w in words) if w]


def stem(word: str) -> str:
    """'resistant' and 'resistance' → 'resist': an option's name said as an adjective."""
    return re.sub(r"(?:ance|ant|ence|ent|ed|ing|ity)$", "", word) if len(word) > 6 else word


@dataclass(frozen=True)
class Said:
    """One option value the words name: where they say it, and whether it was said whole."""

    name: str
    value: str
    start: int
    end: int
    whole: bool


def _spans(parts: list[str], said: list[str]) -> Iterable[tuple[int, int]]:
    """Where the parts are said one after another (a joiner between them allowed), or written
    as one word ('wifi' for 'wi fi', 'water proof' for 'waterproof')."""
    joined = "".join(parts)
    for start in range(len(said)):
        at, matched = start, 0
        while matched < len(parts) and at < len(said):
            if said[at] == parts[matched]:
                matched, at = matched + 1, at + 1
            elif matched and said[at] in JOINERS and at + 1 < len(said):
                at += 1
            else:
                break
        if matched == len(parts):
            yield start, at
            continue
        for width in (1, 2, 3) if len(parts) > 1 else (2, 3):
            if start + width <= len(said) and "".join(said[start : start + width]) == joined:
                yield start, start + width
                break


def _named(
    name: str,
    value: str,
    said: list[str],
    words: list[str],
    shared: dict[str, int],
    names: set[str],
) -> list[Said]:
    """Where the words say this value: whole, or by one distinctive word of it ('grinder' for
    'built-in grinder', '1tb' for '1TB SSD')."""
    parts = [p for p in tokens(value) if p not in JOINERS]
    if not parts:
        return []
    found = [Said(name, value, a, b, True) for a, b in _spans(parts, said)]
    if parts == [parts[0]] and len(parts[0]) == 1:  # 'size m', 'in an L', never a lone letter
        found = [
            f
            for f in found
            if said[f.start] != words[f.start] or (f.start and said[f.start - 1] in LETTER_BEFORE)
        ]
    if parts == [parts[0]] and parts[0].isdigit():  # 'size 10', '1000 piece': beside its name
        name_words = set(tokens(name))
        found = [f for f in found if name_words & set(said[max(0, f.start - 2) : f.end + 1])]
    if found or len(parts) == 1:
        return found
    for part in parts:
        distinct = shared.get(part) == 1 and part not in names
        if distinct and (any(c.isdigit() for c in part) or len(part) >= 4):
            found += [Said(name, value, n, n + 1, False) for n, w in enumerate(said) if w == part]
    return found


def _negated(said: list[str], start: int) -> bool:
    return bool(set(said[max(0, start - 2) : start]) & NEGATIONS)


def _yes_no(name: str, values: set[str], said: list[str]) -> list[Said]:
    """An option whose values are yes and no, named by its name ('waterproof', 'water
    resistant'): yes, or no when the name is turned down."""
    if not {v.lower() for v in values} <= {"yes", "no"}:
        return []
    stems = _proof([stem(t) for t in tokens(name)])
    words = _proof([stem(w) for w in said])
    written = {"yes": "yes", "no": "no"} | {v.lower(): v for v in values}
    return [
        Said(name, written["no" if _negated(said, a) else "yes"], a, b, True)
        for a, b in _spans(stems, words)
    ]


def _proof(stems: list[str]) -> list[str]:
    """'water resistant' said as 'waterproof', one word: the same wish either way."""
    text = (
        " ".join(stems).replace("water resist", "waterproof").replace("water proof", "waterproof")
    )
    return text.split()


def catalogue(offers: list[dict[str, Any]]) -> dict[str, set[str]]:
    """Every option name of the offers with the values they have, as the offers write them."""
    options: dict[str, set[str]] = {}
    for offer in offers:
        for name, value in (offer.get("options") or {}).items():
            options.setdefault(str(name), set()).add(str(value))
    return options


def _as_letters(said: list[str], values: set[str]) -> list[str]:
    """'large' as 'l', 'extra large' as 'extra xl', for sizes written as letters only: as
    many words as said, so that each stays where it was."""
    letters = {v.lower() for v in values}
    if not letters <= {"xs", "s", "m", "l", "xl", "xxl"}:
        return said
    out = list(said)
    for words, letter in sorted(SIZE_LETTERS.items(), key=lambda kv: -len(kv[0])):
        size = words.split()
        for n in range(len(out) - len(size) + 1):
            if letter in letters and out[n : n + len(size)] == size:
                out[n + len(size) - 1] = letter
    return out


def named_options(
    words: list[str], allowed: set[str], options: dict[str, set[str]], product: set[str]
) -> tuple[dict[str, str], set[str]]:
    """The options the words name, {option name: value as the shop writes it}, and the words
    that named them: each value's
    words said among `allowed` (the search's own words), never words of the product's name,
    never turned down; an option with two values said, or a word two options share with
    neither's name beside it, names nothing."""
    names = {t for name in options for t in tokens(name)}
    shared: dict[str, int] = {}
    for values in options.values():
        for part in {p for v in values for p in tokens(v)}:
            shared[part] = shared.get(part, 0) + 1
    known = {t for v in options.values() for x in v for t in tokens(x)} | names | product
    fixed = _respelt(words, known)
    found: list[Said] = []
    for name, values in options.items():
        found += _yes_no(name, values, fixed)
        said = _as_letters(fixed, values) if "size" in name.lower() else fixed
        for value in values:
            if value.lower() in ("yes", "no"):
                continue
            parts = set(tokens(value))
            hits = _named(name, value, said, words, shared, names)
            found += [
                s
                for s in hits
                if not parts <= product
                and all(w in allowed | names | JOINERS for w in words[s.start : s.end])
                and not _negated(said, s.start)
            ]
    found = [f for f in found if not _inside(f, found)]
    return _one_each(found, words, options)


def _respelt(words: list[str], known: set[str]) -> list[str]:
    """The words with a slip corrected to the option word it is nearest ('waterprof' →
    'waterproof'), as many words as said; the product's own words are never respelt."""
    joined = known | {"".join(k.split()) for k in known} | {"waterproof"}
    return [
        w if w in known or len(w) < 5 or not w.isalpha() else (corrected(w, joined) or w)
        for w in words
    ]


def _inside(one: Said, found: list[Said]) -> bool:
    """A value said within a longer one ('gold' of 'rose gold', 'polarized' of
    'non-polarized'), or by a part where another is said whole."""
    return any(
        other is not one
        and other.start <= one.start
        and one.end <= other.end
        and (other.end - other.start > one.end - one.start or (other.whole and not one.whole))
        for other in found
    )


def _one_each(
    found: list[Said], words: list[str], options: dict[str, set[str]]
) -> tuple[dict[str, str], set[str]]:
    by_span: dict[tuple[int, int], list[Said]] = {}
    for said in found:
        by_span.setdefault((said.start, said.end), []).append(said)
    chosen: dict[str, set[str]] = {}
    spans: dict[str, list[tuple[int, int]]] = {}
    for (start, end), saids in by_span.items():
        if len({s.name for s in saids}) > 1:  # 'black' sunglasses: the frame's or the lens's?
            beside = set(words[max(0, start - 3) : end + 3])
            saids = [s for s in saids if set(tokens(s.name)) - {"color"} <= beside]
            if len({s.name for s in saids}) != 1:
                continue
        for said in saids:
            chosen.setdefault(said.name, set()).add(said.value)
            spans.setdefault(said.name, []).append((start, end))
    said_first = sorted(chosen, key=lambda name: min(spans[name]))  # in the order said
    named = {name: next(iter(chosen[name])) for name in said_first if len(chosen[name]) == 1}
    used = {w for name in named for a, b in spans[name] for w in words[a:b]}
    return named, used
