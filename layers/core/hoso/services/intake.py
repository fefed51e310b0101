"""Intake: an object uploaded under ``incoming/`` registers a dossier's part or starts it.

A dossier starts when its ``manifest.json`` arrives (or with a single PDF carrying the
procedure code in its metadata); the record is written, then the OCR job is sent. Anything
that breaks the station contract ends as a ``failed`` record with a readable reason, with one
exception: an object uploaded outside the layout (a stray sub-folder, a loose file without a
procedure code) never fails a dossier by itself. A dossier not started yet (or still
uploading) gets the reason as a warning and the object is ignored; one that has started is not
touched, the upload logged (no personal data) and counted (metric ``StrayUploads``).
"""

from __future__ import annotations

import logging
import posixpath
import re
from datetime import datetime
from typing import Any

from hoso.dossier import Dossier, error, iso, local_date, parse_time
from hoso.errors import (
    BadInput,
    HosoError,
    LimitExceeded,
    ManifestError,
    UnknownProcedure,
    UploadLayoutError,
)
from hoso.privacy import mask_path, mask_text
from hoso.resources import schema_errors
from hoso.services import bounds, handoff, keys, supplement
from hoso.services.context import Outcome, Services
from hoso.services.housekeeping import count
from hoso.services.routing import routing_fields
from hoso.services.writes import annotate, commit
from hoso.status import Action
from hoso.status import DossierStatus as S

log = logging.getLogger("hoso.services.intake")

PROCEDURE_METADATA = ("procedure-code", "procedure_code", "procedure")
# A procedure code fit to quote in a reason (the field is free text: it could hold anything).
_CODE = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,63}")


def on_upload(svc: Services, bucket: str, key: str, *, etag: str | None = None) -> Outcome:
    """Handle one uploaded object; what became of it is the outcome."""
    try:
        dossier_id, name = keys.split_upload_key(svc.settings.incoming_prefix, key)
    except UploadLayoutError as exc:
        did = keys.id_from_key(key, svc.settings.incoming_prefix)
        return _stray(svc, did, reason=exc.reason, code=exc.code)
    folder = keys.supplement_number(name)
    if folder is not None or name == keys.MANIFEST:
        return _manifest_or_supplement(svc, bucket, key, dossier_id, name, folder)
    head = svc.objects.head(bucket, key)
    if head is None:  # deleted since the notification: nothing to do
        log.info("object vanished before intake", extra={"key": key})
        return Outcome.IGNORED
    single = _single_pdf_manifest(dossier_id, name, head.metadata)
    if single is not None:
        return start(svc, bucket, dossier_id, single)
    if "/" not in key[len(svc.settings.incoming_prefix) :]:
        prefix = svc.settings.incoming_prefix
        reason = (
            f"'{mask_path(name)}' was uploaded directly under {prefix} without "
            "a procedure code: upload it as incoming/<dossier-id>/<file> followed by "
            "manifest.json, or set the object metadata procedure-code"
        )
        return _stray(svc, dossier_id, reason=reason, code=UploadLayoutError.code)
    return _register_part(svc, dossier_id, name)


def _stray(svc: Services, dossier_id: str, *, reason: str, code: str) -> Outcome:
    """An object outside the station contract, filed under ``dossier_id`` (taken from its key,
    so perhaps another station's dossier): a warning on a dossier that has not started (its
    record created ``uploading`` if need be: the sweeper fails it after StaleUploadMinutes
    when nothing else comes, saying why); a started one is never touched."""
    current = svc.records.get(dossier_id)
    if current is None:
        new = Dossier.new(dossier_id, now=svc.clock(), status=S.UPLOADING, warnings=[reason])
        action = Action.FIRST_FILE_UPLOADED
        if commit(svc, None, new, actor="station", action=action, note=reason):
            return Outcome.REJECTED
        current = svc.records.get(dossier_id)  # created meanwhile
    if current is not None and current.status == S.UPLOADING:
        if reason not in current.warnings:
            warned = current.evolve(now=svc.clock(), warnings=[*current.warnings, reason])
            annotate(svc, current, warned)
        return Outcome.REJECTED
    status = str(current.status) if current else None
    count("StrayUploads", stage="intake")
    log.warning(
        "upload outside the station contract ignored: its dossier is under way",
        extra={"dossier_id": dossier_id, "status": status, "code": code},
    )
    return Outcome.IGNORED


def _manifest_or_supplement(
    svc: Services, bucket: str, key: str, dossier_id: str, name: str, folder: int | None
) -> Outcome:
    if folder is not None and posixpath.basename(name) != keys.MANIFEST:
        return supplement.part(svc, dossier_id, name)
    try:
        manifest = _read_manifest(svc, bucket, key, dossier_id)
    except (ManifestError, LimitExceeded) as exc:
        return supplement.reject_upload(svc, dossier_id, reason=exc.reason, code=exc.code)
    if folder is not None or manifest.get("supplement"):
        return supplement.receive(svc, bucket, dossier_id, manifest, folder=folder)
    return start(svc, bucket, dossier_id, manifest)


def _single_pdf_manifest(dossier_id: str, name: str, metadata: Any) -> dict[str, Any] | None:
    """A PDF whose metadata names the procedure is a whole dossier by itself."""
    meta = {k.lower(): v for k, v in metadata.items()}
    code = next((meta[k] for k in PROCEDURE_METADATA if meta.get(k)), None)
    if not code or not name.lower().endswith(".pdf"):
        return None
    manifest: dict[str, Any] = {
        "dossier_id": dossier_id,
        "procedure_code": code,
        "files": [name],
        "channel": meta.get("channel", "counter"),
    }
    if meta.get("applicant-name"):
        manifest["applicant"] = {"name": meta["applicant-name"]}
    return manifest


def _read_manifest(svc: Services, bucket: str, key: str, dossier_id: str) -> dict[str, Any]:
    """The manifest, within the bounds and valid; its errors name fields, never values."""
    head = svc.objects.head(bucket, key)
    bounds.manifest_size(svc.settings, head.size if head is not None else None)
    manifest = bounds.read_json(svc.objects.get(bucket, key), svc.settings)
    if isinstance(manifest, dict) and isinstance(manifest.get("files"), list):
        bounds.file_count(svc.settings, len(manifest["files"]))
    problems = schema_errors("station/manifest.schema.json", manifest)
    if problems:
        raise ManifestError("manifest.json is invalid: " + "; ".join(problems))
    if manifest["dossier_id"] != dossier_id:
        raise ManifestError(
            f"manifest.json names dossier '{manifest['dossier_id']}' but was uploaded under "
            f"'{dossier_id}'"
        )
    return dict(manifest)


def _register_part(svc: Services, dossier_id: str, name: str) -> Outcome:
    dossier = Dossier.new(dossier_id, now=svc.clock(), status=S.UPLOADING)
    # a conflict means the dossier is known already, or its manifest won the race
    commit(svc, None, dossier, actor="station", action=Action.FIRST_FILE_UPLOADED, note=name)
    return Outcome.PART


def start(svc: Services, bucket: str, dossier_id: str, manifest: dict[str, Any]) -> Outcome:
    """The dossier is complete on the station's side: record it, then send it to OCR."""
    current = svc.records.get(dossier_id)
    if current is not None and current.status != S.UPLOADING:
        return _started_already(svc, bucket, current, manifest)
    files, warnings = _collect_files(svc, bucket, dossier_id, manifest)
    base = _base_record(svc, dossier_id, manifest)
    earlier = current.warnings if current is not None else []  # e.g. a stray upload's
    base = base.but(files=files, warnings=[*earlier, *warnings])
    try:
        procedure = _procedure_for(svc, manifest, files, parse_time(base.received_at))
    except HosoError as exc:
        reason = mask_text(exc.reason)  # a file's name may carry an ID number
        failed = base.but(status=S.FAILED, errors=[error(exc.code, reason, stage="intake")])
        commit(svc, current, failed, actor="hoso-intake", action=Action.REJECTED, note=reason)
        return Outcome.REJECTED
    record = base.but(
        procedure_name=procedure.name,
        procedure_version=str(procedure.effective_from),
        runs=1,
        **routing_fields(svc, procedure, manifest, base),
    )
    action = Action.ACCEPTED_FOR_PROCESSING
    if not commit(svc, current, record, actor="hoso-intake", action=action):
        return Outcome.DUPLICATE
    # after the write that decides; if this send fails, the upload's retry sends it again
    # (``_started_already``)
    handoff.send(svc, "ocr", handoff.reading_job(record, bucket, manifest))
    return Outcome.STARTED


def _started_already(
    svc: Services, bucket: str, current: Dossier, manifest: dict[str, Any]
) -> Outcome:
    """A dossier manifest for a dossier hoso has already started: the station repeating itself
    (same files: nothing to do), or a new submission under a taken id (refused, with how to
    send a supplement)."""
    given = [f.get("name") for f in current.files if not f.get("supplement")]
    if not manifest.get("files") or list(manifest["files"]) == given:
        if current.status == S.PROCESSING and not current.supplement_round:
            # the same manifest again while the dossier is being read: the station repeating
            # itself, or this upload's own retry after the job could not be sent. The job is
            # sent again; the OCR stage reads one job per run (``handoff.first_of_run``).
            handoff.send(svc, "ocr", handoff.reading_job(current, bucket, manifest))
            log.info(
                "dossier already started; its reading job sent again",
                extra={"dossier_id": current.dossier_id},
            )
            return Outcome.DUPLICATE
        log.info(
            "dossier already started; ignoring repeated completion signal",
            extra={"dossier_id": current.dossier_id, "status": str(current.status)},
        )
        return Outcome.DUPLICATE
    did = current.dossier_id
    reason = (
        f"a new manifest.json for dossier '{did}', which is already '{current.status}': "
        f"a dossier id is used once; send missing papers as a supplement under "
        f"incoming/{did}/supplement-<n>/ (hoso supplement {did} DIR)"
    )
    return supplement.refuse(svc, current, reason)


def _base_record(svc: Services, dossier_id: str, manifest: dict[str, Any]) -> Dossier:
    """The record a started dossier gets."""
    now = svc.clock()
    received_at: datetime = now
    if manifest.get("received_at"):
        received_at = parse_time(manifest["received_at"])
    applicant = manifest.get("applicant") or {}
    base = Dossier.new(
        dossier_id,
        now=now,
        status=S.PROCESSING,
        procedure_code=manifest["procedure_code"],
        channel=manifest.get("channel", "counter"),
        station_id=manifest.get("station_id"),
        received_by=manifest.get("received_by"),
        received_at=iso(received_at),
        applicant={
            "full_name": applicant.get("name"),
            "id_number": applicant.get("id_number"),
            "phone": applicant.get("phone"),
            "email": applicant.get("email"),
            "address": applicant.get("address"),
        },
        counting_from=iso(received_at),
    )
    return base


def _procedure_for(
    svc: Services, manifest: dict[str, Any], files: list[dict[str, Any]], received_at: datetime
) -> Any:
    """The procedure in force on the day of receipt; HosoError when the dossier cannot start."""
    bounds.file_count(svc.settings, len(files))
    bounds.file_sizes(svc.settings, files)
    missing = [f["name"] for f in files if f.get("error") == "not uploaded"]
    if missing:
        raise HosoError("manifest.json lists files that were not uploaded: " + ", ".join(missing))
    if not [f for f in files if not f.get("error")]:
        raise BadInput("the dossier contains no PDF, JPEG, PNG or TIFF file")
    day = local_date(received_at)
    procedure = svc.catalog.get(manifest["procedure_code"], on=day)
    if procedure is None:
        code = manifest["procedure_code"]
        named = f"'{code}'" if _CODE.fullmatch(code) else "(not shown: not a code)"
        raise UnknownProcedure(
            f"unknown procedure code {named} "
            f"(not in the catalog in force on {day.isoformat()}; see `hoso procedures`)"
        )
    return procedure


def _collect_files(
    svc: Services, bucket: str, dossier_id: str, manifest: dict[str, Any]
) -> tuple[list[dict[str, Any]], list[str]]:
    prefix = keys.incoming_folder(svc.settings.incoming_prefix, dossier_id)
    present = {o.key[len(prefix) :]: o for o in svc.objects.list(bucket, prefix)}
    present.pop(keys.MANIFEST, None)
    # the dossier's own files only: not a sub-folder's (a stray upload, ignored with a warning)
    present = {name: o for name, o in present.items() if "/" not in name}
    names = list(manifest.get("files") or sorted(present))
    files: list[dict[str, Any]] = []
    warnings: list[str] = []
    for name in names:
        obj = present.get(name)
        if obj is None:
            files.append({"name": name, "key": prefix + name, "error": "not uploaded"})
            continue
        entry: dict[str, Any] = {"name": name, "key": obj.key, "etag": obj.etag, "size": obj.size}
        if posixpath.splitext(name)[1].lower() not in keys.READABLE:
            entry["error"] = "unsupported file type"
            warnings.append(f"'{name}' ignored: only PDF, JPEG, PNG and TIFF files are read")
        files.append(entry)
    for name in sorted(set(present) - set(names)):
        warnings.append(f"'{name}' was uploaded but is not listed in manifest.json: ignored")
    return files, warnings
