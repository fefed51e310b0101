"""Data passed between stages. Plain dataclasses, JSON round-trippable."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any, Literal

Method = Literal["text_layer", "ocr", "converted", "none"]


@dataclass
class Word:
    text: str
    conf: float  # 0..100 (100 for text-layer words)
    bbox: tuple[float, float, float, float]  # x0, y0, x1, y1 in page pixels / points
    line: int = 0  # line number within the page, for reading order
    block: int = 0
    # other readings of a re-read number field (hoso.ocr.numbers), most voted first
    alts: list[str] = field(default_factory=list)
    # a re-read number every one of whose readings gave ``text`` (its ``conf`` then 95 and
    # no ``alts``: a first reading at 95 is not one)
    unanimous: bool = False
    # an unsure word of letters as the second reader read it (hoso.ocr.second: it knows
    # no tone marks), when that differs from ``text`` beyond them; "" otherwise
    letters: str = ""
    # a number or date the second reader (hoso.ocr.second) read surely as ``text`` too: two
    # independent readers agreeing on every digit
    confirmed: bool = False

    def to_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {
            "text": self.text,
            "conf": self.conf,
            "bbox": list(self.bbox),
            "line": self.line,
            "block": self.block,
        }
        if self.alts:
            d["alts"] = list(self.alts)
        if self.unanimous:
            d["unanimous"] = True
        if self.letters:
            d["letters"] = self.letters
        if self.confirmed:
            d["confirmed"] = True
        return d

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Word:
        return cls(
            text=d["text"],
            conf=float(d["conf"]),
            bbox=(d["bbox"][0], d["bbox"][1], d["bbox"][2], d["bbox"][3]),
            line=int(d.get("line", 0)),
            block=int(d.get("block", 0)),
            alts=[str(a) for a in d.get("alts", [])],
            unanimous=bool(d.get("unanimous", False)),
            letters=str(d.get("letters", "")),
            confirmed=bool(d.get("confirmed", False)),
        )


@dataclass
class PageText:
    """The text of one page of one uploaded file.

    ``file`` is the file name inside the dossier; ``index`` the 1-based page number in it.
    ``error`` is set (and ``text`` may be empty) when the page could not be read.
    """

    file: str
    index: int
    text: str
    method: Method
    confidence: float | None = None  # mean word confidence 0..100, None for text layers
    rotation: int = 0  # degrees clockwise applied before OCR
    width: float = 0.0
    height: float = 0.0
    dpi: int | None = None
    words: list[Word] = field(default_factory=list)
    error: str | None = None
    notes: list[str] = field(default_factory=list)
    seconds: float = 0.0

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["words"] = [w.to_dict() for w in self.words]
        return d

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> PageText:
        return cls(
            file=d["file"],
            index=int(d["index"]),
            text=d.get("text", ""),
            method=d.get("method", "none"),
            confidence=d.get("confidence"),
            rotation=int(d.get("rotation", 0)),
            width=float(d.get("width", 0.0)),
            height=float(d.get("height", 0.0)),
            dpi=d.get("dpi"),
            words=[Word.from_dict(w) for w in d.get("words", [])],
            error=d.get("error"),
            notes=list(d.get("notes", [])),
            seconds=float(d.get("seconds", 0.0)),
        )
