"""What happens to a dossier after intake: the officer's decision on a dossier hoso abstained
on, the agency's processing and result, lateness (overdue, apology letter), withdrawal.

Each action is a state change written with its audit entry and event (``hoso.store``); an
action that the dossier's state does not allow raises :class:`InvalidAction` with the reason.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Any

from hoso import records as rec
from hoso import store
from hoso.errors import HosoError

if TYPE_CHECKING:
    from hoso.ports import RecordStore

OPEN = ("received", "in_progress")


class NotFound(HosoError):
    code = "not_found"


class InvalidAction(HosoError):
    code = "invalid_action"


class LifecycleMixin:
    """Mixed into :class:`hoso.pipeline.Pipeline`, which provides the attributes below."""

    records: RecordStore
    clock: Callable[[], datetime]

    def _finalise(self, final: dict[str, Any], now: datetime) -> None:  # pragma: no cover
        raise NotImplementedError

    def _store_notices(self, final: dict[str, Any], occasion: str, **extra: Any) -> None:
        raise NotImplementedError  # pragma: no cover

    # ------------------------------------------------------------------ helpers
    def _current(self, dossier_id: str, allowed: tuple[str, ...], action: str) -> dict[str, Any]:
        current = self.records.get(dossier_id)
        if current is None:
            raise NotFound(f"no dossier '{dossier_id}'")
        if current["status"] not in allowed:
            raise InvalidAction(
                f"cannot {action} dossier '{dossier_id}' in status '{current['status']}' "
                f"(allowed from: {', '.join(allowed)})"
            )
        return current

    def _commit(
        self,
        current: dict[str, Any],
        new: dict[str, Any],
        *,
        actor: str,
        action: str,
        note: str | None = None,
    ) -> dict[str, Any]:
        if not store.write(
            self.records, current, new, now=self.clock(), actor=actor, action=action, note=note
        ):
            raise InvalidAction(f"dossier '{current['dossier_id']}' changed meanwhile; retry")
        return new

    # ------------------------------------------------------------------ officer
    def decide(
        self,
        dossier_id: str,
        *,
        actor: str,
        status: str,
        missing: list[dict[str, str]] | None = None,
        note: str | None = None,
    ) -> dict[str, Any]:
        """An officer decides a dossier hoso sent for review: accept, or request a supplement
        listing every missing or invalid item with its reason."""
        if status not in ("received", "supplement_requested"):
            raise InvalidAction("decision must be 'received' or 'supplement_requested'")
        if status == "supplement_requested" and not missing:
            raise InvalidAction("a supplement request must list the missing or invalid items")
        current = self._current(dossier_id, ("needs_review",), "decide")
        now = self.clock()
        new = rec.evolve(current, now=now, status=status, decided_by=actor)
        if status == "supplement_requested":
            new["missing_components"] = [
                {
                    "name": m["name"],
                    "reason": m.get("reason") or f"Thiếu {m['name']}",
                    **({"id": m["id"]} if m.get("id") else {}),
                }
                for m in missing or []
            ]
        else:
            new["missing_components"] = []
        self._finalise(new, now)
        return self._commit(current, new, actor=actor, action="officer_decision", note=note)

    # ------------------------------------------------------------------ agency
    def start_processing(self, dossier_id: str, *, actor: str) -> dict[str, Any]:
        current = self._current(dossier_id, ("received",), "start processing")
        new = rec.evolve(current, now=self.clock(), status="in_progress")
        return self._commit(current, new, actor=actor, action="processing_started")

    def result_ready(self, dossier_id: str, *, actor: str) -> dict[str, Any]:
        current = self._current(dossier_id, OPEN, "record a result for")
        now = self.clock()
        new = rec.evolve(current, now=now, status="result_ready", result_at=rec.iso(now))
        return self._commit(current, new, actor=actor, action="result_ready")

    def deliver(self, dossier_id: str, *, actor: str) -> dict[str, Any]:
        current = self._current(dossier_id, ("result_ready",), "deliver")
        now = self.clock()
        new = rec.evolve(current, now=now, status="delivered", delivered_at=rec.iso(now))
        return self._commit(current, new, actor=actor, action="delivered")

    def withdraw(self, dossier_id: str, *, actor: str, reason: str) -> dict[str, Any]:
        allowed = (
            "uploading",
            "processing",
            "received",
            "supplement_requested",
            "needs_review",
            "in_progress",
        )
        current = self._current(dossier_id, allowed, "withdraw")
        now = self.clock()
        new = rec.evolve(current, now=now, status="withdrawn", withdrawn_at=rec.iso(now))
        return self._commit(current, new, actor=actor, action="withdrawn", note=reason)

    def apologise(
        self, dossier_id: str, *, actor: str, reason: str, new_due_at: datetime
    ) -> dict[str, Any]:
        """Apology letter with the reason and a new appointment; the date moves at most once."""
        current = self._current(dossier_id, OPEN, "issue an apology for")
        if current.get("apology_at"):
            raise InvalidAction(
                f"an apology was already issued for '{dossier_id}' on {current['apology_at']}: "
                "the appointment may be moved only once"
            )
        if not reason.strip():
            raise InvalidAction("an apology letter must state the reason for the delay")
        due = current.get("due_at")
        new_due = rec.iso(new_due_at)
        if due and new_due <= due:
            raise InvalidAction(f"the new date {new_due} must be after the appointment {due}")
        now = self.clock()
        new = rec.evolve(current, now=now, apology_at=rec.iso(now), new_due_at=new_due)
        if due and now > _parse(due) - timedelta(days=1):
            new["warnings"] = [
                *new.get("warnings", []),
                "apology issued less than one day before the appointment",
            ]
        self._store_notices(new, "apology", reason=reason, new_due_at=new_due)
        return self._commit(current, new, actor=actor, action="apology_issued", note=reason)

    # ------------------------------------------------------------------ queries
    def by_applicant(self, id_number: str) -> list[dict[str, Any]]:
        """A returning applicant's dossiers (the index key is a hash of the ID number)."""
        return self.records.query_index("gsi4", f"APPLICANT#{rec.applicant_key(id_number)}")

    def received_between(self, start: date, end: date) -> list[dict[str, Any]]:
        """Dossiers received on local days start..end inclusive (one index query per day)."""
        out: list[dict[str, Any]] = []
        day = start
        while day <= end:
            out += self.records.query_index("gsi5", f"RECEIVED#{day.isoformat()}")
            day += timedelta(days=1)
        return out

    def quality(self, start: date, end: date) -> dict[str, Any]:
        """Decision 766 service-quality indicators over dossiers received start..end."""
        from hoso.metrics import compute_metrics

        result: dict[str, Any] = compute_metrics(
            self.received_between(start, end), start=start, end=end, now=self.clock()
        )
        return result

    def control_sheet(self, dossier_id: str) -> bytes | None:
        """Phiếu kiểm soát quá trình giải quyết hồ sơ: the audit trail as the official form."""
        from hoso.forms import render_control_sheet

        record = self.records.get(dossier_id)
        if record is None:
            return None
        return render_control_sheet(record, audit=self.records.audit_trail(dossier_id))

    def mark_overdue(self) -> list[str]:
        """Flag open dossiers whose appointment passed without a result (DossierOverdue)."""
        now = self.clock()
        now_iso = rec.iso(now)
        months = sorted({f"{(now - timedelta(days=31 * k)):%Y-%m}" for k in range(13)})
        flagged = []
        for month in months:
            for r in self.records.query_index("gsi3", f"DUE#{month}", hi=now_iso):
                if r.get("overdue_at") or r["status"] not in OPEN:
                    continue
                due = r.get("new_due_at") or r.get("due_at")
                new = rec.evolve(r, now=now, overdue_at=now_iso)
                if store.write(
                    self.records,
                    r,
                    new,
                    now=now,
                    actor="hoso-sweeper",
                    action="overdue",
                    note=f"appointment {due} passed without a result",
                ):
                    flagged.append(r["dossier_id"])
        return flagged


def _parse(value: str) -> datetime:
    return datetime.fromisoformat(value.replace("Z", "+00:00"))
