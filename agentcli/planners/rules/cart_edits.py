"""Cart edits in any words: an item added or taken out by its id, an item taken out by name or
as "that" ("ditch the lamp", "put that back", "take it back out"), a quantity lowered ("i only
want one of the bottles, not two", "make it 1"), the whole cart emptied ("scrap everything").

A removal refers to the cart as the shop last showed it; when the shop has not shown it this
conversation, a signed-in customer's cart is read first, and otherwise the items asked into it
here are meant (the shop then says who it needs to know, as it did for the add).
"""

from __future__ import annotations

import re
from typing import Any

from agentcli.conversation import Observation
from agentcli.planners.base import PlannerOutput, PlanningContext
from agentcli.planners.rules import replies, shop_turns
from agentcli.planners.rules.afterthoughts import request_alone
from agentcli.planners.rules.asides import is_chatter
from agentcli.planners.rules.outputs import ask, do, say
from agentcli.planners.rules.phrases import Intent
from agentcli.planners.rules.reading import number, position, quantity
from agentcli.planners.rules.search_words import CART, descriptor_words
from agentcli.planners.rules.shop_intents import EMPTY_CART
from agentcli.planners.rules.shown_items import in_name, matches, resolve

Memory = dict[str, Any]
#: a shop variant's id said outright: 'add item 2439754078 to cart'
ITEM_ID = re.compile(r"\b(\d{10})\b")
_ADDING = re.compile(
    r"\b(?:add|put|pop|stick|throw|toss|i'?ll take|i want|buy|grab|get me|order)\b"
)
_TAKING_OUT = re.compile(r"\b(?:remove|delete|take\b.*\b(?:out|off)|drop|get rid of)\b")
_AWAY = r"(?:ditch|scrap|scratch|nix|bin|dump|axe|trash)"
#: taking something out in other words: 'ditch the lamp', 'put that back', 'lose the mug'
OUT_OF_CART = re.compile(
    rf"^(?:\w+ ){{0,2}}?(?:{_AWAY}\s+(?:the|that|this|those|these|it|them|my)|"
    r"(?:lose|forget(?: about)?|skip|nvm|never mind)\s+(?:the|my))\b|"
    r"\bput (?:it|that|this|them|those|these|the [a-z]+(?: [a-z]+)?) back\b(?! (?:in|into|on))|"
    r"\b(?:take|get|pull) (?:it|that|this|them|those|these|the [a-z]+(?: [a-z]+)?) (?:back )?"
    r"(?:out|off)\b|\b(?:take|get) (?:it|that|this|them) back\b|"
    r"^(?:the|that|this|my) [a-z]+(?: [a-z]+)? can go\b"
)
#: the last item put in, taken back: 'undo that', 'oops, didn't mean to add that'
UNDONE = re.compile(
    r"^(?:\w+[,!]? )?undo(?: that| it| the last (?:one|add|thing|item))?$|"
    r"\b(?:didn'?t|did not|never) (?:mean|want|meant) to (?:add|put) (?:that|it|this|them)\b|"
    r"\b(?:added|put) (?:that|it|this|them)(?: in)? by (?:mistake|accident)\b"
)
_COUNT = (
    r"(\d{1,2}|one|two|three|four|five|six|a single|just one|only one|a couple|a dozen|a pair|"
    r"the one(?! (?:with|in|that|which|for|from|i|you|we|on|at|of)\b))"  # 'only need the one mug'
)
#: a quantity said anew: 'i only want one of the bottles, not two', 'make it 1', 'reduce the
#: mugs to one', 'change the quantity to 3', 'one is enough', '3 of those instead of 1'
NEW_COUNT = re.compile(
    rf"\b(?:only|just) (?:want|need|needed|wanted) {_COUNT}\b|"
    rf"\bmake (?:it|that|them|those|the \w+(?: \w+)?) (?:just |only )?{_COUNT}\b|"
    rf"\bup (?:it|that|them|those|these|the \w+(?: \w+)?) to (?:just )?{_COUNT}\b|"
    rf"\b(?:need|want|needed|wanted) {_COUNT}(?: of (?:them|those|these|the \w+))? "
    r"(?:in total|total|altogether|all together|in all|overall)\b|"
    rf"\b(?:reduce|lower|cut|bring|drop|change|set|decrease|knock|increase|raise|bump)\b"
    r".{0,30}?"
    rf"\b(?:down |up )?to (?:just |only )?{_COUNT}\b|"
    rf"\b{_COUNT}(?: of (?:the |them|those|these|my )?[a-z' ]{{0,24}}?| [a-z-]+(?: [a-z-]+)?)?"
    rf"(?:'s| is| are| will be| would be| should be|'ll be) (?:enough|plenty|loads|heaps)\b|"
    rf"\b{_COUNT} [a-z-]+(?: [a-z-]+)? (?:will|would|should) do\b|"  # 'one notebook will do'
    rf"\b{_COUNT}(?:'ll| will| would| should) do\b|"  # 'one will do, take the rest out'
    r"\b(?:just|only) (?:the )?(one|two|three|\d)(?:'s| is| are) "
    r"(?:fine|ok|okay|good|all i need)\b|"
    rf"\bnot (?:two|2|three|3|four|4|both)\b.*\b{_COUNT}\b|"
    rf"\b(?:only|just) {_COUNT}\b.{{0,30}}\bnot (?:\d{{1,2}}|two|three|four|five|six|both)\b|"
    rf"\b{_COUNT}(?: of (?:them|those|these|the)(?: [a-z-]+){{0,2}}?)?,? (?:instead of|rather than|"
    r"not) (?:just |only |merely )?(?:the )?(?:\d{1,2}|one|two|three|four|five|six)\b"
)
#: a count said as a total, which names no item: '3 in total', 'two altogether'
_IN_TOTAL = re.compile(r"\b(?:in total|total|altogether|all together|in all|overall)\b")
#: one unit taken out: 'remove one of the mugs', 'take one bottle out'
_ONE = re.compile(
    r"^(?:\w+ ){0,3}?(?:remove|delete|take|drop|ditch|lose|get rid of) (?:just )?"
    r"(?:one|1|a single)\b(?! one\b)"
)
#: lines about orders or trips, which a cart edit never reads
_ELSEWHERE = re.compile(
    r"\b(?:orders?|#?w\d{7}|cancel\w*|return\w*|refund|booking|reservation|hotel|flight|"
    r"exchange|address|paid|payment)\b"
)
_NOT_WORDS = frozenset(
    """
    back out off actually hmm ditch scrap scratch trash nix bin dump lose axe forget skip get
    rid only just want need make reduce lower cut bring drop change set quantity to not enough
    one two three four five wanted needed single x anymore after all plenty fine is will nvm
    never mind can go pull increase raise up instead cancel down bump think guess reckon
    other others one's two's three's rather than loads heaps merely honestly tbh really
    let's lets couple dozen pair rest extras remainder remaining spares spare fine ok okay good
    """.split()
)
_INTO = re.compile(r"\b(?:in|into|onto|to) (?:my |the |your )?(?:cart|basket|bag|trolley)\b")
_IT = re.compile(r"\b(?:it|that|this|them|those|these)\b")


#: a clause that names what stays: ', keep the bottle', 'but leave the mug'
_KEPT = re.compile(r"(?:,|;|\bbut|\band)\s+(?:please |pls )?(?:keep|leave)\b.*$")


def read(text: str, raw: str = "") -> Intent | None:
    """The cart edit a line asks for (`raw` is the line before its filler words went), or None
    when it is no cart edit read here."""
    carted = bool(re.search(CART, text))
    if _ELSEWHERE.search(text) and not carted:
        return None
    if (
        EMPTY_CART.search(text)
        or re.fullmatch(r"(?:\w+ )?(?:remove|delete|clear|drop) (?:all|everything)", text)
    ) and not re.match(r"(?:is|are|was|why|how|does|do)\b", text):
        return Intent("empty_cart")
    if re.search(r"\b(?:price|prices|cost|budget|dollars?|bucks|usd)\b|\$", text):
        return None  # 'drop the price to 50' is about money, not the cart
    item = ITEM_ID.search(text)
    if item and _ADDING.search(text) and not _TAKING_OUT.search(text):
        return Intent(
            "add",
            {
                "quantity": quantity(ITEM_ID.sub(" ", text)),
                "ordinal": None,
                "words": [],
                "bare": False,
                "search": None,
                "item_id": item.group(1),
            },
        )
    main = request_alone(text)  # 'make it 3, my sisters want one too': no item in the reason
    named = _KEPT.sub("", main)  # 'take the notebook out, keep the bottle': the bottle stays
    named = _IN_TOTAL.sub(" ", named)  # 'i need 3 in total': no 3-inch item
    words = [w for w in descriptor_words(named) if w not in _NOT_WORDS and not is_chatter(w)]
    counted = NEW_COUNT.search(main) or NEW_COUNT.search(request_alone(raw))
    if not counted and not (_TAKING_OUT.search(main) or OUT_OF_CART.search(main)):
        counted = NEW_COUNT.search(text) or NEW_COUNT.search(raw)  # 'the mugs, one is enough'
    if counted:
        said = next(g for g in counted.groups() if g)
        count = 1 if said in ("a single", "just one", "only one", "the one") else number(said)
        count = {"a pair": 2}.get(said, count)
        return Intent(
            "set_quantity",
            {"to": count or 1, "words": words, "ordinal": position(text), "it": not words},
        )
    if item and _TAKING_OUT.search(text):
        return Intent(
            "remove", {"ordinal": None, "words": [], "quantity": None, "item_id": item[1]}
        )
    if UNDONE.search(text) or UNDONE.search(raw):
        return Intent("remove", {"ordinal": None, "words": [], "quantity": None, "it": True})
    if _INTO.search(text) and not re.search(r"\b(?:out|off|from)\b", text):
        return None  # 'drop it in my basket' puts it in
    cancelled = carted and re.search(r"\bcancel\b", text)  # 'cancel the mug from my cart'
    if OUT_OF_CART.search(text) or _TAKING_OUT.search(text) or cancelled:
        return Intent(
            "remove",
            {
                "ordinal": position(text),
                "words": words,
                "quantity": 1 if _ONE.search(text) else quantity(text),
                "it": bool(_IT.search(text)) and not words,
            },
        )
    return None


def asked(memory: Memory, item: dict[str, Any], count: int) -> None:
    """Keep an item asked into the cart, to be the cart meant while the shop has shown none."""
    kept = memory.setdefault("cart_asked", [])
    for line in kept:
        if line["item_id"] == item["item_id"]:
            line["quantity"] = line.get("quantity", 1) + count
            break
    else:
        kept.append({**item, "quantity": count})
    memory["last_added"] = item["item_id"]


def add_by_id(memory: Memory, p: dict[str, Any]) -> PlannerOutput:
    """An item added by its id: the shop knows it, whatever list was shown."""
    count = p.get("quantity") or 1
    asked(memory, {"item_id": p["item_id"], "name": "", "options": {}}, count)
    return do(
        {"action": "add_to_cart", "item_id": p["item_id"], "quantity": count},
        "add the item named by its id",
    )


def _cart(ctx: PlanningContext, intent: Intent) -> list[dict[str, Any]] | PlannerOutput:
    """The cart an edit refers to, or the read of it that must come first."""
    memory = ctx.conversation.memory
    if memory.get("cart_items") is not None:
        return list(memory["cart_items"])
    if ctx.conversation.user is not None:
        memory["cart_edit"] = {"kind": intent.kind, "params": intent.params}
        return do({"action": "view_cart"}, "read the cart before changing it")
    return list(memory.get("cart_asked", []))


def edit(ctx: PlanningContext, intent: Intent) -> PlannerOutput:
    """Take out, lower or empty what the line names in the cart."""
    memory, p = ctx.conversation.memory, intent.params
    if intent.kind == "remove" and p.get("item_id"):
        return do({"action": "remove_from_cart", "item_id": p["item_id"]}, "remove by its id")
    pool = _cart(ctx, intent)
    if isinstance(pool, PlannerOutput):
        return pool
    if intent.kind == "empty_cart":
        if not pool:
            return shop_turns.empty_cart(memory)  # the shop says what it holds, or who asks
        return PlannerOutput(
            [{"action": "remove_from_cart", "item_id": item["item_id"]} for item in pool],
            rationale="customer asks to empty the cart",
        )
    focus = memory.get("last_added") if p.get("it") else None
    chosen, question, _ = resolve(pool, p.get("ordinal"), p.get("words", []), focus)
    viewed = _viewed(memory, p.get("words", [])) if intent.kind == "set_quantity" else None
    if chosen is None and viewed is not None:  # '4 of those, not just one' of the one looked at
        asked(memory, viewed, p["to"])
        return do(
            {"action": "add_to_cart", "item_id": viewed["item_id"], "quantity": p["to"]},
            "a count said for the item in view, which the cart does not hold",
        )
    if chosen is None:
        if ctx.conversation.user is None:
            return ask(replies.SIGN_IN_FIRST, "a cart needs a signed-in account")
        if not pool:
            return say("Your cart is empty, so there is nothing to take out.", "empty cart")
        return ask(question, "which cart line is unclear")
    if intent.kind == "set_quantity":
        return _set_quantity(chosen, p["to"])
    action: dict[str, Any] = {"action": "remove_from_cart", "item_id": chosen["item_id"]}
    if p.get("quantity"):
        action["quantity"] = p["quantity"]
    return do(action, "remove from cart")


def _viewed(memory: Memory, words: list[str]) -> dict[str, Any] | None:
    """The item the customer looks at (the one in focus), when the words name no other."""
    focus = memory.get("focus_item")
    shown = [*memory.get("results", []), *(memory.get("product") or {}).get("variants", [])]
    item = next((v for v in shown if focus is not None and v.get("item_id") == focus), None)
    if item is None or not all(in_name(w, item) or matches(item, [w]) for w in words):
        return None
    return item


def _set_quantity(line: dict[str, Any], count: int) -> PlannerOutput:
    """The cart line brought to `count` units: fewer taken out, more added."""
    have = int(line.get("quantity") or 1)
    if have == count:
        return say(f"You have {have} of {line.get('name') or 'it'} in the cart already.", "same")
    if have > count:
        action = {
            "action": "remove_from_cart",
            "item_id": line["item_id"],
            "quantity": have - count,
        }
    else:
        action = {"action": "add_to_cart", "item_id": line["item_id"], "quantity": count - have}
    return do(action, f"bring the quantity to {count}")


def after(ctx: PlanningContext, obs: Observation) -> PlannerOutput | None:
    """The edit that waited for the cart to be read; None: not ours."""
    pending = ctx.conversation.memory.pop("cart_edit", None)
    if pending is None or obs.action != "view_cart" or not obs.ok:
        return None
    return edit(ctx, Intent(pending["kind"], pending["params"]))
