"""A person asked for by family rather than by sentence: a transfer verb, a word for one of the
shop's people, a phone call, or the same in Spanish, French, German, Portuguese or Italian.

"Could you put me through to one of your colleagues?", "is there anyone I can phone about
this?", "representante por favor", "je voudrais parler à un conseiller". A word for a person
alone is no hand-off when it could be the one a gift is for ("a present for someone").
"""

from __future__ import annotations

import re

#: the shop's people in English, and the words for them in the other languages read here
STAFF = (
    r"(?:colleagues?|co-?workers?|supervisors?|managers?|humans?|human beings?|boss|bosses|"
    r"superiors?|higher-?ups?|someone higher up|somebody higher up|team lead(?:er)?s?|"
    r"whoever(?:'s| is) in charge|(?:the )?person in charge|management|"
    r"(?:real |live |actual )?persons?|reps?|representatives?|agents?|operators?|staff|"
    r"team members?|member of (?:staff|(?:the |your )?team)|specialists?|advis[eo]rs?|"
    r"associates?|consultants?|employees?|customer (?:service|support|care)|"
    r"support (?:team|staff|desk|line)|help ?desk|service desk|someone (?:else|in charge)|"
    r"somebody (?:else|in charge)|"
    r"representantes?|agentes?|humanos?|personas?(?: reales?)?|operador[ae]s?|asesor[ae]?s?|"
    r"atendentes?|atención al cliente|servicio al cliente|conseill(?:er|[eè]re)s?|"
    r"un humain|une personne|service client(?:s|èle)?|mitarbeiter(?:in)?|menschen?|"
    r"kundendienst|kundenservice|berater(?:in)?|operator[ei]|operatrice|servizio clienti|"
    r"assistenza|pessoa real|um humano|uma pessoa|atendimento(?: humano)?|"
    r"(?:some|any) ?(?:one|body) (?:from|at|in|on) (?:your|the) (?:team|staff|store|shop|company|"
    r"office|support))"
)
#: someone, in any of the languages, with no role said
ANYONE = (
    r"(?:any ?(?:one|body)|some ?(?:one|body)|alguien|quelqu'un|jemand(?:en|em)?|qualcuno|alguém)"
)
#: reaching a person: being put through, connected, transferred, passed on, or speaking
REACH = (
    r"(?:put (?:me |us )?through|connect(?:ed)?|transfer(?:red)?|pass (?:me|us|this|it) "
    r"(?:on |over )?to|hand (?:me|us|this|it) (?:over|off)|forward (?:me|us)|redirect (?:me|us)|"
    r"escalat\w*|speak|speaking|talk|talking|chat|chatting|reach|get hold of|get through to|"
    r"contact|phone|call|ring|complain\w*|complaint|"
    r"hablar|llamar|p[aá]same|comunicar|parler|appeler|passer|sprechen|anrufen|verbinden|"
    r"falar|ligar|parlare|chiamare|passare|passi)"
)
#: a call asked for: 'is there a number I can call', 'call me back', 'can I phone you'
PHONE = re.compile(
    r"\b(?:i|we) (?:can|could|may|should|might) (?:phone|call|ring)\b|"
    r"\b(?:can|could|may|should) (?:i|we) (?:phone|call|ring)\b|"
    r"\b(?:phone|call|ring) (?:you|your|someone|somebody|anyone|anybody|support|customer)\b|"
    r"\b(?:phone|telephone|contact|hotline|helpline|support|customer service) (?:number|line)\b|"
    r"\bnumber (?:i|we) can (?:call|ring|phone)\b|\b(?:call|ring) (?:me|us) back\b|"
    r"\bcall ?back\b|\bover the phone\b|\bby (?:tele)?phone\b|\bgive me a (?:call|ring)\b|"
    r"^(?:please |pls |can you |could you )?(?:phone|call|ring) (?:me|us)(?: back)?\b|"
    r"\b(?:hotline|helpline|call cent(?:er|re))\b"
)
#: what may stand beside a word for a person that still asks for nothing else
_POLITE = (
    r"(?:please|pls|plz|now|asap|urgently|right now|thanks|thank you|por favor|s'il vous pla[iî]t|"
    r"svp|bitte|per favore|un|una|une|a|an|the|your|one of your|some|uno|ein|eine|einen|um|"
    r"uma|i want|i need|i'd like|quiero|necesito|je veux|ich will|ich möchte|quero|voglio|"
    r"with|to|con|avec|mit|com|de|por|real|live|actual)"
)
_ALONE = re.compile(rf"(?:{_POLITE}[ ,!.?]*)*{STAFF}(?:[ ,!.?]*{_POLITE})*[ ,!.?]*")
_REACHING = re.compile(
    rf"\b{REACH}\b.*\b(?:{STAFF}|{ANYONE})\b|\b(?:{STAFF}|{ANYONE})\b.*\b{REACH}\b"
)


#: one of them said to be there: 'is there a real person around', 'any rep available?'
_AROUND = re.compile(
    rf"\b(?:is|are) there (?:a |an |any )?{STAFF}\b(?![- ](?:sized?|shaped))|"
    rf"\b{STAFF}\b.*\b(?:around|available|online|on duty|free)\b"
)
#: a person demanded, whatever the rest of the line says: 'get me a manager NOW', 'I want your
#: supervisor', 'let me see someone senior', 'escalate this to your boss'
_DEMANDED = re.compile(
    r"\b(?:(?:get|give|fetch|bring|find|send) (?:me|us)|(?:^|(?<=[,.!;] ))(?:get|put)|"
    r"i (?:want|need|demand|insist on)|"
    r"let me see|i'?d like to see|i want to see|escalate (?:this|it|me|my \w+)(?: to)?)"
    r" (?:to )?(?:a |an |the |your |some |one of your )?(?:real |live |actual |proper )?"
    r"(?:managers?|supervisors?|boss|superiors?|someone (?:senior|higher up|in charge)|"
    r"somebody (?:senior|higher up|in charge)|higher-?ups?|team lead(?:er)?|human|real person|"
    r"person in charge)\b|"
    r"\bwho(?:'s| is) (?:your|the) (?:manager|supervisor|boss|superior|person in charge)\b|"
    r"(?:^|(?<=[,.!;] ))(?:please |pls |just |now )?escalate(?: (?:this|it|me|now|please|pls|asap|"
    r"already))*\s*$"
)
#: the person to turn to asked after: 'who do I talk to about this', 'who should we contact';
#: or what only a person may grant: 'compensation for the damage', 'file a claim'
_WHO_TO = re.compile(
    r"\bwho (?:do|can|should|could|would|shall) (?:i|we) (?:talk|speak|complain|write|go|turn|"
    r"contact|reach out|get in touch|email|call)\b|"
    r"\b(?:compensat\w*|goodwill (?:gesture|credit)|(?:damage|insurance) claim|"
    r"(?:file|make|lodge|open|submit) a claim|claim (?:for|on) (?:the )?damage)\b"
)
#: a bare transfer: 'transfer me', 'escalate this please'
_TRANSFER = re.compile(
    r"(?:please |pls |can you |could you )?(?:transfer|escalate|connect|put) (?:me|this|us)"
    r"(?: through| on| over)?(?: please| pls| now| asap)*"
)


def asks_for_person(text: str) -> bool:
    """Whether the line asks to be handed to one of the shop's people, in any of these words."""
    if _ALONE.fullmatch(text) or PHONE.search(text) or _TRANSFER.fullmatch(text):
        return True
    clauses = [c.strip() for c in re.split(r"[,.;!?]+", text) if c.strip()]
    if len(clauses) > 1 and any(_ALONE.fullmatch(c) for c in clauses):
        return True  # 'where is my refund, I'm done with this chatbot, human now'
    if _AROUND.search(text) or _DEMANDED.search(text) or _WHO_TO.search(text):
        return True
    if not _REACHING.search(text):
        return False
    gift = re.search(rf"\b(?:for|gift|present)\s+(?:\w+\s+)?{ANYONE}\b", text)
    talking = re.search(r"\b(?:speak|talk|put (?:me )?through|connect|transfer)\b", text)
    return not (gift and not talking)
