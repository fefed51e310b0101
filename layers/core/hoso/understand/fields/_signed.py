"""The name written under a paper's signature ("Người kê khai / (Ký, ghi rõ họ tên) / ...
/ Lê Hữu Tiến"): the signer states it in their own hand. A field whose labels are a
signature block's titles (``signature`` in the document type) is read there, and only when
the paper's labelled field of the same person and attribute gave nothing: a name filled in
by hand that OCR could not read is often written again, larger, under the signature."""

from __future__ import annotations

from collections.abc import Sequence

from hoso.doctypes import DocumentType, FieldSpec
from hoso.understand.fields._labels import SIGNATURE, match_label
from hoso.understand.fields._locate import cut_at_gap
from hoso.understand.fields._parse import parse_name
from hoso.understand.layout import Row, Tok, key
from hoso.understand.values import FieldValue

_BELOW = 12.0  # how far under its title (in the title's line heights) a signed name lies
# a signed name is a second choice, read with no more trust than an unsure value (under
# hoso.understand.identity's LOW_VALUE_CONFIDENCE): one a misreading could explain is a
# doubt for an officer; one that is another name in every word, clearly written, says who
# signed
SIGNED_NAME_CONFIDENCE = 79.0


def signed_names(doc_type: DocumentType, rows: Sequence[Row], out: dict[str, FieldValue]) -> None:
    """Adds to ``out`` the signature fields whose person's attribute no labelled field
    gave, or only as a guess (:attr:`FieldValue.guessed`), which the signed name replaces."""
    given = {
        (s.person, s.attr): s.name for s in doc_type.fields if not s.signature and s.name in out
    }
    for spec in doc_type.fields:
        if not (spec.signature and spec.type == "name"):
            continue
        labelled = given.get((spec.person, spec.attr))
        if labelled is not None and not out[labelled].guessed:
            continue
        fv = _signed(spec, rows)
        if fv is not None:
            out[spec.name] = fv
            if labelled is not None:  # a name read with its tone marks, not the guess
                del out[labelled]


def _signed(spec: FieldSpec, rows: Sequence[Row]) -> FieldValue | None:
    titles = [key(label) for label in spec.labels]
    for r, row in enumerate(rows):
        row_key, owner = row.key_index()
        for title in titles:
            m = match_label(title, row, row_key, owner, heading=True) if row_key else None
            if m is None:
                continue
            toks = row.toks[m[0] : m[1]]
            x0, x1 = min(t.x0 for t in toks), max(t.x1 for t in toks)
            if not _instructed(rows, r, x0, x1):
                continue  # the words in a heading ("I. THÔNG TIN NGƯỜI YÊU CẦU"), no signature's
            got = _name_under(rows, r, x0, x1)
            if got is not None:
                name, words, line = got
                conf = min(min(t.conf for t in words), SIGNED_NAME_CONFIDENCE)
                raw = " ".join(t.text for t in words)
                return FieldValue(spec.name, name, raw, m[2], line, conf=conf, source="signature")
    return None


def _instructed(rows: Sequence[Row], r: int, x0: float, x1: float) -> bool:
    """A signature's instruction ("(Ký, ghi rõ họ tên)") in the title's column on one of
    the next two rows: the title is a signature block's."""
    h = max(8.0, rows[r].y1 - rows[r].y0)
    for row in rows[r + 1 : r + 3]:
        words = _column(row.toks, x0 - 3 * h, x1 + 3 * h, h)
        if (
            row.page == rows[r].page
            and words
            and SIGNATURE.search(key(" ".join(t.text for t in words)))
        ):
            return True
    return False


def _name_under(
    rows: Sequence[Row], r: int, x0: float, x1: float
) -> tuple[str, list[Tok], str] | None:
    """The first name written under the title spanning [x0, x1) of row ``r``, within the
    title's column (a form puts two or three signature blocks side by side)."""
    title = rows[r]
    h = max(8.0, title.y1 - title.y0)
    for row in rows[r + 1 :]:
        if row.page != title.page or row.y0 - title.y1 > _BELOW * h:
            return None
        words = _column(row.toks, x0 - 3 * h, x1 + 3 * h, h)
        if not words or words[0].text.startswith("("):
            continue  # "(Ký, ghi rõ họ tên)", or nothing in this column
        name = parse_name(" ".join(t.text for t in words))
        if name is None and len(words) >= 3 and words[0].text.isalpha() and words[0].text.islower():
            # the family name's capital not read ("han Quỳnh Hà Tâm"): the rest of it, which
            # agrees with a name that has one more word before (dev16 13831)
            words = words[1:]
            name = parse_name(" ".join(t.text for t in words))
        if name is not None:
            return name, words, row.text
    return None


def _column(toks: list[Tok], lo: float, hi: float, h: float) -> list[Tok]:
    """The run of tokens centred within [lo, hi), cut at a gap of two line heights (the
    next signature block's words)."""
    return cut_at_gap([t for t in toks if lo <= t.xc < hi], h, gap=2.0)
