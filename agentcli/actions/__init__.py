"""The canonical action schema: one discriminated union on `action`, parsed in one place."""

from __future__ import annotations

from typing import Annotated, Any, get_args

from pydantic import Field, TypeAdapter, ValidationError

from agentcli.actions.base import ActionBase, Effect
from agentcli.actions.conversation import AskClarification, EscalateToHuman, Reply
from agentcli.actions.marketplace import ApplyPromoCode
from agentcli.actions.merchant_checkout import (
    AddToBasket,
    CancelCheckout,
    CheckoutBasket,
    GetMerchantOrder,
    SearchMerchants,
)
from agentcli.actions.retail import (
    AddToCart,
    CancelOrder,
    ExchangeItems,
    FindUser,
    GetItem,
    GetOrder,
    GetProduct,
    GetUser,
    ListProductTypes,
    ModifyOrderAddress,
    ModifyOrderItems,
    ModifyOrderPayment,
    ModifyUserAddress,
    PlaceOrder,
    RemoveFromCart,
    ReturnItems,
    SearchProducts,
    ViewCart,
)
from agentcli.actions.travel import (
    BookTrip,
    CancelBooking,
    GetBooking,
    SearchFlights,
    SearchHotels,
)

Action = Annotated[
    FindUser
    | GetUser
    | SearchProducts
    | GetProduct
    | ViewCart
    | AddToCart
    | RemoveFromCart
    | PlaceOrder
    | GetOrder
    | CancelOrder
    | ReturnItems
    | ExchangeItems
    | ModifyOrderItems
    | ModifyOrderAddress
    | ModifyOrderPayment
    | ModifyUserAddress
    | GetItem
    | ListProductTypes
    | SearchHotels
    | SearchFlights
    | BookTrip
    | GetBooking
    | CancelBooking
    | ApplyPromoCode
    | SearchMerchants
    | AddToBasket
    | CheckoutBasket
    | CancelCheckout
    | GetMerchantOrder
    | AskClarification
    | Reply
    | EscalateToHuman,
    Field(discriminator="action"),
]

ACTION_ADAPTER: TypeAdapter[Action] = TypeAdapter(Action)

ACTION_TYPES: dict[str, type[ActionBase]] = {
    get_args(cls.model_fields["action"].annotation)[0]: cls for cls in get_args(get_args(Action)[0])
}
"""Action name → class, read from the `Action` union (the one list of actions)."""


class InvalidAction(ValueError):
    """Planner output that is not a valid action; `reason` says why in one line per problem."""

    def __init__(self, reason: str, raw: Any) -> None:
        super().__init__(reason)
        self.reason = reason
        self.raw = raw


def parse_action(raw: Any) -> ActionBase:
    """Validate one proposed action (a dict with an `action` key); raise InvalidAction."""
    if not isinstance(raw, dict):
        raise InvalidAction(f"an action must be a JSON object, got {type(raw).__name__}", raw)
    name = raw.get("action")
    if name not in ACTION_TYPES:
        known = ", ".join(sorted(ACTION_TYPES))
        raise InvalidAction(f"unknown action {name!r}; known actions: {known}", raw)
    try:
        action: ActionBase = ACTION_ADAPTER.validate_python(raw)
        return action
    except ValidationError as exc:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in err['loc'][1:]) or name}: {err['msg']}"
            for err in exc.errors()
        )
        raise InvalidAction(f"{name}: {problems}", raw) from exc


__all__ = [
    "ACTION_ADAPTER",
    "ACTION_TYPES",
    "Action",
    "ActionBase",
    "Effect",
    "InvalidAction",
    "parse_action",
]
