"""A reason or an afterthought said after a request, cut before the request's words are read.

"make it 3, my sisters want one too", "take the hardcover one out, one's enough", "remove the
mug as i have one already": what follows the request says why, and its words ("sisters",
"enough") name no item. Such a clause begins after a comma, a dash or a word of reason, with
someone or something as its subject.
"""

from __future__ import annotations

import re

#: who or what a reason is about: 'my sisters …', 'one's enough', 'it's for …', 'we have …'
_SUBJECT = (
    r"(?:i|i'm|i've|i'd|i'll|we|we're|we've|he|she|they|they're|it|it's|its|that's|thats|"
    r"one|one's|ones|two|both|my|our|his|her|their|the kids|everyone|somebody|someone|"
    r"there's|there is|nobody|no one|which|wrong|too|not|doesn't|don't|didn't|changed|"
    r"mistake|my mistake|no need|never mind|oops|sorry|thanks|cheers)\b|"
    r"the [a-z]+s (?!ones?\b)[a-z]+|"  # 'the neighbours fancy one each'
    r"the (?:[a-z]+ ){1,2}(?:needs|wants|is|has|loves|likes)\b|"  # 'the whole house needs …'
    r"(?:whole|entire|all the) (?:[a-z]+ ){1,2}(?:needs?|wants?)\b"  # 'whole hallway needs doing'
)
#: where a reason starts: after a comma, a semicolon, a dash or a word that gives a reason
_START = r"(?:\s*[,;]\s*|[.?!]\s+|\s+-+\s+|\s+(?:because|cause|cuz|cos|coz|since|as)\s+)"
AFTERTHOUGHT = re.compile(rf"{_START}(?:(?:because|cause|cos|since|as)\s+)?(?:{_SUBJECT}).*$")


def request_alone(text: str) -> str:
    """The line up to the reason or afterthought that follows its request, if one does."""
    cut = AFTERTHOUGHT.search(text)
    if cut is None or not text[: cut.start()].strip():
        return text
    return text[: cut.start()]
