"""The UCP merchant's catalogue: products, stock, discount codes, promotions, shipping rates.

Read from a directory of UCP sample CSVs (`--ucp-data`, the flower shop's layout) or, without
one, a small built-in catalogue taken from the sandbox shop's own products.
"""

from __future__ import annotations

import csv
import functools
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

Row = tuple[Any, ...]

REQUIRED = ("products.csv", "inventory.csv")
COLUMNS: dict[str, tuple[str, ...]] = {
    "products.csv": ("id", "title", "price"),
    "inventory.csv": ("product_id", "quantity"),
    "discounts.csv": ("code", "type", "value", "description"),
    "promotions.csv": ("id", "type", "min_subtotal", "eligible_item_ids", "description"),
    "shipping_rates.csv": ("id", "country_code", "service_level", "price", "title"),
    "customers.csv": ("id", "name", "email"),
    "addresses.csv": ("id", "customer_id", "street_address", "city", "state", "postal_code"),
}
DISCOUNT_TYPES = ("percentage", "fixed_amount")
BUILT_IN_PRODUCTS = 8
BUILT_IN_STOCK = 50


class CatalogueError(ValueError):
    """A catalogue file that cannot be read: names the file, its line and the reason."""


@dataclass
class Catalogue:
    """Rows for the merchant's tables, in the order of `pristine.SCHEMA`'s columns."""

    products: list[Row] = field(default_factory=list)
    inventory: list[Row] = field(default_factory=list)
    discounts: list[Row] = field(default_factory=list)
    promotions: list[Row] = field(default_factory=list)
    shipping_rates: list[Row] = field(default_factory=list)
    customers: list[Row] = field(default_factory=list)
    addresses: list[Row] = field(default_factory=list)

    def tables(self) -> dict[str, list[Row]]:
        return {name: list(getattr(self, name)) for name in self.__dataclass_fields__}


def _rows(directory: Path, name: str) -> list[tuple[int, dict[str, str]]]:
    path = directory / name
    if not path.is_file():
        if name in REQUIRED:
            raise CatalogueError(f"{path}: missing (a UCP catalogue needs {', '.join(REQUIRED)})")
        return []
    with path.open(newline="", encoding="utf-8") as handle:
        reader = csv.DictReader(handle)
        missing = [c for c in COLUMNS[name] if c not in (reader.fieldnames or [])]
        if missing:
            raise CatalogueError(f"{path}: line 1: missing column(s) {', '.join(missing)}")
        return [(number, row) for number, row in enumerate(reader, start=2)]


def _int(path: Path, line: int, row: dict[str, str], column: str, *, blank: bool = False) -> Any:
    text = (row.get(column) or "").strip()
    if blank and not text:
        return None
    try:
        value = int(text)
    except ValueError:
        raise CatalogueError(
            f"{path}: line {line}: {column} must be a whole number, not {text!r}"
        ) from None
    if value < 0:
        raise CatalogueError(f"{path}: line {line}: {column} must not be negative")
    return value


def load_directory(directory: Path) -> Catalogue:
    """The catalogue in a directory of UCP sample CSVs; a bad file raises CatalogueError."""
    directory = Path(directory)
    if not directory.is_dir():
        raise CatalogueError(f"{directory}: not a directory of UCP catalogue CSVs")
    found = Catalogue()
    at = directory.joinpath
    for line, row in _rows(directory, "products.csv"):
        price = _int(at("products.csv"), line, row, "price")
        found.products.append((row["id"], row["title"], price, row.get("image_url") or None))
    known = {product[0] for product in found.products}
    for line, row in _rows(directory, "inventory.csv"):
        if row["product_id"] not in known:
            raise CatalogueError(
                f"{at('inventory.csv')}: line {line}: unknown product {row['product_id']!r}"
            )
        found.inventory.append(
            (row["product_id"], _int(at("inventory.csv"), line, row, "quantity"))
        )
    for line, row in _rows(directory, "discounts.csv"):
        if row["type"] not in DISCOUNT_TYPES:
            raise CatalogueError(
                f"{at('discounts.csv')}: line {line}: type must be one of "
                f"{', '.join(DISCOUNT_TYPES)}, not {row['type']!r}"
            )
        value = _int(at("discounts.csv"), line, row, "value")
        found.discounts.append((row["code"], row["type"], value, row["description"]))
    for line, row in _rows(directory, "promotions.csv"):
        found.promotions.append(_promotion(at("promotions.csv"), line, row))
    for line, row in _rows(directory, "shipping_rates.csv"):
        price = _int(at("shipping_rates.csv"), line, row, "price")
        found.shipping_rates.append(
            (row["id"], row["country_code"], row["service_level"], price, row["title"])
        )
    for _, row in _rows(directory, "customers.csv"):
        found.customers.append((row["id"], row["name"], row["email"].strip().lower()))
    for _, row in _rows(directory, "addresses.csv"):
        found.addresses.append(
            (
                row["id"],
                row["customer_id"],
                row["street_address"],
                row["city"],
                row["state"],
                row["postal_code"],
                row.get("country") or "US",
            )
        )
    return found


def _promotion(path: Path, line: int, row: dict[str, str]) -> Row:
    if row["type"] != "free_shipping":
        raise CatalogueError(f"{path}: line {line}: only free_shipping promotions are known")
    text = (row.get("eligible_item_ids") or "").strip()
    try:
        items = json.loads(text) if text else []
    except json.JSONDecodeError:
        items = None
    if not isinstance(items, list) or not all(isinstance(i, str) for i in items):
        raise CatalogueError(f"{path}: line {line}: eligible_item_ids must be a JSON list of ids")
    minimum = _int(path, line, row, "min_subtotal", blank=True)
    return (row["id"], row["type"], minimum, json.dumps(items), row["description"])


BUILT_IN = Path(__file__).resolve().parent / "built_in.json"


def derive_built_in() -> dict[str, Any]:
    """The built-in catalogue from the sandbox shop's products (their first available variant
    each), with the merchant's own discount codes, one promotion and shipping rates; written
    to `built_in.json` by `python -m sandbox.ucp.make_built_in`."""
    from sandbox.shop.pristine import DB_JSON

    data = json.loads(DB_JSON.read_text(encoding="utf-8"))
    products, inventory = [], []
    for product in sorted(data["products"].values(), key=lambda p: p["name"]):
        variants = [v for v in product["variants"].values() if v.get("available")]
        if not variants:
            continue
        variant = min(variants, key=lambda v: v["item_id"])
        details = ", ".join(f"{k} {v}" for k, v in variant["options"].items())
        title = f"{product['name']} ({details})" if details else product["name"]
        products.append([variant["item_id"], title, round(variant["price"] * 100), None])
        inventory.append([variant["item_id"], BUILT_IN_STOCK])
        if len(products) == BUILT_IN_PRODUCTS:
            break
    return {
        "products": products,
        "inventory": inventory,
        "discounts": [
            ["SAVE10", "percentage", 10, "10% off"],
            ["TAKE5", "fixed_amount", 500, "$5.00 off"],
        ],
        "promotions": [["free_over_200", "free_shipping", 20000, "[]", "Free shipping over $200"]],
        "shipping_rates": [
            ["std-ship", "default", "standard", 600, "Standard Shipping"],
            ["exp-ship-us", "US", "express", 1800, "Express Shipping (US)"],
            ["exp-ship-intl", "default", "express", 3000, "International Express"],
        ],
    }


@functools.lru_cache(maxsize=1)
def built_in() -> Catalogue:
    """The catalogue the merchant sells without `--ucp-data` (`built_in.json`)."""
    data = json.loads(BUILT_IN.read_text(encoding="utf-8"))
    return Catalogue(**{table: [tuple(row) for row in rows] for table, rows in data.items()})
