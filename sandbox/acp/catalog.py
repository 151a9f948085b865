"""What the merchant sells: the sandbox shop's catalogue, read from the shop's own state file."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

from sandbox.shop.errors import ShopError
from sandbox.shop.store import ShopStore


@dataclass(frozen=True)
class Offer:
    """One sellable variant of a shop product, its price in cents."""

    item_id: str
    product_id: str
    name: str
    unit_amount: int
    available: bool
    options: tuple[tuple[str, str], ...]


def cents(price: float) -> int:
    """A shop price (dollars, two decimals) in integer cents, rounding half up."""
    return int((Decimal(str(price)) * 100).quantize(Decimal(1), rounding=ROUND_HALF_UP))


class Catalogue:
    """Looks variants up in the shop's state file (live: a price the shop changes shows here)."""

    def __init__(self, shop_path: Path) -> None:
        self.store = ShopStore(shop_path)

    def offers(self, item_ids: Iterable[str]) -> dict[str, Offer]:
        """The offers for the ids the shop sells; unknown ids are left out."""
        found: dict[str, Offer] = {}
        with self.store.read() as tx:
            for item_id in dict.fromkeys(item_ids):
                try:
                    product = tx.product_of_item(item_id)
                except ShopError:
                    continue
                variant = product["variants"][item_id]
                found[item_id] = Offer(
                    item_id=item_id,
                    product_id=product["product_id"],
                    name=product["name"],
                    unit_amount=cents(variant["price"]),
                    available=bool(variant["available"]),
                    options=tuple((str(k), str(v)) for k, v in variant["options"].items()),
                )
        return found
