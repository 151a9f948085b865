"""A search that asks only for what is in stock: "an espresso machine, whatever is in stock",
"a kettle, anything available is fine", "any in-stock gaming mice", "a smart watch, as long as
it's in stock".

Every search already shows what is in stock first, so the wish names no product and no
option: it is taken out of the line before it is read as a search, and the line is no
question about one product's stock ("is the espresso machine in stock?" stays one).
"""

from __future__ import annotations

import re

_IN_STOCK = r"(?:in[- ]stock|available|on hand|in store)"
#: a choice left to the shop: 'whatever', 'any', 'doesn't matter which'
_ANY = (
    r"(?:(?:it )?(?:doesn'?t|does not|don'?t) (?:really )?(?:matter|mind|care)(?: which| what)?"
    r"(?: one| ones| kind| brand| model)?[,;]? )?"
    r"(?:just |only )?(?:whatever|whichever|anything|any|something|"
    r"(?:only|just|any) (?:the )?ones?|what(?:ever)?(?:'s| is))"
)
#: 'whatever is in stock', 'anything available is fine', 'whichever ones you have in stock',
#: 'just something in stock', 'any that are available right now', 'only ones you have in stock'
_WHATEVER_IN_STOCK = re.compile(
    rf"\b{_ANY}(?: ones?)?(?: (?:that|which))?"
    r"(?: ?'s| is| are| ?'re| (?:you|u) (?:have|got|carry|stock)| you'?ve got)?"
    rf" (?:currently |actually |still )?{_IN_STOCK}\b"
    r"(?: (?:right )?now| today| at the moment)?"
    r"(?: (?:is|are|would be|will be) (?:fine|ok|okay|good|great|perfect)| (?:will do|works|"
    r"is cool))?(?: please| pls| thanks)?"
)
#: the choice left to the shop said before the wish: "doesn't matter which, "
_CARELESS = (
    r"(?:it )?(?:doesn'?t|does not|don'?t) (?:really )?(?:matter|mind|care)(?: which| what)?"
    r"(?: one| ones)?[,;]? "
)
_IF = (
    r"(?:(?:as|so) long as|provided|if|so|as) (?:it'?s|its|it is|they'?re|they are|theyre) "
    rf"(?:still )?{_IN_STOCK}\b"
)
_END = r"(?: please| pls| thanks)?$"
#: 'as long as it's in stock', 'if they're available', 'just in stock', ', in stock',
#: "doesn't matter which, just in stock"
_IF_IN_STOCK = re.compile(
    rf"\b{_CARELESS}(?:{_IF}|(?:(?:just|only) )?{_IN_STOCK}{_END})|\b{_IF}|"
    rf"\b(?:just|only) {_IN_STOCK}{_END}|(?<=, ){_IN_STOCK}{_END}"
)
#: a choice among what is in stock, the product between: 'whatever laptops are in stock'
_WHATEVER_KIND = re.compile(
    r"\b(?:whatever|whichever|any) (?P<kind>[a-z][a-z-]*(?: [a-z][a-z-]*)?) (?:are|is|you "
    rf"(?:have|got)|you'?ve got) (?:currently )?{_IN_STOCK}\b"
)
#: 'in-stock' before the product: 'any in-stock gaming mice', 'your in stock kettles'
_IN_STOCK_BEFORE = re.compile(
    r"\b(any|only|just|some|your|all|the) in[- ]stock "
    r"(?=[a-z])(?!(?:is|are|or|and|in|with|at|for|on|now|right|today|ones?)\b)"
)
#: when the stock is wished for: 'available right now' is 'available'
_STOCK_WHEN = re.compile(rf"\b({_IN_STOCK}) (?:right now|at the moment|currently|today)\b")


def unqualified(text: str) -> str:
    """The line without its wish for what is in stock; the line itself when that is all."""
    rest = _WHATEVER_KIND.sub(r"\g<kind>", text)
    rest = _IF_IN_STOCK.sub(" ", _WHATEVER_IN_STOCK.sub(" ", rest))
    rest = _STOCK_WHEN.sub(r"\1", _IN_STOCK_BEFORE.sub(r"\1 ", rest))
    rest = re.sub(r"\s*[,;:-]+\s*(?=[,;:-]|$)", "", re.sub(r"\s+", " ", rest)).strip(" ,;:-")
    return rest if rest and rest != text else text
