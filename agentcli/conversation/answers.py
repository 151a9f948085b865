"""The user's answer to a yes-or-no question: an explicit yes, a no, a hesitation, or none."""

from __future__ import annotations

import re

_POLITE = r"(?:[,.!]*\s*(?:please|thanks|thank you|thx|then|now|sir|mate))*"
YES = re.compile(
    r"^(?:ok(?:ay)?|sure|yes|y|yep|yup|yeah|ya|absolutely|definitely|of course|certainly|"
    r"correct|right|confirm(?:ed)?|agreed|that'?s (?:right|fine|correct|good)|sounds good|"
    r"looks good|perfect|great|alright|all right|fine|go ahead|go for it|do it|proceed|"
    r"please do|please proceed|let'?s do it|let'?s go|place it|book it|yes i do|i do|"
    r"i confirm|please go ahead)"
    r"(?:[,.!]*\s*(?:yes|sure|ok(?:ay)?|go ahead|go for it|do it|proceed|confirm(?:ed)?|"
    r"please (?:do|proceed|go ahead)|that'?s (?:fine|right|correct)|sounds good|"
    r"let'?s do it|place it|book it|please))*" + _POLITE + r"[.! ]*$"
)
NO = re.compile(
    r"^(no|n|nope|nah|no thanks|no thank you|no,? .*|cancel|stop|don'?t|do not|never ?mind|"
    r"not now|not (?:yet|today|right now)|maybe later|later|hold off|wait,? no|"
    r"(?:hmm+,?\s*|um+,?\s*)?let me think(?: about it)?|i'?ll think about it|"
    r"i changed my mind|forget it|skip it|don'?t do it|i'?d rather not|rather not|"
    r"not really|not anymore|no way|abort)[.! ]*$"
)
UNSURE = re.compile(
    r"^(hmm+|um+|uh+|er+m?|maybe|perhaps|possibly|not sure|i'?m not sure|i don'?t know|"
    r"dunno|idk|what|huh|wait|hold on|pardon|sorry|say again|come again|what do you mean|"
    r"whatever|sure,? whatever.*|is that ok|i guess|i suppose|probably)[?.! ]*$"
)


def normalise(line: str) -> str:
    """The line in lower case, with unprintable characters and runs of spaces as one space."""
    cleaned = "".join(ch if ch.isprintable() else " " for ch in line)
    return " ".join(cleaned.strip().split()).lower().replace("\u2019", "'")


def is_yes(text: str) -> bool:
    return bool(YES.match(normalise(text)))


def is_no(text: str) -> bool:
    return bool(NO.match(normalise(text)))


def is_unsure(text: str) -> bool:
    """A hesitation ("hmm", "not sure", "what?"): the question is asked again, not declined."""
    return bool(UNSURE.match(normalise(text)))
