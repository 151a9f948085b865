"""Lines that are not about a product: a person asked for, chatter, a sign-in by name and zip."""

from __future__ import annotations

import re

NAME_ZIP = re.compile(
    r"(?:i'm|i am|my name is|my name's|this is|name:?|name's)\s+([a-z][a-z'-]*)\s+"
    r"([a-z][a-z'-]*)\b.*?\b(\d{5})\b"
)
_ZIP_WORD = r"(?:(?:my )?(?:zip|zip code|zipcode|postcode|postal code)(?: is)?:?\s*)?"
#: 'Harper Khan, 19029', 'harper khan zip 19029', '19029 Harper Khan': a name and a zip alone
BARE_NAME_ZIP = re.compile(
    r"(?:(?:hi|hello|hey|it'?s|this is|me|yes|sure|ok)[,!.]?\s+)*"
    rf"(?:([a-z][a-z'-]+)\s+([a-z][a-z'-]+)(?:\s+here)?[,;\s]+{_ZIP_WORD}(\d{{5}})|"
    rf"{_ZIP_WORD}(\d{{5}})[,;\s]+([a-z][a-z'-]+)\s+([a-z][a-z'-]+))"
)


def name_and_zip(text: str, stop_words: frozenset[str]) -> tuple[str, str, str] | None:
    """First name, last name and zip, from 'I am Sofia Rossi, zip 78784' or the bare form."""
    m = NAME_ZIP.search(text)
    if m:
        return m.group(1), m.group(2), m.group(3)
    m = BARE_NAME_ZIP.fullmatch(text)
    if not m:
        return None
    first, last, zip_code = (
        (m.group(1), m.group(2), m.group(3)) if m.group(1) else (m.group(5), m.group(6), m.group(4))
    )
    if {first, last} & (stop_words | {"zip", "code", "order", "number"}):
        return None
    return first, last, zip_code


HUMAN_WHO = (
    r"\b(human|humans|person|people|representative|rep|agent|someone|somebody|supervisor|"
    r"manager|operator|customer (?:service|support|care)|support|staff|employee|real one|"
    r"(?:member|members) of (?:staff|(?:the |your )?team)|team member|team|boss|"
    r"(?:someone|somebody) in charge)\b"
)
HUMAN_VERB = (
    r"\b(speak|speaking|talk|talking|chat|connect|connected|transfer|transferred|put me through|"
    r"escalate|reach|contact|get|"
    r"want|give|"
    r"need|call|hand|complain|complaint|report|raise|lodge|file|pass (?:it|this|that) on)\b"
)
#: a person named as such needs no verb: 'real person now', 'a live agent!', 'any humans around?'
PERSON = re.compile(
    r"\b(?:(?:real|live|actual|proper|human|flesh and blood) (?:person|people|human|agent|one|"
    r"being|rep|representative|operator)|human beings?|humans?|someone real|somebody real|"
    r"a person)\b"
)
#: 'is there anyone I could talk to', 'anybody there?', 'can anyone help me'
ANYONE = re.compile(
    r"\b(?:any ?(?:one|body)|some ?(?:one|body)|a person)\b.*\b(?:talk|speak|chat|help me|there|"
    r"around|available)\b|\b(?:talk|speak|chat)\b.*\bany ?(?:one|body)\b|"
    r"\b(?:any|some) (?:humans?|people|persons?|staff)\b.*\b(?:there|around|available|here)\b"
)


#: 'I'd like to make a complaint', 'I wish to complain', 'file a formal complaint'
COMPLAINT = re.compile(
    r"\b(?:make|file|lodge|raise|submit|register|log|put in)\b (?:a |an )?(?:formal |official )?"
    r"complaint\b|\b(?:want|wish|like|need|going) to complain\b|^complaint$"
)

#: a complaint about one of the shop's people is for a person: 'a complaint about your delivery
#: driver', 'the courier was really rude', 'i want to report your support agent'
STAFF = (
    r"(?:delivery |your |the |that |a )?(?:driver|courier|delivery (?:guy|man|woman|person|"
    r"driver|boy)|postman|mailman|staff|staff member|employee|agent|rep|representative|"
    r"customer service(?: person| rep)?|support (?:agent|person|rep)|cashier|clerk|worker)s?"
)
BLAMED = re.compile(
    r"\b(?:complain(?:t|ts|ing)?|report(?:ing)?)\b.{0,25}\b"
    + STAFF
    + r"\b|\b"
    + STAFF
    + r"(?: (?:who|that)\b[^.,;!?]{0,40})? (?:was|were|is|are|has been|have been|being) "
    r"(?:\w+ )?(?:rude|unprofessional|"
    r"aggressive|abusive|disrespectful|unhelpful|awful|horrible|terrible|careless|mean)\b"
)


def blames_a_person(text: str) -> bool:
    """A complaint about a driver, courier or member of staff, which a person should hear."""
    return bool(BLAMED.search(text))


def wants_a_person(text: str, searching: bool) -> bool:
    """'could I speak with someone', 'get me a manager', 'real person now'; not 'a gift for
    someone' or 'a human-sized bean bag'."""
    if re.fullmatch(
        r"(a |an )?(human|agent|representative|operator|person|escalate|real person|"
        r"supervisor|manager|support)s?( now| please| asap| pls)*",
        text,
    ) or re.search(r"(?:^|\b(?:to|please|pls|can you|could you|you) )escalat", text):
        return True
    gift = re.search(
        r"\b(?:for|gift)\s+(?:a |an |my |the |some |any )?(?:\w+ )?"
        r"(?:someone|somebody|person|anyone|anybody|human)\b",
        text,
    )
    talking = bool(re.search(r"\b(speak|talk|transfer|connect)\b", text))
    if gift and not talking:
        return False
    if blames_a_person(text):
        return True
    if COMPLAINT.search(text):  # a formal complaint is for a person, not the clerk
        return True
    if ANYONE.search(text):
        return True
    if PERSON.search(text) and not re.search(r"\bhuman[- ](?:sized|size|shaped)\b", text):
        return not searching or talking or bool(re.search(HUMAN_VERB, text))
    return bool(re.search(HUMAN_WHO, text) and re.search(HUMAN_VERB, text))


#: words that are chatter, not a product: a search for them is no search
CHATTER = frozenset(
    """
    blah bla lol lmao lmfao rofl haha hahaha hehe heh meh ugh argh grr hmm hm um uh er test
    testing yo sup wassup wow whoa omg oops whoops whatever nothing nvm nevermind k kk idk
    dunno browsing browse looking around stuff yay ha hah nah duh bored asdf qwerty jk lolol
    lost confused done
    """.split()
)


def is_chatter(word: str) -> bool:
    """A word no customer uses for a product: an interjection, a laugh, a keyboard mash."""
    return (
        word in CHATTER
        or bool(re.fullmatch(r"(?:ha|he|lo)+l?|(.)\1{2,}|[^aeiouy\d]{5,}", word))
        or _mashed(word)
    )


_ROWS = ("qwertyuiop", "asdfghjkl;", "zxcvbnm")


def _mashed(word: str) -> bool:
    """Keys run along one row ('asdfgh', 'poiuy', 'jkjk'), unlike a word whose letters only
    happen to share a row ('glass', 'flask', 'pepper')."""
    for row in _ROWS:
        if len(word) < 4 or any(c not in row for c in word):
            continue
        run = longest = 1
        for a, b in zip(word, word[1:], strict=False):
            run = run + 1 if abs(row.index(a) - row.index(b)) == 1 else 1
            longest = max(longest, run)
        if longest >= 3 or row == "zxcvbnm" or re.fullmatch(r"(..)\1+", word):
            return True
    return False
