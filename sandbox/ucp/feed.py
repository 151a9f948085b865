"""The merchant's products as a feed (the UCP samples' `products.csv` columns plus currency).

UCP 2026-01-11 has no catalog capability, so a platform learns what a merchant sells from a
feed; `agentcli sandbox serve` writes this one beside the connectors config.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

from sandbox.kit.state import StateFile
from sandbox.ucp.checkout import CURRENCY

COLUMNS = ("id", "title", "price", "currency", "image_url")


def product_feed(path: Path) -> str:
    """CSV text of every product in the merchant's state at `path`, in catalogue order."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    with StateFile(path).read() as conn:
        for row in conn.execute("SELECT id, title, price, image_url FROM products ORDER BY rowid"):
            writer.writerow([row[0], row[1], row[2], CURRENCY, row[3] or ""])
    return out.getvalue()
