"""Two readings of names: one name (read with a letter slipped, or words alike) or the
names of two families."""

from __future__ import annotations

from rapidfuzz.distance import Levenshtein

from hoso.names import FAMILY_FOLDED, reads_as_family_name
from hoso.text import fold, squash


def no_word_shared(a: str, b: str) -> bool:
    """Two names of two words or more with not one word in common (tone marks aside): two
    people, not one name misread ("Nguyễn Hánh" may be "Nguyễn Khánh Danh" misread; "Lê
    Hải Hưng" is not "Trần Diệu Anh")."""
    wa, wb = set(squash(fold(a)).split()), set(squash(fold(b)).split())
    return len(wa) >= 2 and len(wb) >= 2 and not wa & wb


def _family(word: str) -> str | None:
    """The family name (folded) a name's first word reads as: one on the list, tone marks
    aside, or a letter from one of five letters or more ("Nguuên" for Nguyễn)."""
    folded = fold(word)
    if reads_as_family_name(folded):
        return folded
    near = {f for f in FAMILY_FOLDED if len(f) >= 5 and Levenshtein.distance(folded, f) <= 1}
    return near.pop() if len(near) == 1 else None


def other_families(a: str, b: str) -> bool:
    """Two names of two families, not one name misread: each begins with a family name, the
    two more than two letters apart ("Nguuên Xuân" / "Lê Kim Diệu Hiền": dev25 15793, a
    land certificate of someone else beside a form read unsurely), and no word in common
    (a name read without its family name, "Lâm Anh" for "Trần Lâm Anh", shares the rest)."""
    if not no_word_shared(a, b):
        return False
    fa, fb = _family(squash(fold(a)).split()[0]), _family(squash(fold(b)).split()[0])
    return fa is not None and fb is not None and Levenshtein.distance(fa, fb) > 2


def slipped_in_part(a: str, b: str) -> bool:
    """One name read whole and once without its last word (or two), a letter slipped in
    what was read ("Nguyên Bíc" / "Nguyễn Bích Hà", dev22 15049): a reading, not another
    name (tone marks aside, each word read a letter at most from the name's)."""
    wa, wb = squash(fold(a)).split(), squash(fold(b)).split()
    if len(wa) > len(wb):
        wa, wb = wb, wa
    return (
        len(wa) >= 2
        and len(wb) - len(wa) in (1, 2)
        and all(Levenshtein.distance(p, q) <= 1 for p, q in zip(wa, wb, strict=False))
    )


def word_alike(a: str, b: str) -> bool:
    """At least half the words of the shorter name are words of the other, or one letter
    from one (tone marks set aside): readings that could be of one name."""
    wa, wb = squash(fold(a)).split(), squash(fold(b)).split()
    if len(wa) > len(wb):
        wa, wb = wb, wa
    alike = sum(any(Levenshtein.distance(x, y) <= 1 for y in wb) for x in wa)
    return 2 * alike >= len(wa)
