"""A question of which of a kind of product suits a need better ("Which air purifier would
suit a small flat better, HEPA or carbon filter?"): the kind is searched, so the options can
be weighed on what the shop has."""

from __future__ import annotations

import re

#: 'which air purifier would suit …', 'which kind of kettle is best for …', 'which tent's better'
WHICH_KIND = re.compile(
    r"^which (?:(?:kind|type|sort|style) of )?(?P<kind>[a-z-]+(?: [a-z-]+)?)"
    r"(?: (?:would|will|should|is|are|does|do|might|could)|'s)\b.*"
    r"\b(?:better|best|suit|suits|suited|recommend|go for|ideal)\b"
)
#: words that follow 'which' without naming a kind: 'which one would be better'
_NO_KIND = frozenset("one ones of is are would will should do does option options".split())


def kind_asked(text: str) -> str | None:
    """The kind of product a 'which … would suit … better' question names, or None."""
    m = WHICH_KIND.match(text)
    if m is None or set(m.group("kind").split()) & _NO_KIND:
        return None
    return m.group("kind")
