"""Who files when no form says: a paper issued to one person for doing the procedure with
another names that other person. The marital status certificate is needed by the partner
who registers away from where they live (the procedure's condition): the registration is
at the other's commune, where the other files; the certificate says whom its holder is to
marry and when that person was born ("... đăng ký kết hôn với bà Nguyễn Thị Anh, sinh
ngày 18/02/1983"). Of the persons the procedure's applicant sources speak for (the two
partners' ID cards), the one of that birth date, or of that name, files."""

from __future__ import annotations

from collections.abc import Sequence

from hoso.catalog import Catalog
from hoso.text import fold, squash
from hoso.understand.identity import Mention
from hoso.understand.results import PaperResult


def whom_the_papers_name(
    cluster: list[Mention],
    candidates: Sequence[list[Mention]],
    paper_results: list[PaperResult],
    catalog: Catalog,
) -> list[Mention]:
    """``cluster`` (who files, by the first applicant source read), unless that is an
    authority's paper (no form) and a paper names its holder's counterpart: then the
    first of ``candidates`` (the applicant sources' persons) who is that counterpart; or,
    neither their name nor their birth date read alike, the one other candidate when
    ``cluster`` is that paper's holder (who marries away from home does not file)."""
    if not cluster or not cluster[0].dtype.issued:
        return cluster  # a form says who files
    own = {id(m) for m in cluster}
    others = [c for c in candidates if not any(id(m) in own for m in c)]
    for pr, name, born in _counterparts(paper_results, catalog):
        found = [c for c in others if _is(c, name, born)]
        if found:
            return found[0]
        if len(others) == 1 and any(m.paper is pr for m in cluster):
            return others[0]
    return cluster


def _counterparts(
    paper_results: list[PaperResult], catalog: Catalog
) -> list[tuple[PaperResult, str | None, str | None]]:
    """Each paper naming a counterpart, with their name and birth date (as read)."""
    out: list[tuple[PaperResult, str | None, str | None]] = []
    for pr in paper_results:
        dtype = catalog.document_types.get(pr.paper.doc_type or "")
        if dtype is None or not dtype.counterpart:
            continue
        name, born = (
            pr.fields.get(dtype.counterpart.get(k, "")) for k in ("full_name", "date_of_birth")
        )
        out.append((pr, name.value if name else None, born.value if born else None))
    return out


def _is(person: list[Mention], name: str | None, born: str | None) -> bool:
    """Born on ``born``; or, their birth date not another, named ``name`` (its words the
    first of their name's: a name cut where the line ended, "với bà Vũ Thị / Vân")."""
    dates = {v for m in person if (v := m.get("date_of_birth"))}
    if born is not None and dates:
        return born in dates
    words = squash(fold(name or "")).split()
    if len(words) < 2:
        return False
    return any(
        squash(fold(v)).split()[: len(words)] == words for m in person if (v := m.get("full_name"))
    )
