"""The user's answer to a yes-or-no question: an explicit yes, a no, a hesitation, or none."""

from __future__ import annotations

import re
import unicodedata

_POLITE = r"(?:[,.!]*\s*(?:please|thanks|thank you|thx|then|now|sir|mate))*"
YES = re.compile(
    r"^(?:ok(?:ay)?|okey|okie|kk?|sure|yes|y|go|please|yh|ye|yep|yup|yeah|yea|yeh|yah|ya|yas+|absolutely|"
    r"definitely|of course|certainly|affirmative|aye|roger(?: that)?|indeed|uh-?huh|mhm+|"
    r"yes(?:,? )?sir|yess+|10-4|by all means|approved?|"
    r"correct|right|confirm(?:ed)?|agreed|that'?s (?:right|fine|correct|good)|sounds good|"
    r"looks good|perfect|great|alright|all right|fine|go ahead|go for it|do it|proceed|"
    r"please do|please proceed|let'?s do it|let'?s go|place it|book it|yes i do|i do|"
    r"i confirm|please go ahead|works for me|that works|fine by me|good to go|go on|sure thing|"
    r"yes please|you bet|make it so|ship it|send it|let'?s do this|i'?m in|deal|"
    r"confirm it|(?:looks|sounds) (?:great|fine|perfect|right|ok|okay)|"
    r"that'?s (?:great|perfect|ok|okay)|si|sí|oui|ja|jawohl|claro|vale|sim|certo|d'accord)"
    r"(?: to me| for me| by me)?"
    r"(?:[,.!]*\s*(?:yes|yep|yup|yeah|sure|ok(?:ay)?|go ahead|go for it|do it|proceed|"
    r"confirm(?:ed)?|"
    r"please (?:do|proceed|go ahead)|that'?s (?:fine|right|correct)|sounds good|"
    r"let'?s do it|place it|book it|please))*" + _POLITE + r"[.! ]*$"
)
NO = re.compile(
    r"^(no|n|nope|nah|nay|negative|no no|nah nah|nope nope|no ta|no thanks|no thank you|"
    r"no,? .*|cancel|stop|don'?t|do not|never ?mind|"
    r"not now|not (?:yet|today|right now)|maybe later|later|hold off|wait,? no|"
    r"(?:hmm+,?\s*|um+,?\s*)?let me think(?: about it)?|i'?ll think about it|"
    r"i changed my mind|i'?ve changed my mind|changed my mind|i don'?t want (?:it|that|to)|"
    r"forget (?:about )?it|skip it|don'?t do it|i'?d rather not|rather not|"
    r"not really|not anymore|no way|abort|non|nein|não|nao|"
    r"(?:no,? )?(?:don'?t|do not) (?:book|reserve|order|buy|place|cancel|change|return|send|"
    r"go ahead|proceed)\b.*)[.! ]*$"
)
_HESITATION = (
    r"(?:hmm+|um+|uh+|er+m?|ah+|well|maybe|perhaps|possibly|"
    r"(?:i'?m |i am )?(?:not sure|unsure|undecided)(?: yet| about (?:it|that|this))?|"
    r"(?:i )?(?:don'?t|dont|do not) know|idk|dunno|no idea|not certain|"
    r"(?:can|could) you (?:repeat|say) (?:that|it)(?: again)?|repeat(?: that)?|"
    r"say (?:that|it) again|what|huh|eh|wait|hold on|pardon|sorry|say again|come again|"
    r"what do you mean|whatever|sure,? whatever.*|is that ok|i guess|i suppose|probably|"
    r"let me see|tbh|honestly|to be honest|lol)"
)
#: one hesitation or several in a row ("hmm idk", "um, not sure tbh"): asked again, not declined
UNSURE = re.compile(rf"^{_HESITATION}(?:[,.!?]*\s*{_HESITATION})*[?.! ]*$")


#: emoji and other pictographs, their modifiers and joiners: a 👍 is not a word
_NOT_WORDS = frozenset({"So", "Sk", "Cf", "Mn", "Me"})
#: terminal escape sequences (CSI such as colours, OSC such as titles, and two-character ESC ones)
ESCAPES = re.compile(r"\x1b(?:\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(?:\x07|\x1b\\)?|[@-_])")


def normalise(line: str) -> str:
    """The line in lower case, without terminal escape sequences (a pasted colour code is not
    words) or emoji, with unprintable characters and runs of spaces as one space."""
    cleaned = "".join(
        " " if not ch.isprintable() or unicodedata.category(ch) in _NOT_WORDS else ch
        for ch in ESCAPES.sub(" ", line)
    )
    return " ".join(cleaned.strip().split()).lower().replace("\u2019", "'")


#: a line made only of these words, with a yes among them, is a yes ("yes go ahead and place it")
AGREEING = frozenset(
    """
    yes yep yup yeah yea yeh ya sure ok okay okey absolutely definitely certainly correct right
    confirm confirmed agreed perfect great alright fine proceed go ahead do it please thanks
    thank you place book that's thats that is it sounds looks good for it's thing then now and
    the order let's lets i why not course of sir mate affirmative aye roger indeed new one
    approve approved go on cheers ta yh ye alright allright aight pls plz do with
    process complete submit finalise finalize carry out execute through push use using via by my
    si sí oui ja claro vale sim certo por favor bitte merci gracias danke obrigado obrigada grazie
    cool lgtm ty want wanna hell heck
    lovely brilliant excellent wonderful fab fabulous fantastic splendid marvellous marvelous
    superb awesome smashing cracking champion magic much so very lot lots that'd
    would be will ideal
    happy i'm im am me to all everything there exactly spot on about ship send put through pull
    trigger
    """.split()
)
YES_WORDS = frozenset(
    "yes yep yup yeah yea yeh ya sure ok okay okey absolutely definitely certainly confirm "
    "confirmed agreed proceed affirmative aye approve approved yh ye alright allright aight "
    "si sí oui ja claro vale sim certo cool lgtm correct".split()
)
#: praise said to what is asked is a yes when nothing else is said: 'lovely, go on then',
#: 'that'd be brilliant, ta', 'perfect, thanks so much'
PRAISE_WORDS = frozenset(
    "perfect great lovely brilliant excellent wonderful fab fabulous fantastic splendid "
    "marvellous marvelous superb awesome smashing cracking champion magic ideal happy".split()
)
#: after a yes, words that take something back or ask: 'yes but …', 'ok wait', 'sure?'
_RESERVED = frozenset("but except instead wait actually first before what which why how".split())
#: a line made only of these words, with a no among them, is a no ("hold on, no")
DECLINING = frozenset(
    """
    no nope nah not don't dont do cancel stop never mind later wait hold on off think rather
    forget skip abort i i'll i'd let me about it now yet today right thanks thank you changed
    my mind maybe please for the moment that want hmm um actually sorry really way anymore
    nay negative mate
    """.split()
)
NO_WORDS = frozenset(
    "no nope nah nay negative not don't dont cancel stop never forget abort".split()
)
#: putting it off is a no for now: 'hold off for now', 'maybe some other time', 'I'll pass'
DEFERRING = re.compile(
    r"\b(?:later|another (?:time|day)|other time|some ?time else|tomorrow|next (?:time|week)|"
    r"for now|for the moment|for the time being|hold off|put (?:it|that|this) on hold|"
    r"pass|skip(?: it| that| this)?|leave it|sleep on it|think (?:about it|it over)|"
    r"come back|get back to you|check with|not (?:yet|now|today|right now|at the moment))\b"
)
#: the words a deferral is made of, besides the declining ones ('I'll come back to it later')
DEFERRAL_WORDS = frozenset(
    """
    later another other time some sometime else day tomorrow next week for moment being hold
    off put on pass skip leave sleep think over come back get to you maybe perhaps probably
    i'll i'd i we we'll let's lets just ok okay well hmm um uh actually then though sure
    right now yet guess idk dunno decide first check with wife husband partner will go
    can need my remind
    """.split()
)


#: a line of only these pictographs is a yes or a no: a thumbs-up answers a question
_YES_SIGNS = frozenset("\U0001f44d\U0001f44c\u2705\u2714\U0001f197\U0001f64c")
_NO_SIGNS = frozenset("\U0001f44e\u274c\u2716\U0001f645\U0001f6ab")


def _signs(text: str) -> set[str]:
    """The pictographs of the line, without skin tones, joiners and spaces."""
    return {ch for ch in text if not ch.isspace() and unicodedata.category(ch) not in "SkMnCf"}


def _words(text: str) -> list[str]:
    """The words of the line; dashes, dots and other punctuation between them are no words."""
    return re.findall(r"[\w']+(?:-[\w']+)*", normalise(text))


#: sounds a reply may open with before its answer: 'oh yes', 'well, ok', 'hmm, fine then'
_OPENING = re.compile(r"^(?:(?:oh+|ah+|well|hmm+|um+|erm+|uh+|so|hey|okay so|ok so)[\s,.!…—–-]+)+")


def _forms(text: str) -> list[str]:
    """The line as said, without the sounds it opens with, and with letters held down
    ('yy', 'okkk', 'yesss pleasee') said once or twice: each is read in turn."""
    plain = _OPENING.sub("", normalise(text))
    forms = [text]
    for form in (text, plain):
        held = normalise(form)
        forms += [form, re.sub(r"([a-z])\1{2,}", r"\1\1", held), re.sub(r"([a-z])\1+", r"\1", held)]
    return list(dict.fromkeys(f for f in forms if f.strip()))


#: a purchase said as its charge: 'do it, charge the card', 'yes go ahead and charge it'
_CHARGED = ("charge", "purchase")
#: an order said done in other words: 'yes, get it ordered', 'ship it'
_PLACED = (*_CHARGED, "get", "ordered", "ship")
#: the verbs that name each pending write, so 'yes, cancel it' confirms a cancellation
ACTION_VERBS: dict[str, frozenset[str]] = {
    "cancel": frozenset({"cancel", "cancellation"}),
    "modify": frozenset({"change", "switch", "update", "swap", "move"}),
    "place": frozenset({"place", "order", "buy", "pay", "checkout", *_PLACED}),
    "checkout": frozenset({"place", "order", "buy", "pay", "checkout", *_PLACED}),
    "book": frozenset(
        {"book", "reserve", "booking", "reservation", "trip", "both", "hotel", "flight", "room"}
    ),
    "return": frozenset({"return", "send", "back", "refund"}),
    "exchange": frozenset({"exchange", "swap"}),
    "apply": frozenset({"apply", "use"}),
}


def is_yes(text: str, doing: str | None = None, about: str = "") -> bool:
    """An explicit yes; with `doing` (the pending action's name) its own verb agrees too:
    'yes, cancel it' at a cancellation, 'yes, switch it' at a payment change; and after a
    leading yes, the words of `about` (what is asked) do: 'yes, that's the new address'."""
    return any(_said_yes(form, doing, about) for form in _forms(text))


def _said_yes(text: str, doing: str | None, about: str) -> bool:
    if "card" in about.lower():  # 'charge the card' at a preview paid by card: that card
        text = re.sub(r"\bcharge (?:the|my|that|this) card\b", "charge it", text)
    if YES.match(normalise(text)) or (_signs(text) and _signs(text) <= _YES_SIGNS):
        return True
    verbs = ACTION_VERBS.get((doing or "").split("_")[0], frozenset())
    words = _words(text)
    agreeing = AGREEING | verbs | {"it", "that", "them", "this"} if verbs else AGREEING
    if words and words[0] in YES_WORDS and about and not _RESERVED & set(words):
        agreeing = agreeing | set(_words(about)) - NO_WORDS
    asked = "?" in text  # 'sure?' asks back
    if asked or not words or len(words) > 10 or not all(w in agreeing for w in words):
        return False
    plain = " ".join(words)
    negated = any(w in NO_WORDS - verbs for w in words) and "why not" not in plain
    said = words[0] in verbs - NO_WORDS and len(words) > 1  # 'reserve it', 'book them both'
    return not negated and (
        any(w in YES_WORDS | PRAISE_WORDS for w in words)
        or re.search(r"\bgo (?:ahead|on|for it)\b|^do it\b|^all good\b", plain) is not None
        or said
    )


def is_no(text: str) -> bool:
    """An explicit no, or a decision put off ('hold off for now')."""
    return any(_said_no(form) for form in _forms(text))


def _said_no(text: str) -> bool:
    if NO.match(normalise(text)) or (_signs(text) and _signs(text) <= _NO_SIGNS):
        return True
    words = _words(text)
    if "?" in text or not words or len(words) > 10:
        return False
    if all(w in DECLINING for w in words) and any(w in NO_WORDS for w in words):
        return True
    return all(w in DECLINING or w in DEFERRAL_WORDS for w in words) and bool(
        DEFERRING.search(" ".join(words))
    )


def is_unsure(text: str) -> bool:
    """A hesitation ("hmm", "not sure", "what?"): the question is asked again, not declined."""
    return bool(UNSURE.match(normalise(text)))
