"""Person headings: a per-person table's column headers ("Bên nữ | Bên nam") and a
person's section heading ("BÊN NỮ:", "Thông tin người mẹ")."""

from __future__ import annotations

import re

from hoso.understand.fields._labels import Compiled, Hit, match_label
from hoso.understand.layout import Row


def role_headers(row: Row, comp: Compiled) -> list[tuple[str, float]]:
    """(role, x of its header) for each person header found in the row."""
    if not comp.roles:
        return []
    row_key, owner = row.key_index()
    found: list[tuple[str, int, int]] = []
    for header, role in comp.roles:
        m = match_label(header, row, row_key, owner, heading=True)
        if m is None or m[2] < 88:
            continue
        if any(not (m[1] <= s or m[0] >= e) for _, s, e in found):
            continue
        found.append((role, m[0], m[1]))
    found.sort(key=lambda x: x[1])
    # a column's header is centred over its cells: the header's centre stands for the column
    # (its words': a mark read beside it, "~ Bên nam", is no part of it: dev33 17733)
    words = [[t for t in row.toks[s:e] if t.key] or row.toks[s:e] for _, s, e in found]
    out = [(f[0], (w[0].x0 + w[-1].x1) / 2) for f, w in zip(found, words, strict=True)]
    if comp.ordered:  # "Bên nam | Bên nữ" or "Bên nữ | Bên nam": the first one is the main
        out = [(comp.ordered[min(i, len(comp.ordered) - 1)], x) for i, (_, x) in enumerate(out)]
    return out


def heading_role(row: Row, comp: Compiled, hits: list[Hit]) -> str | None:
    """The role a short heading row opens ("BÊN NỮ:", "Thông tin người mẹ"), else None.
    A heading may contain a label's words ("I. THÔNG TIN NGƯỜI YÊU CẦU"): it is still a
    heading when a person's heading covers most of it."""
    if not comp.roles:
        return None
    row_key, owner = row.key_index()
    words = row_key.split()
    numbered = bool(words) and re.fullmatch(r"[ivx\d]{1,4}", words[0]) is not None  # "II."
    if not words:
        return None
    best: tuple[float, str] | None = None
    for header, role in comp.roles:
        # a heading is short: eight words, or the header's own and one more
        if len(words) - numbered > max(8, header.count(" ") + 2):
            continue
        m = match_label(header, row, row_key, owner, heading=True)
        if m is None or m[2] < 88:
            continue
        covered = len(header) / max(1, len(row_key))
        if covered >= (0.7 if hits else 0.5) and (best is None or m[2] > best[0]):
            best = (m[2], role)
    return best[1] if best else None
