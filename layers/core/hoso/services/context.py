"""What every service works with: the ports, the catalog, the clock, the settings and the
core's collaborators (OCR, understanding, notices, due dates). Built once, by the composition
root (``hoso_aws.bootstrap.build``); tests build one with in-memory ports."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from enum import StrEnum
from typing import TYPE_CHECKING, Any, Protocol

from hoso.dossier import Dossier
from hoso.model import PageText
from hoso.officers import OfficerDirectory
from hoso.ports import EventPublisher, Messenger, ObjectStore, RecordStore, WorkQueue

if TYPE_CHECKING:
    from hoso.agencies import AgencyDirectory


class Outcome(StrEnum):
    """What a stage did with one message (for logs and tests)."""

    STARTED = "started"  # intake: the dossier starts its way through the pipeline
    PART = "part"  # intake: one of a dossier's files arrived
    DUPLICATE = "duplicate"  # a repeated signal: nothing to do
    REJECTED = "rejected"  # the upload breaks the station contract: a failed record says why
    IGNORED = "ignored"  # the object is gone, or a stray one for a dossier under way
    SKIPPED = "skipped"  # the dossier is not (or no longer) at this stage
    DONE = "done"  # the stage's work is done and handed on
    FANNED_OUT = "fanned_out"  # OCR: a large dossier cut into page ranges
    PART_READ = "part_read"  # OCR: one page range of a large dossier read
    CONTINUED = "continued"  # OCR: pages read before the deadline stored, the rest re-queued


TimeLeft = Callable[[], float]  # seconds before a job must stop (the invocation's time)


class OcrFn(Protocol):
    """The pages of a file (of ``page_range``, 1-based inclusive). ``time_left``: the pages
    it leaves no time for are missing from the list (the first one is always read)."""

    def __call__(
        self,
        data: bytes,
        name: str,
        *,
        page_range: tuple[int, int] | None = None,
        time_left: TimeLeft | None = None,
    ) -> list[PageText]: ...


class Assessor(Protocol):
    """Understanding: the assessment of a dossier's pages (``hoso.understand``) as JSON."""

    def __call__(
        self,
        procedure: Any,
        pages: list[PageText],
        *,
        manifest: dict[str, Any] | None,
        today: date,
        labels: Mapping[tuple[str, int], str] | None = None,
    ) -> dict[str, Any]:
        """``labels``: an officer's corrections, {(file, page index): document type}."""


class Notices(Protocol):
    """Renders the notices an occasion calls for; returns {document name: PDF bytes}.

    Occasions: ``decided`` (receipt or supplement request), ``apology``."""

    def __call__(self, dossier: Dossier, occasion: str, **extra: Any) -> dict[str, bytes]: ...


class Catalog(Protocol):
    def get(self, code: str, on: date | None = None) -> Any: ...
    def doc_type(self, doc_type_id: str) -> Any: ...


class Calendar(Protocol):
    """The working calendar (``hoso.workdays.WorkCalendar``) the time limits count on."""

    def add_working_days(self, start: datetime, n: int, *, cutoff: Any = None) -> datetime: ...
    def add_working_hours(self, start: datetime, hours: float) -> datetime: ...
    def working_days_between(self, a: datetime, b: datetime) -> int: ...
    def next_working_day(self, d: date | datetime) -> date: ...
    def closing(self, d: date | datetime) -> datetime: ...


@dataclass
class Settings:
    upload_bucket: str
    artefact_bucket: str
    incoming_prefix: str = "incoming/"
    agency_code: str = "000.00.00.H40"
    stale_upload_minutes: int = 30
    # a dossier in processing whose record has not changed this long has stalled: it is
    # started again once, then failed (longer than a stage's retries through its queue take)
    stalled_processing_minutes: int = 240
    ocr_pages_per_invocation: int = 24
    ocr_workers: int | None = None  # parallel tesseract processes; None = the CPUs we have
    ocr_page_timeout_s: float = 120.0  # all readings of one page; the page is marked when over
    # an OCR job stops reading this long before its invocation ends: the pages read are
    # stored and the rest re-queued (storing them and sending the job takes seconds)
    ocr_deadline_margin_s: float = 30.0
    tesseract_cmd: str | None = None  # None = ``tesseract`` on PATH
    due_soon_working_hours: float = 8.0  # officers are warned this long before a due date
    notice_link_ttl_s: int = 7 * 24 * 3600  # presigned notice links (SigV4 allows 7 days)
    # Bounds at intake (template parameters): a breach is a failed record naming the limit.
    max_manifest_kb: int = 256  # manifest.json's size
    max_manifest_depth: int = 16  # JSON nesting (a manifest needs 3)
    max_files: int = 500  # files in one dossier (or one supplement)
    max_file_mb: int = 200  # one file's size, as S3 lists it (never downloaded to check)
    max_pages: int = 1000  # pages of one dossier (or one supplement), counted by OCR's plan


def _utcnow() -> datetime:
    return datetime.now(UTC)


@dataclass
class Services:
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
    calendar: Calendar | None = None
    agencies: AgencyDirectory | None = None  # None: the default agency data (hoso.agencies)
    messenger: Messenger | None = None  # only the messenger function tells people
    officers: OfficerDirectory | None = None  # only the API function tells who acts
    clock: Callable[[], datetime] = field(default=_utcnow)
