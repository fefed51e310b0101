"""A value read from a paper."""

from __future__ import annotations

import re
from dataclasses import dataclass

# letters and marks OCR reads for digits (boxes' walls as 1s, round digits as O, D or Q)
DIGIT_LOOKALIKES = str.maketrans({"O": "0", "o": "0", "D": "0", "I": "1", "l": "1", "|": "1",
                                  "S": "5", "B": "8", "Z": "2", "Q": "0"})  # fmt: skip

# DIGIT_LOOKALIKES' letters beside a digit, but "o" and "|" (a word's o, a table's rule)
_PATCHED = re.compile(r"\d[ODIlSBZQ]|[ODIlSBZQ]\d")


def overlapped(raw: str) -> list[str]:
    """Twelve digits of a number read in two pieces whose edges were both read, the digits
    at the break once ("089093 93749045", "052066 6159825"): one candidate for each place
    the pieces may join."""
    groups = re.findall(r"\d+", raw)
    out: list[str] = []
    for cut in range(1, len(groups)):
        a, b = "".join(groups[:cut]), "".join(groups[cut:])
        out += [a + b[k:] for k in (1, 2, 3) if len(a) + len(b) - k == 12 and a[-k:] == b[:k]]
    return list(dict.fromkeys(out))


@dataclass
class FieldValue:
    name: str
    value: str  # normalised value (ISO date for dates, digits for IDs)
    raw: str
    label_score: float
    line: str
    valid: bool = True  # False: a date that does not exist (31/02/1990), a number unread
    conf: float = 100.0  # lowest OCR confidence of the words read (100: text layer, MRZ)
    source: str = "label"  # "label" | "mrz" (confirmed by the machine-readable zone)
    #   | "agreement" (an unsure reading settled by a surer paper about the same person)
    #   | "signature" (a name written under the paper's signature)
    # other readings of the value (a number read again; a name read by the second reader)
    alts: tuple[str, ...] = ()
    unanimous: bool = False  # read again, every reading giving ``value`` (Word.unanimous)
    confirmed: bool = False  # the second reader read every word of it alike (Word.confirmed)

    @property
    def guessed(self) -> bool:
        """A name only the second reader read (no name in Tesseract's reading; the second
        reader's has no tone marks): its value is its own other reading. It may agree with
        another paper and be settled to its name; it never disagrees, nor stands for a
        name read otherwise (a signature's)."""
        return self.value in self.alts

    @property
    def patched(self) -> bool:
        """Some of its digits were read as letters ("19Z8", "Q2/11"): what they were is a
        guess."""
        return _PATCHED.search(self.raw) is not None
