"""Number-field candidates in a reading (:mod:`hoso.ocr.numbers`, step 1).

Runs of tokens on one line made of digits, digit look-alikes and box border marks, that
are not a clean confident number; and where, inside its first and last tokens, the number
starts and ends (a label glued to it is kept apart).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from hoso.model import Word
from hoso.ocr.tess import OcrResult

# characters Tesseract reads instead of handwritten digits, and what they stand for
_LOOK = {
    "O": "0", "o": "0", "D": "0", "Q": "0", "U": "0", "u": "0", "Ø": "0", "ø": "0",
    "ð": "0", "Ð": "0", "đ": "0", "Ô": "0", "ô": "0", "Ơ": "0", "ơ": "0", "°": "0",
    "I": "1", "l": "1", "i": "1", "!": "1", "L": "1", "t": "1",
    "Z": "2", "z": "2", "S": "5", "s": "5", "$": "5", "B": "8", "G": "6", "b": "6",
    "g": "9", "q": "9", "T": "7", "?": "7", "A": "4", "h": "4", "y": "4", "a": "2",
    "f": "1", "ƒ": "1",
}  # fmt: skip
# box-border look-alikes (read where a comb's cell walls are)
_BORDER = set("|[]{}()JÍÌíìÏïĩĨ‡¦/\\⁄")
_EDGE = ".,:;…-–—_'\"`~*+=<>«»“”‘’"  # neutral: dots of guide lines, punctuation
_DATE_OR_AMOUNT = re.compile(r"\d{1,4}([/.,-])\d{1,3}(\1\d{1,4})+")
_AMOUNT = re.compile(r"\d{1,3}([.,]\d{3})+")
_DATE_SHAPE = re.compile(r"\d{1,2}/\d{1,2}/\d{4}")  # a date, its digits perhaps wrong
_DATE = re.compile(r"(0?[1-9]|[12]\d|3[01])/(0?[1-9]|1[0-2])/(19|20)\d\d")  # and a possible one

MIN_DIGITS = 6  # digit-like characters for a run to be a number candidate
LONGEST = 12  # digits of the longest number these papers hold (an ID number)
_COMB_WORD = 8  # a word of capitals at least this long ...
_COMB_WORD_CONF = 30.0  # ... read under this confidence may be a comb's cells
_COMB_RUN_BORDERS = 6  # wall marks in a run of garbage that may be a comb's cells
_COMB_RUN_BRIDGE = 2  # short other tokens ("§", "là") a run of comb garbage goes over
CLEAN_CONF = 85.0  # a run with every token at least this confident and clean is left alone


@dataclass
class _Token:
    word: Word
    core: str
    digits: int
    looks: int
    borders: int
    others: int

    @property
    def digitish(self) -> bool:
        n = len(self.core)
        if not n:
            return False
        if self.digits == 0:  # "|s", "Ja", "o|", "h": a comb cell's garbage, not a word
            return (n <= 3 and self.others == 0 and (self.borders > 0 or n == 1)) or self.capitals
        # "%8á32": a handwritten number's piece read with stray letters still belongs
        return self.others <= max(1, n // 3) or (self.digits >= 2 and self.others < self.digits)

    @property
    def capitals(self) -> bool:
        """A whole comb read as one long unsure word of capitals ("DIEEIILHDLEEILE": its
        walls as I, L, E and H): re-read only if a comb is found there."""
        return (
            len(self.core) >= _COMB_WORD
            and self.word.conf < _COMB_WORD_CONF
            and self.core.isalpha()
            and 5 * sum(ch.isupper() for ch in self.core) >= 4 * len(self.core)
        )  # "DIIFILILuHDLEEILE": a lower-case u among the walls


def _token(word: Word) -> _Token:
    core = "".join(ch for ch in word.text if ch not in _EDGE)  # dotted lines, punctuation
    d = sum(ch.isdigit() for ch in core)
    k = sum(ch in _LOOK for ch in core)
    b = sum(ch in _BORDER for ch in core)
    return _Token(word, core, d, k, b, len(core) - d - k - b)


@dataclass
class Candidate:
    """A run of digit-like tokens on one line (indices into that line)."""

    line: int  # index into OcrResult.lines
    first: int
    last: int  # inclusive
    box: tuple[float, float, float, float]
    digits: int  # real digits read
    looks: int
    borders: int
    why: str
    kind: str = "number"  # or "date": dd/mm/yyyy, its slashes kept; "comb": only in one
    # a label glued before it in its first token (its start estimated): how many digits
    # and look-alikes the first reading saw in it; 0 when its start is known
    glued: int = 0


def find_candidates(result: OcrResult) -> list[Candidate]:
    """Runs of tokens on one line with many digits or digit look-alikes that are not a
    clean, confident number (typed numbers, dates and amounts read confidently are left
    alone)."""
    out: list[Candidate] = []
    for li, line in enumerate(result.lines):
        if not line or _mrz(line):
            continue  # a machine-readable zone: its check digits are read downstream
        heights = sorted(w.bbox[3] - w.bbox[1] for w in line)
        line_h = heights[len(heights) // 2]
        toks = [_token(w) for w in line]
        i = 0
        while i < len(toks):
            if not _usable(toks[i], line_h):
                i += 1
                continue
            j = i
            while (
                j + 1 < len(toks)
                and _usable(toks[j + 1], line_h)
                and toks[j + 1].word.bbox[0] - toks[j].word.bbox[2] <= 2 * line_h
            ):  # a wide gap: another field
                j += 1
            cand = _judge(li, toks, *_without_label(toks, i, j))
            if cand is not None:
                out.append(cand)
            i = j + 1
        out += _comb_runs(li, toks, line_h, [c for c in out if c.line == li])
    return out


def _without_label(toks: list[_Token], i: int, j: int) -> tuple[int, int]:
    """A run holding a token of an ID number's twelve digits: the short tokens of at most
    one digit before or after it ("s" and "s6/No:" for "Số/No:", a "(") are a label's or
    marks, not digits of that number, and are left out of the run (read again with them,
    the number came back with a thirteenth digit in front)."""
    if not any(t.digits == LONGEST for t in toks[i : j + 1]):
        return i, j
    while i < j and _stray(toks[i]):
        i += 1
    while i < j and _stray(toks[j]):
        j -= 1
    return i, j


def _stray(t: _Token) -> bool:
    """A token too short to hold a number's part: six characters at most, one a digit."""
    return t.digits <= 1 and len(t.core) <= 6


def _combish(t: _Token) -> bool:
    """A piece of a comb's garbage: a wall mark with digits or look-alikes for half of it
    ("[olo[r]li]s", "ø|é]", "†]"), or a token the digit rule takes already."""
    n = len(t.core)
    return t.digitish or (t.borders >= 1 and 2 * (t.borders + t.digits + t.looks) >= n)


def _comb_runs(
    li: int, toks: list[_Token], line_h: float, taken: list[Candidate]
) -> list[Candidate]:
    """Runs the digit rule misses because a comb's walls came back with stray letters,
    tone marks and signs between them ("[olo[r]li]s |s |7]: |s |5 |9 |š]", "[0[t]9 lo| §
    là | $ |2 9) |7 TU ]"): combish tokens, up to two short other tokens between them,
    with :data:`_COMB_RUN_BORDERS` wall marks or more. They are read again only where a
    comb is found under them (``kind="comb"``); runs over a candidate already found are
    left to it."""
    out: list[Candidate] = []
    i = 0
    while i < len(toks):
        if not (_combish(toks[i]) and _tall(toks[i], line_h)):
            i += 1
            continue
        j, k = i, i + 1
        while k < len(toks) and k - j <= _COMB_RUN_BRIDGE + 1:
            t = toks[k]
            if t.word.bbox[0] - toks[k - 1].word.bbox[2] > 2 * line_h:
                break  # a wide gap: another field
            if _combish(t) and _tall(t, line_h):
                j = k
            elif len(t.core) > 2:
                break
            k += 1
        run = toks[i : j + 1]
        borders = sum(t.borders for t in run)
        x0, x1 = run[0].word.bbox[0], run[-1].word.bbox[2]
        if borders >= _COMB_RUN_BORDERS and not any(
            c.box[0] <= x1 and x0 <= c.box[2] for c in taken
        ):
            words = [t.word for t in run]
            box = (x0, min(w.bbox[1] for w in words), x1, max(w.bbox[3] for w in words))
            why = f"{borders} wall marks among garbage: a comb's cells?"
            digits = sum(t.digits for t in run)
            looks = sum(t.looks for t in run)
            out.append(Candidate(li, i, j, box, digits, looks, borders, why, kind="comb"))
        i = j + 1
    return out


def _tall(t: _Token, line_h: float) -> bool:
    """Not the flat row of a dotted guide line read as characters."""
    return t.word.bbox[3] - t.word.bbox[1] >= 0.45 * line_h


_MRZ = re.compile(r"<<|[1IT][D0O]VNM|P<VNM|VNM\d{6}")


def _mrz(line: list[Word]) -> bool:
    """A line of a chip card's or passport's machine-readable zone ("IDVNM...<<4")."""
    return bool(_MRZ.search("".join(w.text for w in line).upper()))


def _usable(t: _Token, line_h: float) -> bool:
    """A token that may belong to a number run (not the flat row of a dotted guide line
    read as digits)."""
    return t.digitish and _tall(t, line_h)


def _judge(li: int, toks: list[_Token], i: int, j: int) -> Candidate | None:
    run = toks[i : j + 1]
    digits = sum(t.digits for t in run)
    looks = sum(t.looks for t in run)
    borders = sum(t.borders for t in run)
    mapped = "".join(_LOOK.get(ch, ch) for ch in "".join(t.word.text.strip(_EDGE) for t in run))
    if _date_like(mapped) and not (
        all(t.word.conf >= CLEAN_CONF for t in run) and _DATE.fullmatch(mapped)
    ):  # a date read unsurely (a hand-written 1 read as 4): its digits read again
        words = [t.word for t in run]
        box = (words[0].bbox[0], min(w.bbox[1] for w in words), words[-1].bbox[2],
               max(w.bbox[3] for w in words))  # fmt: skip
        why = f"a date read as {mapped!r}, lowest conf {min(w.conf for w in words):.0f}"
        return Candidate(li, i, j, box, digits, looks, borders, why, kind="date")
    if i == j and toks[i].capitals:
        w = toks[i].word
        why = f"a word of capitals read at conf {w.conf:.0f}: a comb's cells?"
        return Candidate(li, i, j, w.bbox, 0, 0, 0, why, kind="comb")
    if (digits < 3 and borders < 6) or digits + looks < MIN_DIGITS:
        return None  # too few digits (a comb's garbage may have almost none)
    text = "".join(t.core for t in run)
    slashes = sum(text.count(ch) for ch in "/⁄")
    if slashes and (digits + looks <= 8 or (slashes >= 2 and sum(map(text.count, "|[]")) < 3)):
        return None  # a date (07/2008, 12/01/1944): separators matter, not a digits-only read
    if _AMOUNT.fullmatch(mapped):
        return None  # an amount (500.000.000)
    clean = (
        all(t.word.conf >= CLEAN_CONF for t in run)
        and looks == 0
        and borders == 0
        and all(t.others == 0 for t in run)
    )
    if clean:
        return None
    raw = "".join(t.word.text.strip(_EDGE) for t in run)
    if _DATE_OR_AMOUNT.fullmatch(raw) and all(t.word.conf >= 60 for t in run):
        return None  # a date or an amount: separators matter, not for a digits-only read
    words = [t.word for t in run]
    long = [w for w in words if len(w.text) > 3]
    if long and all(w.bbox[3] - w.bbox[1] > 2 * (w.bbox[2] - w.bbox[0]) for w in long):
        return None  # a line of vertical text (a turned table): not read again
    box = (
        _part(words[0], first=True),
        min(w.bbox[1] for w in words),
        _part(words[-1], first=False),
        max(w.bbox[3] for w in words),
    )
    low = min(t.word.conf for t in run)
    why = f"{digits} digits, {looks} look-alikes, {borders} border marks, lowest conf {low:.0f}"
    return Candidate(li, i, j, box, digits, looks, borders, why, glued=_glued_digits(words))


def _glued_digits(words: list[Word]) -> int:
    """How many digits (and look-alikes) the first reading saw in a number of nine digits
    or more (an ID or a phone number) glued to a label in its first token, the label's
    last small letters aside ("mail:.Q546…": the l is the label's); else 0."""
    if _glued(words[0], first=True) is None:
        return 0
    a, b = _stretch(words[0].text)
    seen = (words[0].text[a:b] + "".join(w.text for w in words[1:])).lstrip(_SMALL_LOOKS + _EDGE)
    n = sum(_kind(ch) in "dl" for ch in seen)
    return n if n >= _GLUED_MIN else 0


# a label's small letters (not an o, a hand-written 0 as often as a letter)
_SMALL_LOOKS = "".join(ch for ch, d in _LOOK.items() if ch.islower() and d != "0")
_GLUED_MIN = 9  # digits of the shortest number whose start is looked for (an old ID)


def _date_like(mapped: str) -> bool:
    """Two or three slashes among at least four digits, ten characters or so: a date
    ("21/94⁄41††" for 24/01/1977 written by hand), however its digits were read."""
    seps = sum(mapped.count(ch) for ch in "/⁄")
    return (
        2 <= seps <= 3
        and sum(ch.isdigit() for ch in mapped) >= 4
        and 8 <= len(mapped) <= 14
        and bool(re.match(r"\S{1,3}[/⁄]", mapped))
    )


def _stretch(text: str) -> tuple[int, int]:
    """The stretch of number-like characters (digits, look-alikes, border marks, and dots
    between them) holding the most real digits: (start, end) indices into ``text``. One
    or two other characters between digits or look-alikes are a hand-written digit read
    as a letter or a sign ("0?f3…" for 0913…, "71883ó7óó2" for 7188367662: dev20 14733,
    14692), not a label's end: the number goes on through them."""
    best, best_digits = (0, len(text)), -1
    kinds = _INSIDE.sub(lambda m: "l" * len(m.group(0)), "".join(_kind(ch) for ch in text))
    for sub in re.finditer(r"[dlb][dlbn]*[dlb]|[dlb]", kinds):
        digits = sub.group(0).count("d")
        if digits > best_digits:
            best, best_digits = (sub.start(), sub.end()), digits
    return best


_INSIDE = re.compile(r"(?<=[dl])o{1,2}(?=[dl])")  # other characters inside a number


def _at(word: Word, k: int) -> float:
    """The x where character ``k`` of a token starts, estimated (dots are narrow)."""
    weights = [0.4 if ch in _EDGE else 1.0 for ch in word.text]
    total = sum(weights) or 1.0
    x0, _, x1, _ = word.bbox
    return x0 + (x1 - x0) * sum(weights[:k]) / total


def _part(word: Word, *, first: bool) -> float:
    """Where the number starts (``first``) or ends in a token, estimated from character
    positions: a label glued to the number ("nhân:.Ð/15I02091") is left out, the dots of
    a guide line are kept (they are removed from the image anyway)."""
    a, b = _stretch(word.text)
    char = (word.bbox[2] - word.bbox[0]) / max(1, len(word.text))
    if first:
        return max(word.bbox[0], _at(word, a) - 0.5 * char)
    if all(ch in _EDGE for ch in word.text[b:]):
        return word.bbox[2]  # only dots after the number
    return min(word.bbox[2], _at(word, b) + 0.5 * char)


def _glued(word: Word, *, first: bool) -> Word | None:
    """The words glued to the number in its first (``first``) or last token ("nhân:" of
    "nhân:|0|3|8"), to be kept when the number is replaced; None if only dots or marks."""
    a, b = _stretch(word.text)
    part = word.text[:a] if first else word.text[b:]
    if not any(_kind(ch) == "o" for ch in part):
        return None
    x0, y0, x1, y1 = word.bbox
    cut = _at(word, a if first else b)
    box = (x0, y0, max(x0 + 1, cut), y1) if first else (min(x1 - 1, cut), y0, x1, y1)
    return Word(part.strip(), word.conf, box, word.line, word.block)


def _kind(ch: str) -> str:
    """d digit, l look-alike, b border mark, n neutral (dots, punctuation), o other."""
    if ch.isdigit():
        return "d"
    if ch in _LOOK:
        return "l"
    if ch in _BORDER:
        return "b"
    if ch in _EDGE:
        return "n"
    return "o"
