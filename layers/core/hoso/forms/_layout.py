"""The A4 page of an administrative notice: header, title, labelled lines, tables, signatures."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from pathlib import Path
from typing import Any

from fpdf import FPDF
from fpdf.enums import Align, TableCellFillMode, XPos
from fpdf.fonts import FontFace, TTFFont

from hoso.forms._values import BLANK, place_date, text
from hoso.resources import font_path
from hoso.text import nfc

FAMILY = "HosoSerif"
FULL = "HosoSerifFull"  # the whole font, for a character the cut one lacks
BODY = 12.0
LINE = 6.2  # mm per body line


def _font_files(cut: bool = True) -> tuple[Path, Path]:
    """DejaVu Serif, regular and bold: cut to what Vietnamese notices print
    (infra/notice_fonts.py) unless ``cut`` is false; DejaVu Sans if Serif is absent."""
    folder = font_path().parent
    for suffix in ("-vi.ttf", ".ttf") if cut else (".ttf",):
        regular, bold = folder / f"DejaVuSerif{suffix}", folder / f"DejaVuSerif-Bold{suffix}"
        if regular.is_file() and bold.is_file():
            return regular, bold
    return font_path(), font_path(bold=True)


class FormPDF(FPDF):
    """fpdf2 document with the embedded DejaVu font and the notice building blocks.

    Fonts are parsed for each document: the cut fonts make that cheap, and the full ones are
    added as fallbacks only when a text holds a character the cut ones lack."""

    def __init__(self, title: str) -> None:
        super().__init__(orientation="P", unit="mm", format="A4")
        regular, bold = _font_files()
        self._add_fonts(FAMILY, regular, bold)
        font = self.fonts[FAMILY.lower()]
        self._covered = frozenset(getattr(font, "cmap", ()))
        self.set_margins(left=25, top=15, right=18)
        self.set_auto_page_break(auto=True, margin=15)
        self.set_title(nfc(title))
        self.set_creator("hoso")
        self.set_lang("vi")
        self.alias_nb_pages()
        self.add_page()
        self.font(BODY)

    def _add_fonts(self, family: str, regular: Path, bold: Path) -> None:
        """The family's two faces. Their glyphs are embedded as the font file has them:
        fontTools would otherwise decode every glyph of the subset to recompute bounding
        boxes the file already holds, and encode it again (a third of a receipt's time;
        the pages render pixel for pixel the same)."""
        for style, path in (("", regular), ("B", bold)):
            self.add_font(family, style, str(path))
            face = self.fonts[f"{family.lower()}{style}"]
            assert isinstance(face, TTFFont)
            face.ttfont.recalcBBoxes = False

    # ------------------------------------------------------------------ basics
    @property
    def inner(self) -> float:
        return float(self.w - self.l_margin - self.r_margin)

    def font(self, size: float = BODY, bold: bool = False) -> None:
        self.set_font(FAMILY, "B" if bold else "", size)

    def footer(self) -> None:
        if self.page_no() > 1:
            self.set_y(-12)
            self.font(9)
            self.cell(0, 5, f"Trang {self.page_no()}/{{nb}}", align=Align.C)

    def bytes(self) -> bytes:
        return bytes(self.output())

    def normalize_text(self, text: str) -> str:
        text = super().normalize_text(text)
        if not self._fallback_font_ids and any(
            ord(ch) not in self._covered and ch >= " " for ch in text
        ):
            self._add_fonts(FULL, *_font_files(cut=False))
            self.set_fallback_fonts([FULL])
        return text

    def ensure_space(self, height: float) -> None:
        if self.get_y() + height > self.page_break_trigger:
            self.add_page()

    # ------------------------------------------------------------------ header
    def header_block(
        self, office: Mapping[str, Any], *, number: str | None, issued: datetime | None
    ) -> None:
        """Issuing unit | national motto; "Số: …" | place and date."""
        top = self.get_y()
        # the header is wider than the body, as on printed notices (x 14 mm to 200 mm)
        left_x, col = 14.0, 84.0
        right_x = left_x + col + 2
        right_w = self.w - 10 - right_x

        # left: parent, issuing unit, reception unit
        self.set_xy(left_x, top)
        parent = text(office.get("parent"))
        if parent:
            self.font(self.fit(parent.upper(), col - 2, 11))
            self.multi_cell(col, 5.4, parent.upper(), align=Align.C, new_x=XPos.LEFT)
        name = text(office.get("name")) or BLANK
        self.font(11)
        self.multi_cell(col, 5.4, name.upper(), align=Align.C, new_x=XPos.LEFT)
        unit = text(office.get("unit")) or "Bộ phận tiếp nhận và trả kết quả"
        self.font(self.fit(unit.upper(), col - 2, 11, bold=True, floor=10), bold=True)
        self.multi_cell(col, 5.4, unit.upper(), align=Align.C, new_x=XPos.LEFT)
        self._rule(left_x + col / 2, self.get_y() + 1.4, 28)
        self.set_y(self.get_y() + 3)
        self.set_x(left_x)
        self.font(12)
        self.multi_cell(col, LINE, f"Số: {text(number) or BLANK}", align=Align.C)
        left_bottom = self.get_y()

        # right: national motto, place and date
        self.set_xy(right_x, top)
        republic = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
        self.font(self.fit(republic, right_w - 2, 11.5, bold=True), bold=True)
        self.multi_cell(right_w, 5.4, republic, align=Align.C, new_x=XPos.LEFT)
        self.font(12, bold=True)
        motto = "Độc lập - Tự do - Hạnh phúc"
        self.multi_cell(right_w, 6, motto, align=Align.C, new_x=XPos.LEFT)
        self._rule(right_x + right_w / 2, self.get_y() + 0.6, self.get_string_width(motto))
        self.set_y(max(self.get_y() + 3, left_bottom - LINE))
        self.set_x(right_x)
        self.font(12)
        place = text(office.get("place"))
        self.multi_cell(right_w, LINE, place_date(place, issued), align=Align.C)

        self.set_y(max(self.get_y(), left_bottom) + 6)

    def fit(
        self, line: str, width: float, size: float, *, bold: bool = False, floor: float = 8.5
    ) -> float:
        """Largest font size <= ``size`` (down to ``floor``) that keeps ``line`` on one line."""
        current = (self.font_size_pt, self.font_style)
        self.font(size, bold=bold)
        while size > floor and self.get_string_width(nfc(line)) > width:
            size -= 0.5
            self.font(size, bold=bold)
        self.set_font(FAMILY, current[1], current[0])
        return size

    def _rule(self, center: float, y: float, width: float) -> None:
        self.set_line_width(0.3)
        self.line(center - width / 2, y, center + width / 2, y)

    # ------------------------------------------------------------------ content
    def title_block(self, title: str, subtitle: str | None = None) -> None:
        self.font(self.fit(title.upper(), self.inner, 14, bold=True, floor=12), bold=True)
        self.multi_cell(0, 7.5, nfc(title.upper()), align=Align.C, new_x=XPos.LMARGIN)
        if subtitle:
            self.font(12)
            self.multi_cell(0, LINE, nfc(subtitle), align=Align.C, new_x=XPos.LMARGIN)
        self.ln(3)

    def field(self, label: str, value: Any, *, bold: bool = True, indent: float = 0.0) -> None:
        """``label: value`` wrapping under the left margin; dotted blank when value is missing."""
        self.set_x(self.l_margin + indent)
        self.font(BODY)
        self.write(LINE, nfc(label) + " ")
        shown = text(value)
        if shown is None:
            self._dots()
        else:
            self.font(BODY, bold=bold)
            self.write(LINE, shown)
            self.font(BODY)
        self.ln(LINE)

    def fields_row(self, items: Sequence[tuple[str, Any]]) -> None:
        """Several short ``label: value`` pairs on one line, in equal columns."""
        width = self.inner / len(items)
        for i, (label, value) in enumerate(items):
            self.set_x(self.l_margin + i * width)
            shown = text(value)
            self.font(BODY)
            lw = self.get_string_width(nfc(label) + " ")
            self.cell(lw, LINE, nfc(label) + " ")
            if shown is None:
                self.cell(width - lw, LINE, BLANK * 8)
            else:
                self.font(BODY, bold=True)
                self.cell(width - lw, LINE, shown)
        self.font(BODY)
        self.ln(LINE)

    def _dots(self) -> None:
        room = self.w - self.r_margin - self.get_x() - 2
        dot = self.get_string_width(BLANK)
        count = int(room / dot) - 1
        if count < 3:
            self.ln(LINE)
            count = int((self.inner - 2) / dot) - 1
        self.write(LINE, BLANK * count)

    def para(self, body: str, *, bold: bool = False, indent: float = 0.0, align: str = "J") -> None:
        self.font(BODY, bold=bold)
        self.set_x(self.l_margin + indent)
        self.multi_cell(
            self.inner - indent, LINE, nfc(body), align=Align.coerce(align), new_x=XPos.LMARGIN
        )
        self.font(BODY)

    def rich(self, parts: Sequence[tuple[str, bool]]) -> None:
        """A flowing paragraph made of (text, bold) runs."""
        self.set_x(self.l_margin)
        for chunk, bold in parts:
            self.font(BODY, bold=bold)
            self.write(LINE, nfc(chunk))
        self.font(BODY)
        self.ln(LINE)

    def numbered(self, items: Sequence[tuple[str, str | None]], *, indent: float = 6.0) -> None:
        """``1. head`` bold, then the explanation on the following lines."""
        for i, (head, detail) in enumerate(items, start=1):
            self.ensure_space(2 * LINE)
            self.set_x(self.l_margin + indent)
            self.font(BODY)
            self.write(LINE, f"{i}. ")
            self.font(BODY, bold=True)
            self.write(LINE, nfc(head))
            self.font(BODY)
            self.ln(LINE)
            if detail:
                self.para(detail, indent=indent + 5)

    def grid(
        self,
        headings: Sequence[str],
        rows: Sequence[Sequence[str]],
        widths: Sequence[float],
        *,
        align: Sequence[str] | None = None,
        size: float = 11.0,
    ) -> None:
        """A bordered table with a bold heading row (repeated on page breaks)."""
        self.font(size)
        aligns = tuple(Align.coerce(a) for a in (align or ["L"] * len(headings)))
        with self.table(
            col_widths=tuple(widths),
            width=self.inner,
            text_align=aligns,
            headings_style=FontFace(emphasis="BOLD", fill_color=(235, 235, 235)),
            cell_fill_mode=TableCellFillMode.NONE,
            line_height=5.6,
            padding=1.2,
            first_row_as_headings=True,
            align=Align.L,
        ) as table:
            head = table.row()
            for h in headings:
                head.cell(nfc(h), align=Align.C)
            for r in rows:
                row = table.row()
                for cell in r:
                    row.cell(nfc(cell))
        self.font(BODY)
        self.ln(2)

    def signatures(
        self,
        left: tuple[str, str, str | None] | None,
        right: tuple[str, str, str | None] | None,
    ) -> None:
        """Two signature blocks: (TITLE, "(Ký và ghi rõ họ tên)", printed name)."""
        self.ln(4)
        self.ensure_space(42)
        top = self.get_y()
        half = self.inner / 2
        for block, x in ((left, self.l_margin), (right, self.l_margin + half)):
            if block is None:
                continue
            heading, note, name = block
            self.set_xy(x, top)
            self.font(12, bold=True)
            self.multi_cell(half, LINE, nfc(heading.upper()), align=Align.C, new_x=XPos.LEFT)
            self.font(10.5)
            self.multi_cell(half, 5, nfc(note), align=Align.C, new_x=XPos.LEFT)
            self.set_y(self.get_y() + 22)
            self.set_x(x)
            self.font(12, bold=True)
            self.multi_cell(half, LINE, text(name) or "", align=Align.C)
        self.set_y(top + 45)
