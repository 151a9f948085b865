"""What every action shares: strict validation and a declared effect."""

from __future__ import annotations

from enum import StrEnum
from typing import ClassVar

from pydantic import BaseModel, ConfigDict


class Effect(StrEnum):
    """READ actions change nothing anywhere; WRITE actions change a vendor's state."""

    READ = "read"
    WRITE = "write"


class Offer(StrEnum):
    """When a model is offered the action as a tool: fewer tools make a prompt that fits."""

    START = "start"  # from the first message: talking, and signing in
    SIGNED_IN = "signed_in"  # once a customer is signed in
    CART = "cart"  # it fills the cart or checks out, while shopping is in play
    ORDERS_KNOWN = "orders_known"  # it changes an order, once the conversation has seen one
    TRAVEL = "travel"  # once travel is in play
    MERCHANTS = "merchants"  # in runs with protocol merchants, from the start (no sign-in)


class ActionBase(BaseModel):
    """Base of every typed action. Unknown fields are errors, so a typo never passes silently."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    effect: ClassVar[Effect] = Effect.READ
    #: conversational actions end the planner's turn with a message to the user
    conversational: ClassVar[bool] = False
    #: vendor that serves it (None for conversational actions)
    vendor: ClassVar[str | None] = None
    #: it moves the customer's money (a charge, a refund, a price difference), so no policy
    #: can exempt it from the customer's explicit yes
    moves_money: ClassVar[bool] = False
    #: when the model planner offers it as a tool (validation always knows every action)
    offered: ClassVar[Offer] = Offer.SIGNED_IN

    @property
    def name(self) -> str:
        """The action's name: the value of its `action` discriminator."""
        return str(self.__dict__["action"])

    def arguments(self) -> dict[str, object]:
        """The arguments without the discriminator, as JSON-ready data."""
        return self.model_dump(mode="json", exclude={"action"}, exclude_none=True)
