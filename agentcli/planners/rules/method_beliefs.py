"""A payment method named as what will pay: "my gift card should cover it", "paypal ought to be
fine", "there's enough on my gift card". Said as a statement, it asks to check out with that
method; asked ("will my gift card cover it?") it is a question about the balance, answered by
the account's methods and their balances.
"""

from __future__ import annotations

import re

from agentcli.planners.rules.phrases import Intent, payment_hint

#: the belief that a method will pay: 'should cover it', 'will be fine', 'has enough on it';
#: or the question whether it will: 'will my gift card cover it'
WILL_PAY = re.compile(
    r"\b(?:should|ought to|will|'ll|would|must|can|is going to|gonna)\s+"
    r"(?:(?:easily|definitely|surely|probably|still|just|totally|be able to)\s+)*"
    r"(?:cover|be (?:enough|fine|ok|okay|good|sufficient|plenty)|do|work|handle|"
    r"take care of|pay for)\b|"
    r"\b(?:covers|is enough|'s enough|ha(?:s|ve) enough|ha(?:s|ve) plenty|got enough|"
    r"ha(?:s|ve) the funds|(?:is|'s) (?:fine|ok|okay|good|perfect)|works)\b|"
    r"\b(?:enough|plenty)(?: money| balance| credit| funds)?(?: left)? (?:on|in)\b|"
    r"^(?:will|would|can|could|does|do|is)\s+(?:my |the |our )?(?:gift ?card|paypal|visa|"
    r"mastercard|amex|credit card|card)(?: balance)?\s+(?:cover|be enough|work|do|handle|"
    r"have enough|be (?:ok|okay|fine))\b"
)
#: a question: 'will my gift card cover it', 'does paypal work here'
ASKING = re.compile(
    r"^(?:will|would|does|do|is|are|can|could|should|has|have|how|what|which|whether|if)\b"
)
#: a tag that asks only for agreement: '…, right?', '…, yeah?'
TAG = re.compile(r",?\s*(?:right|yeah|yes|no|surely|correct|i think|i hope)\s*\?+\s*$")
#: words of an order change or a trip, whose payment clauses are read elsewhere
ELSEWHERE = re.compile(
    r"\b(?:exchange|swap|trade|replace|return|refund|difference|cancel|book|booking|hotel|"
    r"flight|trip|room)\w*\b"
)


def read(line: str, text: str) -> Intent | None:
    """A checkout with the method the line says will pay; asked instead, the account's
    methods and balances; None when the line names no method as what will pay."""
    if ELSEWHERE.search(text) or not WILL_PAY.search(text):
        return None
    method = payment_hint(text)
    if method is None:
        return None
    if TAG.sub("", line.lower()).rstrip().endswith("?") or ASKING.match(text):
        return Intent("payment_methods")  # 'will my gift card cover it?': its balance told
    return Intent("checkout", {"method": method})
