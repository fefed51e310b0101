"""What handwriting and OCR take digits for: the pairs a misreading explains, and a value
that is another read with such slips alone."""

from __future__ import annotations

from collections.abc import Collection
from collections.abc import Set as AbstractSet

# digits handwriting and OCR take for one another (a hand-written 1 read as 7, 3 as 5, 5 as 8)
CONFUSED = frozenset(map(frozenset, ("17", "35", "38", "56", "49", "06", "58")))
# of those, what a hand-written digit's own shape makes of it (a 1's serif a 7, a 9's open
# top a 4): enough to settle a value no one can have, not only to doubt one
HAND_SLIPS = (frozenset("17"), frozenset("49"))
BLOT_SLIP = frozenset("09")  # a 0 closed by a blot or a stroke, in print or by hand
NUMBER_SLIPS = (HAND_SLIPS[0], BLOT_SLIP)  # what a number no one has may hold


def digits_slipped(value: str, ref: str) -> bool:
    """Twelve digits differing from ``ref`` only where one has a 1 and the other a 7 (a
    hand-written 1 with its serif read as 7: "057089797708" for "051089191108"), or a 0
    and a 9 (a 0 closed by a blot or a stroke: "922292244460" for "022202244460")."""
    return len(value) == len(ref) == 12 and confused(value, ref, NUMBER_SLIPS)


def confused(value: str, ref: str, pairs: Collection[AbstractSet[str]]) -> bool:
    """``value`` is ``ref`` with some digits read as their likeliest confusions alone."""
    if len(value) != len(ref):
        return False
    diffs = [frozenset((a, b)) for a, b in zip(value, ref, strict=True) if a != b]
    return bool(diffs) and all(d in pairs for d in diffs)
