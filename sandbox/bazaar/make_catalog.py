"""Generate the bazaar catalog: `python -m sandbox.bazaar.make_catalog` (deterministic).

The product types and their option vocabularies come from the shop's τ² data, so the two
marketplaces sell comparable things; the bazaar then speaks its own dialect: snake_case keys,
`colour`, title-cased values, spaced units (`13"`, `500 mL`), SKUs like `BZ-NTBK-0042-A4S`,
prices in integer cents, a stock count per SKU, sellers with ratings, and promotions.
"""

from __future__ import annotations

import hashlib
import itertools
import json
import random
import re
import statistics
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
SHOP_DATA = HERE.parent / "data" / "tau2_retail" / "db.json"
OUTPUT = HERE / "catalog.json"
SEED = 20261210

# shop product name → (bazaar category id, bazaar category name, 4-letter SKU code)
SHARED_TYPES: dict[str, tuple[str, str, str]] = {
    "T-Shirt": ("apparel.tshirts", "T-Shirts", "TSHT"),
    "Laptop": ("electronics.laptops", "Laptops", "LPTP"),
    "Running Shoes": ("footwear.running", "Running Shoes", "RUNS"),
    "Smartphone": ("electronics.phones", "Smartphones", "SMPH"),
    "Backpack": ("bags.backpacks", "Backpacks", "BKPK"),
    "Coffee Maker": ("kitchen.coffee_makers", "Coffee Makers", "COFM"),
    "Water Bottle": ("outdoor.water_bottles", "Water Bottles", "WBTL"),
    "Desk Lamp": ("home.lighting.desk_lamps", "Desk Lamps", "DLMP"),
    "Notebook": ("stationery.notebooks", "Notebooks", "NTBK"),
    "Sunglasses": ("accessories.sunglasses", "Sunglasses", "SUNG"),
    "Electric Toothbrush": ("personal_care.toothbrushes", "Electric Toothbrushes", "ETBR"),
    "Yoga Mat": ("fitness.yoga_mats", "Yoga Mats", "YOGA"),
    "Bluetooth Speaker": ("electronics.audio.speakers", "Bluetooth Speakers", "BTSP"),
    "Gaming Mouse": ("electronics.peripherals.mice", "Gaming Mice", "GMOU"),
    "Action Camera": ("electronics.cameras.action", "Action Cameras", "ACAM"),
    "Garden Hose": ("garden.hoses", "Garden Hoses", "GHOS"),
    "Hiking Boots": ("footwear.hiking", "Hiking Boots", "HIKB"),
    "Tablet": ("electronics.tablets", "Tablets", "TBLT"),
    "E-Reader": ("electronics.ereaders", "E-Readers", "ERDR"),
    "Portable Charger": ("electronics.power.chargers", "Portable Chargers", "PCHG"),
    "Indoor Security Camera": ("electronics.security.cameras", "Indoor Security Cameras", "ISEC"),
    "Electric Kettle": ("kitchen.kettles.electric", "Electric Kettles", "EKTL"),
    "Mechanical Keyboard": ("electronics.peripherals.keyboards", "Mechanical Keyboards", "MKBD"),
    "Wireless Earbuds": ("electronics.audio.earbuds", "Wireless Earbuds", "WEBD"),
    "Smart Thermostat": ("home.climate.thermostats", "Smart Thermostats", "STHM"),
    "Fleece Jacket": ("apparel.jackets.fleece", "Fleece Jackets", "FLCJ"),
    "Wall Clock": ("home.decor.clocks", "Wall Clocks", "WCLK"),
    "Pet Bed": ("pets.beds", "Pet Beds", "PETB"),
    "Cycling Helmet": ("outdoor.cycling.helmets", "Cycling Helmets", "CHLM"),
    "LED Light Bulb": ("home.lighting.bulbs", "LED Light Bulbs", "LEDB"),
    "Bookshelf": ("furniture.bookshelves", "Bookshelves", "BSHF"),
    "Sneakers": ("footwear.sneakers", "Sneakers", "SNKR"),
    "Office Chair": ("furniture.office_chairs", "Office Chairs", "OFCH"),
    "Smart Watch": ("electronics.wearables.smartwatches", "Smart Watches", "SWCH"),
    "Tea Kettle": ("kitchen.kettles.stovetop", "Tea Kettles", "TKTL"),
    "Patio Umbrella": ("garden.umbrellas", "Patio Umbrellas", "PUMB"),
    "Jigsaw Puzzle": ("toys.puzzles", "Jigsaw Puzzles", "JIGS"),
    "Headphones": ("electronics.audio.headphones", "Headphones", "HDPH"),
    "Perfume": ("beauty.fragrance", "Perfumes", "PERF"),
    "Skateboard": ("outdoor.skateboards", "Skateboards", "SKTB"),
}

# types only the bazaar sells: category id, name, SKU code, base price (cents), attributes
OWN_TYPES: list[tuple[str, str, str, int, dict[str, list[str]]]] = [
    (
        "accessories.phone_cases",
        "Phone Cases",
        "PHCS",
        1999,
        {"colour": ["black", "clear", "navy", "red"], "material": ["silicone", "leather", "TPU"]},
    ),
    (
        "home.office.organizers",
        "Desk Organizers",
        "DORG",
        2899,
        {"material": ["bamboo", "metal", "acrylic"], "compartments": ["3", "5", "7"]},
    ),
    (
        "home.decor.candles",
        "Scented Candles",
        "CNDL",
        1899,
        {
            "scent": ["lavender", "vanilla", "sandalwood", "citrus"],
            "burn time": ["40 hours", "60 hours"],
        },
    ),
    (
        "home.decor.pillows",
        "Throw Pillows",
        "PILW",
        3499,
        {"colour": ["beige", "grey", "mustard", "teal"], "size": ["18 inch", "20 inch"]},
    ),
    (
        "garden.pots",
        "Plant Pots",
        "PPOT",
        2499,
        {
            "material": ["ceramic", "terracotta", "plastic"],
            "diameter": ["6 inches", "8 inches", "10 inches"],
        },
    ),
    (
        "electronics.power.adapters",
        "Travel Adapters",
        "TADP",
        2999,
        {"ports": ["2 USB", "4 USB"], "region": ["worldwide", "EU", "UK"]},
    ),
]

SELLERS = [
    ("S01", "Paper Trail Co."),
    ("S02", "Northwind Outfitters"),
    ("S03", "Volt & Ohm"),
    ("S04", "Kitchen Corner"),
    ("S05", "Urban Threads"),
    ("S06", "Trailhead Supply"),
    ("S07", "Brightside Home"),
    ("S08", "PixelWorks"),
    ("S09", "Cozy Paws"),
    ("S10", "Summit Sports"),
    ("S11", "Gadget Garage"),
    ("S12", "Evergreen Living"),
]

# which sellers carry a category (by its first matching prefix)
SELLERS_BY_CATEGORY: list[tuple[str, tuple[str, ...]]] = [
    ("stationery", ("S01", "S07")),
    ("footwear.hiking", ("S06", "S10")),
    ("apparel", ("S02", "S05")),
    ("footwear", ("S02", "S05", "S10")),
    ("bags", ("S02", "S06")),
    ("accessories", ("S05", "S11")),
    ("kitchen", ("S04", "S12")),
    ("electronics", ("S03", "S08", "S11")),
    ("outdoor", ("S06", "S10")),
    ("garden", ("S06", "S12")),
    ("fitness", ("S10",)),
    ("pets", ("S09",)),
    ("toys", ("S07", "S01")),
    ("personal_care", ("S12", "S05")),
    ("beauty", ("S05", "S12")),
    ("home", ("S07", "S12")),
    ("furniture", ("S07", "S12")),
]

UNIT_STYLE = [
    (re.compile(r"^(\d+(?:\.\d+)?)-inch$"), r'\1"'),
    (re.compile(r"^(\d+(?:\.\d+)?) inch(?:es)?$"), r'\1"'),
    (re.compile(r"^(\d+(?:\.\d+)?)ml$"), r"\1 mL"),
    (re.compile(r"^(\d+(?:\.\d+)?)L$"), r"\1 L"),
    (re.compile(r"^(\d+(?:\.\d+)?)(GB|TB)$"), r"\1 \2"),
    (re.compile(r"^(\d+(?:\.\d+)?)(GB|TB) SSD$"), r"\1 \2 SSD"),
    (re.compile(r"^(\d+(?:\.\d+)?)ft$"), r"\1 ft"),
    (re.compile(r"^(\d+(?:\.\d+)?)mm$"), r"\1 mm"),
    (re.compile(r"^(\d+(?:\.\d+)?)mAh$"), r"\1 mAh"),
]
KEEP_CASE = re.compile(r"[A-Z0-9]{2,}|^[A-Z]\d|\d")


def bazaar_key(key: str) -> str:
    """The bazaar's attribute keys: snake_case, British `colour`."""
    key = key.lower().replace("color", "colour")
    return re.sub(r"[^a-z0-9]+", "_", key).strip("_")


def bazaar_value(value: str) -> str:
    """Title-cased words and spaced units: '13-inch' → '13\"', 'soft cover' → 'Soft Cover'."""
    for pattern, replacement in UNIT_STYLE:
        if pattern.match(value):
            return pattern.sub(replacement, value)
    words = value.split(" ")
    return " ".join(w if KEEP_CASE.search(w) else w[:1].upper() + w[1:] for w in words)


def variant_code(attributes: dict[str, str], taken: set[str]) -> str:
    """Three characters from the attributes' hash, unique within the family."""
    alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
    text = json.dumps(attributes, sort_keys=True)
    for salt in itertools.count():
        digest = hashlib.sha256(f"{text}|{salt}".encode()).digest()
        code = "".join(alphabet[b % len(alphabet)] for b in digest[:3])
        if code not in taken:
            taken.add(code)
            return code
    raise AssertionError("unreachable")


def price_cents(base: float, rng: random.Random) -> int:
    """A shelf price near `base` dollars, ending in .99 or .49."""
    dollars = max(1, round(base * rng.uniform(0.84, 1.12)))
    return dollars * 100 - rng.choice((1, 51))


def stock_count(rng: random.Random) -> int:
    roll = rng.random()
    if roll < 0.07:
        return 0
    if roll < 0.17:
        return rng.randint(1, 3)
    return rng.randint(4, 60)


def _families(
    rng: random.Random,
    type_name: str,
    category: str,
    category_name: str,
    code: str,
    pools: dict[str, list[str]],
    base_price: float,
    family_no: itertools.count,
) -> list[dict[str, Any]]:
    listings = []
    combos = list(itertools.product(*pools.values()))
    names = dict(SELLERS)
    pool = next(
        ids
        for prefix, ids in SELLERS_BY_CATEGORY
        if category == prefix or category.startswith(prefix + ".")
    )
    for _ in range(rng.randint(2, 3)):
        seller_id = rng.choice(pool)
        seller_name = names[seller_id]
        family = f"BZF-{code}-{next(family_no):04d}"
        brand = seller_name.split()[0].rstrip("&")
        chosen = rng.sample(combos, k=min(len(combos), rng.randint(2, 5)))
        taken: set[str] = set()
        family_base = base_price * rng.uniform(0.9, 1.08)
        for combo in chosen:
            attributes = {bazaar_key(k): bazaar_value(v) for k, v in zip(pools, combo, strict=True)}
            shown = ", ".join(attributes.values())
            listings.append(
                {
                    "sku": f"{family.replace('BZF', 'BZ')}-{variant_code(attributes, taken)}",
                    "family": family,
                    "title": f"{brand} {type_name} ({shown})",
                    "category": category,
                    "category_name": category_name,
                    "attributes": attributes,
                    "price_minor": price_cents(family_base, rng),
                    "currency": "USD",
                    "stock": stock_count(rng),
                    "seller_id": seller_id,
                }
            )
    return listings


def _promotions() -> list[dict[str, Any]]:
    return [
        {
            "promotion_id": "PR-WELCOME10",
            "code": "WELCOME10",
            "kind": "percent",
            "percent_bp": 1000,
            "max_discount_minor": 5000,
            "label": "10% off your first bazaar order (up to $50)",
            "eligibility": {"first_order_only": True, "min_subtotal_minor": 2000},
        },
        {
            "promotion_id": "PR-FIVEOFF",
            "code": "FIVEOFF",
            "kind": "fixed",
            "amount_minor": 500,
            "label": "$5 off orders of $30 or more",
            "eligibility": {"min_subtotal_minor": 3000, "max_uses_per_buyer": 3},
        },
        {
            "promotion_id": "PR-KITCHEN15",
            "code": None,
            "kind": "percent",
            "percent_bp": 1500,
            "max_discount_minor": 10000,
            "label": "15% off kitchen items over $150",
            "eligibility": {"categories": ["kitchen"], "min_subtotal_minor": 15000},
        },
        {
            "promotion_id": "PR-TRAIL20",
            "code": None,
            "kind": "fixed",
            "amount_minor": 2000,
            "label": "$20 off $200 or more of outdoor gear from Trailhead Supply",
            "eligibility": {
                "categories": ["outdoor", "footwear.hiking"],
                "sellers": ["S06"],
                "min_subtotal_minor": 20000,
            },
        },
        {
            "promotion_id": "PR-SUMMER25",
            "code": "SUMMER25",
            "kind": "percent",
            "percent_bp": 2500,
            "max_discount_minor": None,
            "label": "25% off (summer sale)",
            "eligibility": {"starts_at": "2026-06-01T00:00:00Z", "ends_at": "2026-09-01T00:00:00Z"},
        },
    ]


def build() -> dict[str, Any]:
    """The whole catalog document: sellers, categories, listings, promotions."""
    shop = json.loads(SHOP_DATA.read_text(encoding="utf-8"))
    rng = random.Random(SEED)
    family_no = itertools.count(1)
    listings: list[dict[str, Any]] = []
    products = {p["name"]: p for p in shop["products"].values()}
    for type_name, (category, category_name, code) in SHARED_TYPES.items():
        variants = list(products[type_name]["variants"].values())
        pools: dict[str, list[str]] = {}
        for variant in variants:
            for key, value in variant["options"].items():
                if value not in pools.setdefault(key, []):
                    pools[key].append(value)
        pools = {key: sorted(values) for key, values in pools.items()}
        base = statistics.median(v["price"] for v in variants)
        listings += _families(rng, type_name, category, category_name, code, pools, base, family_no)
    for category, category_name, code, base_cents, pools in OWN_TYPES:
        type_name = category_name[:-1] if category_name.endswith("s") else category_name
        for _ in range(2):
            listings += _families(
                rng, type_name, category, category_name, code, pools, base_cents / 100, family_no
            )
    sellers = []
    for seller_id, name in SELLERS:
        sellers.append(
            {
                "seller_id": seller_id,
                "name": name,
                "rating": round(rng.uniform(3.4, 4.9), 1),
                "rating_count": rng.randint(40, 9000),
                "since": f"{rng.randint(2012, 2024)}-0{rng.randint(1, 9)}-01",
            }
        )
    categories = sorted({(lst["category"], lst["category_name"]) for lst in listings})
    return {
        "version": 1,
        "seed": SEED,
        "currency": "USD",
        "sellers": sellers,
        "categories": [{"id": cid, "name": name} for cid, name in categories],
        "listings": sorted(listings, key=lambda lst: lst["sku"]),
        "promotions": _promotions(),
    }


def render(catalog: dict[str, Any]) -> str:
    return json.dumps(catalog, indent=1, sort_keys=True, ensure_ascii=False) + "\n"


def main() -> None:
    OUTPUT.write_text(render(build()), encoding="utf-8")
    print(f"wrote {OUTPUT} ({len(build()['listings'])} listings)")


if __name__ == "__main__":
    main()
