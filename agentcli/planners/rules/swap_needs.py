"""The variant a swap asks for, said as a need beside what came: 'they're a size 7 but I need a
9, can you exchange them', 'swap the mug from #W…, I wanted the blue one'."""

from __future__ import annotations

import re

#: the customer's need, after which comes the option wanted
_NEED = re.compile(
    r"\b(?:(?:i|we)(?:'d| would)? (?:really |actually |only |just )?(?:need(?:ed)?|want(?:ed)?|"
    r"asked for|meant to (?:get|order)|prefer|require|wear|take)|"
    r"(?:it|they|this|that|these|those)? ?(?:should(?:'ve| have)? (?:be|been)|"
    r"(?:was|were|is|are) (?:supposed|meant) to be))\b"
)
#: where the wanted option's words end: the next clause or a request
_CLAUSE_END = re.compile(
    r"[,.;!?]|\b(?:can|could|would|will) (?:you|i|u)\b|\b(?:so|and|but|please|pls|instead)\b"
)


def needed(text: str) -> tuple[str, str] | None:
    """The line without the need, and the need's words ('a 9'); None: no need is said."""
    need = _NEED.search(text)
    if need is None:
        return None
    end = _CLAUSE_END.search(text, need.end())
    stop = end.start() if end else len(text)
    wanted = text[need.end() : stop]
    if not re.search(r"[a-z0-9]", wanted):
        return None
    return text[: need.start()] + " " + text[stop:], wanted
