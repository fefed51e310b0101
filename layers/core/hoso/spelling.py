"""How trustworthy is a piece of extracted text? Share of tokens that are plausible syllables.

A token is *valid* when it is an ASCII word (abbreviations, foreign words), or a Vietnamese
syllable: optional initial consonant + a legal vowel cluster + optional final consonant,
with at most one tone mark. Numbers and pure punctuation are neutral (not counted).
Legacy-encoded (TCVN3/VNI) mojibake, ``(cid:NN)`` garbage and random symbols score low.

OCR (which reading of a page to keep) and understanding (which text is too garbled to trust)
both use it: it sits in the domain, below both, so understanding never imports OCR internals.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

_TONES = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}
_INITIAL = "ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|b|c|d|đ|g|h|k|l|m|n|p|r|s|t|v|x"
_VOWEL_LIST = (
    "a ă â e ê i o ô ơ u ư y "
    "ai ao au ay âu ây eo êu ia iê iu oa oă oe oi ôi ơi ua uâ uê ui uô uơ uy ưa ưi ươ ưu yê "
    "iêu yêu oai oay oao oeo uây uôi ươi ươu uya uyê uyu"
)
_VOWELS = sorted(
    _VOWEL_LIST.split(),
    key=len,
    reverse=True,
)
_FINAL = "ch|ng|nh|c|m|n|p|t"
_SYLLABLE = re.compile(rf"(?:{_INITIAL})?(?:{'|'.join(_VOWELS)})(?:{_FINAL})?")
_ASCII_WORD = re.compile(r"[A-Za-z]+")
_NUMBER = re.compile(r"[\d,]+")
# spelling rules: c/g/ng never before e, ê, i; k/gh/ngh only before them
_BAD_SPELLING = re.compile(r"(?:c|ng)(?=[eêi])|g(?=[eê])|(?:k|gh|ngh)(?=[aăâoôơuư])")
_STRIP = "\"'`.,;:!?()[]{}<>«»“”‘’…-–—/\\|*+=_~#%&@^$"
_NEUTRAL = re.compile(r"[\d\W_]+")


def _untone(token: str) -> tuple[str, int]:
    """Lower-case, remove tone marks; return (base, number of tone marks)."""
    decomposed = unicodedata.normalize("NFD", token.lower())
    tones = sum(1 for ch in decomposed if ch in _TONES)
    base = "".join(ch for ch in decomposed if ch not in _TONES)
    return unicodedata.normalize("NFC", base), tones


def token_valid(token: str) -> bool | None:
    """True/False for word tokens, None for neutral ones (numbers, punctuation)."""
    t = token.strip(_STRIP)
    if not t or _NEUTRAL.fullmatch(t):
        return None
    if _ASCII_WORD.fullmatch(t):
        return True
    # compound tokens like "Nguyễn-Văn" or "TP.Hồ": every part must be valid
    return all(_part_valid(p) for p in re.split(r"[-./]", t) if p)


def _part_valid(part: str) -> bool:
    if _ASCII_WORD.fullmatch(part) or _NUMBER.fullmatch(part):
        return True
    base, tones = _untone(part)
    if tones > 1:
        return False
    return bool(_SYLLABLE.fullmatch(base)) and not _BAD_SPELLING.match(base)


@dataclass(frozen=True)
class Quality:
    score: float  # share of valid word tokens, 0..1 (0 when there are none)
    words: int  # number of word tokens considered
    chars: int  # non-space characters

    def __str__(self) -> str:
        return f"{self.score:.2f} over {self.words} words"


def text_quality(text: str) -> Quality:
    valid = total = 0
    for token in text.split():
        v = token_valid(token)
        if v is None:
            continue
        total += 1
        valid += v
    chars = sum(1 for ch in text if not ch.isspace())
    return Quality(score=valid / total if total else 0.0, words=total, chars=chars)
