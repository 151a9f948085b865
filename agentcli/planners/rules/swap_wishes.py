"""A swap said as a wish or as the item becoming another: 'I'd like the automatic one
instead', 'could the kettle be the ceramic one'."""

from __future__ import annotations

import re

from agentcli.planners.rules.change_params import without_method, without_same, words
from agentcli.planners.rules.phrases import payment_hint

#: the wish that makes a line about an order's item a swap when it says 'instead'
PREFER = re.compile(
    r"\b(?:i'?d (?:like|prefer|rather have|want)|i would (?:like|prefer|rather have)|i want|"
    r"i'?d rather|i prefer|can i (?:get|have)|could i (?:get|have)|give me|send me|i need|"
    r"(?:would|is) it (?:be )?possible to (?:get|have)|"
    r"(?:please |pls |can you |could you )?make)\b"
)


#: a swap said as the item becoming another: 'could the kettle be the ceramic one instead',
#: 'can my chair be a black one', 'make the lamp the white one instead'
BECOME = re.compile(
    r"\b(?:(?:could|can|would|should|may) (?:you )?(?:please )?|(?:i'?d like|i want) )?"
    r"(?:(?:make|turn) )?(?:the|my|our) (?P<old>[a-z0-9 '-]+?)"
    r"(?: (?:in|from|of|on) (?:my |the )?[^ ]+)?"
    r"(?:,? (?:can|could|would|should|will) (?:it|they|that|this))? "
    r"(?:be|become|to be|into) (?:changed to |switched to |swapped (?:for|to) |made )?"
    r"(?:the|a|an) (?P<new>[^?!.]+?)(?: one)?(?: instead| please| pls|,.*)*[?!. ]*$|"
    r"\b(?:make|turn) (?:the|my|our) (?P<old2>[a-z0-9 '-]+?) (?:into )?(?:the|a|an) "
    r"(?P<new2>[^?!.]+?) one\b|"
    # 'can u make the red tee in order W… a size L instead? v-neck is fine'
    r"\bmake (?:the|my|our) (?P<old3>[a-z0-9 '-]+?)(?: (?:in|from|on) (?:my |the |this )?"
    r"(?:order )?#?w ?\d{7})? (?:an?|the) (?P<new3>[^?!.,;]+?)(?: one)?(?: instead| please| pls)*"
    r"(?=\s*[?!.,;]|\s*$)"
)
#: an option the customer accepts with the new one: 'v-neck is fine', 'leather's ok'
_ACCEPTED = re.compile(
    r"(?:^|[?!.,;]\s*)(?P<value>[a-z0-9][a-z0-9 '-]{0,20}?)(?: is| are|'s)? (?:fine|ok|okay|good|"
    r"alright|all right)\b"
)


def swap_wish(low: str) -> tuple[list[str], list[str]] | None:
    """Old and new words of a swap said as a wish: 'I got the capsule one in #W…, I'd like the
    automatic one instead', 'can I have the 2L one instead of the 1L one from #W…'."""
    if payment_hint(low) or re.search(
        r"\b(pay|paid|paying|payment|charged?|billed?|address|ship|deliver)\b", low
    ):
        return None  # another method or address, not another item
    become = BECOME.search(low)
    if become:  # 'could the tea kettle in W… be the 2 litre ceramic one instead'
        old, new = (
            become.group("old") or become.group("old2") or become.group("old3"),
            become.group("new") or become.group("new2") or become.group("new3"),
        )
        accepted = [m.group("value") for m in _ACCEPTED.finditer(low[become.end() :])]
        return words(old), words(" ".join([new, *accepted]))
    prefer = PREFER.search(low)
    if not prefer or not re.search(r"\b(instead|rather|in place of)\b", low):
        return None
    before, after = without_method(low[: prefer.start()]), without_method(low[prefer.end() :])
    swapped = re.search(r"\b(?:instead of|rather than|in place of)\b", after)
    if swapped:
        was = re.sub(r"\b(?:in|from|on) (?:my|the|this|that|our)\b.*$", "", after[swapped.end() :])
        was = without_same(was)  # '… instead of my blue ones, same specs'
        old, new = words(was) + words(before), words(after[: swapped.start()])
        nouned = _with_noun(old, new)
        named = not re.search(r"\bones?\b", after[: swapped.start()])  # the new says its noun
        if nouned == old and named and new and re.search(r"\bones?\b", was) and new[-1] not in old:
            nouned = [*old, new[-1]]  # 'black earbuds instead of my blue ones': blue earbuds
        return nouned, new
    return words(before), words(after)


_AMOUNT_WORD = re.compile(r"\d[\d.]*[a-z]*|(?:ml|l|liters?|gb|tb|inch|inches|ft|feet|lbs?|mm)")


def _with_noun(old: list[str], new: list[str]) -> list[str]:
    """'the 1.5 liter electric kettle instead of the 1 liter one': an old said only as an
    amount is the item the new words name ('1 liter electric kettle')."""
    if not old or not all(_AMOUNT_WORD.fullmatch(w) for w in old):
        return old
    noun: list[str] = []
    for word in reversed(new):
        if _AMOUNT_WORD.fullmatch(word):
            break
        noun.insert(0, word)
    return old + noun
