"""τ²-bench retail tools: how each is run through the shop connector, and its canonical action."""

from __future__ import annotations

from typing import Any

from agentcli.actions import ACTION_TYPES
from connectors.shop import ShopConnector
from sandbox.tau2 import calculate, transfer_to_human_agents

SHOP_METHODS: dict[str, str] = {
    "find_user_id_by_email": "find_user_by_email",
    "find_user_id_by_name_zip": "find_user_by_name_zip",
    "get_user_details": "get_user",
    "get_order_details": "get_order",
    "get_product_details": "get_product",
    "get_item_details": "get_item",
    "list_all_product_types": "list_product_types",
    "cancel_pending_order": "cancel_order",
    "modify_pending_order_address": "modify_order_address",
    "modify_pending_order_payment": "modify_order_payment",
    "modify_pending_order_items": "modify_order_items",
    "exchange_delivered_order_items": "exchange_items",
    "return_delivered_order_items": "return_items",
    "modify_user_address": "modify_user_address",
}
"""τ² retail tool → ShopConnector method; arguments keep their τ² names."""

GENERIC_TOOLS = {"calculate": calculate, "transfer_to_human_agents": transfer_to_human_agents}
TAU2_TOOLS = frozenset(SHOP_METHODS) | frozenset(GENERIC_TOOLS)
WRITE_TOOLS = frozenset(
    {
        "cancel_pending_order",
        "modify_pending_order_address",
        "modify_pending_order_payment",
        "modify_pending_order_items",
        "exchange_delivered_order_items",
        "return_delivered_order_items",
        "modify_user_address",
    }
)

CANONICAL: dict[str, tuple[str, dict[str, str | None]]] = {
    "find_user_id_by_email": ("find_user", {"email": "email"}),
    "find_user_id_by_name_zip": (
        "find_user",
        {"first_name": "first_name", "last_name": "last_name", "zip": "zip"},
    ),
    "get_user_details": ("get_user", {"user_id": None}),
    "get_order_details": ("get_order", {"order_id": "order_id"}),
    "get_product_details": ("get_product", {"product_id": "product_id"}),
    "get_item_details": ("get_item", {"item_id": "item_id"}),
    "list_all_product_types": ("list_product_types", {}),
    "cancel_pending_order": ("cancel_order", {"order_id": "order_id", "reason": "reason"}),
    "modify_pending_order_address": (
        "modify_order_address",
        {
            "order_id": "order_id",
            "address1": "address1",
            "address2": "address2",
            "city": "city",
            "state": "state",
            "country": "country",
            "zip": "zip",
        },
    ),
    "modify_pending_order_payment": (
        "modify_order_payment",
        {"order_id": "order_id", "payment_method_id": "payment_method_id"},
    ),
    "modify_pending_order_items": (
        "modify_order_items",
        {
            "order_id": "order_id",
            "item_ids": "item_ids",
            "new_item_ids": "new_item_ids",
            "payment_method_id": "payment_method_id",
        },
    ),
    "exchange_delivered_order_items": (
        "exchange_items",
        {
            "order_id": "order_id",
            "item_ids": "item_ids",
            "new_item_ids": "new_item_ids",
            "payment_method_id": "payment_method_id",
        },
    ),
    "return_delivered_order_items": (
        "return_items",
        {"order_id": "order_id", "item_ids": "item_ids", "payment_method_id": "payment_method_id"},
    ),
    "modify_user_address": (
        "modify_user_address",
        {
            "user_id": None,
            "address1": "address1",
            "address2": "address2",
            "city": "city",
            "state": "state",
            "country": "country",
            "zip": "zip",
        },
    ),
    "transfer_to_human_agents": ("escalate_to_human", {"summary": "summary"}),
}
"""τ² tool → (canonical action, τ² argument → action argument; None: the signed-in customer,
which the agent knows without being told)."""

AGENT_READY = frozenset(
    {
        "find_user_id_by_email",
        "find_user_id_by_name_zip",
        "get_user_details",
        "get_order_details",
        "get_product_details",
        "get_item_details",
        "list_all_product_types",
        "cancel_pending_order",
        "modify_pending_order_address",
        "modify_pending_order_payment",
        "modify_pending_order_items",
        "exchange_delivered_order_items",
        "return_delivered_order_items",
        "modify_user_address",
        "transfer_to_human_agents",
    }
)
"""Tools whose canonical action the orchestrator performs end to end; add a tool here when its
action (and its saga, for a write) lands, and re-import to turn its tasks into agent cases."""


def canonical_action(tool: str, arguments: dict[str, Any]) -> dict[str, Any] | None:
    """The raw canonical action for a τ² call, or None when the agent cannot perform it yet."""
    mapping = CANONICAL.get(tool)
    if tool not in AGENT_READY or mapping is None or mapping[0] not in ACTION_TYPES:
        return None
    name, renames = mapping
    fields = ACTION_TYPES[name].model_fields
    raw: dict[str, Any] = {"action": name}
    for source, target in renames.items():
        if source in arguments and target is not None:
            if target not in fields:
                return None
            raw[target] = arguments[source]
    if set(arguments) - set(renames):
        return None
    return raw


async def run_tool(shop: ShopConnector, tool: str, arguments: dict[str, Any]) -> Any:
    """Run one τ² call: generic tools locally, the others through the shop connector."""
    generic: Any = GENERIC_TOOLS.get(tool)
    if generic is not None:
        return generic(**arguments)
    return await getattr(shop, SHOP_METHODS[tool])(**arguments)
