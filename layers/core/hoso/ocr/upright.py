"""Which way up a page is, from its text-line profile (:func:`profile_orientation`), and
whether to trust that on this page."""

from __future__ import annotations

from dataclasses import dataclass

from PIL import Image

from hoso.ocr.image import Layout, analyse


@dataclass(frozen=True)
class ProfileVerdict:
    """What the text-line profile says about a page's orientation, and whether to trust it.

    ``sure``: the up/down asymmetry is clear (on the benchmark's pages upright text scores
    <= -0.36 and upside-down text >= +0.45; "sure" needs -0.2 / +0.25; an image with no
    evidence at all, 0.0, is not sure). ``text_page``: the page looks like what the test
    was made for, an A4-like page of ordinary text lines; on anything else (an ID card, a
    photo of a paper on a table, a few big lines) the profile can be confidently wrong, so
    ``sure`` alone should not settle the orientation there (``why`` says what is off).
    ``axis``: the text direction when the row and column profiles tell it clearly:
    "horizontal" (the answer is 0 or 180), "vertical" (90 or 270), else None.
    """

    rotation: int
    sure: bool
    text_page: bool
    axis: str | None
    why: str = ""

    @property
    def trusted(self) -> bool:
        return self.sure and self.text_page


def profile_orientation(
    small: Image.Image, layout: Layout, max_angle: float, small_dpi: float | None = None
) -> ProfileVerdict:
    """Orientation from the text-line profile (see :class:`ProfileVerdict`). Turned pages
    (vertical lines) are turned a quarter clockwise and tested like upright ones.
    ``small_dpi``: the resolution of ``small`` when known (papers smaller than A5 are not
    text pages)."""
    lay = layout
    rotation, sure = 0, False
    if layout.vertical:
        lay = analyse(small.transpose(Image.Transpose.ROTATE_270), max_angle)
        if not lay.vertical:
            if lay.upside_down < -0.2:
                rotation, sure = 90, True
            elif lay.upside_down > 0.2:
                rotation, sure = 270, True
    elif layout.upside_down > 0.25:
        rotation, sure = 180, True
    elif layout.upside_down < -0.2:
        sure = True
    axis = None
    if layout.across > 1.0 or (layout.vertical and lay.across < 0.5):
        axis = "vertical"
    elif layout.across < 0.5:
        axis = "horizontal"
    why = _not_a_text_page(small.size, lay, small_dpi)
    return ProfileVerdict(rotation, sure, not why, axis, why)


def orientation_guess(small: Image.Image, layout: Layout, max_angle: float) -> tuple[int, bool]:
    """(clockwise rotation making the page upright, sure?) from text-line profiles: see
    :func:`profile_orientation`."""
    verdict = profile_orientation(small, layout, max_angle)
    return verdict.rotation, verdict.sure


def _not_a_text_page(size: tuple[int, int], lay: Layout, dpi: float | None) -> str:
    """Why the profile test should not be trusted on this page ("" if it may be).

    Scanned A4 pages of the benchmark and the evaluation corpus have 5-26 lines, 11-52
    pixels high at 100 dpi, spread over 18-71% of the page, and 1-4% ink; an ID card
    photographed on a table has 50-75% "ink" (the table), a cut-out card is 2.1 x 3.4 in
    with 1-9 lines.
    """
    width, height = size
    aspect = max(width, height) / max(1, min(width, height))
    if lay.ink > 0.15:
        return f"ink over {lay.ink:.0%} of the image (a photo, a dark background)"
    if not 1.2 <= aspect <= 1.8:
        return f"aspect ratio {aspect:.2f}, not an A4-like page"
    if dpi and min(width, height) / dpi < 4.5:
        return f"{min(width, height) / dpi:.1f} in wide, a card-sized paper"
    if lay.lines < 5:
        return f"{lay.lines} text line(s)"
    if lay.span < 0.15:
        return f"text over {lay.span:.0%} of the page height"
    if not 6 <= lay.line_height <= 64:
        return f"text lines {lay.line_height:.0f} px high at 100 dpi"
    return ""
