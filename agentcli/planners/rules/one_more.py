"""More of an item already picked, said without naming it: "add another of those", "throw in
another", "i'll take one more", "2 more please", "same again", "add a second one".

A clerk adds that many more of the item in view (the one last added or looked at). A total
said beside it ("add another, I need 2 total") is the customer's own sum and no count; a wish
for another kind ("another colour", "show me another") is no add. Whom or where the more is
for ("2 more of that clock for the kitchen and hall") names no item.
"""

from __future__ import annotations

import re

from agentcli.planners.rules.phrases import Intent
from agentcli.planners.rules.reading import quantity
from agentcli.planners.rules.search_words import descriptor_words

_COUNT = r"\d{1,2}|two|three|four|five|six|seven|eight|nine|ten"
#: the words that say more of the same: 'another', 'one more', '2 more', 'same again'
MORE = re.compile(
    rf"\b(?:another|one more|(?:{_COUNT}) more|same (?:one |thing )?again|"
    r"(?:an?|one) (?:second|2nd|extra|additional) (?:one|unit|pair)|(?:an|one) extra)\b"
)
#: another kind, or another thing than an item: no add
_NOT_MORE = re.compile(
    r"\banother (?:colou?r|size|model|kind|type|brand|style|version|option|one like|question|"
    r"order|way|time|day|thing|issue|problem|card|method|address|payment|search|look|store)\b|"
    r"\b(?:show|find|search|see|look|looking|browse|recommend|suggest|compare|options|swap|"
    r"exchange|instead|replace|return|cancel|refund|different|else|other|nights?|days?|weeks?|"
    r"travell?ers?|guests?|person|people|adults?|passengers?|rooms?|seats?|tickets?|hotels?|"
    r"flights?|stay|trip|booking)\b|"
    r"\bmore (?:info|information|details|options|about|like|expensive|cheap|than|of (?:your|"
    r"the) (?:range|selection))\b"
)
#: a verb that puts something in the cart, or asks for it
_TAKING = re.compile(
    r"\b(?:add|put|throw|toss|stick|pop|chuck|bung|lob|whack|shove|drop|slip|grab|snag|nab|take|"
    r"have|get|give me|need|want|buy|order|(?:i'?d|i would) like)\b"
)
#: the more said alone: 'another one please', 'one more of those', '2 more', 'same again'
_ALONE = re.compile(
    r"(?:(?:and|ok|okay|oh|yeah|yes|yep|also) )?(?:same (?:one |thing )?again ?[,;.!–-]? )?"
    r"(?:another|one more|(?:"
    + _COUNT
    + r") more|same (?:one |thing )?again)(?: one| pair| unit)?(?: of (?:those|them|these|that|it|"
    r"the same(?: one)?|(?:that|this|those|these|the) [a-z][a-z-]*(?: [a-z][a-z-]*)?))?"
    r"(?: too| as well| in| then)?"
)
#: whom or where the more is for: 'for the kitchen and hall', 'for my mum', 'in the bedroom'
_FOR_WHOM = re.compile(
    r"[,;]?\s*\b(?:for|in) (?:the|my|our|his|her|their|me|us|him|them|a|an)\b[a-z' ,&-]*$"
)
#: a total said as the customer's sum: ', I need 2 total', 'so 3 in all', 'making it 4 altogether'
_TOTAL = re.compile(
    r"[,;.]?\s*(?:so |as |since |because |cause |that'?s |making (?:it |that )?|to make (?:it )?)?"
    rf"(?:(?:i|we)(?:'ll| will)? (?:need|want|have|get) )?(?:{_COUNT})"
    r" (?:total|in total|altogether|all together|in all|overall)\b.*$"
)
_NOT_ITEM_WORDS = frozenset(
    """
    another more same again second 2nd extra additional total altogether together overall
    need want have get take give i'll i'd we'll like so as since because then
    """.split()
)


def read(text: str) -> Intent | None:
    """The add a line asks for when it says more of the item in view, or None."""
    said = _FOR_WHOM.sub("", _TOTAL.sub("", text)).strip(" ,;.")
    if not MORE.search(said) or _NOT_MORE.search(said):
        return None
    if not (_TAKING.search(said) or _ALONE.fullmatch(said)):
        return None
    count = quantity(said)
    more = re.search(rf"\b({_COUNT}) more\b", said)
    if count is None and more:
        count = quantity(more.group(0))
    words = [w for w in descriptor_words(said) if w not in _NOT_ITEM_WORDS and re.search(r"\w", w)]
    return Intent(
        "add",
        {"quantity": count or 1, "ordinal": None, "words": words, "bare": False, "search": None},
    )
