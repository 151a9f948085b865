"""A change only thought of beside a question about an order: "is the laptop order still
pending? i might change it", "has my kettle order gone out yet? might have to cancel".

The customer asks first and decides after: the question is answered, and the change waits for
the customer to ask for it. A clerk does not cancel or rewrite an order on a "might".
"""

from __future__ import annotations

import re

#: where the hedged clause starts: after a question mark, a full stop, a comma or a dash
_START = r"(?:[?.!]+\s*|\s*[,;]\s*|\s+-+\s+|\s+(?:because|cause|cuz|coz|cos|as|since)\s+)"
#: a change said as a maybe: 'i might change it', 'may want to cancel', 'thinking of swapping'
_HEDGE = re.compile(
    _START + r"(?:(?:because|cause|cuz|coz|cos|as|since) )?(?:(?:i|we)(?:'m|'re| am| are)? )?"
    r"(?:might|may|could|maybe|perhaps|possibly|probably|(?:was |am )?thinking (?:of|about)|"
    r"(?:was |am )?considering|(?:was |am )?wondering (?:if|whether)|not sure (?:if|whether)|"
    r"in case)\b.*$"
)


def question_before(text: str) -> str | None:
    """The question a line asks before a change it only thinks of, or None."""
    hedge = _HEDGE.search(text)
    if hedge is None or not text[: hedge.start()].strip():
        return None
    return text[: hedge.start()]
