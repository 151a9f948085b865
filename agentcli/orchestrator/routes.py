"""The dispatch table: which desk previews and performs each action type.

The one place an action is routed: a new action gets a line here and its handling in the
desk the line names. Conversational actions (reply, ask, escalate) end the planner's turn in
the session and never reach a desk.
"""

from __future__ import annotations

from dataclasses import dataclass

from agentcli.actions import ActionBase
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
from agentcli.orchestrator.accounts import AccountDesk
from agentcli.orchestrator.desk import Desk
from agentcli.orchestrator.marketplace import MarketplaceDesk
from agentcli.orchestrator.merchant_checkout import MerchantDesk
from agentcli.orchestrator.order_changes import OrderChangeDesk
from agentcli.orchestrator.orders import OrderDesk
from agentcli.orchestrator.travel import TravelDesk


@dataclass(frozen=True)
class Route:
    """The desk that handles an action, and whether it needs a signed-in customer first."""

    desk: type[Desk]
    login: bool = True


ROUTES: dict[type[ActionBase], Route] = {
    FindUser: Route(AccountDesk, login=False),
    GetUser: Route(AccountDesk),
    SearchProducts: Route(MarketplaceDesk, login=False),
    GetProduct: Route(MarketplaceDesk, login=False),
    ViewCart: Route(MarketplaceDesk),
    AddToCart: Route(MarketplaceDesk),
    RemoveFromCart: Route(MarketplaceDesk),
    ApplyPromoCode: Route(MarketplaceDesk),
    PlaceOrder: Route(MarketplaceDesk),
    GetOrder: Route(OrderDesk),
    CancelOrder: Route(OrderDesk),
    GetItem: Route(OrderChangeDesk, login=False),
    ListProductTypes: Route(OrderChangeDesk, login=False),
    ReturnItems: Route(OrderChangeDesk),
    ExchangeItems: Route(OrderChangeDesk),
    ModifyOrderItems: Route(OrderChangeDesk),
    ModifyOrderAddress: Route(OrderChangeDesk),
    ModifyOrderPayment: Route(OrderChangeDesk),
    ModifyUserAddress: Route(OrderChangeDesk),
    SearchHotels: Route(TravelDesk, login=False),
    SearchFlights: Route(TravelDesk, login=False),
    BookTrip: Route(TravelDesk),
    GetBooking: Route(TravelDesk),
    CancelBooking: Route(TravelDesk),
    SearchMerchants: Route(MerchantDesk, login=False),
    AddToBasket: Route(MerchantDesk, login=False),
    CheckoutBasket: Route(MerchantDesk, login=False),
    CancelCheckout: Route(MerchantDesk, login=False),
    GetMerchantOrder: Route(MerchantDesk, login=False),
}
