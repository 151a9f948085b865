"""Reads one English line into an intent: what the customer wants, with its details."""

from __future__ import annotations

import re

from agentcli.conversation.answers import is_no, is_yes, normalise
from agentcli.planners.rules import (
    by_price,
    cart_afterwards,
    cart_totals,
    lookups,
    method_beliefs,
    one_more,
    order_questions,
    price_difference,
    refund_questions,
    wished_features,
)
from agentcli.planners.rules.asides import (
    blames_a_person,
    is_chatter,
    name_and_zip,
    wants_a_person,
)
from agentcli.planners.rules.cancel_words import says_cancel
from agentcli.planners.rules.cart_edits import read as read_cart_edit
from agentcli.planners.rules.hand_off import asks_for_person
from agentcli.planners.rules.hedges import question_before
from agentcli.planners.rules.order_change_intents import parse_change
from agentcli.planners.rules.order_finder import (
    asked_after,
    asks_after,
    bought,
    cancelled,
    item_words,
    unwanted,
)
from agentcli.planners.rules.order_states import state_named
from agentcli.planners.rules.phrases import ORDER_ID, Intent, cancel_reason
from agentcli.planners.rules.prices import price_range
from agentcli.planners.rules.product_questions import parse as product_question
from agentcli.planners.rules.reading import (
    bare_position,
    expand_shorthand,
    position,
    strip_filler,
)
from agentcli.planners.rules.search_words import STOP_WORDS, query_words, used_for
from agentcli.planners.rules.shop_intents import shop_intent
from agentcli.planners.rules.sign_in_then import request_after
from agentcli.planners.rules.slang import in_shop_words
from agentcli.planners.rules.slot_answers import slot_answer
from agentcli.planners.rules.stock_wishes import unqualified
from agentcli.planners.rules.which_kind import kind_asked

EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
ORDER_NUMBER = re.compile(r"\b(orders?|order number|order no\.?)\s*#?\s*(\d{7})\b", re.IGNORECASE)
SEARCHING = re.compile(
    r"\b(find|search|looking for|look for|show me|show|do you (?:have|sell|carry|stock)|"
    r"have you got|you got|got any|i want|i need|i'?m after|in the market for|shopping for|"
    r"recommend|any|browse|what .* (?:have|got|sell|carry)|need|want|get me|interested in|"
    r"searching for|hunting for|options for|are there|is there|what about|how about|sell|"
    r"carry|see (some|your|the|any|all)|happen to have|"
    r"what'?s (your|the) (cheapest|best|most|priciest|dearest|fanciest|top)|"
    r"your (cheapest|best)|(?:can|could|may) (?:i|we) (?:get|have|buy|order)|i'?d like|"
    r"where (?:are|is|can i find|do you keep) (?:your|the)|i (?:search|seek|look for)|"
    r"do (?:you|ya|y'all)(?: guys| folks| lot)? (?:do|offer|supply|deal in|stock|have)|"
    r"(?:your|the|a|any) (?:(?:full|whole|entire|current|good|decent|big|wide) )?(?:range|"
    r"selection|choice|collection|assortment|line-?up|variety))\b"
)
#: a greeting and nothing else: 'hi', 'hiya 👋', 'hey there', 'good morning!'
GREETING = re.compile(
    r"^(?:hi|hello|hey|hiya|heya|hey there|hi there|hello there|hola|howdy|greetings|yo|"
    r"good (?:morning|afternoon|evening|day)|morning|evening)\b(?: (?:there|all|folks|guys))?"
    r"[!.,~ ]*$"
)
#: a goodbye: the chat ends politely, asking for nothing more ('cheers, bye', 'ok ttyl')
FAREWELL = re.compile(
    r"\b(?:bye|goodbye|good bye|bye-?bye|byee+|see (?:you|ya)|cya|later|take care|ttyl|"
    r"have a (?:good|nice|great|lovely) (?:one|day|evening|night|weekend)|"
    r"that'?s (?:all|everything)|that is all|nothing (?:else|more)|no more|"
    r"i'?m (?:done|good|all set)|all good|all set)\b"
)
#: what may stand beside a goodbye that still says nothing more
_FAREWELL_FILLER = re.compile(
    r"\b(?:ok|okay|alright|all right|right|great|cool|perfect|awesome|nice|thanks|thank you|"
    r"thx|ty|cheers|so much|very much|a lot|again|for (?:now|today|tonight|your help|the help|"
    r"everything|all)|then|and|so|well|that'?s it|you too|mate|guys|folks|bud|have a|"
    r"(?:i|we) (?:need|needed|wanted))\b"
)


def _farewell(raw: str) -> bool:
    """A goodbye and nothing else, in whatever words surround it."""
    said = raw.lower().rstrip("!.? ")
    if not FAREWELL.search(said):
        return False
    rest = _FAREWELL_FILLER.sub(" ", FAREWELL.sub(" ", said))
    return not re.sub(r"[\s,.!?;:()'-]+|[^\w\s]", "", rest)


#: asking for a person by name of one, whatever the topic: 'speak to a manager about a refund'
PERSON_ASKED = re.compile(
    r"\b(?:speak|talk|chat)(?:ing)? (?:to|with) (?:a |an |the |your |some )?(?:real |live |"
    r"actual )?(?:human|person|manager|supervisor|representative|rep|someone|somebody|staff|"
    r"member of (?:staff|the team)|customer service)\b"
)
#: a product's price asked: 'how much are your jigsaw puzzles', 'what do kettles cost'
PRICE_ASKED = re.compile(
    r"\bhow much (?:is|are|do|does|would|will|for)\b|\bhow (?:pricey|expensive|cheap)\b|"
    r"\b(?:cost|costs|price|prices|priced|pricing)\b.*\?*$|\bprices? (?:of|on|for)\b|"
    r"\bwhat (?:do|does|would) .+ (?:go for|run|sell for|set me back)\b"
)
#: what a price may be asked of that is no product: 'how much is shipping'
SERVICES = frozenset(
    """
    shipping delivery deliveries postage tax taxes fee fees returns refunds exchanges handling
    free express international next-day same-day gift wrapping wrap installation assembly
    warranty warranties discounts discount student coupons coupon
    """.split()
)
#: 'I'm Sofia', 'my name is Harper': a first name alone (capitalised, or said to be a name)
NAME_ONLY = re.compile(
    r"(?:(my name is|my name's|name's|call me)|i'm|i am|this is|it's) ([a-z]+)(?: [a-z]+)?"
)
#: what follows "I'm" that is no name: 'I'm done', 'I'm back', 'I'm lost'
NOT_NAMES = frozenset(
    """
    done back good fine ok okay ready here lost confused sure sorry new home away happy sad
    angry upset tired busy interested just still not so very really also the a an after
    """.split()
)
#: 'I have a problem with my order', 'something's wrong with my order'
TROUBLE = re.compile(
    r"\b(?:problem|issue|trouble|complaint|something'?s? wrong|wrong)\b.*\b(?:order|package|"
    r"delivery|purchase|parcel)\b"
)


def parse(line: str, awaiting: str | None = None, *, whole: bool = True) -> Intent:
    """The customer's intent for this line; `awaiting` is what the agent just asked for;
    `whole`: the line may hold a look at the cart after a cart change (a part of one may not)."""
    line = ORDER_NUMBER.sub(r"\1 #W\2", line)  # 'track order 8073958': the W left out
    cart_change = (
        cart_afterwards.change_before(line, lambda part: parse(part, whole=False).kind)
        if whole
        else None
    )
    if cart_change is not None:
        changed = parse(cart_change, awaiting)  # 'add the clock, then show my cart'
        if changed.kind in cart_afterwards.CHANGES:
            return Intent(changed.kind, {**changed.params, "then_cart": True})
    raw = in_shop_words(expand_shorthand(normalise(line)))  # 'sunnies' → 'sunglasses'
    if not raw:  # nothing printable: spaces, control characters, terminal escape codes
        return Intent("empty")
    text = strip_filler(raw).rstrip("?!. ")
    if not text and re.match(r"(?:thanks|thank you|thx|ty|cheers|bye|goodbye)\b", raw):
        return Intent("thanks", {"bye": bool(FAREWELL.search(raw))})  # 'thanks!', all filler
    if not text and GREETING.search(raw):  # 'hi', 'hey!', 'hello': a greeting is all filler
        return Intent("hello")
    if not text and awaiting == "change_choice" and is_yes(raw):  # the one variant asked about
        return Intent("change_pick", {"ordinal": None, "words": [], "yes": True})
    if not text:
        return Intent("stray_yes_no") if is_yes(raw) or is_no(raw) else Intent("unclear")
    may_answer = not _never_an_answer(line, text)
    answer = slot_answer(line, raw.rstrip("?!. "), text, awaiting) if may_answer else None
    if answer is not None:
        return answer
    if PERSON_ASKED.search(text) or asks_for_person(text):
        return Intent("human")
    if _farewell(raw):  # 'alright that's all for today, take care': no pick, no search
        return Intent("thanks", {"bye": True})
    asked = None if EMAIL.search(line) else order_questions.read(line, text)
    if asked is not None:  # 'how much did I pay for the office chair': a read
        return asked
    asked = refund_questions.read(line, text)  # 'i cancelled an order, was i refunded?'
    if asked is not None:
        return asked
    asked = _asked_before_a_maybe(line, text)  # 'is the laptop order still pending? i might …'
    if asked is not None:
        return asked
    swap = _swap_settled(line, awaiting)  # '… paypal for the difference'
    if swap is not None:
        return swap
    change = parse_change(line, text, awaiting)
    if change is not None:
        if change.kind == "change_pick" and change.params["ordinal"] is None:
            change.params["ordinal"] = bare_position(text)
        if change.kind == "change_which":  # 'my pending order': the order named by its state
            change.params.setdefault("state", state_named(text))
        return change
    email = EMAIL.search(line)
    if email:
        then = request_after(line, email.group(0), parse)
        return Intent("login_email", {"email": email.group(0), "then": then})
    named = name_and_zip(text, STOP_WORDS)
    if named:
        first, last, zip_code = named
        then = request_after(line, zip_code, parse)
        return Intent(
            "login_name",
            {"first_name": first.title(), "last_name": last.title(), "zip": zip_code, "then": then},
        )
    named_only = NAME_ONLY.fullmatch(text)
    if (
        named_only
        and named_only.group(2) not in NOT_NAMES | STOP_WORDS
        and not re.search(r"(?:ed|ing|ly)$", named_only.group(2))
        and (named_only.group(1) or re.search(r"\b[A-Z][a-z]+\b", line.split("'")[-1]))
    ):
        return Intent("name_only", {"first_name": named_only.group(2).title()})
    order = ORDER_ID.search(line)
    if not order and TROUBLE.search(text) and not blames_a_person(text):
        return Intent("order_trouble")
    believed = None if order else method_beliefs.read(line, text)
    if believed is not None:  # 'let's do it, my gift card should cover it'
        return believed
    if not order and cart_totals.asks_total(text):  # 'how much is my cart coming to now?'
        return Intent("view_cart")
    more = None if order else one_more.read(text)  # 'add another of those, I need 2 total'
    if more is not None:
        return more
    carted = read_cart_edit(text, raw)
    if carted is not None:
        return carted
    if re.search(r"\bcancel(\b|lation)", text) or says_cancel(text, order is not None):
        if order:
            return Intent(
                "cancel", {"order_id": f"#W{order.group(1)}", "reason": cancel_reason(text)}
            )
        return Intent(
            "cancel_which",
            {
                "reason": cancel_reason(text),
                "state": state_named(re.sub(r"\bcancell?ed\b", " ", text)),  # '… cancelled'
                "pick": position(text),
                "it": bool(re.search(r"\bcancel (?:it|that|this|this order|that order)\b", text)),
                "order_item": (
                    item_words(text) or unwanted(raw) or cancelled(text) or bought(text)
                ),
            },
        )
    looked_up = lookups.read(line, text)  # 'status of W1 and W2', 'my gift card balance'
    if looked_up is not None:
        return looked_up
    if order:
        return Intent("order_status", {"order_id": f"#W{order.group(1)}"})
    held = asked_after(text)
    if held:  # 'i ordered a bicycle ages ago, where is it'
        return Intent("order_status", {"order_id": None, "order_item": held})
    if re.search(
        r"\bhelp(?: me)?(?: out)? with (?:my|an|the|this|that|one of my) (?:order|package|"
        r"delivery|purchase|parcel)s?\b",
        raw,
    ):
        return Intent("order_trouble")
    if is_yes(raw) or is_no(raw):
        return Intent("stray_yes_no")
    if (
        cancel_reason(raw)
        and len(text.split()) <= 6
        and not SEARCHING.search(text)
        and not re.search(r"\b(remove|delete|take (?:it|that|them) out|get rid)\b", text)
    ):  # 'changed my mind' cancels an order, unless it takes something out of the cart
        held = unwanted(raw)  # 'i dont need the headphones anymore pls cancel'
        return Intent("cancel_which", {"reason": cancel_reason(raw), "order_item": held})
    if wants_a_person(text, bool(SEARCHING.search(text))):
        return Intent("human")
    if re.search(
        r"\b(my orders|(?:order|purchase|buying|shopping) history|orders do i have|past orders|"
        r"list .*orders|(?:what|anything) (?:have|do) (?:i|we) (?:got |have )?on order|"
        r"what (?:all |else |exactly |stuff |things |items |products )?(did|have|has) (i|we) "
        r"(?:ever |already |actually )?(order|ordered|bought|buy|purchased?)|"
        r"what (?:all |else |stuff |things )?(?:did|have) (?:i|we) (?:ever )?(?:get|got|gotten) "
        r"(?:from|off|with) (?:you|your shop|your store)|"
        r"(?:have|did) (?:i|we) (?:ever )?(?:ordered|order|bought|buy|purchased?) (?:anything|"
        r"something|stuff) (?:from|off|with|here)|"
        r"what (?:all |else |exactly )?(?:i|we)(?:'ve| have| did)? (?:ever |already )?"
        r"(?:ordered|bought|purchased)|"
        r"(?:everything|all|stuff|things|anything) (?:that )?(?:i|we)(?:'ve| have)? (?:ever |"
        r"already )?(?:ordered|bought|purchased)|"
        r"my (recent |previous |last )?(orders|purchases)|"
        r"orders (?:that )?i(?:'ve| have)? (placed|made)|all (?:of )?(?:the |my )?orders|"
        r"where('?s| is| are) my (order|package|stuff|orders)|"
        r"status of my orders?|track my orders?|my order status|i'?ve (ordered|bought)|"
        r"(?:which|what) orders|every (?:single )?order|orders? (?:on|in|under) my account)\b",
        text,
    ):
        return Intent("my_orders", {"state": state_named(text)})  # 'which orders are pending'
    ends = _both_ends(text)  # 'compare your cheapest and your priciest espresso machine'
    if ends is not None:
        return ends
    text = unqualified(text)  # 'an espresso machine, whatever is in stock': a search
    asked = product_question(text)  # 'what colours does the yoga mat come in'
    return asked or shop_intent(text) or _smalltalk_or_search(line, raw, text, awaiting)


def _both_ends(text: str) -> Intent | None:
    """The cheapest and the dearest of a kind asked together: a search that shows both."""
    if by_price.asked(text) != "both":
        return None
    lo, hi, rest = price_range(text)
    words = [w for w in query_words(by_price.unpriced(rest)) if not is_chatter(w)]
    if not words:
        return None  # 'compare the cheapest and the priciest' of the list shown
    query = " ".join(words)
    return Intent("search", {"query": query, "min_price": lo, "max_price": hi, "by_price": "both"})


def _never_an_answer(line: str, text: str) -> bool:
    """A sign-in or a call for a person is what it says, whatever the agent just asked: an
    email is no description of a water bottle, and 'talk to a person' no pick of one."""
    signs_in = EMAIL.search(line) or name_and_zip(text, STOP_WORDS)
    return bool(signs_in or PERSON_ASKED.search(text) or asks_for_person(text))


def _swap_settled(line: str, awaiting: str | None) -> Intent | None:
    """An exchange read without the clause that says how its price difference is paid, that
    clause's method its payment method; None when the rest of the line is no exchange (an
    exchange is said in many words: 'I'd rather have white', 'could the lamp be the red one')."""
    settled = price_difference.settled_by(line)
    if settled is None:
        return None
    swap = parse(settled[0], awaiting)
    if swap.kind == "order_swap" or swap.params.get("kind") == "order_swap":
        return Intent(swap.kind, {**swap.params, "method": settled[1]})
    return None


def _asked_before_a_maybe(line: str, text: str) -> Intent | None:
    """The question about an order a line asks before a change it only thinks of, or None."""
    question = question_before(text)
    if question is None:
        return None
    order = ORDER_ID.search(line)
    held = asked_after(question)
    if held:
        return Intent("order_status", {"order_id": None, "order_item": held})
    if order and asks_after(question):
        return Intent("order_status", {"order_id": f"#W{order.group(1)}"})
    return None


def _smalltalk_or_search(line: str, raw: str, text: str, awaiting: str | None) -> Intent:
    """Help, thanks, a greeting or a search; else the line read by its parts."""
    if re.search(r"^(help|\?|what can you do|how does this work|what do you do)", text):
        return Intent("help")
    if re.search(
        r"^(thanks|thank you|thx|cheers|bye|goodbye|ty|see you|see ya|later)\b|"
        r"^(?:that'?s|that is) (?:all|it|everything)(?: for (?:now|today))?$|"
        r"^(?:nothing (?:else|more)|all good|i'?m good|no more)$",
        text,
    ) or (re.search(r"^(thanks|thank you|thx|cheers|bye|goodbye|ty)\b", raw)):
        return Intent("thanks", {"bye": bool(FAREWELL.search(text))})
    if re.search(GREETING, raw):
        return Intent("hello")
    lo, hi, rest = price_range(text)
    rest = re.sub(r"\b(?:set (?:me|us|you) back|go for|sell for)\b", " ", rest)
    product, features = wished_features.split(rest, line)
    if features and not all(is_chatter(w) for w in query_words(product)):
        rest = product  # '… a desk lamp that runs off USB': the lamp is searched
    else:
        features = []
    words = used_for(rest) or query_words(rest)
    kind = kind_asked(text)  # 'which air purifier would suit a small flat better, …'
    if kind is not None and lo is None and hi is None:
        return Intent("search", {"query": kind, "min_price": None, "max_price": None})
    if lo is None and hi is None and undecided(text, words):
        return Intent("what_kind")
    if words and lo is None and hi is None and all(is_chatter(w) for w in words):
        return Intent("unclear")
    if words or lo is not None or hi is not None:
        asking = re.match(r"(what|how|why|when|where|who|can|could|is|are|do|does|will)\b", text)
        service = bool(words) and set(words) <= SERVICES  # 'do you do free shipping'
        priced = words and PRICE_ASKED.search(text) and not service
        wish = (SEARCHING.search(text) and not service) or priced
        if wish or (not asking and len(words) <= 6):  # 'anything under $50?': a price alone
            query = " ".join(words) or None
            wished: dict[str, object] = {"features": features} if features else {}
            if query and by_price.asked(text):  # 'the cheapest garden hose': shown first
                wished["by_price"] = by_price.asked(text)
            return Intent("search", {"query": query, "min_price": lo, "max_price": hi, **wished})
    return _another_part(line, awaiting)


#: words of a customer who does not know yet what they want: none of them names a product
UNDECIDED = frozenset(
    """
    but though no idk dunno unsure sure idea ideas clue clueless anything something whatever
    really else exactly yet decided know don't suggestions suggestion recommendations
    recommendation inspiration
    """.split()
)
#: a wish to buy that names nothing: 'I wanna buy something but idk what', 'need a gift idea'
VAGUE_WISH = re.compile(
    r"\b(?:buy|get|shop|shopping|purchase|find|look(?:ing)? for|want|need|after|gift|present|"
    r"browse)\b.*\b(?:something|anything|stuff|things?|gifts?|presents?|idk|dunno|no idea|"
    r"not sure|ideas?|suggestions?)\b"
)


def undecided(text: str, words: list[str]) -> bool:
    """Whether the line wishes to buy without naming what: a clerk asks what kind of thing."""
    return bool(VAGUE_WISH.search(text)) and all(is_chatter(w) or w in UNDECIDED for w in words)


def _another_part(line: str, awaiting: str | None) -> Intent:
    """A line of several sentences that reads as nothing whole is read by its parts, the last
    first ('Necesito unas zapatillas para correr... running shoes please')."""
    parts = [p for p in re.split(r"\.{2,}|…|[.!?;]\s+|\s+-+\s+", line) if p.strip()]
    for part in reversed(parts if len(parts) > 1 else []):
        intent = parse(part, awaiting)
        if intent.kind not in ("unclear", "empty", "stray_yes_no"):
            return intent
    return Intent("unclear")
