"""What people call the shop's products, said in the shop's own words.

Customers say "sunnies", "cans", "a road bike" or "a fitness tracker"; the catalog says
Sunglasses, Headphones, Bicycle and Smart Watch, and its search matches words, not meanings.
One table holds that vocabulary, each entry a pattern of the everyday name and the catalog
words it stands for (a unit test checks every target against the catalog's product names).
A line is read in the shop's words before anything else reads it, so searches, picks and
orders named by an item all see the same name.
"""

from __future__ import annotations

import re

#: what a tracker on the wrist is said to track: 'tracks my runs and my heart rate'
_TRACKED = (
    r"(?:(?:my|your|the|his|her|our|their)\s+)?(?:runs?|running|jogs?|jogging|steps?|heart ?rates?|"
    r"heartbeat|pulse|sleep|workouts?|fitness|activity|exercise|calories|distance|training|"
    r"cycling|rides?|swims?|swimming|hikes?)"
)
#: the clause that says what a wearable tracks: 'that tracks my runs and my heart rate'
TRACKING = (
    r"(?:,?\s*(?:that|which|to|for|and|so i can|i can)\s+)?(?:keep )?(?:tracks?|tracking|"
    r"counts?|counting|monitors?|monitoring|measures?|measuring|logs?|logging|records?|"
    r"recording|keeps? track of|keeping track of)\s+"
    rf"{_TRACKED}(?:\s*(?:,|and|&|\+|or|plus)\s*{_TRACKED})*"
)
#: a thing worn on the wrist, not named: 'something on my wrist', 'a thing for my wrist'
_ON_WRIST = (
    r"(?:something|anything|a thing|a device|a gadget|a band|one)\s+(?:to wear\s+|i can wear\s+|"
    r"i wear\s+)?(?:on|for|around)\s+(?:my|the|your|his|her)\s+wrists?"
)

#: everyday name → the catalog's words; the longer phrases come first, so they win
SLANG: tuple[tuple[str, str], ...] = (
    # wearables that track: said by what they do, or by a brand's generic name
    (rf"{_ON_WRIST}\s*{TRACKING}", "smart watch"),
    (rf"(?:a\s+)?(?:smart\s*)?watch\s*{TRACKING}", "smart watch"),
    (rf"{_ON_WRIST}", "wristwatch"),
    (
        r"(?:fitness|activity|step|sleep|running|run|heart ?rate|health)\s+(?:tracker|band|"
        r"monitor|watch)s?|fit ?bits?|sports? watch(?:es)?|gps watch(?:es)?|smartwatch(?:es)?|"
        r"smart-watch(?:es)?",
        "smart watch",
    ),
    # bicycles and what goes with them
    (
        r"(?:bike|bicycle)\s+helmets?|helmets? for (?:my |the |a )?(?:bike|bicycle)",
        "cycling helmet",
    ),
    (r"(?:road|racing|racer)\s+bikes?", "road bicycle"),
    (r"(?:mountain|mtb)\s+bikes?|mtbs?", "mountain bicycle"),
    (r"(?:push\s*)?bikes?(?!\s*(?:locks?|lights?|racks?|pumps?|shorts|rides?)\b)", "bicycle"),
    # what people call a kind of product whose catalog name is another
    (
        r"sunnies|sunnys|sun ?glasses|(?<!lamp )(?<!of )(?<!in )(?<!colour )(?<!color )shades",
        "sunglasses",
    ),
    (r"cans(?! of\b)|headsets?|earphones|ear phones", "headphones"),
    (r"ear buds|air ?pods", "earbuds"),
    (r"mobile phones?|cell ?phones?|iphones?|android phones?", "smartphone"),
    (
        r"(?:(?<=\ba )|(?<=\bmy )|(?<=\bnew )|(?<=\bthe )|(?<=\bany ))mobiles?"
        r"(?! (?:numbers?|apps?|data|plans?|contracts?|chargers?|signal|network|coverage|"
        r"cases?|covers?)\b)|mobiles(?= (?:for|under|with)\b)",
        "smartphone",
    ),
    (r"ipads?", "tablet"),
    (r"macbooks?|lappy|lappies|lappie", "laptop"),
    (r"kindles?|e ?book readers?|ereaders?|e readers?", "e-reader"),
    (r"go ?pros?", "action camera"),
    (
        r"roombas?|robot(?:ic)? (?:vac(?:uum)?s?(?: cleaners?)?|hoovers?)|robovacs?",
        "vacuum robotic",
    ),
    # the names said in Britain, Ireland or Australia for what the catalog names otherwise
    (r"hoovers?(?! (?:up|it|them)\b)|vac cleaners?", "vacuum cleaner"),
    (r"(?:garden )?hose ?pipes?", "garden hose"),
    (r"light ?globes?|lightbulbs?", "light bulb"),
    (r"holdalls?|cabin bags?|carry-?on (?:bags?|cases?)|wheelie (?:bags?|cases?)", "luggage"),
    (r"plimsolls?", "sneakers"),
    (r"espresso makers?", "espresso machine"),
    (r"cafeti[eè]res?|filter coffee machines?", "coffee maker"),
    (r"cycle helmets?", "cycling helmet"),
    (r"school ?bags?|day ?packs?", "backpack"),
    (r"exercise books?|writing pads?", "notebook"),
    (r"air (?:cleaners?|filters?)", "air purifier"),
    (r"notepads?|note books?|jotters?|journals?", "notebook"),
    (r"running trainers", "running shoes"),
    (r"trainers|kicks", "sneakers"),
    (r"walking boots|trekking boots|hiking shoes", "hiking boots"),
    (r"power ?banks?|battery packs?", "portable charger"),
    (r"free weights|hand weights", "dumbbell set"),
    (r"parasols?|sun ?umbrellas?|garden umbrellas?", "patio umbrella"),
    (r"brolly|brollies|brollys", "umbrella"),
    (r"(?:bbq|barbecue|barbeque)s?(?: grills?)?|barbies?(?! dolls?\b)", "grill"),
    (r"rucksacks?|knapsacks?|book ?bags?", "backpack"),
    (r"tees|tee shirts?|tshirts?|t shirts?", "t-shirt"),
    (r"colognes?|fragrances?|eau de (?:parfum|toilette)", "perfume"),
    (r"(?:water |drinks? |vacuum )?flasks?|thermos(?:es)?|drinks? bottles?", "water bottle"),
    (r"longboards?|penny boards?", "skateboard"),
    (r"(?:exercise|gym|workout|pilates) mats?", "yoga mat"),
    (r"(?:desk|computer|gaming|work|study) chairs?", "office chair"),
    (r"bookcases?|book cases?|shelving units?", "bookshelf"),
    (r"desk lights?|reading lamps?", "desk lamp"),
    (r"cushions?", "throw pillow"),
    (r"planters?|flower ?pots?", "plant pot"),
    (
        r"(?:plug|power|travel|voltage) (?:adaptors?|converters?)|plug adapters?|adaptors?",
        "travel adapter",
    ),
)
_SLANG = [(re.compile(rf"(?<![\w'-])(?:{pattern})(?![\w'])"), shop) for pattern, shop in SLANG]


def in_shop_words(text: str) -> str:
    """The line with every everyday product name written as the catalog writes it; a name the
    shop already uses stays as it is ('smart watch', 'bicycle helmet' → 'cycling helmet')."""
    for pattern, shop in _SLANG:
        text = pattern.sub(shop, text)
    return text
