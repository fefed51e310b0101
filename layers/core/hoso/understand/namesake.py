"""Who files has a number on another paper: the papers about who files give no number
read (the form's written unread, no card of theirs among the procedure's papers), and
one other person of the dossier, by the very name who files has, does: the household
head of a residence form who is the requester (the form's "chủ hộ" and its land
certificate's owner, dev22 15248), the person of a residence form brought along to a
birth registration whose signer has that name (dev21 14800), the commitment the
investor signs, giving their number (dev21 14983), the birth certificate's mother whose
name was read without its last word, the name signed under a form of which nothing else
was read (dev20 14656). That is their number, for
the record: what the checks decided about the unread number stays as it was (an
officer still reads the form where it was unread)."""

from __future__ import annotations

from hoso.catalog import Catalog
from hoso.understand.fields import near_value
from hoso.understand.identity import Mention, PaperLike, People, slipped_in_part

_WORDS = 2  # a name of at least this many words: a given name alone is no one's


def namesake_number(
    cluster: list[Mention],
    people: People,
    brought: list[Mention],
    catalog: Catalog,
    typed: str | None,
    first: PaperLike | None = None,
) -> list[Mention]:
    """The mentions of the one other person whose name is who files' and who has a
    twelve-digit number (all alike), or none: a person of the dossier's papers
    (``people``), or of the papers brought along that the procedure does not take
    (``brought``). With no one yet, the names signed under ``first`` (the first applicant
    source read: a form whose filer's part was not read)."""
    if any(m.get("id_number") for m in cluster):
        return []
    papers = [m.paper for m in cluster] or ([first] if first is not None else [])
    names = [n for n in _names(cluster, papers, catalog, typed) if len(n.split()) >= _WORDS]
    if not names:
        return []
    own = {id(m) for m in cluster}
    found = [
        m
        for m in [*people.mentions, *brought]
        if id(m) not in own
        and m.get("id_number")
        and any(_alike(held, n) for held in _held(m, catalog) for n in names)
    ]
    if len({m.get("id_number") for m in found}) != 1:
        return []
    one = found[0]
    return people.cluster(one.paper, one.role) if one in people.mentions else found


def _alike(a: str, b: str) -> bool:
    """One name, read with a letter or two slipped, or once without its last word ("Vã
    Thảo" on the birth certificate, "Võ Thảo Giang" signed under the form: dev20 14656)."""
    return near_value(a, b) or slipped_in_part(a, b)


def _names(
    cluster: list[Mention], papers: list[PaperLike], catalog: Catalog, typed: str | None
) -> list[str]:
    """Who files' names: read on their papers, signed under them, typed by the station."""
    out = [n for m in cluster if (n := m.get("full_name"))]
    for paper in {id(p): p for p in papers}.values():
        out += _signed(paper, catalog)
    return out + ([typed] if typed else [])


def _held(m: Mention, catalog: Catalog) -> list[str]:
    """A person's name as read, or as signed under the paper that is theirs (a commitment
    giving its signer's number: dev21 14983)."""
    name = m.get("full_name")
    if name is not None:
        return [name]
    return _signed(m.paper, catalog) if m.role == "main" else []


def _signed(paper: PaperLike, catalog: Catalog) -> list[str]:
    """The names signed under a paper by the person it is about."""
    dt = catalog.document_types.get(paper.doc_type or "")
    return [
        fv.value
        for spec in (dt.fields if dt is not None else ())
        if spec.signature and spec.person == "main" and (fv := paper.fields.get(spec.name))
    ]
