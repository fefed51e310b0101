"""Officers' corrections of what hoso did with a dossier: the paper type of some pages (the
dossier is judged again from its stored reading), the supplement request confirmed or edited
from review, and a supplement handed in on paper at the counter.

As in :mod:`.officer`, a state the action is not allowed from raises :class:`InvalidAction`,
unacceptable input :class:`BadRequest` naming the field.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import Any

from hoso.dossier import Dossier, iso
from hoso.model import PageText
from hoso.services import keys, officer
from hoso.services.context import Services
from hoso.services.deadlines import supplement_late
from hoso.services.decision import date_supplement_request, decided, finalise, one_request
from hoso.services.writes import BadRequest, InvalidAction, commit_or_raise, current_for
from hoso.status import Action, DossierStatus

S = DossierStatus


def correct_classification(
    svc: Services, dossier_id: str, *, actor: str, pages: Sequence[Mapping[str, Any]]
) -> Dossier:
    """An officer says what paper some pages are ({"file", "index", "doc_type"} each); hoso
    judges the dossier again from its stored reading with those pages taken as said (and the
    officer's earlier corrections kept). The corrected pages carry ``corrected_by``; the audit
    note lists them."""
    if not pages:
        raise BadRequest("pages", "list at least one page with its document type")
    current = current_for(
        svc, dossier_id, Action.CLASSIFICATION_CORRECTED, "correct the classification of"
    )
    labels = _labels(svc, current, pages)
    art = svc.settings.artefact_bucket
    key = keys.assessment(dossier_id, current.supplement_round)
    if svc.objects.head(art, key) is None:
        raise InvalidAction(f"dossier '{dossier_id}' has no stored reading to judge again")
    data = json.loads(svc.objects.get(art, key))
    reading = [PageText.from_dict(p) for p in data["ocr"]["pages"]]
    procedure = svc.catalog.get(current.procedure_code or "", on=current.received_day)
    result = svc.assess(
        procedure,
        reading,
        manifest=data.get("manifest"),
        today=current.received_day,
        labels=labels,
    )
    now = svc.clock()
    new = one_request(current, decided(current, data["ocr"], result, now))
    new.pages = [_corrected(p, labels, actor) for p in new.pages]
    if new.status != S.NEEDS_REVIEW:
        new.decided_by = actor
    finalise(svc, new, now)
    listed = "; ".join(f"{f} p{i}: {t}" for (f, i), t in sorted(labels.items()))
    note = f"classification corrected ({listed}); judged again: {new.status}"
    return commit_or_raise(
        svc, current, new, actor=actor, action=Action.CLASSIFICATION_CORRECTED, note=note
    )


def _labels(
    svc: Services, current: Dossier, pages: Sequence[Mapping[str, Any]]
) -> dict[tuple[str, int], str]:
    """The officer's page labels, earlier ones first, checked against the dossier's pages and
    the known document types."""
    known = getattr(svc.catalog, "document_types", None)
    have = {(p.get("file"), p.get("index")) for p in current.pages}
    labels = {
        (str(p["file"]), int(p["index"])): str(p["doc_type"])
        for p in current.pages
        if p.get("corrected_by") and p.get("doc_type")
    }
    for n, page in enumerate(pages):
        where = (page.get("file"), page.get("index"))
        if where not in have:
            raise BadRequest(f"pages[{n}]", "no such page (file and index) in the dossier")
        doc_type = str(page.get("doc_type") or "")
        if not doc_type or (known is not None and doc_type not in known):
            raise BadRequest(f"pages[{n}].doc_type", f"unknown document type '{doc_type}'")
        labels[(str(where[0]), int(str(where[1])))] = doc_type
    return labels


def _corrected(
    page: dict[str, Any], labels: Mapping[tuple[str, int], str], actor: str
) -> dict[str, Any]:
    label = labels.get((page["file"], page["index"]))
    if label is None:
        return page
    return {**page, "doc_type": label, "corrected_by": actor}


def request_supplement(
    svc: Services,
    dossier_id: str,
    *,
    actor: str,
    missing: list[dict[str, str]],
    note: str | None = None,
) -> Dossier:
    """From review: send the supplement request with the items as the officer confirmed or
    edited them (the same as deciding ``supplement_requested``)."""
    return officer.decide(
        svc, dossier_id, actor=actor, status=str(S.SUPPLEMENT_REQUESTED), missing=missing, note=note
    )


def preview_supplement_request(
    svc: Services,
    dossier_id: str,
    *,
    missing: list[dict[str, str]],
    note: str | None = None,
) -> bytes:
    """The supplement request's PDF as it would be sent now with these items (nothing is
    stored, numbered or sent): what the officer checks before sending from review."""
    if not missing:
        raise BadRequest("missing", "a supplement request must list the missing or invalid items")
    current = current_for(svc, dossier_id, Action.OFFICER_DECISION, "request a supplement for")
    if svc.notices is None:
        raise InvalidAction("this deployment renders no notices")
    now = svc.clock()
    draft = current.evolve(
        now=now, status=S.SUPPLEMENT_REQUESTED, missing_components=officer.requested_items(missing)
    )
    date_supplement_request(svc, draft, now)
    further = bool(current.supplement_requests) and bool((note or "").strip())
    notices = svc.notices(draft, "decided", **({"further_reason": note} if further else {}))
    return notices["supplement-request"]


def counter_supplement(
    svc: Services,
    dossier_id: str,
    *,
    actor: str,
    complete: bool,
    note: str,
    missing: list[dict[str, str]] | None = None,
) -> Dossier:
    """A supplement handed in on paper at the counter for a dossier awaiting one. Complete:
    the dossier is received (dossier code, due date, receipt), the processing time counted
    from now or from the first reception as the procedure says (``restart_on_supplement``).
    Not complete: an officer reviews it, with what is still missing when given."""
    if not note.strip():
        raise BadRequest("note", "say what was handed in at the counter")
    current = current_for(
        svc, dossier_id, Action.COUNTER_SUPPLEMENT_RECEIVED, "record a counter supplement for"
    )
    now = svc.clock()
    if supplement_late(svc, current, now):
        raise InvalidAction(
            f"the supplement period of '{dossier_id}' ended on {current.supplement_due_at}"
        )
    procedure = svc.catalog.get(current.procedure_code or "", on=current.received_day)
    pt = getattr(procedure, "processing_time", None)
    restart = bool(getattr(pt, "restart_on_supplement", True))
    taken = {
        "supplements": current.supplement_round + 1,
        "supplement_received_at": iso(now),
        "counting_from": iso(now) if restart else current.counting_from or current.received_at,
    }
    if complete:
        new = current.evolve(
            now=now, status=S.RECEIVED, decided_by=actor, missing_components=[], **taken
        )
        finalise(svc, new, now)
    else:
        items = [
            {
                "name": m["name"],
                "reason": m.get("reason") or f"Thiếu {m['name']}",
                **({"id": m["id"]} if m.get("id") else {}),
            }
            for m in (missing or [])
        ]
        new = current.evolve(
            now=now,
            status=S.NEEDS_REVIEW,
            missing_components=items or current.missing_components,
            **taken,
        )
    kept = "" if restart else " (processing time kept)"
    return commit_or_raise(
        svc,
        current,
        new,
        actor=actor,
        action=Action.COUNTER_SUPPLEMENT_RECEIVED,
        note=f"supplement at the counter, {'complete' if complete else 'incomplete'}{kept}: {note}",
    )
