"""Orders named by an item in them ("the order with the grill in it", "my laptop order", "the
one with the perfume"): which words name the item, and the reads that find the order.

The customer's orders are read one by one (those not read yet this conversation), and the
request goes on with the one order holding such an item; with none or several the agent asks.
"""

from __future__ import annotations

import re
from typing import Any

from agentcli.conversation import Observation
from agentcli.planners.base import PlannerOutput
from agentcli.planners.rules import order_states, spelling
from agentcli.planners.rules.asides import wants_a_person
from agentcli.planners.rules.change_params import EVERYDAY, american
from agentcli.planners.rules.option_amounts import as_offered
from agentcli.planners.rules.order_states import STATE_WORDS
from agentcli.planners.rules.phrases import Intent

Memory = dict[str, Any]

_DET = r"(?:the |my |a |an |those |these |that |this |some |two |2 |both )?"
#: 'the order with the grill in it', 'the one containing my perfume', 'the package that had
#: the lamp', 'the purchase i got the kettle in'
_WITH = re.compile(
    r"\b(?:order|one|purchase|package|parcel|delivery|box|shipment)s?\s+"
    r"(?:with|containing|(?:that |which )?(?:has|had|have|contains|contained|included|includes)|"
    r"which (?:has|had|contains)|including|where i (?:got|bought|ordered)|"
    r"(?:i|we) (?:got|bought|ordered))\s+" + _DET + r"([a-z][a-z' -]*?)"
    r"(?=\s+(?:in it|inside|in there|in|on it)\b|\s*$|\s*[,.;!?]|\s+(?:i|please|pls|because|"
    r"since|as|and|but|so|to|for|be|paid|by|on|from|can|could|should|it|still|already|yet|"
    r"been|is|was|has|shipped|arrived|pending)\b)"
)
#: an item's name of one or two words before 'order', none of them a joiner or an order
_ITEM_WORD = r"(?!(?:and|plus|order|one)\b)[a-z][a-z'-]*"
_ITEM = rf"{_ITEM_WORD}(?:\s+{_ITEM_WORD})?"
#: 'my laptop order', 'the grill order', 'my perfume purchase', 'the laptop one'; several
#: items joined name the order by the first: 'the kettle and water bottle order', 'the
#: espresso machine + laptop one'
_BEFORE = re.compile(
    rf"\b(?:my|the|that|this)\s+({_ITEM})"
    rf"(?:\s*(?:\+|&|,|\band\b|\bplus\b)\s*(?:the |my )?{_ITEM})*\s+(?:order|purchase|one)\b"
)
#: words before 'order' that are no item: 'my last order', 'the pending order'
_NOT_ITEMS = frozenset(
    """
    last latest recent previous first second third other whole entire current new old big
    small online earlier next same one only existing original latter former most shop bazaar
    second-to-last most-recent open shipped delivered cancelled canceled pending processed
    wrong right correct whole entire cheap cheaper cheapest expensive big bigger biggest small
    smaller large larger other another
    """.split()
)
_FILLER = frozenset("a an the my some of in it its their".split())
#: what an order is paid with, no item in it: 'the t-shirt order with my gift card'
_PAID_WITH = re.compile(
    r"(?:gift ?card|credit card|debit card|card|paypal|pay pal|visa|mastercard|amex|discover)\b"
)


def item_words(text: str) -> list[str]:
    """The words of the item an order is named by, or [] when the line names none."""
    for pattern in (_WITH, _BEFORE):
        m = pattern.search(text)
        if m is None:
            continue
        words = [w for w in re.findall(r"[a-z][a-z'-]*", m.group(1)) if w not in _FILLER]
        if not words or any(w in _NOT_ITEMS for w in words) or _PAID_WITH.match(m.group(1)):
            continue
        if any(re.fullmatch(rf"(?:{states})", " ".join(words)) for _, states in STATE_WORDS):
            continue
        return words[:3]
    return []


#: an item the customer no longer wants: 'i dont need the headphones anymore', 'no longer want
#: my kettle', 'changed my mind about the lamp', 'the grill isn't needed'
_UNWANTED = re.compile(
    r"\b(?:(?:do ?n[o']?t|no longer|not) (?:need|want)|changed my mind (?:about|on)|"
    r"(?:won'?t|will not|wont) (?:need|use)) "
    + _DET
    + r"(?P<item>[a-z][a-z'-]*(?: [a-z][a-z'-]*)?)"
    r"|\b(?:the|my) (?P<subject>[a-z][a-z'-]*(?: [a-z][a-z'-]*)?) (?:is|isn'?t|are|aren'?t) "
    r"(?:no longer |not )?(?:needed|wanted)\b"
)
#: the words after an item that end its name: 'ordered the grill by mistake'
_AFTER_ITEM = r"(?!(?:by|in|on|accidentally|twice|was|were|is|are|and|but|so|for)\b)"
#: a buy button pressed: 'clicked buy on', 'hit order on', 'tapped purchase on'
_CLICKED = (
    r"(?:clicked|hit|pressed|tapped|pushed)(?: (?:the )?(?:buy(?: now)?|order|purchase|"
    r"checkout)(?: button)?)?(?: on)?"
)
#: an item ordered by mistake: 'i never meant to order that grill', 'accidentally bought a
#: lamp', 'ordered the kettle by accident', 'the blender was a mistake', 'got the wrong laptop'
_MISTAKEN = re.compile(
    r"\b(?:(?:never|didn'?t|did not|not|dont|don'?t) (?:meant|mean|intend(?:ed)?|want(?:ed)?|"
    r"planned?) to|accidentally|mistakenly|wrongly|by (?:mistake|accident)) (?:have )?"
    r"(?:order(?:ed)?|buy|bought|get|got|purchased?|pick(?:ed)?|click(?:ed)? on|add(?:ed)?) "
    + _DET
    + r"(?:wrong )?(?P<ordered>[a-z][a-z'-]*(?: "
    + _AFTER_ITEM
    + r"[a-z][a-z'-]*)?)"
    r"|\b(?:i|we) (?:never|didn'?t|did not) (?:order|ordered|buy|bought|purchased?|wanted) "
    + _DET
    + r"(?P<disowned>[a-z][a-z'-]*(?: "
    + _AFTER_ITEM
    + r"[a-z][a-z'-]*)?)"
    r"|\b(?:a|an|the|that|this|some) (?P<relative>[a-z][a-z'-]*(?: "
    + _AFTER_ITEM
    + r"[a-z][a-z'-]*)?) (?:that |which )?(?:i|we) (?:never|didn'?t|did not) "
    r"(?:meant to |mean to )?(?:order|ordered|buy|bought|want|wanted)\b"
    r"|\bmistake (?:in |when |while |by |with )?(?:ordering|buying|getting|purchasing) "
    + _DET
    + r"(?:wrong )?(?P<ordering>[a-z][a-z'-]*(?: "
    + _AFTER_ITEM
    + r"[a-z][a-z'-]*)?)"
    r"|\b(?:ordered|bought|purchased|got|picked|chose|"
    + _CLICKED
    + r") "
    + _DET
    + r"(?P<object>[a-z][a-z'-]*(?: "
    + _AFTER_ITEM
    + r"[a-z][a-z'-]*)?) "
    r"(?:by (?:mistake|accident)|in error|accidentally|mistakenly|twice)\b"
    r"|\b(?:ordered|bought|purchased|got|picked|chose|clicked(?: buy)?(?: on)?) the wrong "
    r"(?P<wrong>[a-z][a-z'-]*(?: " + _AFTER_ITEM + r"[a-z][a-z'-]*)?)"
    r"|\b(?:the|my|that|this) (?P<subject>[a-z][a-z'-]*(?: " + _AFTER_ITEM + r"[a-z][a-z'-]*)?) "
    r"(?:was|were) (?:ordered |bought |purchased )?(?:by (?:mistake|accident)|a mistake|in error|"
    r"an accident)\b"
)
_ENDS_ITEM = frozenset("cancel please pls so and anymore thanks thx now any".split())
_NOT_UNWANTED = frozenset(
    "anymore any more now it them this that order orders one anything".split()
)


#: an item named by the clause that says it was bought: 'the grill i ordered', 'that lamp we
#: bought last week', 'the skateboard which i just purchased', 'my order for the office chair'
_BOUGHT = re.compile(
    r"\b(?:the|that|this|my|those|these) "
    r"(?P<item>[a-z][a-z'-]*(?: (?!(?:that|which|i|we)\b)[a-z][a-z'-]*)?) "
    r"(?:that |which )?(?:i|we) (?:just |recently |already |originally )?"
    r"(?:ordered|bought|purchased|got)\b"
    r"|\b(?:order|purchase)s? (?:for|of) (?:the|a|an|that|this|those|these|some) "
    r"(?P<of>[a-z][a-z'-]*(?: " + _AFTER_ITEM + r"(?!(?:that|which|i|we)\b)[a-z][a-z'-]*)?)"
)


def bought(text: str) -> list[str]:
    """The item a line names by the clause saying it was bought ('the grill i ordered', 'my
    order for the office chair'), or []."""
    m = _BOUGHT.search(text)
    if m is None:
        return []
    words = [w for w in (m.group("item") or m.group("of")).split() if w not in _FILLER]
    if not words or any(w in _NOT_UNWANTED | _NOT_ITEMS | _NOT_ASKED for w in words):
        return []
    if any(re.fullmatch(rf"(?:{states})", " ".join(words)) for _, states in STATE_WORDS):
        return []
    return words


#: an item named as what is cancelled: 'cancel the grill', 'please cancel my office chair'
_CANCELLED = re.compile(
    r"\bcancel (?:the |my |that |this |those |these )(?P<item>[a-z][a-z'-]*(?: "
    + _AFTER_ITEM
    + r"[a-z][a-z'-]*)?)"
)
#: what is cancelled that is no item of an order: 'cancel my booking', 'cancel the return'
_NOT_CANCELLED = frozenset(
    """
    booking bookings hotel hotels flight flights trip trips reservation reservations stay
    subscription cart basket return returns exchange exchanges refund payment address change
    changes request transaction whole everything all rest lot
    """.split()
)


def cancelled(text: str) -> list[str]:
    """The item a cancellation names as what it cancels ('cancel the grill'), or []."""
    m = _CANCELLED.search(text)
    if m is None:
        return []
    words = [w for w in m.group("item").split() if w not in _FILLER]
    if len(words) > 1 and words[1] in _ENDS_ITEM | _NOT_ASKED:
        words = words[:1]
    if not words or words[0] in _NOT_UNWANTED | _NOT_ITEMS | _NOT_ASKED | _NOT_CANCELLED:
        return []
    if any(re.fullmatch(rf"(?:{states})", words[0]) for _, states in STATE_WORDS):
        return []
    return words


def unwanted(text: str) -> list[str]:
    """The item a cancellation says is no longer wanted, or ordered by mistake, or []."""
    m = _UNWANTED.search(text) or _MISTAKEN.search(text)
    if m is None:
        return []
    said = next(g for g in m.groups() if g)
    words = [w for w in said.split() if w not in _FILLER]
    if len(words) > 1 and words[1] in _ENDS_ITEM:
        words = words[:1]
    words = [w for w in words if w not in _NOT_UNWANTED]
    if not words or words[0] in _NOT_ITEMS or words[0] in _NOT_ASKED:
        return []
    return words[:2]


#: a question about where an order is: 'where is it', 'has it shipped', 'any news on'
_WHERE = re.compile(
    r"\bwhere(?:'s| is| are|s)\b|\bwhere (?:my|the|our) [a-z][a-z-]*(?: [a-z][a-z-]*)? "
    r"(?:is|are|has got to|got to|went|has gone)\b|\bstatus\b|\btrack(?:ing)?\b|"
    r"\bany (?:news|updates?) on\b|"
    r"\b(?:has|have|did|is|are) .{0,30}\b(?:shipped|arrived|been (?:sent|shipped|delivered|"
    r"dispatched)|left|come|on (?:its|their) way|gone out|went out|dispatched)\b|"
    r"\b(?:did (?:my|the|our)|(?:does|do) (?:my|our)) .{0,30}\b(?:ship|arrive|go out|leave|"
    r"get (?:sent|shipped|delivered|here)|come|turn up|show up)\b|"
    r"\b(?:is|are) (?:my|the|our) .{0,30}\b(?:still )?(?:coming|arriving|on (?:the|its|their) "
    r"way|in transit|out for delivery|delayed|late|lost|shipped)\b|"
    # its arrival foretold: 'is my coffee maker going to arrive soon', 'are the boots gonna ship'
    r"\b(?:is|are|will) (?:my|the|our) .{0,30}\b(?:going to|gonna|about to|likely to|set to|due "
    r"to|expected to)?\s?(?:arrive|ship|get here|be delivered|turn up|show up|be here)\b|"
    # what is happening with an order: 'whats going on with my kettle order', 'what's the
    # latest on the blender delivery'
    r"\bwhat(?:'s|s| is)? (?:going on|happening|up|the (?:latest|news|update|deal|story|"
    r"hold-?up|delay)) (?:with|on) (?:my|the|our) [a-z][a-z -]{0,30}?\b(?:order|delivery|"
    r"parcel|package|shipment)\b|"
    r"\bwhen (?:will|does|do|is|are|can i expect) .{0,30}\b(?:arrive|arriving|coming|due|"
    r"come|ship|get here|getting here|be delivered|turn up)\b|"
    r"\bwhen(?:'s| is| are)? (?:my|our|the) [a-z][a-z -]{0,30}?\b(?:arrive|arriving|coming|"
    r"due|come|ship|get here|getting here|be delivered|turn up|show up|land|reach me|be here)\b|"
    r"\b(?:hasn'?t|haven'?t|never|still not|not yet) "
    r"(?:arrived|come|shown up|turned up|been delivered)\b|"
    # its state asked: 'is the laptop order still pending?', 'was my kettle cancelled', 'is it
    # still pending', 'kettle order still pending?'
    r"\b(?:(?:is|are|was|were) (?:my|the|our|that|this|it|they|order|#?w ?\d{7})\b.{0,40}|"
    r"(?:order|purchase|package|parcel)s?[\s,:-]+|still )(?:still |already |now )?"
    r"(?:pending|processing|processed|open|unshipped|delivered|cancell?ed|dispatched)\b"
)
#: the item such a question names: 'i ordered a bicycle ages ago', 'where is my blender'
_ASKED_ITEM = re.compile(
    r"\b(?:ordered|bought|purchased) (?:a |an |the |some |my |two |2 |that )?"
    r"(?P<ordered>[a-z][a-z-]*(?: [a-z][a-z-]*)?)|"
    r"\b(?:where(?:'s| is| are|s)?|has|have|did|does|do|is|are|on|with|will|when will|"
    r"when does|when do|"
    r"when(?:'s)?) "
    r"(?:my|the) "
    r"(?P<named>[a-z][a-z-]*(?: [a-z][a-z-]*)?)|"
    r"^(?:my|the|our) (?P<subject>[a-z][a-z-]*(?: [a-z][a-z-]*)?)|"
    r"^(?P<bare>[a-z][a-z-]*(?: [a-z][a-z-]*)?) (?:order|purchase)\b"  # 'kettle order pending?'
)
#: the item an order's tracking is asked by: 'the tracking number for my puzzle', 'track the
#: kettle', 'status of my headphones', 'tracking info on my jigsaw'
_TRACKED = re.compile(
    r"(?:(?:^|\byou |\b(?:need|want|wanna|like|trying|i|we) to |\bcan (?:i|we) )track|"
    r"\b(?:tracking|status)(?: (?:number|no\.?|num|#|info(?:rmation)?|code|details|link|id|"
    r"updates?))?(?: (?:for|on|of|about))?) "
    r"(?:my|the|our|that|this) (?P<tracked>[a-z][a-z-]*(?: [a-z][a-z-]*)?)"
)
#: an item a report about the order names: 'the tracking says my laptop was delivered', 'the
#: app says our sofa shipped'
_SAYS_MINE = re.compile(r"\bsays? (?:my|our) ([a-z][a-z-]*(?: [a-z][a-z-]*)?)")
#: what names no item of an order: 'where is my order', 'has my parcel shipped'
_NOT_ASKED = frozenset(
    """
    order orders package packages parcel parcels delivery deliveries stuff things thing
    purchase purchases refund money item items shipment box boxes it them ages while
    something anything online last recently before from on yesterday week month i we you
    ordered bought still yet already shipped arrived arrive come coming been hasnt hasn't
    is are has have got went gone was were ship ships arrive leave turn show go get yet
    coming arriving due late delayed lost shipping for please me tracking status number cart be
    basket trolley should will might going gonna supposed meant expected likely ever finally
    """.split()
)


def asks_after(text: str) -> bool:
    """Whether the line asks where an order is or what state it is in."""
    return bool(_WHERE.search(text))


def asked_after(text: str) -> list[str]:
    """The item a question about an order's whereabouts names it by, or []."""
    if not _WHERE.search(text):
        return []
    found = _ASKED_ITEM.search(text)
    tracked = _TRACKED.search(text)  # 'can i get the tracking number for my puzzle'
    named = [
        m.group("tracked") if m is tracked else next(g for g in m.groups() if g)
        for m in sorted((m for m in (found, tracked) if m), key=lambda m: m.start())
    ]
    if not wants_a_person(text, False):  # 'the tracking says my laptop was delivered but …'
        named = [m.group(1) for m in _SAYS_MINE.finditer(text)] + named  # not the reporter
    for said in named:
        words = said.split()
        words = [w for w in words[:1] + [w for w in words[1:] if w not in _NOT_ASKED]]
        if words and words[0] not in _NOT_ASKED and words[0] not in _NOT_ITEMS:
            return words
    return item_words(text)  # 'tracking no. for my skateboard order?'


def remember(memory: Memory, obs: Observation) -> None:
    """Keep the item names and option values of every order read, so the next order named by
    an item ('the purple tshirt') needs no read."""
    if obs.ok and obs.action == "get_order" and isinstance(obs.data, dict):
        items = obs.data.get("items")
        if isinstance(obs.data.get("order_id"), str) and isinstance(items, list):
            lines = [i for i in items if isinstance(i, dict)]
            names = [str(i.get("name", "")).lower() for i in lines]
            values = [_values(i.get("options")) for i in lines]
            memory.setdefault("order_items", {})[obs.data["order_id"]] = names
            memory.setdefault("order_item_values", {})[obs.data["order_id"]] = values
            memory.setdefault("orders_read", {})[obs.data["order_id"]] = obs.data  # this turn


#: a swap said as an exchange, the word for what is done with an item that came: 'can I
#: exchange my skateboard for …'; a pending order's item is changed, not exchanged
EXCHANGED = re.compile(r"\bexchang(?:e|es|ed|ing)\b")
#: words of a new variant that say none: 'for different ones', 'for another pair'
_VAGUE_NEW = frozenset("different another other new pair one ones something else".split())


def find(memory: Memory, orders: list[str], then: Intent, line: str = "") -> PlannerOutput | Intent:
    """Read the orders not read yet, then go on with `then` for the one holding the item
    its `order_item` names; a swap said as an exchange (`line`) is of a delivered item when
    orders in several states hold it and the new variant is said."""
    known = memory.get("order_items", {})
    unread = [o for o in orders if o not in known]
    reads = len(unread) + (len(unread) < len(orders))  # an order read before is read again
    if reads > _READS_AFFORDED.get(str(then.params.get("kind")), _READS_AT_MOST):
        params = {k: v for k, v in then.params.items() if k not in ("order_item", "otherwise")}
        return Intent(then.kind, params)  # too many to read in one turn: its handler asks which
    memory["order_find"] = {
        "words": then.params["order_item"],
        "queue": unread,
        "orders": orders,
        "exchanged": bool(EXCHANGED.search(line.lower())),
    }
    memory["order_find_then"] = {"kind": then.kind, "params": then.params}
    if unread:
        return _read(unread)
    return resolved(memory)


def after(
    memory: Memory, obs: Observation, seen: list[Observation]
) -> Intent | PlannerOutput | None:
    """The request to go on with once the orders are read (its `order_id` filled when one
    order holds the item); `seen` are the turn's observations, the reads among them."""
    finding = memory.get("order_find")
    if finding is None or obs.action != "get_order":
        return None
    queue = finding["queue"]
    if not queue or obs.arguments.get("order_id") != queue[-1]:
        return None
    for read in seen:  # read at once: each order's items and state are kept
        if read.action == "get_order" and read.arguments.get("order_id") in queue:
            remember(memory, read)
            order_states.remember(memory, read)
    queue.clear()
    return resolved(memory)


#: the most orders a change named by an item may read in one turn: the reads go in one step,
#: and with the sign-in, the product's read and the write after them they stay within the
#: actions a turn may take
_READS_AFFORDED = {"order_swap": 5, "order_return": 6}
_READS_AT_MOST = 6
#: the states an order may be in for each change named by an item in it
_STATES_ALLOWED = {
    "order_return": frozenset({"delivered"}),
    "order_swap": frozenset({"delivered", "pending"}),
    "order_address": frozenset({"pending"}),
    "order_payment": frozenset({"pending"}),
    "cancel_which": frozenset({"pending"}),
}
#: the request a question about an order becomes once its order is known
_WITH_ORDER = {"cancel_which": "cancel"}


def resolved(memory: Memory) -> Intent:
    """The pending request with the one order holding the item; with none or several, the
    request as it was said, so its handler asks which order."""
    finding = memory.pop("order_find")
    then = memory.pop("order_find_then")
    words = [EVERYDAY.get(w, w) for w in finding["words"]]
    lines = {o: _lines(memory, o) for o in finding["orders"]}
    words = as_offered(words, [values for o in lines for _, values in lines[o]])  # '2 litre'
    holding = [o for o in finding["orders"] if _holds(lines[o], words)]
    if not holding:  # 'has my keybaord been delivered': a slip of an item's name
        names = spelling.vocabulary(name for o in lines for name, _ in lines[o])
        words = [spelling.corrected(w, names) or w for w in words]
        holding = [o for o in finding["orders"] if _holds(lines[o], words)]
    for fits in (_in_name_or_values, _in_name):  # words no item has ('the LCD screen') go
        if not holding and len(words) > 1:  # 'the blue chair' when no chair is blue: a chair
            kept = [w for w in words if any(fits(w, line) for o in lines for line in lines[o])]
            holding = [o for o in finding["orders"] if kept and _holds(lines[o], kept)]
    if not holding and len(words) > 1:  # 'has my grill shipped': the item is the first word
        holding = [o for o in finding["orders"] if _holds(lines[o], words[:1])]
    states = memory.get("order_states", {})
    said = then["params"].get("state")
    if len(holding) > 1 and said:  # 'the pet bed in my pending order'
        holding = [o for o in holding if order_states.fits(states.get(o), said)] or holding
    if len(holding) > 1:  # the one order the change is allowed in: 'return the puzzle'
        allowed = _STATES_ALLOWED.get(then["params"].get("kind") or then["kind"], frozenset())
        holding = [o for o in holding if states.get(o) in allowed] or holding
    kind = then["params"].get("kind") or then["kind"]
    named = [w for w in then["params"].get("new") or [] if w not in _VAGUE_NEW]
    if len(holding) > 1 and kind == "order_swap" and finding.get("exchanged") and named:
        holding = [o for o in holding if states.get(o) == "delivered"] or holding  # 'exchange'
    params = {k: v for k, v in then["params"].items() if k not in ("order_item", "otherwise")}
    otherwise = then["params"].get("otherwise")
    if not holding and otherwise:  # an item answer no order holds: the line as it was read
        return Intent(otherwise["kind"], otherwise["params"])
    if len(holding) > 1 and then["kind"] == "order_status":  # 'did my socks ship': each one
        return Intent("orders_at_once", {"order_ids": holding})
    if len(holding) > 1:  # the question which order offers those holding the item
        params["candidates"] = holding
    if len(holding) != 1:
        return Intent(then["kind"], params)
    params["order_id"] = holding[0]
    if then["kind"] == "change_which":
        return Intent(params.pop("kind"), params)
    return Intent(_WITH_ORDER.get(then["kind"], then["kind"]), params)


def _values(options: Any) -> str:
    """An item's option values as one text: 'purple s polyester v-neck'."""
    if not isinstance(options, dict):
        return ""
    return american(" ".join(str(v) for v in options.values()).lower())


def _lines(memory: Memory, order_id: str) -> list[tuple[str, str]]:
    """Each item of an order read: its name and its option values."""
    names = memory.get("order_items", {}).get(order_id, [])
    values = memory.get("order_item_values", {}).get(order_id, [])
    return [(name, values[n] if n < len(values) else "") for n, name in enumerate(names)]


def _holds(lines: list[tuple[str, str]], words: list[str]) -> bool:
    """Whether an item has every word, one of them in its name and the others there or as
    whole words of its option values ('the white headphones'); a value alone names no item
    ('my order with a different card' is no order holding an SD card)."""
    return any(
        any(_in(w, name) for w in words) and all(_in(w, name) or _valued(w, values) for w in words)
        for name, values in lines
    )


def _in_name_or_values(word: str, line: tuple[str, str]) -> bool:
    return _in(word, line[0]) or _valued(word, line[1])


def _in_name(word: str, line: tuple[str, str]) -> bool:
    return _in(word, line[0])


def _valued(word: str, values: str) -> bool:
    stem = re.sub(r"(?:es|s)$", "", word) if len(word) > 3 else word
    return bool(re.search(rf"(?<![\w-])(?:{re.escape(word)}|{re.escape(stem)})(?![\w-])", values))


def _in(word: str, name: str) -> bool:
    stem = re.sub(r"(?:es|s)$", "", word) if len(word) > 3 else word
    return word in name or stem in name


def _read(order_ids: list[str]) -> PlannerOutput:
    return PlannerOutput(
        [{"action": "get_order", "order_id": o} for o in order_ids],
        rationale="find the order with the item",
    )
