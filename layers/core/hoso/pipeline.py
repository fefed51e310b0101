"""The intake pipeline's application services, one method per stage.

Stages (each fed by a queue, see template.yaml):

1. ``on_upload``   S3 ObjectCreated under ``incoming/``: register parts, start complete dossiers.
2. ``run_ocr``     read every page of every file, store per-page artefacts.
3. ``run_understand`` classify pages, extract fields, check completeness.
4. ``run_notify``  final record, notices (receipt / supplement request), event.

Every transition is a conditional write on the record's status, so a redelivered message is a
no-op: each dossier is recorded exactly once whatever the retries. Anything that cannot be
processed ends as a ``failed`` record with a readable reason (``fail``).
"""

from __future__ import annotations

import hashlib
import json
import logging
import posixpath
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any, Protocol
from zoneinfo import ZoneInfo

from hoso import records as rec
from hoso import store
from hoso.codes import dossier_code
from hoso.errors import BadInput, HosoError, ManifestError, UnknownProcedure, UploadLayoutError
from hoso.lifecycle import LifecycleMixin
from hoso.model import PageText
from hoso.ports import EventPublisher, ObjectStore, RecordStore, WorkQueue
from hoso.resources import schema_errors

log = logging.getLogger("hoso.pipeline")

VN_TZ = ZoneInfo("Asia/Ho_Chi_Minh")
MANIFEST = "manifest.json"
SUPPORTED = {".pdf", ".jpg", ".jpeg", ".png", ".tif", ".tiff"}
DOSSIER_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$")
PROCEDURE_METADATA = ("procedure-code", "procedure_code", "procedure")


class OcrFn(Protocol):
    def __call__(
        self, data: bytes, name: str, *, page_range: tuple[int, int] | None = None
    ) -> list[PageText]: ...


class Assessor(Protocol):
    def __call__(
        self,
        procedure: Any,
        pages: list[PageText],
        *,
        manifest: dict[str, Any] | None,
        today: date,
    ) -> dict[str, Any]: ...


class Notices(Protocol):
    """Renders the notices an occasion calls for; returns {document name: PDF bytes}.

    Occasions: ``decided`` (receipt or supplement request), ``apology``, ``withdrawn``."""

    def __call__(self, record: dict[str, Any], occasion: str, **extra: Any) -> dict[str, bytes]: ...


class Catalog(Protocol):
    def get(self, code: str, on: date | None = None) -> Any: ...


@dataclass
class Settings:
    upload_bucket: str
    artefact_bucket: str
    incoming_prefix: str = "incoming/"
    agency_code: str = "000.00.00.H40"
    stale_upload_minutes: int = 30
    ocr_pages_per_invocation: int = 24
    ocr_workers: int | None = None  # parallel tesseract processes; None = the CPUs we have
    ocr_page_timeout_s: float = 120.0  # one tesseract run; the page is marked when exceeded
    tesseract_cmd: str | None = None  # None = ``tesseract`` on PATH


@dataclass
class Pipeline(LifecycleMixin):
    objects: ObjectStore
    records: RecordStore
    queue: WorkQueue
    events: EventPublisher
    catalog: Catalog
    settings: Settings
    ocr: OcrFn
    assess: Assessor
    count_pages: Callable[[bytes, str], int] | None = None
    notices: Notices | None = None
    due_at: Callable[[datetime, Any], datetime | None] | None = None
    clock: Callable[[], datetime] = field(default=lambda: datetime.now(UTC))

    # ------------------------------------------------------------------ stage 1: intake
    def on_upload(self, bucket: str, key: str, *, etag: str | None = None) -> str:
        """Handle one uploaded object. Returns a short outcome word (for logs and tests)."""
        try:
            dossier_id, name = self._split_key(key)
        except UploadLayoutError as exc:
            did = _id_from_key(key, self.settings.incoming_prefix)
            self.fail(did, stage="intake", reason=exc.reason, code=exc.code)
            return "failed"

        if name == MANIFEST:
            try:
                manifest = self._read_manifest(bucket, key, dossier_id)
            except ManifestError as exc:
                self.fail(dossier_id, stage="intake", reason=exc.reason, code=exc.code)
                return "failed"
            return self._start(bucket, dossier_id, manifest)

        head = self.objects.head(bucket, key)
        if head is None:  # deleted since the notification: nothing to do
            log.info("object vanished before intake", extra={"key": key})
            return "ignored"
        meta = {k.lower(): v for k, v in head.metadata.items()}
        code = next((meta[k] for k in PROCEDURE_METADATA if meta.get(k)), None)
        if code and name.lower().endswith(".pdf"):
            manifest = {
                "dossier_id": dossier_id,
                "procedure_code": code,
                "files": [name],
                "channel": meta.get("channel", "counter"),
            }
            if meta.get("applicant-name"):
                manifest["applicant"] = {"name": meta["applicant-name"]}
            return self._start(bucket, dossier_id, manifest)
        if "/" not in key[len(self.settings.incoming_prefix) :]:
            self.fail(
                dossier_id,
                stage="intake",
                code=UploadLayoutError.code,
                reason=(
                    f"'{name}' was uploaded directly under {self.settings.incoming_prefix} without "
                    "a procedure code: upload it as incoming/<dossier-id>/<file> followed by "
                    "manifest.json, or set the object metadata procedure-code"
                ),
            )
            return "failed"
        return self._register_part(dossier_id, name)

    def _split_key(self, key: str) -> tuple[str, str]:
        prefix = self.settings.incoming_prefix
        if not key.startswith(prefix):
            raise UploadLayoutError(f"'{key}' is outside {prefix}")
        rest = key[len(prefix) :]
        parts = rest.split("/")
        if len(parts) == 1:
            stem = posixpath.splitext(parts[0])[0]
            return _safe_id(stem), parts[0]
        if len(parts) != 2 or not parts[1]:
            raise UploadLayoutError(
                f"'{key}': files must sit directly under {prefix}<dossier-id>/ (no sub-folders)"
            )
        if not DOSSIER_ID.match(parts[0]):
            raise UploadLayoutError(
                f"'{parts[0]}' is not a valid dossier id (letters, digits, '.', '_', '-'; "
                "at most 128 characters)"
            )
        return parts[0], parts[1]

    def _read_manifest(self, bucket: str, key: str, dossier_id: str) -> dict[str, Any]:
        raw = self.objects.get(bucket, key)
        try:
            manifest = json.loads(raw.decode("utf-8-sig"))
        except UnicodeDecodeError as exc:
            raise ManifestError(f"manifest.json is not UTF-8 text: {exc.reason}") from exc
        except json.JSONDecodeError as exc:
            raise ManifestError(
                f"manifest.json is not valid JSON: {exc.msg} (line {exc.lineno}, column {exc.colno})"
            ) from exc
        problems = schema_errors("station/manifest.schema.json", manifest)
        if problems:
            raise ManifestError("manifest.json is invalid: " + "; ".join(problems))
        if manifest["dossier_id"] != dossier_id:
            raise ManifestError(
                f"manifest.json names dossier '{manifest['dossier_id']}' but was uploaded under "
                f"'{dossier_id}'"
            )
        return dict(manifest)

    def _register_part(self, dossier_id: str, name: str) -> str:
        record = rec.new_record(dossier_id, now=self.clock(), status="uploading")
        # a conflict means the dossier is known already, or its manifest won the race
        self._write(None, record, actor="station", action="first_file_uploaded", note=name)
        return "part"

    def _start(self, bucket: str, dossier_id: str, manifest: dict[str, Any]) -> str:
        now = self.clock()
        current = self.records.get(dossier_id)
        supplement = current is not None and current["status"] == "supplement_requested"
        if current is not None and current["status"] != "uploading" and not supplement:
            log.info(
                "dossier already started; ignoring repeated completion signal",
                extra={"dossier_id": dossier_id, "status": current["status"]},
            )
            return "duplicate"

        received_at = now
        if supplement and current is not None:
            # the dossier keeps its first reception; its processing time restarts from now
            received_at = _parse(current["received_at"])
        elif manifest.get("received_at"):
            received_at = datetime.fromisoformat(manifest["received_at"].replace("Z", "+00:00"))
        errors: list[dict[str, Any]] = []
        files, warnings = self._collect_files(bucket, dossier_id, manifest)
        applicant = manifest.get("applicant") or {}
        base = rec.new_record(
            dossier_id,
            now=now,
            status="processing",
            procedure_code=manifest["procedure_code"],
            channel=manifest.get("channel", "counter"),
            station_id=manifest.get("station_id"),
            received_by=manifest.get("received_by"),
            received_at=rec.iso(received_at),
            applicant={
                "full_name": applicant.get("name"),
                "id_number": applicant.get("id_number"),
                "phone": applicant.get("phone"),
                "email": applicant.get("email"),
                "address": applicant.get("address"),
            },
            files=files,
            warnings=warnings,
            counting_from=rec.iso(now if supplement else received_at),
        )
        if supplement and current is not None:
            base["supplements"] = int(current.get("supplements", 0)) + 1
            base["supplement_requested_at"] = current.get("supplement_requested_at")
            base["dossier_code"] = current.get("dossier_code")
        try:
            missing = [f["name"] for f in files if f.get("error") == "not uploaded"]
            if missing:
                raise HosoError(
                    "manifest.json lists files that were not uploaded: " + ", ".join(missing)
                )
            if not [f for f in files if not f.get("error")]:
                raise BadInput("the dossier contains no PDF, JPEG, PNG or TIFF file")
            procedure = self.catalog.get(manifest["procedure_code"], on=_local_date(received_at))
            if procedure is None:
                raise UnknownProcedure(
                    f"unknown procedure code '{manifest['procedure_code']}' "
                    f"(not in the catalog in force on {_local_date(received_at).isoformat()}; "
                    "see `hoso procedures`)"
                )
        except HosoError as exc:
            errors.append(rec.error(exc.code, exc.reason, stage="intake"))
            failed = dict(base, status="failed", errors=errors)
            self._write(current, failed, actor="hoso-intake", action="rejected", note=exc.reason)
            return "failed"

        record = dict(
            base,
            procedure_name=procedure.name,
            procedure_version=str(procedure.effective_from),
            agency=getattr(procedure, "agency", None),
        )
        action = "supplement_received" if supplement else "accepted_for_processing"
        if not self._write(current, record, actor="hoso-intake", action=action):
            return "duplicate"
        self.queue.send(
            "ocr",
            {
                "dossier_id": dossier_id,
                "bucket": bucket,
                "files": [f for f in files if not f.get("error")],
                "manifest": manifest,
            },
        )
        return "started"

    def _collect_files(
        self, bucket: str, dossier_id: str, manifest: dict[str, Any]
    ) -> tuple[list[dict[str, Any]], list[str]]:
        prefix = f"{self.settings.incoming_prefix}{dossier_id}/"
        present = {o.key[len(prefix) :]: o for o in self.objects.list(bucket, prefix)}
        present.pop(MANIFEST, None)
        names = list(manifest.get("files") or sorted(present))
        files: list[dict[str, Any]] = []
        warnings: list[str] = []
        for name in names:
            obj = present.get(name)
            if obj is None:
                files.append({"name": name, "key": prefix + name, "error": "not uploaded"})
                continue
            entry = {"name": name, "key": obj.key, "etag": obj.etag, "size": obj.size}
            if posixpath.splitext(name)[1].lower() not in SUPPORTED:
                entry["error"] = "unsupported file type"
                warnings.append(f"'{name}' ignored: only PDF, JPEG, PNG and TIFF files are read")
            files.append(entry)
        for name in sorted(set(present) - set(names)):
            warnings.append(f"'{name}' was uploaded but is not listed in manifest.json: ignored")
        return files, warnings

    # ------------------------------------------------------------------ stage 2: OCR
    def run_ocr(self, job: Mapping[str, Any]) -> str:
        """Read every page. A dossier with more pages than one invocation should read is split
        into page ranges, each a job on the same queue (fan-out); the last range to finish
        assembles the dossier's text (fan-in) and hands it to understanding."""
        dossier_id = job["dossier_id"]
        record = self.records.get(dossier_id)
        if record is None or record["status"] != "processing":
            return "skipped"
        if "part" in job:
            return self._ocr_part(job)
        plan = self._ocr_plan(job)
        parts = plan["parts"]
        if len(parts) <= 1:  # small dossier: read it here
            pages = [p for part in parts for p in self._ocr_range(job["bucket"], plan, part)]
            self._ocr_assemble(plan, job.get("manifest"), pages)
            return "done"
        plan_key = f"dossiers/{dossier_id}/ocr/{plan['id']}/plan.json"
        self.objects.put(
            self.settings.artefact_bucket,
            plan_key,
            json.dumps(plan, ensure_ascii=False).encode(),
            content_type="application/json",
        )
        for n in range(len(parts)):
            self.queue.send(
                "ocr",
                {
                    "dossier_id": dossier_id,
                    "bucket": job["bucket"],
                    "plan_key": plan_key,
                    "part": n,
                    "manifest": job.get("manifest"),
                },
            )
        return f"fanned out in {len(parts)} parts"

    def _ocr_plan(self, job: Mapping[str, Any]) -> dict[str, Any]:
        """Count pages per file and cut them into page ranges of at most N pages."""
        files: list[dict[str, Any]] = []
        errors: list[dict[str, Any]] = []
        parts: list[dict[str, Any]] = []
        size = max(1, self.settings.ocr_pages_per_invocation)
        for f in job["files"]:
            try:
                data = self.objects.get(job["bucket"], f["key"])
                count = self.count_pages(data, f["name"]) if self.count_pages else None
            except BadInput as exc:
                errors.append(rec.error(exc.code, exc.reason, file=f["name"], stage="ocr"))
                files.append({**f, "pages": 0, "error": exc.reason})
                continue
            files.append({**f, "pages": count})
            if count is None:  # no page counter: the whole file is one range
                parts.append({"file": f["name"], "key": f["key"], "first": None, "last": None})
                continue
            for first in range(1, count + 1, size):
                parts.append(
                    {
                        "file": f["name"],
                        "key": f["key"],
                        "first": first,
                        "last": min(count, first + size - 1),
                    }
                )
        ident = hashlib.sha256(
            json.dumps(
                [job["dossier_id"], [(f["key"], f.get("etag")) for f in job["files"]], size]
            ).encode()
        ).hexdigest()[:16]
        return {
            "id": ident,
            "dossier_id": job["dossier_id"],
            "files": files,
            "errors": errors,
            "parts": parts,
        }

    def _ocr_range(
        self, bucket: str, plan: dict[str, Any], part: dict[str, Any]
    ) -> list[dict[str, Any]]:
        """OCR one page range and store one artefact per page; return the page bodies."""
        data = self.objects.get(bucket, part["key"])
        page_range = (part["first"], part["last"]) if part["first"] else None
        try:
            result = self.ocr(data, part["file"], page_range=page_range)
        except BadInput as exc:  # the file broke after it was counted: every page says why
            first, last = page_range or (1, 1)
            result = [
                PageText(file=part["file"], index=i, text="", method="none", error=exc.reason)
                for i in range(first, last + 1)
            ]
        pages = []
        for page in result:
            body = page.to_dict()
            key = self._page_key(plan, page.file, page.index)
            self.objects.put(
                self.settings.artefact_bucket,
                key,
                json.dumps(body, ensure_ascii=False).encode("utf-8"),
                content_type="application/json",
            )
            body["artefact"] = f"s3://{self.settings.artefact_bucket}/{key}"
            pages.append(body)
        return pages

    def _page_key(self, plan: dict[str, Any], file: str, index: int) -> str:
        return f"dossiers/{plan['dossier_id']}/ocr/{plan['id']}/pages/{file}/{index:04d}.json"

    def _ocr_part(self, job: Mapping[str, Any]) -> str:
        plan = json.loads(self.objects.get(self.settings.artefact_bucket, job["plan_key"]))
        part = plan["parts"][job["part"]]
        self._ocr_range(job["bucket"], plan, part)
        done = self.records.mark_part_done(
            f"OCR#{plan['dossier_id']}#{plan['id']}", str(job["part"])
        )
        if done < len(plan["parts"]):
            return f"part {job['part'] + 1}/{len(plan['parts'])}"
        pages = []
        for f in plan["files"]:
            for index in range(1, (f.get("pages") or 0) + 1):
                key = self._page_key(plan, f["name"], index)
                body = json.loads(self.objects.get(self.settings.artefact_bucket, key))
                body["artefact"] = f"s3://{self.settings.artefact_bucket}/{key}"
                pages.append(body)
        self._ocr_assemble(plan, job.get("manifest"), pages)
        return "done"

    def _ocr_assemble(
        self, plan: dict[str, Any], manifest: Any, pages: list[dict[str, Any]]
    ) -> None:
        errors = list(plan["errors"])
        counts: dict[str, int] = {}
        for p in pages:
            counts[p["file"]] = counts.get(p["file"], 0) + 1
            if p.get("error"):
                errors.append(
                    rec.error(
                        "page_unreadable", p["error"], file=p["file"], page=p["index"], stage="ocr"
                    )
                )
        files = [
            {**f, "pages": counts.get(f["name"], 0)} if not f.get("error") else f
            for f in plan["files"]
        ]
        dossier_id = plan["dossier_id"]
        ocr_key = f"dossiers/{dossier_id}/ocr.json"
        self.objects.put(
            self.settings.artefact_bucket,
            ocr_key,
            json.dumps(
                {"pages": pages, "errors": errors, "files": files}, ensure_ascii=False
            ).encode("utf-8"),
            content_type="application/json",
        )
        self.queue.send(
            "understand", {"dossier_id": dossier_id, "ocr_key": ocr_key, "manifest": manifest}
        )

    # ------------------------------------------------------------------ stage 3: understanding
    def run_understand(self, job: Mapping[str, Any]) -> str:
        dossier_id = job["dossier_id"]
        record = self.records.get(dossier_id)
        if record is None or record["status"] != "processing":
            return "skipped"
        ocr = json.loads(self.objects.get(self.settings.artefact_bucket, job["ocr_key"]))
        pages = [PageText.from_dict(p) for p in ocr["pages"]]
        # the procedure in force, and the papers' validity, as of the day of receipt
        received_on = _local_date(_parse(record["received_at"]))
        procedure = self.catalog.get(record["procedure_code"], on=received_on)
        readable = [p for p in pages if not p.error and p.text.strip()]
        result: dict[str, Any]
        if not readable:
            result = {
                "status": "failed",
                "components": [],
                "missing_components": [],
                "applicant": {},
                "pages": [],
                "warnings": [],
                "errors": [
                    rec.error(
                        "no_readable_page", "no page of the dossier could be read", stage="ocr"
                    )
                ],
            }
        else:
            result = self.assess(procedure, pages, manifest=job.get("manifest"), today=received_on)
        assessment_key = f"dossiers/{dossier_id}/assessment.json"
        self.objects.put(
            self.settings.artefact_bucket,
            assessment_key,
            json.dumps({"ocr": ocr, "result": result}, ensure_ascii=False).encode("utf-8"),
            content_type="application/json",
        )
        self.queue.send("notify", {"dossier_id": dossier_id, "assessment_key": assessment_key})
        return "done"

    # ------------------------------------------------------------------ stage 4: record + notify
    def run_notify(self, job: Mapping[str, Any]) -> str:
        dossier_id = job["dossier_id"]
        record = self.records.get(dossier_id)
        if record is None or record["status"] != "processing":
            return "skipped"
        now = self.clock()
        data = json.loads(self.objects.get(self.settings.artefact_bucket, job["assessment_key"]))
        ocr, result = data["ocr"], data["result"]
        labels = {(p["file"], p["index"]): p for p in result.get("pages", [])}
        pages = []
        for p in ocr["pages"]:
            label = labels.get((p["file"], p["index"]), {})
            pages.append(
                {
                    "file": p["file"],
                    "index": p["index"],
                    "method": p["method"],
                    "confidence": p.get("confidence"),
                    "rotation": p.get("rotation", 0),
                    "doc_type": label.get("doc_type"),
                    "component_id": label.get("component_id"),
                    "error": p.get("error"),
                    "artefact": p.get("artefact"),
                }
            )
        applicant = dict(record.get("applicant") or {})
        for k, v in (result.get("applicant") or {}).items():
            if v is not None:
                applicant[k] = v
        files_by_name = {f["name"]: f for f in ocr.get("files", [])}
        files = [files_by_name.get(f["name"], f) for f in record["files"]]
        final = rec.evolve(
            record,
            now=now,
            status=result["status"],
            pages=pages,
            files=files,
            components=result.get("components", []),
            missing_components=result.get("missing_components", []),
            applicant=applicant,
            errors=record["errors"] + ocr.get("errors", []) + result.get("errors", []),
            warnings=record.get("warnings", []) + result.get("warnings", []),
        )
        self._finalise(final, now)
        if not self._write(record, final, actor="hoso-notify", action="decided"):
            return "skipped"
        return str(final["status"])

    def _finalise(self, final: dict[str, Any], now: datetime) -> None:
        """What a decision brings: dossier code and appointment date for an accepted dossier,
        the date of a supplement request, and the notice (receipt or supplement request)."""
        if final["status"] == "supplement_requested":
            final["supplement_requested_at"] = rec.iso(now)
        if final["status"] == "received":
            received_at = _parse(final.get("counting_from") or final["received_at"])
            if not final.get("dossier_code"):
                seq = self.records.next_sequence(
                    f"{self.settings.agency_code}#{received_at.astimezone(VN_TZ):%y%m%d}"
                )
                final["dossier_code"] = dossier_code(self.settings.agency_code, received_at, seq)
            if self.due_at is not None:
                due = self.due_at(
                    received_at,
                    self.catalog.get(final["procedure_code"], on=_local_date(received_at)),
                )
                final["due_at"] = rec.iso(due) if due else None
        self._store_notices(final, "decided")

    def _store_notices(self, final: dict[str, Any], occasion: str, **extra: Any) -> None:
        if self.notices is None:
            return
        for name, pdf in self.notices(final, occasion, **extra).items():
            key = f"dossiers/{final['dossier_id']}/notices/{name}.pdf"
            self.objects.put(
                self.settings.artefact_bucket, key, pdf, content_type="application/pdf"
            )
            final.setdefault("documents", {})[name] = f"s3://{self.settings.artefact_bucket}/{key}"

    # ------------------------------------------------------------------ failures and sweeping
    def fail(self, dossier_id: str, *, stage: str, reason: str, code: str = "failed") -> bool:
        """Mark the dossier failed with a readable reason (creating the record if needed)."""
        now = self.clock()
        current = self.records.get(dossier_id)
        if current is not None and current["status"] in rec.TERMINAL:
            return False
        base = current or rec.new_record(dossier_id, now=now, status="failed")
        failed = rec.evolve(
            base,
            now=now,
            status="failed",
            errors=[*base.get("errors", []), rec.error(code, reason, stage=stage)],
        )
        return self._write(current, failed, actor=f"hoso-{stage}", action="failed", note=reason)

    def dead_letter(
        self,
        *,
        stage: str,
        dossier_id: str | None = None,
        key: str | None = None,
        attempts: int | None = None,
    ) -> bool:
        """A stage's message exhausted its retries: end the dossier as failed, with a reason."""
        if dossier_id is None:
            try:
                dossier_id = self._split_key(key or "")[0]
            except UploadLayoutError:
                dossier_id = _id_from_key(key or "unknown", self.settings.incoming_prefix)
        current = self.records.get(dossier_id)
        last = (current or {}).get("last_error") or {}
        reason = f"the {stage} stage failed"
        if attempts:
            reason += f" {attempts} times"
        if last.get("reason"):
            reason += f"; last error: {last['reason']}"
        return self.fail(dossier_id, stage=stage, reason=reason, code="stage_failed")

    def note_error(self, dossier_id: str, *, stage: str, reason: str) -> None:
        """Remember the last error of a retried stage on the record (status unchanged)."""
        current = self.records.get(dossier_id)
        if current is None or current["status"] in rec.TERMINAL:
            return
        updated = rec.evolve(
            current, now=self.clock(), last_error={"stage": stage, "reason": reason}
        )
        store.annotate(self.records, current, updated)

    def sweep(self) -> dict[str, list[str]]:
        """Scheduled housekeeping: stale uploads fail, late dossiers are flagged overdue."""
        return {"failed": self.fail_stale_uploads(), "overdue": self.mark_overdue()}

    def fail_stale_uploads(self) -> list[str]:
        """Fail dossiers whose files arrived but whose manifest.json never did."""
        cutoff = rec.iso(self.clock() - timedelta(minutes=self.settings.stale_upload_minutes))
        failed = []
        for r in self.records.by_status("uploading", updated_before=cutoff):
            reason = (
                f"manifest.json was not uploaded within {self.settings.stale_upload_minutes} "
                "minutes of the dossier's files"
            )
            if self.fail(r["dossier_id"], stage="sweeper", reason=reason, code="manifest_missing"):
                failed.append(r["dossier_id"])
        return failed

    # ------------------------------------------------------------------ helpers
    def _write(
        self,
        current: dict[str, Any] | None,
        new: dict[str, Any],
        *,
        actor: str,
        action: str,
        note: str | None = None,
    ) -> bool:
        return store.write(
            self.records, current, new, now=self.clock(), actor=actor, action=action, note=note
        )

    # ------------------------------------------------------------------ outbox relay
    def relay(self, entries: list[dict[str, Any]]) -> int:
        """Publish the events that audit entries carry (fed by the table's stream).

        Each entry was written atomically with its state change, so nothing is published that
        did not happen and nothing that happened is left out; a redelivered entry republishes
        the same event with the same idempotency key.
        """
        n = 0
        for entry in entries:
            event = entry.get("event")
            if not event:
                continue
            self.events.publish(event["detail_type"], event["detail"])
            n += 1
        return n


def _safe_id(text: str) -> str:
    cleaned = re.sub(r"[^A-Za-z0-9._-]+", "-", text).strip("-.") or "unnamed"
    return cleaned[:128]


def _id_from_key(key: str, prefix: str) -> str:
    """Best dossier id for an object that breaks the layout: its folder, else its name."""
    rest = key[len(prefix) :] if key.startswith(prefix) else key
    first = rest.split("/", 1)[0]
    return _safe_id(posixpath.splitext(first)[0] if "/" not in rest else first)


def _parse(value: str) -> datetime:
    return datetime.fromisoformat(value.replace("Z", "+00:00"))


def _local_date(dt: datetime) -> date:
    return dt.astimezone(VN_TZ).date()
