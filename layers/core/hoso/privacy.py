"""Personal data kept in: masking for logs and for reasons built from what a failure says.

Two rules, because names cannot be found by a pattern in free text:

* structured data (a log line's fields, nested dicts and lists): every value under a key known
  to hold personal data (:data:`PERSONAL_KEYS`, any ``*_name`` but technical ones, any key
  naming an ID number, phone, e-mail, address or birth date) is replaced by ``***``;
* free text (messages, tracebacks, reasons): ID numbers (9 or 12 digits, also written in
  groups with spaces or dots), phone numbers, e-mail addresses, day-first dates (how a birth
  date is written on a paper: ``15/03/1990``, ``ngày 15 tháng 3 năm 1990``) and the value
  after a personal key in a ``repr`` or JSON (``'full_name': 'Nguyễn Văn An'``) are masked;
* an object key (a ``key`` field) keeps its folders and extension, not its file name.

Any run of 9 or more digits is masked in free text, so a byte count or an epoch in a message
is masked too: a masked number costs nothing, a leaked one cannot be taken back. ISO dates
(hoso's own timestamps) and dossier codes (``000.00.19.H47-260105-0001``) stay readable.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any

MASK = "***"

PERSONAL_KEYS = frozenset(
    {
        "applicant",
        "name",
        "full_name",
        "ho_ten",
        "holder",
        "holders",
        "id_number",
        "id_numbers",
        "cccd",
        "cmnd",
        "so_dinh_danh",
        "phone",
        "mobile",
        "email",
        "e_mail",
        "address",
        "dob",
        "birth_date",
        "date_of_birth",
        "birthday",
        "ngay_sinh",
        "received_by",
    }
)
# parts of a key that make it personal wherever they appear (``father_phone``, ``id_number_2``)
_PERSONAL_PARTS = ("id_number", "phone", "email", "address", "birth", "full_name", "applicant")
# ``*_name`` keys that name things, not people
TECHNICAL_NAMES = frozenset(
    {
        "function_name",
        "exception_name",
        "procedure_name",
        "service_name",
        "queue_name",
        "bucket_name",
        "table_name",
        "stage_name",
        "agency_name",
        "log_group_name",
        "log_stream_name",
        "logger_name",
        "metric_name",
        "event_name",
        "doc_type_name",
    }
)


def personal_key(key: object) -> bool:
    """Does a field of this name hold personal data?"""
    if not isinstance(key, str):
        return False
    k = key.strip().lower().replace("-", "_")
    if k in PERSONAL_KEYS or any(part in k for part in _PERSONAL_PARTS):
        return True
    return k.endswith("_name") and k not in TECHNICAL_NAMES


_EMAIL = r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+"
# 9+ digits, single spaces or dots allowed between them (a hyphen ends a run: dates, codes)
_NUMBER = r"(?<!\d)\+?\d(?:[ .]?\d){8,}(?!\d)"
_PHONE_DASHED = r"(?<![\d-])(?:\+84|0)\d{2,3}-\d{3}-\d{3,4}(?![\d-])"
_PHONE_AREA = r"\(0\d{1,3}\)\s?\d{3,4}[ .-]?\d{3,4}(?!\d)"
_DAY_FIRST = (
    r"(?<![\d/.-])(?:0?[1-9]|[12]\d|3[01])(?P<sep>[/.-])(?:0?[1-9]|1[0-2])(?P=sep)"
    r"(?:1[89]|20)\d\d(?![\d/.-])"
)
_DATE_WORDS = r"ngày\s*\d{1,2}\s*,?\s*tháng\s*\d{1,2}\s*,?\s*năm\s*\d{4}"
_TEXT = re.compile(
    "|".join(
        f"(?P<{n}>{p})"
        for n, p in (
            ("email", _EMAIL),
            ("words", _DATE_WORDS),
            ("day", _DAY_FIRST),
            ("dash", _PHONE_DASHED),
            ("area", _PHONE_AREA),
            ("number", _NUMBER),
        )
    ),
    re.IGNORECASE,
)
# 'key': 'value' / "key": "value" / key='value' in a repr, JSON or keyword list
_KEYED = re.compile(
    r"""(?P<key>['"]?(?P<name>[A-Za-z_][\w-]{0,40})['"]?\s*[:=]\s*)"""
    r"""(?P<value>'(?:[^'\\\n]|\\.)*'|"(?:[^"\\\n]|\\.)*")"""
)


def _masked(m: re.Match[str]) -> str:
    kind = m.lastgroup
    if kind == "email":
        return "***@***"
    if kind in ("words", "day"):
        return "**/**/****"
    digits = re.sub(r"\D", "", m.group(0))
    return MASK + digits[-3:]


def _keyed(m: re.Match[str]) -> str:
    if not personal_key(m.group("name")):
        return m.group(0)
    quote = m.group("value")[0]
    return f"{m.group('key')}{quote}{MASK}{quote}"


def mask_text(text: str) -> str:
    """Free text with ID numbers, phones, e-mails, day-first dates and keyed personal values
    masked (an ID number keeps its last three digits, to tell two apart)."""
    return _TEXT.sub(_masked, _KEYED.sub(_keyed, text))


# fields holding an object's key: its file name may name the applicant ("CCCD Lê Văn B.jpg")
PATH_KEYS = frozenset({"key", "object_key", "s3_key"})
KNOWN_NAMES = frozenset({"manifest.json"})  # the names hoso gives: nobody's


def mask_path(key: str) -> str:
    """An object key with its file name masked, its folders and extension kept:
    ``incoming/HS-1/***.pdf``."""
    folder, slash, name = key.rpartition("/")
    if name in KNOWN_NAMES:
        return mask_text(key)
    stem, dot, ext = name.rpartition(".")
    kept = f"{dot}{ext}" if dot and stem and len(ext) <= 5 else ""
    return mask_text(folder) + slash + MASK + kept


def mask_data(value: Any, *, keep: Iterable[str] = ()) -> Any:
    """A copy of structured data with personal fields masked and free text masked; anything
    that is not JSON (an exception, an object) becomes its masked ``str``. Keys in ``keep``
    (at the top level) are left as they are."""
    kept = frozenset(keep)
    if isinstance(value, Mapping):
        out: dict[Any, Any] = {}
        for k, v in value.items():
            if k in kept:
                out[k] = v
            elif personal_key(k):
                out[k] = MASK if v not in (None, "", [], {}) else v
            elif k in PATH_KEYS and isinstance(v, str) and "/" in v:
                out[k] = mask_path(v)
            else:
                out[k] = mask_data(v)
        return out
    if isinstance(value, list | tuple | set | frozenset):
        return [mask_data(v) for v in value]
    if isinstance(value, str):
        return mask_text(value)
    if value is None or isinstance(value, bool | int | float):
        return value
    return mask_text(str(value))
