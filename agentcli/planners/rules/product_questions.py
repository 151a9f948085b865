"""Questions about one product's options, stock and price, answered from its variants: 'what
colours does the yoga mat come in', 'is the first one in stock in size 10', 'does the kettle
come in black', 'how much is the blue one'."""

from __future__ import annotations

import re
from typing import Any

from agentcli.conversation import Observation
from agentcli.planners.base import PlannerOutput, PlanningContext
from agentcli.planners.rules.outputs import ask, do, say
from agentcli.planners.rules.phrases import Intent
from agentcli.planners.rules.product_answers import answer, has_value, named_by, words_of
from agentcli.planners.rules.reading import CHEAPEST, DEAREST, position
from agentcli.planners.rules.replies import variant_line
from agentcli.planners.rules.shown_items import in_view

KINDS = frozenset({"product_question"})
Memory = dict[str, Any]

#: what a product varies by, asked as a list: 'what colours', 'which sizes', 'what options'
_ASPECT = (
    r"(?:colou?rs?|sizes?|capacit(?:y|ies)|options?|variants?|versions?|materials?|"
    r"flavou?rs?|lengths?|thickness(?:es)?|shades?|finish(?:es)?|choices|variations|"
    r"configurations?|storage (?:options|sizes))"
)
#: the frames of such a question
_ASKED = re.compile(
    rf"\b(?:what|which|wat|wht|how many)\b(?: \w+)?? {_ASPECT}\b(?! (?:of|do you (?:sell|have)))|"
    rf"\b{_ASPECT} (?:does|do|is|are|for|of|on)\b.* (?:come|available|there|offered|have)\b|"
    r"\bcomes? in\b|"
    r"\b(?:is|are|was|were)\b.{1,50}\b(?:available|offered|sold|made|in stock)\b(?: in| with|$)|"
    r"\b(?:is|are) (?:the|that|this|it|they|those|these|your)\b.{0,50}\b(?:still )?"
    r"(?:in stock|available|sold out|out of stock)\b|"
    r"\b(?:do|does|have|got|can) (?:you|i|u) (?:have|got|stock|sell|carry|do|get|buy)"
    r"(?: (?:it|that|this|them|those|these)| (?:the|that|this|your) [a-z0-9 -]{1,40}?) in "
    r"(?!stock\b)|"
    r"\bhow much (?:is|are|does|do|for) (?:the|that|this|those|these|it)\b.*\b(?:one|ones|"
    r"version|variant|in [a-z0-9]+)\b|"
    r"\b(?:difference|differences) between (?:the )?(?:\w+ )?(?:variants|versions|options|"
    r"models|sizes|colou?rs)\b|\bhow do (?:the )?(?:variants|versions) differ\b"
)


def parse(text: str) -> Intent | None:
    """The question about one product a line asks, or None."""
    if not _ASKED.search(text) or position(text) in (CHEAPEST, DEAREST):
        return None
    if re.search(r"\b(?:cart|basket|order|orders|#?w\d{7})\b", text):
        return None
    pick = position(text)
    return Intent(
        "product_question",
        {
            "ordinal": pick,
            "words": words_of(text),
            "price": bool(re.search(r"\bhow much\b", text)),
            "stock": bool(re.search(r"\b(?:in stock|available|sold out|out of stock)\b", text)),
            "it": bool(re.search(r"\b(?:it|this|that|them|they|these|those|one|ones)\b", text)),
        },
    )


def start(ctx: PlanningContext, intent: Intent) -> PlannerOutput:
    """Read the product asked about: the one picked from a list, shown, or named."""
    memory, p = ctx.conversation.memory, intent.params
    memory["product_question"] = {k: p[k] for k in ("words", "price", "stock")}
    results = memory.get("results") or []
    if p["ordinal"] is not None and results:
        n = p["ordinal"]
        picked = results[n - 1] if 1 <= n <= len(results) else results[-1] if n == -1 else None
        if picked is not None:
            return _read(picked["product_id"], "the product picked from the list")
    shown = memory.get("product")
    if (
        shown
        and shown.get("product_id")
        and (
            named_by(shown["name"], p["words"], alone=True)
            or p["it"]
            and memory.get("last_list") == "product"
        )
    ):
        return _read(shown["product_id"], "the product in view")
    pointed = in_view(memory) if p["it"] else None  # the one named after nothing in range
    if pointed is not None and pointed.get("product_id"):
        return _read(pointed["product_id"], "the product in view")
    listed = [r for r in results if named_by(r["name"], p["words"])]
    if not listed and p["it"]:  # 'is the pink one in stock': the listed product that has pink
        listed = [r for r in results if any(has_value(r, w) for w in p["words"])]
    if len({r["product_id"] for r in listed}) == 1 or listed and not p["it"]:
        return _read(listed[0]["product_id"], "the product in the list")
    if listed:  # several listed products have it: the shown lines answer
        memory.pop("product_question", None)
        lines = [variant_line(results.index(r) + 1, r) for r in listed[:10]]
        return say("\n".join(["Of the items shown, these match:", *lines]), "shown items match")
    if any(named_by(None, [w]) for w in p["words"]):
        return do({"action": "list_product_types"}, "find which product is meant")
    memory.pop("product_question", None)
    return ask("Which product do you mean? Name it, or search for it first.", "no product named")


def after(ctx: PlanningContext, obs: Observation) -> PlannerOutput | None:
    """The product read after its name was found, then the answer; None: not ours."""
    memory = ctx.conversation.memory
    asked = memory.get("product_question")
    if asked is None:
        return None
    if not obs.ok:
        memory.pop("product_question", None)
        return None
    if obs.action == "list_product_types":
        names = {name: pid for name, pid in obs.data.items() if isinstance(pid, str)}
        fits = sorted(
            (n for n in names if named_by(n, asked["words"])),
            key=lambda n: -len(set(n.lower().split()) & set(asked["words"])),
        )
        if fits:
            return _read(names[fits[0]], f"the {fits[0]} asked about")
        memory.pop("product_question", None)
        query = " ".join(w for w in asked["words"] if named_by(None, [w]))
        return do({"action": "search_products", "query": query}, "no product by that name")
    if obs.action == "get_product":
        memory.pop("product_question", None)
        reply = answer(obs.data, asked["words"], asked["price"], asked["stock"])
        return say(reply, "answered from the variants")
    return None


def _read(product_id: str, why: str) -> PlannerOutput:
    return do({"action": "get_product", "product_id": product_id}, why)
