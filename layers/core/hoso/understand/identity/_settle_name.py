"""Settling a scanned paper's unsure reading of a person's name by the surer papers about
the same person."""

from __future__ import annotations

from collections.abc import Sequence

from rapidfuzz.distance import Levenshtein

from hoso.names import reads_as_family_name
from hoso.text import fold, squash
from hoso.understand.identity._compare import UNSURE_NAME_CONFIDENCE, read_as
from hoso.understand.identity._mentions import LOW_VALUE_CONFIDENCE, Mention, surely_read
from hoso.understand.values import FieldValue

_GARBLED_CONFIDENCE = 30.0  # a value read less surely than this is next to unread


def settle_name(m: Mention, fv: FieldValue, members: Sequence[Mention]) -> str | None:
    """A scanned paper's name read in part ("Bích Minh Hạnh": a word lost at the edge of a
    cell or a line), with more words (an issued paper's name followed by the words of the
    next line, "Nguyên Quỳnh Linh Cục Trưởng") or, unsurely, by hand ("Nguuễn Trụng
    Dũng"), on a paper whose ID number or birth date is exactly the surer paper's: the surer
    paper's name, when the words read are a run of its words, begin with all its words (an
    issued paper), or (an unsure reading) every word differs by at most one letter once the
    tone marks are set aside."""
    if (second := _second_reading(m, members)) is not None:
        return second
    words = squash(fold(fv.value)).split()
    unsure = fv.conf < LOW_VALUE_CONFIDENCE
    found: dict[str, FieldValue] = {}  # folded name -> its surest reading
    for o in members:
        if o is m or not o.get("full_name") or o.values["full_name"].guessed:
            continue
        if o.paper is m.paper and squash(fold(o.values["full_name"].value)).split() == words:
            continue  # the paper naming the person twice alike (the filer as the head of
            # household): one reading, not a second name to choose between
        # the same twelve digits read on both papers: the person is the same whatever the
        # names' readings, and the fuller reading is taken even from a paper not surer
        same_number = bool(m.get("id_number")) and m.get("id_number") == o.get("id_number")
        if not (surely_read(o, "full_name") or same_number):
            continue
        if not (
            _same_birth(m, o)
            or any(m.get(k) and m.get(k) == o.get(k) for k in ("id_number", "date_of_birth"))
        ):
            continue
        theirs = squash(fold(o.values["full_name"].value)).split()
        slips = _slips(m, fv, o, words, theirs, same_number=same_number)
        # a name read as next to nothing ("Š S", confidence 0) beside the same twelve digits:
        # the name is unread, and the person is the other paper's
        # ... or beside the same birth date (or year) too, whatever the other's reading
        born_alike = (
            bool(m.get("date_of_birth")) and m.get("date_of_birth") == o.get("date_of_birth")
        ) or _same_birth(m, o)  # or in the year one of them gives alone
        theirs_conf = o.values["full_name"].conf
        next_to_nothing = fv.conf < _GARBLED_CONFIDENCE and (
            theirs_conf >= LOW_VALUE_CONFIDENCE or born_alike
        )
        # ... or read unsurely as no name at all ("EÚII Rarne": no family name) beside the
        # same number and birth date (dev29 16721: a card's photo)
        no_name = unsure and born_alike and bool(words) and not reads_as_family_name(words[0])
        garbled = same_number and theirs_conf > fv.conf and (next_to_nothing or no_name)
        if slips or garbled or _read_in_part(words, theirs, issued=m.dtype.issued, unsure=unsure):
            theirs_fv = o.values["full_name"]
            k = squash(fold(theirs_fv.value))
            if k not in found or theirs_fv.conf > found[k].conf:
                found[k] = theirs_fv
    # the papers agree on the name once the tone marks are set aside: the surest reading
    return next(iter(found.values())).value if len(found) == 1 else None


def _second_reading(m: Mention, members: Sequence[Mention]) -> str | None:
    """The name another paper gives the person (its reading with the tone marks), when it
    is what the second reader read here (``FieldValue.alts``: "Trần Tú Khanh Duyen" for
    Tesseract's "Trần Tú"): two independent readings agreeing on every letter."""
    names: dict[str, FieldValue] = {}  # folded name -> its surest reading
    for o in members:
        if o.paper is m.paper or not o.get("full_name"):
            continue
        theirs = o.values["full_name"]
        if theirs.guessed:
            continue  # tone-less: never one to write over another reading
        k = squash(fold(theirs.value))
        if read_as(m, theirs.value) and (k not in names or theirs.conf > names[k].conf):
            names[k] = theirs
    return next(iter(names.values())).value if len(names) == 1 else None


def _slips(
    m: Mention,
    fv: FieldValue,
    o: Mention,
    words: list[str],
    theirs: list[str],
    *,
    same_number: bool,
) -> bool:
    """``m``'s name (``words``) a slip of ``o``'s (``theirs``, folded words): every word a
    letter off, read unsurely, or, beside the same twelve digits, one letter off in all,
    its family name garbled, or two letters a word off when both readings are garbled."""
    unsure = fv.conf < LOW_VALUE_CONFIDENCE
    if unsure and _slipped(words, theirs):
        return True
    if not same_number:
        return False
    # one letter apart in all ("Gia Vụ" / "Gia Vy"): the less sure reading (or a form's,
    # beside an authority's printed name read surely) takes the surer one's
    theirs_conf = o.values["full_name"].conf
    surer = theirs_conf > fv.conf or (surely_read(o, "full_name") and not m.dtype.issued)
    if surer and Levenshtein.distance(" ".join(words), " ".join(theirs)) == 1:
        return True
    # the family name read unsurely into no family name ("TL Thị Trâm" at 51 for "Lê
    # Thị Trâm"), the words after it alike
    if unsure and surer and _family_name_garbled(words, theirs):
        return True
    # both hand-written readings garbled ("Võ Thàu Linh" at 30, "Võ Thùy Linh" at 32): a
    # word or two letters off each, the surer reading
    both_garbled = max(fv.conf, theirs_conf) < UNSURE_NAME_CONFIDENCE
    return both_garbled and theirs_conf > fv.conf and _slipped(words, theirs, letters=2)


def _family_name_garbled(words: list[str], theirs: list[str]) -> bool:
    """The same words after the first, the first a family name in ``theirs`` and none in
    ``words`` (folded words)."""
    return (
        len(words) == len(theirs) >= 3
        and words[1:] == theirs[1:]
        and reads_as_family_name(theirs[0])
        and not reads_as_family_name(words[0])
    )


def _same_birth(m: Mention, o: Mention) -> bool:
    """One paper's birth date in the year the other, giving a year alone, gives (a form's
    "19/05/1995" beside a land certificate's "Năm sinh: 1995")."""
    a, b = m.birth_year(), o.birth_year()
    alone = not (m.get("date_of_birth") and o.get("date_of_birth"))
    return a is not None and a == b and alone


def _slipped(words: list[str], theirs: list[str], letters: int = 1) -> bool:
    """Every word ``letters`` letters at most from theirs (tone marks set aside)."""
    return len(theirs) == len(words) and all(
        Levenshtein.distance(x, y) <= letters for x, y in zip(words, theirs, strict=True)
    )


def _read_in_part(words: list[str], theirs: list[str], *, issued: bool, unsure: bool) -> bool:
    """The words read (folded) are a reading of the name ``theirs`` with words lost or
    added: a run of its words ("Bích Minh Hạnh"); on an issued paper, all its words and the
    next line's ("... Linh Cục Trưởng"); a middle word lost ("Nguyễn Vũ" for "Nguyễn Văn
    Vũ"); unsurely by hand, cut short with words slipped ("Lê Kih" for "Lê Kim Hoa", "Fhan
    Thị" for "Phan Thị Trâm")."""
    n = len(words)
    part = n >= 2 and any(theirs[i : i + n] == words for i in range(len(theirs) - n + 1))
    more = issued and len(theirs) >= 2 and words[: len(theirs)] == theirs
    dropped = (
        n >= 2
        and len(theirs) == n + 1
        and any(theirs[:k] + theirs[k + 1 :] == words for k in range(1, len(theirs) - 1))
    )
    cut = unsure and 2 <= n < len(theirs) and _slipped(words, theirs[:n])
    return part or more or dropped or cut
