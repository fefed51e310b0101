"""Vietnamese wording helpers: numbers and dates in words, date lines, agency names."""

from __future__ import annotations

from datetime import date

_U = ["không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín"]


def n2w(n: int) -> str:
    """0..999 999 in words (as written on Vietnamese papers)."""
    if n < 10:
        return _U[n]
    if n < 20:
        u = n % 10
        return "mười" if u == 0 else "mười " + ("lăm" if u == 5 else _U[u])
    if n < 100:
        t, u = divmod(n, 10)
        tail = "" if u == 0 else " " + {1: "mốt", 4: "tư", 5: "lăm"}.get(u, _U[u])
        return f"{_U[t]} mươi{tail}"
    if n < 1000:
        h, r = divmod(n, 100)
        if r == 0:
            return f"{_U[h]} trăm"
        return f"{_U[h]} trăm " + (f"lẻ {_U[r]}" if r < 10 else n2w(r))
    th, r = divmod(n, 1000)
    if r == 0:
        return f"{n2w(th)} nghìn"
    if r < 100:
        return f"{n2w(th)} nghìn không trăm " + (f"lẻ {_U[r]}" if r < 10 else n2w(r))
    return f"{n2w(th)} nghìn {n2w(r)}"


MONTHS = [
    "",
    "một",
    "hai",
    "ba",
    "tư",
    "năm",
    "sáu",
    "bảy",
    "tám",
    "chín",
    "mười",
    "mười một",
    "mười hai",
]


def date_words(d: date) -> str:
    day = f"mùng {_U[d.day]}" if d.day < 10 else ("mùng mười" if d.day == 10 else n2w(d.day))
    return f"ngày {day} tháng {MONTHS[d.month]} năm {n2w(d.year)}".capitalize()


def dd(d: date) -> str:
    return f"{d.day:02d}"


def mm(d: date) -> str:
    """Month as written in a date line: leading zero for January and February only."""
    return f"{d.month:02d}" if d.month <= 2 else str(d.month)


def dmy(d: date) -> str:
    return f"{d.day:02d}/{d.month:02d}/{d.year}"


def dmy_words(d: date) -> str:
    return f"ngày {dd(d)} tháng {d.month:02d} năm {d.year}"


def money(n: int) -> str:
    return f"{n:,}".replace(",", ".")


def title_case_unit(unit: str) -> str:
    """'phường Hoàng Mai' -> 'PHƯỜNG HOÀNG MAI'."""
    return unit.upper()
