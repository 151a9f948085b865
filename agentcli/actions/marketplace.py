"""What marketplace-aware actions share: vendor SKUs, canonical ids, one target per action."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any, Literal

from pydantic import Field

from agentcli.actions.base import ActionBase, Effect, Offer

Marketplace = Literal["shop", "bazaar"]

SHOP_SKU = re.compile(r"\d{10}")
VendorSku = Field(
    default=None,
    pattern=r"^(\d{10}|BZ-[A-Z]{4}-\d{4}-[A-Z0-9]{3})$",
    description="a shop item id (10 digits) or a bazaar SKU (BZ-XXXX-0000-XXX)",
)
AnyOrderId = Field(
    pattern=r"^(#?W\d{7}|BZO-\d{6})$",
    description="e.g. #W5918442 (shop) or BZO-376557 (bazaar)",
)
CanonicalId = Field(
    default=None,
    pattern=r"^cp-[a-z0-9-]{1,60}-[0-9a-f]{10}$",
    description="from search_products; the cheapest offer is taken",
)


def one_target(data: Any, names: Sequence[str], shop_field: str | None) -> Any:
    """Require exactly one of `names`; a shop SKU given as `sku` moves to `shop_field`."""
    if not isinstance(data, dict):
        return data
    sku = data.get("sku")
    if (
        shop_field
        and isinstance(sku, str)
        and SHOP_SKU.fullmatch(sku)
        and data.get(shop_field) is None
    ):
        data = {k: v for k, v in data.items() if k != "sku"} | {shop_field: sku}
    given = [name for name in names if data.get(name) is not None]
    if len(given) != 1:
        raise ValueError(f"give exactly one of {', '.join(names)}")
    return data


class ApplyPromoCode(ActionBase):
    """Attach a bazaar promotion code to the bazaar cart (refused if its rules say no)."""

    action: Literal["apply_promo_code"]
    code: str = Field(pattern=r"^[A-Za-z0-9]{3,20}$", description="the code, e.g. FIVEOFF")
    effect = Effect.WRITE
    vendor = "bazaar"
    offered = Offer.CART
