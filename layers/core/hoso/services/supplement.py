"""A supplement: the papers an applicant brings after a supplement request.

The station uploads them under ``incoming/<id>/supplement-<n>/`` with their own
``manifest.json`` (or puts a manifest with ``"supplement": true`` in the dossier's folder). The
dossier is re-checked on every paper it now holds: only the new files are read, the earlier
reading is carried over. Contact details and the receiving officer stay unless the supplement
gives new ones. The processing time restarts from the supplement, or keeps counting from the
first reception, as the procedure says (``restart_on_supplement``).

A supplement is refused, with the reason on the record and a ``SupplementRefused`` event, when
the dossier is not waiting for one, when it breaks the station contract, or when it comes after
the supplement period (the dossier is then closed).
"""

from __future__ import annotations

import json
import logging
import posixpath
from typing import Any

from hoso.dossier import Dossier, iso
from hoso.errors import LimitExceeded, ManifestError
from hoso.privacy import mask_text
from hoso.services import bounds, handoff, keys
from hoso.services.context import Outcome, Services
from hoso.services.deadlines import close_expired, supplement_late
from hoso.services.housekeeping import fail
from hoso.services.writes import annotate, commit
from hoso.status import LABELS, Action
from hoso.status import DossierStatus as S

log = logging.getLogger("hoso.services.supplement")

CONTACT = {"name": "full_name", "phone": "phone", "email": "email", "address": "address"}


def refuse(svc: Services, current: Dossier, reason: str) -> Outcome:
    """Record a refused supplement (status unchanged) with its reason (numbers that could be
    an ID number or a phone masked: a file's name may carry one)."""
    reason = mask_text(reason)
    new = current.evolve(now=svc.clock(), warnings=[*current.warnings, reason])
    commit(svc, current, new, actor="hoso-intake", action=Action.SUPPLEMENT_REFUSED, note=reason)
    return Outcome.REJECTED


def reject_upload(svc: Services, dossier_id: str, *, reason: str, code: str) -> Outcome:
    """A broken upload: a new dossier fails with the reason; one that has started keeps its
    status (a broken second manifest must not undo the first), and the refusal is recorded."""
    current = svc.records.get(dossier_id)
    if current is None or current.status == S.UPLOADING:
        fail(svc, dossier_id, stage="intake", reason=reason, code=code)
        return Outcome.REJECTED
    return refuse(svc, current, f"upload refused: {reason}")


def part(svc: Services, dossier_id: str, name: str) -> Outcome:
    """One file of a supplement: the dossier must exist; its manifest starts the round. Until
    it comes, the record says that a supplement's files are waiting for it."""
    current = svc.records.get(dossier_id)
    if current is None:
        return _unknown(svc, dossier_id, f"'{name}' was uploaded as a supplement")
    folder = name.split("/", 1)[0]
    note = f"files of {folder} arrived; waiting for its manifest.json"
    taken = any(f.get("name", "").startswith(folder + "/") for f in current.files)
    if not taken and note not in current.warnings:
        annotate(svc, current, current.evolve(now=svc.clock(), warnings=[*current.warnings, note]))
    return Outcome.PART


def receive(
    svc: Services, bucket: str, dossier_id: str, manifest: dict[str, Any], *, folder: int | None
) -> Outcome:
    """A supplement's manifest arrived: take the new papers in, or refuse them."""
    current = svc.records.get(dossier_id)
    if current is None:
        return _unknown(svc, dossier_id, "a supplement's manifest.json was uploaded")
    prefix = _folder(svc, dossier_id, folder)
    if _already_taken(current, prefix, folder, manifest):
        if current.status == S.PROCESSING and _this_round(current, prefix, folder, manifest):
            # taken in and being read: this upload's retry after the job could not be sent,
            # or the station repeating itself. The OCR stage reads one job per run.
            details = handoff.station_details(svc, current)
            handoff.send(svc, "ocr", handoff.reading_job(current, bucket, details))
        log.info("supplement already taken in", extra={"dossier_id": dossier_id})
        return Outcome.DUPLICATE
    now = svc.clock()
    if current.status == S.CLOSED:
        return refuse(
            svc,
            current,
            f"supplement refused: it arrived on {iso(now)}, after the supplement period ended on "
            f"{current.supplement_due_at}; the dossier was closed on {current.closed_at}",
        )
    if current.status != S.SUPPLEMENT_REQUESTED:
        return refuse(
            svc,
            current,
            f"supplement refused: the dossier is '{current.status}' ({LABELS[current.status]}); "
            "a supplement is taken in only while a supplement request is open",
        )
    if supplement_late(svc, current, now):
        return _late(svc, current, now)
    try:
        files = _collect(svc, bucket, prefix, current, manifest, folder)
    except (ManifestError, LimitExceeded) as exc:
        return refuse(svc, current, f"supplement refused: {exc.reason}")
    return _take_in(svc, bucket, current, manifest, files)


def _unknown(svc: Services, dossier_id: str, what: str) -> Outcome:
    reason = (
        f"{what} for dossier '{dossier_id}', which hoso has not received: upload the dossier "
        "itself first"
    )
    fail(svc, dossier_id, stage="intake", reason=reason, code="unknown_dossier")
    return Outcome.REJECTED


def _folder(svc: Services, dossier_id: str, folder: int | None) -> str:
    prefix = svc.settings.incoming_prefix
    if folder is None:
        return keys.incoming_folder(prefix, dossier_id)
    return keys.supplement_folder(prefix, dossier_id, folder)


def _already_taken(
    current: Dossier, prefix: str, folder: int | None, manifest: dict[str, Any]
) -> bool:
    if folder is not None:
        return any(f.get("name", "").startswith(f"supplement-{folder}/") for f in current.files)
    taken = {f.get("name") for f in current.files if f.get("supplement")}
    listed = set(manifest.get("files") or [])
    return bool(listed) and listed <= taken


def _this_round(
    current: Dossier, prefix: str, folder: int | None, manifest: dict[str, Any]
) -> bool:
    """Are the supplement's files those of the dossier's latest round?"""
    latest = {
        f.get("name")
        for f in current.files
        if int(f.get("supplement") or 0) == current.supplement_round
    }
    if folder is not None:
        return any(str(n).startswith(f"supplement-{folder}/") for n in latest)
    return set(manifest.get("files") or []) <= latest


def _late(svc: Services, current: Dossier, now: Any) -> Outcome:
    due = current.supplement_due_at
    reason = (
        f"supplement refused: it arrived on {iso(now)}, after the supplement period ended on "
        f"{due}; the dossier is closed"
    )
    if close_expired(svc, current):
        closed = svc.records.get(current.dossier_id)
        if closed is not None:
            current = closed
    return refuse(svc, current, reason)


def _collect(
    svc: Services,
    bucket: str,
    prefix: str,
    current: Dossier,
    manifest: dict[str, Any],
    folder: int | None,
) -> list[dict[str, Any]]:
    """The supplement's files, named relative to the dossier's folder."""
    present = {o.key[len(prefix) :]: o for o in svc.objects.list(bucket, prefix)}
    present = {k: o for k, o in present.items() if "/" not in k and k != keys.MANIFEST}
    names = list(manifest.get("files") or [])
    if folder is not None and not names:
        names = sorted(present)
    if not names:
        raise ManifestError(
            "a supplement manifest in the dossier's own folder must list its new files "
            "(or upload the supplement under supplement-<n>/)"
        )
    bounds.file_count(svc.settings, len(names))
    rel = f"supplement-{folder}/" if folder is not None else ""
    earlier = {f.get("name") for f in current.files}
    files: list[dict[str, Any]] = []
    for name in names:
        obj = present.get(name)
        if obj is None:
            raise ManifestError(f"manifest.json lists '{name}', which was not uploaded")
        if rel + name in earlier:
            raise ManifestError(
                f"'{name}' has the name of a file the dossier already holds: give new files "
                "new names, or upload the supplement under supplement-<n>/"
            )
        if posixpath.splitext(name)[1].lower() not in keys.READABLE:
            raise ManifestError(f"'{name}' is not a PDF, JPEG, PNG or TIFF file")
        files.append({"name": rel + name, "key": obj.key, "etag": obj.etag, "size": obj.size})
    bounds.file_sizes(svc.settings, files)
    return files


def _take_in(
    svc: Services,
    bucket: str,
    current: Dossier,
    manifest: dict[str, Any],
    files: list[dict[str, Any]],
) -> Outcome:
    did = current.dossier_id
    round_ = current.supplement_round + 1
    procedure = svc.catalog.get(current.procedure_code or "", on=current.received_day)
    pt = getattr(procedure, "processing_time", None)
    restart = bool(getattr(pt, "restart_on_supplement", True))
    record = _supplemented(svc, current, manifest, files, restart=restart)
    details = _station_details(svc, bucket, current, manifest)
    svc.objects.put(
        svc.settings.artefact_bucket,
        keys.station_details(did, round_),
        json.dumps(details, ensure_ascii=False).encode("utf-8"),
        content_type="application/json",
    )
    names = ", ".join(f["name"] for f in files)
    note = f"supplement {round_}: {names}" + ("" if restart else " (processing time kept)")
    action = Action.SUPPLEMENT_RECEIVED
    if not commit(svc, current, record, actor="hoso-intake", action=action, note=note):
        return Outcome.DUPLICATE
    handoff.send(svc, "ocr", handoff.reading_job(record, bucket, details))
    log.info("supplement taken in", extra={"dossier_id": did, "round": round_})
    return Outcome.STARTED


def _supplemented(
    svc: Services,
    current: Dossier,
    manifest: dict[str, Any],
    files: list[dict[str, Any]],
    *,
    restart: bool,
) -> Dossier:
    """The record with the supplement taken in: earlier papers and details kept."""
    now = svc.clock()
    round_ = current.supplement_round + 1
    applicant = dict(current.applicant or {})
    for given, field in CONTACT.items():
        value = (manifest.get("applicant") or {}).get(given)
        if value:
            applicant[field] = value
    folders = {f["name"].split("/", 1)[0] for f in files if "/" in f["name"]}
    waiting = {f"files of {folder} arrived; waiting for its manifest.json" for folder in folders}
    return current.evolve(
        now=now,
        warnings=[w for w in current.warnings if w not in waiting],
        status=S.PROCESSING,
        files=current.files + [{**f, "supplement": round_} for f in files],
        applicant=applicant,
        received_by=manifest.get("received_by") or current.received_by,
        station_id=manifest.get("station_id") or current.station_id,
        supplements=round_,
        supplement_received_at=iso(now),
        runs=int(current.runs or 0) + 1,
        restarts=0,
        counting_from=iso(now) if restart else current.counting_from or current.received_at,
    )


def _station_details(
    svc: Services, bucket: str, current: Dossier, manifest: dict[str, Any]
) -> dict[str, Any]:
    """What the stations said so far (the first manifest, then each supplement's), with this
    supplement's non-empty values over the earlier ones."""
    did = current.dossier_id
    round_ = current.supplement_round
    where = (
        (svc.settings.artefact_bucket, keys.station_details(did, round_))
        if round_
        else (bucket, keys.incoming_folder(svc.settings.incoming_prefix, did) + keys.MANIFEST)
    )
    earlier: dict[str, Any] = {"dossier_id": did, "procedure_code": current.procedure_code}
    if svc.objects.head(*where) is not None:  # a single-PDF dossier has no manifest
        try:
            earlier = json.loads(svc.objects.get(*where).decode("utf-8-sig"))
        except (UnicodeDecodeError, json.JSONDecodeError):
            log.warning("earlier manifest unreadable; keeping the record's details")
    merged = {**earlier}
    for k, v in manifest.items():
        if k == "applicant":
            merged["applicant"] = {
                **(earlier.get("applicant") or {}),
                **{a: b for a, b in (v or {}).items() if b},
            }
        elif k not in ("files", "supplement") and v not in (None, ""):
            merged[k] = v
    merged["procedure_code"] = current.procedure_code or merged.get("procedure_code")
    return merged
