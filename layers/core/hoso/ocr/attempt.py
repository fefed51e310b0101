"""One reading of an image (:mod:`hoso.ocr.reader`) and how it scores."""

from __future__ import annotations

from dataclasses import dataclass, field

from PIL import Image

from hoso.ocr import tess
from hoso.spelling import text_quality


@dataclass
class _Attempt:
    result: tess.OcrResult
    image: Image.Image
    rotation: int
    label: str
    dpi: int = 0
    quality: float = field(init=False)
    tokens: int = field(init=False)

    def __post_init__(self) -> None:
        q = text_quality(self.result.text)
        self.quality = q.score if q.words else 1.0
        self.tokens = q.words

    @property
    def score(self) -> float:
        """Mean word confidence discounted by the share of invalid syllables."""
        conf = self.result.confidence
        return 0.0 if conf is None else conf * self.quality

    @property
    def sideways(self) -> bool:
        """Most words of three letters or more are taller than wide (in the image that was
        read): Tesseract read text lines running up or down the image."""
        tall = wide = 0
        for w in self.result.words:
            if w.conf >= 50 and sum(ch.isalnum() for ch in w.text) >= 3:
                x0, y0, x1, y1 = w.bbox
                tall += y1 - y0 > x1 - x0
                wide += y1 - y0 <= x1 - x0
        return tall >= 3 and tall > 2 * wide

    @property
    def vote(self) -> float:
        """Score of a reading in an orientation election: :attr:`score`, discounted when
        fewer than 5 word tokens were read (a few confident specks prove nothing)."""
        return self.score * min(1.0, self.tokens / 5)


def _pick(first: _Attempt, second: _Attempt, notes: list[str]) -> _Attempt:
    keep = second if second.score > first.score else first
    notes.append(
        f"low confidence ({first.score:.1f}): retried {second.label} ({second.score:.1f}); "
        f"kept {keep.label}"
    )
    return keep
