"""The user's answer to a confirmation question: an explicit yes, a no, or neither."""

from __future__ import annotations

import re

YES = re.compile(
    r"^(yes|y|yep|yeah|yes please|yes,? (go ahead|do it|please|confirm(ed)?|proceed)|confirm(ed)?|"
    r"go ahead|do it|proceed|please do)[.! ]*$"
)
NO = re.compile(r"^(no|n|nope|nah|no thanks|no,? .*|cancel|stop|don't|do not|never ?mind)[.! ]*$")


def normalise(line: str) -> str:
    """The line in lower case, with unprintable characters and runs of spaces as one space."""
    cleaned = "".join(ch if ch.isprintable() else " " for ch in line)
    return " ".join(cleaned.strip().split()).lower()


def is_yes(text: str) -> bool:
    return bool(YES.match(normalise(text)))


def is_no(text: str) -> bool:
    return bool(NO.match(normalise(text)))
