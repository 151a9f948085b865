"""What a product is for, in everyday words: the catalog words a described thing points to.

"something for my dog to sleep on" names no product, but its words do: a dog is a pet, sleep
is a bed. A verb names a product only with what it acts on ("cleans the floors" is a vacuum,
"cleans the air" a purifier), so a thing sought ("carpets for the bedroom") is never read as a
use. Only words the catalog's own product names contain are ever searched.
"""

from __future__ import annotations

import re

#: everyday words for what a product is for, each with the catalog word it points to; only
#: words the catalog's own product names contain are ever searched
USES: dict[str, str] = {
    word: target
    for target, words in {
        "pet": "dog dogs cat cats puppy puppies kitten kittens pup doggy doggo kitty pets",
        "bed": "sleep sleeping nap napping snooze",
        "kettle": "boil boiling",
        "camera": "photo photos picture pictures filming vlog vlogging selfies",
        "bottle": "hydrated hydration drink drinking",
        "charger": "charge charging recharge powerbank dying",
        "headphones": "listen listening podcasts",
        "mat": "yoga pilates stretching",
        "boots": "hike hiking trek trekking",
        "helmet": "cycling biking",
        "umbrella": "shade",
        "vacuum": "hoover hoovering vacuuming",
        "purifier": "allergies allergy hayfever pollen asthma",
        "keyboard": "typing",
        "grill": "bbq barbecue barbeque",
        "bookshelf": "books",
        "toothbrush": "teeth",
        "perfume": "fragrance scent cologne",
        "backpack": "carry carrying lug lugging haul hauling tote toting",
        "organizer": "organise organize organising organizing declutter tidy clutter",
        "e-reader": "read reading ebook ebooks",
        "chair": "sit sitting",
        "hose": "watering",
        "jacket": "chilly freezing layer layering",  # worn
        "sunglasses": "glare squint squinting",
        "dumbbell": "lift lifting weightlifting",
        "skateboard": "skate skating",
        "luggage": "suitcase suitcases",
        "clock": "alarm wake waking oversleep",
        "bicycle": "ride riding pedal pedalling",
        "watch": "steps fitness heartrate pulse",
    }.items()
    for word in words.split()
}

#: a product by what it does to a thing: a verb of its work, then within a few words the thing
ACTS_ON: dict[str, tuple[frozenset[str], frozenset[str]]] = {
    target: (frozenset(verbs.split()), frozenset(things.split()))
    for target, verbs, things in (
        (
            "vacuum",
            "clean cleans cleaning hoover hoovers sweep sweeps sweeping suck sucks sucking",
            "floor floors carpet carpets rug rugs dust crumbs hair fur",
        ),
        (
            "purifier",
            "clean cleans cleaning purify purifies filter filters freshen freshens",
            "air",
        ),
    )
}
#: how far the thing may follow its verb: 'cleans the floors', 'sucks up all the dog hair'
REACH = 4
#: the work said as the state a thing is kept in: 'keep the carpets clean' cleans them
KEPT = re.compile(
    r"\bkeep(?:s|ing)?\s+(?:[a-z']+\s+){0,2}?([a-z]+)\s+(?:clean|spotless|fresh|free of)\b"
)


def _stem(word: str) -> str:
    """The word a verb's or a noun's ending leaves: 'boils' → 'boil', 'wakes' → 'wake'."""
    for ending in ("es", "s"):
        if len(word) > 4 and word.endswith(ending) and not word.endswith("ss"):
            return word[: -len(ending)] if word[: -len(ending)] in USES else word[:-1]
    return word


def uses_named(text: str) -> list[str]:
    """The catalog words a line's uses point to, in the order said ('… for my dog to sleep on'
    → ['pet', 'bed'], 'something that cleans the floors' → ['vacuum'])."""
    words = re.findall(r"[a-z]+", text)
    found: list[str] = []
    for i, word in enumerate(words):
        used = USES.get(word) or USES.get(_stem(word))
        targets = [used] if used else []
        targets += [
            target
            for target, (verbs, things) in ACTS_ON.items()
            if word in verbs and things & set(words[i + 1 : i + 1 + REACH])
        ]
        found += [t for t in targets if t not in found]
    for kept in KEPT.finditer(text):
        found += [
            target
            for target, (verbs, things) in ACTS_ON.items()
            if "clean" in verbs and kept.group(1) in things and target not in found
        ]
    return found
