"""Reading labelled fields from a paper, whatever its layout.

Forms print a label and the value beside it ("Họ và tên: Nguyễn Văn An ......"), in two
columns on one line, in the cell to the right (tables), under the label (ID cards), wrapped
onto the next line within the label's column, or in per-person columns of a table ("Thông
tin | Người được khai sinh | Mẹ | Cha") or sections ("BÊN NỮ:", "BÊN NAM:"). Labels are found
in the paper's visual rows (:mod:`hoso.understand.layout`) by fuzzy matching on folded text,
snapped to whole words; a value runs from its label to the next label on the row and is
parsed by type: names, 12-digit ID numbers (spaced digits from boxes joined, OCR look-alike
letters repaired), dates ("05/03/1990", "ngày 05 tháng 3 năm 1990"), years, sex, text.

The machine-readable zone of chip ID cards and passports (``IDVNM...``, ``P<VNM...``) is read
too: its internal checks (the document number repeating the ID number, ICAO check digits)
confirm an ID number and a birth date far better than the printed digits can.

A name written under the filer's signature ("Người kê khai" / "(Ký, ghi rõ họ tên)" / the
name) is read as its own field where the document type declares one (``signature``), for
identity checks to use when the labelled name was not legible.

Modules: ``_labels`` (finding labels, headings and headers), ``_words`` (a label's words
as OCR reads them), ``_place`` (values found by their place), ``_tables`` (sections,
per-person tables and numbered persons' lists: whose values the rows give), ``_locate``
(where a label's value is written), ``_nearby`` (values off their label's line),
``_signed`` (the name under a signature), ``_parse`` (values as written into their normal
form), ``_unlabelled`` (ID numbers whose label was lost), ``_extract`` (the fields).
"""

from hoso.understand.fields._extract import extract, extract_fields
from hoso.understand.fields._labels import ANY_ROLE, LABEL_ACCEPT, PERSON_LABELS, SHORT_LABEL
from hoso.understand.fields._parse import near_value, parse_date, parse_name, parse_value

__all__ = [
    "ANY_ROLE",
    "LABEL_ACCEPT",
    "PERSON_LABELS",
    "SHORT_LABEL",
    "extract",
    "extract_fields",
    "near_value",
    "parse_date",
    "parse_name",
    "parse_value",
]
