"""The dossier's one state machine: its statuses and the transitions each action may make.

Every state change hoso writes names an :class:`Action`; :func:`check` says whether the action
is allowed from the dossier's status and to the status asked for. Status names are the wire
values of ``schemas/records/dossier.schema.json`` (``status``) and of the events' ``status``.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class DossierStatus(StrEnum):
    UPLOADING = "uploading"  # files arrived, manifest.json not yet
    PROCESSING = "processing"  # in the pipeline (OCR, understanding, decision)
    RECEIVED = "received"  # complete and valid: received, with a receipt and a due date
    SUPPLEMENT_REQUESTED = "supplement_requested"  # one complete request for what is missing
    NEEDS_REVIEW = "needs_review"  # hoso abstained: an officer decides
    FAILED = "failed"  # could not be processed (see errors)
    IN_PROGRESS = "in_progress"  # the agency is processing it
    RESULT_READY = "result_ready"
    DELIVERED = "delivered"
    WITHDRAWN = "withdrawn"
    CLOSED = "closed"  # the supplement did not come within its period: the dossier is closed


S = DossierStatus

# How the forms and the console name each status.
LABELS: dict[DossierStatus, str] = {
    S.UPLOADING: "Đang tải lên",
    S.PROCESSING: "Đang xử lý",
    S.RECEIVED: "Đã tiếp nhận",
    S.SUPPLEMENT_REQUESTED: "Yêu cầu bổ sung",
    S.NEEDS_REVIEW: "Chờ cán bộ xem xét",
    S.FAILED: "Không xử lý được",
    S.IN_PROGRESS: "Đang giải quyết",
    S.RESULT_READY: "Có kết quả",
    S.DELIVERED: "Đã trả kết quả",
    S.WITHDRAWN: "Rút hồ sơ",
    S.CLOSED: "Đóng hồ sơ (không bổ sung đúng hạn)",
}

# The pipeline's decision: a dossier it will not touch again by itself.
DECIDED = frozenset({S.RECEIVED, S.SUPPLEMENT_REQUESTED, S.NEEDS_REVIEW, S.FAILED})
# Received and not yet finished by the agency: it has a due date that can pass.
OPEN = frozenset({S.RECEIVED, S.IN_PROGRESS})
# Decisions an officer may take on a dossier hoso sent for review.
OFFICER_DECISIONS = frozenset({S.RECEIVED, S.SUPPLEMENT_REQUESTED})
# Every status of an existing dossier.
EXISTING = frozenset(S)


class Action(StrEnum):
    """What happened to a dossier; the audit entry's ``action``."""

    FIRST_FILE_UPLOADED = "first_file_uploaded"
    ACCEPTED_FOR_PROCESSING = "accepted_for_processing"
    SUPPLEMENT_RECEIVED = "supplement_received"
    SUPPLEMENT_REFUSED = "supplement_refused"  # late, or not awaited: recorded, status kept
    SUPPLEMENT_PERIOD_EXPIRED = "supplement_period_expired"  # closed: no supplement in time
    REJECTED = "rejected"  # intake refused the upload (bad manifest, unknown procedure...)
    DECIDED = "decided"  # the pipeline's decision
    FAILED = "failed"  # a stage gave up on it
    PROCESSING_RESTARTED = "processing_restarted"  # stalled: reading started again (once)
    REPROCESSED = "reprocessed"  # failed: an operator started reading it again
    OFFICER_DECISION = "officer_decision"
    CLASSIFICATION_CORRECTED = "classification_corrected"  # an officer relabels pages
    COUNTER_SUPPLEMENT_RECEIVED = "counter_supplement_received"  # handed in on paper
    PROCESSING_STARTED = "processing_started"
    RESULT_READY = "result_ready"
    DELIVERED = "delivered"
    WITHDRAWN = "withdrawn"
    APOLOGY_ISSUED = "apology_issued"
    OVERDUE = "overdue"
    DUE_SOON = "due_soon"


@dataclass(frozen=True)
class Transition:
    sources: frozenset[DossierStatus | None]  # None: the dossier does not exist yet
    targets: frozenset[DossierStatus] | None  # None: the status stays as it is


def _t(sources: set[DossierStatus | None], targets: set[DossierStatus] | None) -> Transition:
    return Transition(frozenset(sources), None if targets is None else frozenset(targets))


# action -> allowed from -> to
TRANSITIONS: dict[Action, Transition] = {
    Action.FIRST_FILE_UPLOADED: _t({None}, {S.UPLOADING}),
    Action.ACCEPTED_FOR_PROCESSING: _t({None, S.UPLOADING}, {S.PROCESSING}),
    Action.SUPPLEMENT_RECEIVED: _t({S.SUPPLEMENT_REQUESTED}, {S.PROCESSING}),
    Action.SUPPLEMENT_REFUSED: _t(set(EXISTING), None),
    Action.SUPPLEMENT_PERIOD_EXPIRED: _t({S.SUPPLEMENT_REQUESTED}, {S.CLOSED}),
    Action.REJECTED: _t({None, S.UPLOADING}, {S.FAILED}),
    Action.DECIDED: _t({S.PROCESSING}, set(DECIDED)),
    Action.FAILED: _t({None, S.UPLOADING, S.PROCESSING}, {S.FAILED}),
    Action.PROCESSING_RESTARTED: _t({S.PROCESSING}, None),
    Action.REPROCESSED: _t({S.FAILED}, {S.PROCESSING}),
    Action.OFFICER_DECISION: _t({S.NEEDS_REVIEW}, set(OFFICER_DECISIONS)),
    Action.CLASSIFICATION_CORRECTED: _t(
        {S.NEEDS_REVIEW}, {S.RECEIVED, S.SUPPLEMENT_REQUESTED, S.NEEDS_REVIEW}
    ),
    Action.COUNTER_SUPPLEMENT_RECEIVED: _t({S.SUPPLEMENT_REQUESTED}, {S.RECEIVED, S.NEEDS_REVIEW}),
    Action.PROCESSING_STARTED: _t({S.RECEIVED}, {S.IN_PROGRESS}),
    Action.RESULT_READY: _t(set(OPEN), {S.RESULT_READY}),
    Action.DELIVERED: _t({S.RESULT_READY}, {S.DELIVERED}),
    Action.WITHDRAWN: _t(
        {
            S.UPLOADING,
            S.PROCESSING,
            S.RECEIVED,
            S.SUPPLEMENT_REQUESTED,
            S.NEEDS_REVIEW,
            S.IN_PROGRESS,
        },
        {S.WITHDRAWN},
    ),
    Action.APOLOGY_ISSUED: _t(set(OPEN), None),
    Action.OVERDUE: _t(set(OPEN), None),
    Action.DUE_SOON: _t(set(OPEN), None),
}


def can(action: Action, current: DossierStatus | None) -> bool:
    """May ``action`` happen to a dossier in status ``current`` (None: no dossier yet)?"""
    return current in TRANSITIONS[action].sources


def check(action: Action, current: DossierStatus | None, target: DossierStatus) -> bool:
    """Is ``current`` → ``target`` a transition ``action`` may make?"""
    t = TRANSITIONS[action]
    if current not in t.sources:
        return False
    return target == current if t.targets is None else target in t.targets


def sources_text(action: Action) -> str:
    """The statuses ``action`` is allowed from, for messages (existing dossiers only)."""
    return ", ".join(sorted(s.value for s in TRANSITIONS[action].sources if s is not None))
