"""SKU and attribute normalisation: vendor dialects in, one canonical vocabulary out.

The shop says `{"screen size": "13-inch", "color": "silver"}` under product "Laptop"; the
bazaar says `{"screen_size": "13\"", "colour": "Silver"}` under category "Laptops". Both become
type `laptop` with attributes `{"color": "silver", "screen size": "13in"}`, and so the same
canonical id: the same product, wherever it is sold.
"""

from __future__ import annotations

import hashlib
import json
import re

SHOP_SKU = re.compile(r"\d{10}")
BAZAAR_SKU = re.compile(r"BZ-[A-Z]{4}-\d{4}-[A-Z0-9]{3}")
CANONICAL_ID = re.compile(r"cp-[a-z0-9-]{1,60}-[0-9a-f]{10}")

KEY_SYNONYMS = {
    "colour": "color",
    "frame colour": "frame color",
    "lens colour": "lens color",
    "dial colour": "dial color",
}
IRREGULAR = {
    "mice": "mouse",
    "bookshelves": "bookshelf",
    "shelves": "shelf",
    "knives": "knife",
    "children": "child",
}
UNITS = [
    (re.compile(r'^(\d+(?:\.\d+)?)\s*(?:-\s*)?(?:inches|inch|in|")$'), "in"),
    (re.compile(r"^(\d+(?:\.\d+)?)\s*(?:ml|millilit(?:er|re)s?)$"), "ml"),
    (re.compile(r"^(\d+(?:\.\d+)?)\s*(?:l|lit(?:er|re)s?)$"), "l"),
    (re.compile(r"^(\d+(?:\.\d+)?)\s*(?:ft|feet|foot)$"), "ft"),
    (re.compile(r"^(\d+(?:\.\d+)?)\s*mm$"), "mm"),
    (re.compile(r"^(\d+(?:\.\d+)?)\s*mah$"), "mah"),
    (re.compile(r"^(\d+(?:\.\d+)?)\s*(gb|tb)(\s+ssd)?$"), ""),
]


def singular(word: str) -> str:
    """A crude English singular: 'kettles' → 'kettle', 'batteries' → 'battery'."""
    if word in IRREGULAR:
        return IRREGULAR[word]
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if word.endswith(("ches", "shes", "sses", "xes")):
        return word[:-2]
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us")):
        return word[:-1]
    return word


def type_key(name: str) -> str:
    """A product type as a slug of singular words: 'Electric Kettles' → 'electric-kettle'."""
    words = [singular(w) for w in re.split(r"[^0-9a-z]+", name.lower()) if w]
    return "-".join(words)


def attribute_key(key: str) -> str:
    """'screen_size' → 'screen size'; 'Colour' → 'color'."""
    plain = " ".join(re.split(r"[\s_]+", key.strip().lower()))
    return KEY_SYNONYMS.get(plain, plain)


def attribute_value(value: object) -> str:
    """'13-inch', '13"' and '13 in' → '13in'; '500 mL' → '500ml'; 'Soft Cover' → 'soft cover'."""
    text = " ".join(str(value).strip().lower().split())
    for pattern, unit in UNITS:
        match = pattern.match(text)
        if match:
            if unit:
                return f"{match.group(1)}{unit}"
            return f"{match.group(1)}{match.group(2)}{match.group(3) or ''}"
    return text


def canonical_attributes(attributes: dict[str, object]) -> dict[str, str]:
    return dict(sorted((attribute_key(k), attribute_value(v)) for k, v in attributes.items()))


def canonical_id(product_type: str, attributes: dict[str, object]) -> str:
    """`cp-<type>-<10 hex>`: equal for the same type and normalised attributes."""
    kind = type_key(product_type)
    text = json.dumps([kind, canonical_attributes(attributes)], sort_keys=True)
    return f"cp-{kind[:60]}-{hashlib.sha256(text.encode()).hexdigest()[:10]}"


def marketplace_of(sku: str) -> str | None:
    """Which marketplace a vendor SKU belongs to, from its scheme alone."""
    if SHOP_SKU.fullmatch(sku):
        return "shop"
    if BAZAAR_SKU.fullmatch(sku):
        return "bazaar"
    return None
