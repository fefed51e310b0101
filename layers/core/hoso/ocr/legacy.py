"""Convert text layers written in pre-Unicode Vietnamese encodings (TCVN3/ABC, VNI) to Unicode.

PDFs made from old ``.VnTime`` (TCVN3) or ``VNI-Times`` documents often carry a text layer
whose characters are the legacy bytes read as WinAnsi/Latin-1: ``Céng hoµ x· héi`` (TCVN3) or
``Coäng hoøa xaõ hoäi`` (VNI). These helpers undo that.
"""

from __future__ import annotations

import re
import unicodedata

from hoso.text import nfc

# TCVN3 (ABC): one byte per letter. Upper-case toned letters live in separate "H" fonts that
# reuse the lower-case codes, so they come back lower-case (fixed up per token below).
_TCVN3 = {
    0xB8: "á", 0xB5: "à", 0xB6: "ả", 0xB7: "ã", 0xB9: "ạ",
    0xA8: "ă", 0xBE: "ắ", 0xBB: "ằ", 0xBC: "ẳ", 0xBD: "ẵ", 0xC6: "ặ",
    0xA9: "â", 0xCA: "ấ", 0xC7: "ầ", 0xC8: "ẩ", 0xC9: "ẫ", 0xCB: "ậ",
    0xAE: "đ",
    0xD0: "é", 0xCC: "è", 0xCE: "ẻ", 0xCF: "ẽ", 0xD1: "ẹ",
    0xAA: "ê", 0xD5: "ế", 0xD2: "ề", 0xD3: "ể", 0xD4: "ễ", 0xD6: "ệ",
    0xDD: "í", 0xD7: "ì", 0xD8: "ỉ", 0xDC: "ĩ", 0xDE: "ị",
    0xE3: "ó", 0xDF: "ò", 0xE1: "ỏ", 0xE2: "õ", 0xE4: "ọ",
    0xAB: "ô", 0xE8: "ố", 0xE5: "ồ", 0xE6: "ổ", 0xE7: "ỗ", 0xE9: "ộ",
    0xAC: "ơ", 0xED: "ớ", 0xEA: "ờ", 0xEB: "ở", 0xEC: "ỡ", 0xEE: "ợ",
    0xF3: "ú", 0xEF: "ù", 0xF1: "ủ", 0xF2: "ũ", 0xF4: "ụ",
    0xAD: "ư", 0xF8: "ứ", 0xF5: "ừ", 0xF6: "ử", 0xF7: "ữ", 0xF9: "ự",
    0xFD: "ý", 0xFA: "ỳ", 0xFB: "ỷ", 0xFC: "ỹ", 0xFE: "ỵ",
    0xA1: "Ă", 0xA2: "Â", 0xA7: "Đ", 0xA3: "Ê", 0xA4: "Ô", 0xA5: "Ơ", 0xA6: "Ư",
}  # fmt: skip
_TCVN3_DECODE = {chr(b): u for b, u in _TCVN3.items()}  # bytes >= 0xA1: Latin-1 == cp1252
_TCVN3_ENCODE = {u: b for b, u in _TCVN3.items()}
# characters that only occur in TCVN3 mojibake (never in real Vietnamese or plain Latin text)
_TCVN3_MARKERS = set("µ¶·¸¹¨©®ª«¬¾»¼½Æ§¡¢£¤¥¦ÇÈÉËÌÎÏÑÒÓÔÕÖ×ØÜÞßåæçëîïñöøùûüþ")

# VNI: ASCII base letter followed by a mark character.
_VNI_TONE = {"ù": "\u0301", "ø": "\u0300", "û": "\u0309", "õ": "\u0303", "ï": "\u0323"}
_VNI_CIRC = {"â": "", "á": "\u0301", "à": "\u0300", "å": "\u0309", "ã": "\u0303", "ä": "\u0323"}
_VNI_BREVE = {"ê": "", "é": "\u0301", "è": "\u0300", "ú": "\u0309", "ü": "\u0303", "ë": "\u0323"}
_VNI_SINGLE = {"ñ": "đ", "ö": "ư", "ô": "ơ", "ò": "ỉ", "ó": "ĩ", "î": "ị"}
_UP = str.upper
_VNI_TONE_ALL = {**_VNI_TONE, **{_UP(k): v for k, v in _VNI_TONE.items()}}
_VNI_CIRC_ALL = {**_VNI_CIRC, **{_UP(k): v for k, v in _VNI_CIRC.items()}}
_VNI_BREVE_ALL = {**_VNI_BREVE, **{_UP(k): v for k, v in _VNI_BREVE.items()}}
_VNI_SINGLE_ALL = {**_VNI_SINGLE, **{_UP(k): _UP(v) for k, v in _VNI_SINGLE.items()}}
_RE_CIRC = re.compile("([aeoAEO])([" + "".join(_VNI_CIRC_ALL) + "])")
_RE_BREVE = re.compile("([aA])([" + "".join(_VNI_BREVE_ALL) + "])")
_RE_TONE = re.compile("([aeiouyAEIOUYơưƠƯ])([" + "".join(_VNI_TONE_ALL) + "])")
_RE_SINGLE = re.compile("[" + "".join(_VNI_SINGLE_ALL) + "]")
_VNI_MARKERS = set("ùøûõïâáàåãäêéèúüëñöôòóî").union(_UP(c) for c in "ùøûõïäåëñö")


def looks_tcvn3(text: str) -> bool:
    return sum(ch in _TCVN3_MARKERS for ch in text) >= max(2, len(text) // 200)


def looks_vni(text: str) -> bool:
    hits = len(_RE_TONE.findall(text)) + len(_RE_CIRC.findall(text))
    return hits >= max(2, len(text) // 100)


# TCVN3 stores "ư" at 0xAD, the WinAnsi soft hyphen, which extractors often turn into a space
# or "-": "ng ời", "ph-êng". A consonant-only fragment followed by an ơ-vowel is always "ư".
_LOST_U = re.compile(
    r"(?<![^\W\d_])([bcdđghklmnpqrstvxBCDĐGHKLMNPQRSTVX]{1,3})[ \-](?=[ơờởỡớợƠỜỞỠỚỢ])"
)


def _fix_case(converted: str, original: str, min_letters: int = 3) -> str:
    # an all-caps legacy line (typed in an "H" font) stays all-caps after conversion
    letters = [ch for ch in original if ch.isascii() and ch.isalpha()]
    if len(letters) >= min_letters and all(ch.isupper() for ch in letters):
        return converted.upper()
    return converted


def tcvn3_to_unicode(text: str, min_caps: int = 3) -> str:
    lines = []
    for line in text.split("\n"):
        converted = "".join(_TCVN3_DECODE.get(ch, ch) for ch in line)
        converted = _LOST_U.sub(lambda m: m.group(1) + "ư", converted)
        lines.append(_fix_case(converted, line, min_caps) if converted != line else line)
    return nfc("\n".join(lines))


def encode_tcvn3(text: str) -> bytes:
    """Unicode -> TCVN3 bytes (upper-case toned letters fold to lower case, as in the H fonts).
    Used to build test fixtures."""
    out = bytearray()
    for ch in nfc(text):
        if ch in _TCVN3_ENCODE:
            out.append(_TCVN3_ENCODE[ch])
        elif ch.lower() in _TCVN3_ENCODE and ch.upper() == ch:
            out.append(_TCVN3_ENCODE[ch.lower()])
        else:
            out += ch.encode("cp1252", errors="replace")
    return bytes(out)


def vni_to_unicode(text: str) -> str:
    s = _RE_SINGLE.sub(lambda m: _VNI_SINGLE_ALL[m.group(0)], text)
    s = _RE_CIRC.sub(lambda m: m.group(1) + "\u0302" + _VNI_CIRC_ALL[m.group(2)], s)
    s = _RE_BREVE.sub(lambda m: m.group(1) + "\u0306" + _VNI_BREVE_ALL[m.group(2)], s)
    s = _RE_TONE.sub(lambda m: m.group(1) + _VNI_TONE_ALL[m.group(2)], s)
    return unicodedata.normalize("NFC", s)


def convert_legacy(text: str) -> tuple[str, str] | None:
    """(converted text, encoding name) when ``text`` looks legacy-encoded, else None."""
    from hoso.spelling import text_quality

    candidates = []
    if looks_tcvn3(text):
        candidates.append((tcvn3_to_unicode(text), "TCVN3"))
    if looks_vni(text):
        candidates.append((vni_to_unicode(text), "VNI"))
    if not candidates:
        return None
    return max(candidates, key=lambda c: text_quality(c[0]).score)


_TONE_NAMES = {"": 0, "\u0301": 1, "\u0300": 2, "\u0309": 3, "\u0303": 4, "\u0323": 5}
_VNI_ENC_TONE = ["", "ù", "ø", "û", "õ", "ï"]
_VNI_ENC_CIRC = ["â", "á", "à", "å", "ã", "ä"]
_VNI_ENC_BREVE = ["ê", "é", "è", "ú", "ü", "ë"]
_VNI_ENC_I = {"\u0309": "ò", "\u0303": "ó", "\u0323": "î"}


def _cased(s: str, upper: bool) -> str:
    return s.upper() if upper else s


def encode_vni(text: str) -> bytes:
    """Unicode -> VNI Windows bytes. Used to build test fixtures."""
    out: list[str] = []
    for ch in nfc(text):
        if ch in "đĐ":
            out.append("ñ" if ch == "đ" else "Ñ")
            continue
        d = unicodedata.normalize("NFD", ch)
        base, marks = d[0], d[1:]
        if not marks or not base.isalpha():
            out.append(ch)
            continue
        upper = base.isupper()
        tone = next((m for m in marks if m in _TONE_NAMES and m), "")
        t = _TONE_NAMES[tone]
        if "\u0302" in marks:
            out.append(base + _cased(_VNI_ENC_CIRC[t], upper))
        elif "\u0306" in marks:
            out.append(base + _cased(_VNI_ENC_BREVE[t], upper))
        elif "\u031b" in marks:
            out.append(
                _cased("ô" if base.lower() == "o" else "ö", upper) + _cased(_VNI_ENC_TONE[t], upper)
            )
        elif base.lower() == "i" and tone in _VNI_ENC_I:
            out.append(_cased(_VNI_ENC_I[tone], upper))
        elif base.lower() == "i":
            out.append(ch)  # ì, í are plain Latin-1 in VNI
        else:
            out.append(base + _cased(_VNI_ENC_TONE[t], upper))
    return "".join(out).encode("cp1252", errors="replace")
