"""A clause saying how an exchange's price difference is settled: 'paypal for the difference',
'put any difference on my gift card', 'refund the difference to my visa', 'if it costs more,
charge my mastercard', or a clause that only names how to pay ('use my mastercard', 'charge my
visa for it'), which beside an exchange can mean nothing else. It names the exchange's payment
method; it is no checkout, no return and no change of how the order was paid, so the rest of
the line is read without it.
"""

from __future__ import annotations

import re

from agentcli.planners.rules.phrases import payment_hint

#: what a price difference is called: 'the difference', 'any extra', 'the leftover'
_DIFFERENCE = re.compile(
    r"\b(?:(?:the|any|a) )?(?:price )?(?:difference|diff)\b|"
    r"\b(?:any|the) (?:extra|excess|remainder|balance due|leftover|change)\b|\bleft ?over\b|"
    r"\b(?:whatever|what|anything)(?:'s| is)? (?:left|remaining|owed|owing|due|extra)\b|"
    r"\bextra (?:cost|costs|charge|charges|amount|money|to pay)\b|\bthe rest\b|"
    r"\bif (?:it|the new one|that|the \w+ one|there)(?:'s| is| costs?| comes? (?:to|out))? "
    r"(?:any )?(?:more|less|cheaper|pricier|dearer|more expensive|a difference)\b|"
    r"\b(?:top[- ]?up|pay (?:the )?more)\b|"
    r"\b(?:any|the|a) (?:partial )?refund\b|\brefund (?:any|whatever|me|us)\b|"
    r"\bwhatever (?:it|that|the new one|they) (?:costs?|comes? to|adds? up to|works? out)\b|"
    r"\bwhatever (?:i|we) owe\b"
)
#: a method: 'my visa', 'the gift card', 'paypal', 'my card ending 1234', 'my paypal account'
_METHOD = (
    r"(?:the |my |a |our )?(?:gift ?card|gift|credit card|debit card|card|paypal|pay pal|visa|"
    r"mastercard|amex|discover)(?:\s+(?:card|account|balance))?"
    r"(?:\s+(?:ending|that ends)(?:\s+in|\s+with)?\s+\d{4})?"
)
#: how a clause says to pay or be paid back with a method: 'use', 'charge it to', 'take it
#: out of', 'refund it back to', 'go with', 'on'
_PAY_VERB = (
    r"(?:(?:use|charge|bill|debit|put|stick|add|throw|pop|run|take|pay|paying|go|send|refund|"
    r"credit|return|move|settle|cover|do)(?: (?:it|that|this|them|everything|the \w+|me|us))?"
    r"(?: (?:on|onto|to|through|from|off|out of|with|by|via|using|back to|back on|back onto|"
    r"into|over to))?|on|onto|with|via|using|by|through|to)"
)
#: a clause that only says how to pay: 'use my mastercard', 'charge my visa for it', 'bill it
#: to the gift card', 'put it on paypal', 'on my card please', 'gift card please'
_PAYING_ONLY = re.compile(
    r"^(?:(?:and|then|so|oh|also|but|please|pls|just|ok|okay|you can|can you|could you|"
    r"i'?ll|i will|i'?d like to|i want to|i wanna|let'?s|feel free to|go ahead and)\s+)*"
    rf"(?:{_PAY_VERB}\s+)?{_METHOD}"
    r"(?:\s+(?:for (?:it|that|this|them|the (?:new|other) one|any of it)|please|pls|plz|thanks|"
    r"thank you|thx|instead|this time|if needed|if (?:you )?need be|if necessary))*$"
)
#: a clause whose method pays of itself: 'my gift card can cover it', 'paypal is fine for that'
_METHOD_PAYS = re.compile(
    r"^(?:(?:and|then|so|oh|also|but|just)\s+)*"
    rf"{_METHOD}\s+(?:(?:can|could|will|should|would)\s+)?"
    r"(?:covers?|pays?(?: for)?|takes?|handles?|is fine(?: for)?|is ok(?:ay)?(?: for)?|"
    r"works?(?: for)?)(?:\s+(?:it|that|this|them|the rest|any of it|whatever(?: it costs)?))?"
    r"(?:\s+(?:please|pls|thanks))?$"
)
#: where a clause ends: a comma, a colon, a sentence's end, 'and' or a dash
_CLAUSES = re.compile(r"\s*(?:[,;!?]|[.:](?!\d)|\s-+\s|\band\b)\s*")


def settled_by(line: str) -> tuple[str, dict[str, str]] | None:
    """The line without its price-difference clause and the method that clause names, or None
    when no clause speaks of a difference and a method at once ('if it costs more, charge my
    visa' is one such clause said in two) or only names how to pay, before or after the rest."""
    spans = _spans(line)
    first = line[: spans[0][1]].lower().strip(" .") if len(spans) > 1 else ""
    paying = _PAYING_ONLY.match(first) or _METHOD_PAYS.match(first) or _DIFFERENCE.search(first)
    hint = payment_hint(first) if paying else None
    if hint is not None:  # 'using my paypal, please exchange …': the method said first
        return line[spans[1][0] :].strip(" ,.;"), hint
    for n, (start, end) in enumerate(spans[1:], 1):  # else the first clause is the exchange
        said = line[start:end].lower()
        bare = said.strip(" .")
        if not _DIFFERENCE.search(said) and not (
            _PAYING_ONLY.match(bare) or _METHOD_PAYS.match(bare)
        ):
            continue
        hint = payment_hint(said)
        if hint is None and n + 1 < len(spans):  # the method in the clause after it
            end = spans[n + 1][1]
            hint = payment_hint(line[start:end].lower())
        if hint is not None:
            before = line[: spans[n - 1][1]]
            return " ".join(f"{before} {line[end:]}".split()).strip(" ,.;"), hint
    return None


def _spans(line: str) -> list[tuple[int, int]]:
    """Where each clause of the line starts and ends."""
    spans, start = [], 0
    for cut in _CLAUSES.finditer(line):
        if cut.start() > start:
            spans.append((start, cut.start()))
        start = cut.end()
    if start < len(line):
        spans.append((start, len(line)))
    return spans
