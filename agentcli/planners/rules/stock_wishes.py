"""A search that asks only for what is in stock: "an espresso machine, whatever is in stock",
"a kettle, anything available is fine", "any in-stock gaming mice".

Every search already shows what is in stock first, so the wish names no product and no
option: it is taken out of the line before it is read as a search, and the line is no
question about one product's stock ("is the espresso machine in stock?" stays one).
"""

from __future__ import annotations

import re

#: 'whatever is in stock', 'anything available is fine', 'whichever ones you have in stock',
#: 'just something in stock', 'any that are available right now'
_WHATEVER_IN_STOCK = re.compile(
    r"\b(?:just |only )?(?:whatever|whichever|anything|any|something|what(?:ever)?(?:'s| is))"
    r"(?: ones?)?(?: (?:that|which))?"
    r"(?: ?'s| is| are| ?'re| (?:you|u) (?:have|got|carry|stock)| you'?ve got)?"
    r" (?:currently |actually |still )?(?:in[- ]stock|available|on hand|in store)\b"
    r"(?: (?:right )?now| today| at the moment)?"
    r"(?: (?:is|are|would be|will be) (?:fine|ok|okay|good|great|perfect)| (?:will do|works|"
    r"is cool))?"
)
#: 'in-stock' before the product: 'any in-stock gaming mice', 'your in stock kettles'
_IN_STOCK_BEFORE = re.compile(
    r"\b(any|only|just|some|your|all|the) in[- ]stock "
    r"(?=[a-z])(?!(?:is|are|or|and|in|with|at|for|on|now|right|today|ones?)\b)"
)


def unqualified(text: str) -> str:
    """The line without its wish for what is in stock; the line itself when that is all."""
    rest = _IN_STOCK_BEFORE.sub(r"\1 ", _WHATEVER_IN_STOCK.sub(" ", text))
    rest = re.sub(r"\s*[,;:-]+\s*(?=[,;:-]|$)", "", re.sub(r"\s+", " ", rest)).strip(" ,;:-")
    return rest if rest and rest != text else text
