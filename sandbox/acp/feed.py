"""The merchant's product feed: every available variant of the shop's catalogue, one CSV row.

ACP merchants push their products to the agent platform as a feed (the protocol has no search
call); `agentcli sandbox serve` writes this one beside the connectors config. The columns are
those the platform's feed reader takes: `id` (the item id a checkout's line items name),
`title`, `price` in cents and `currency`.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

from sandbox.acp.catalog import cents
from sandbox.acp.session import CURRENCY
from sandbox.shop.store import ShopStore

COLUMNS = ("id", "title", "price", "currency")


def product_feed(path: Path) -> str:
    """CSV text of the available variants sold by the merchant whose state is at `path`."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    with ShopStore(path.with_name("shop.sqlite")).read() as tx:
        for product in tx.products():
            for item_id, variant in product["variants"].items():
                if not variant["available"]:
                    continue
                options = ", ".join(f"{k}: {v}" for k, v in variant["options"].items())
                title = f"{product['name']} ({options})" if options else product["name"]
                writer.writerow([item_id, title, cents(variant["price"]), CURRENCY.upper()])
    return out.getvalue()
