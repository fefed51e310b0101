"""Agencies, reception counters and routing, loaded from ``schemas/agencies/<id>.json``.

A dossier belongs to the agency its procedure names (``agency_code`` in the catalog): that
agency processes it, is accountable for it, finds it in its work list and subscribes to its
events. The counter that received it (``counter`` in manifest.json) is recorded, nothing more:
a merged counter receives for several departments, and a dossier of department X received
there is X's.

Agencies and counters are data, versioned by ``effective_from``: a merger or a renaming is a
new version, a new agency or counter a new entry, never code. An agency may have its own
office rules (office hours, last working hour, Saturday reception) on top of the centre's
calendar (``schemas/calendar/<calendar>.json``): :meth:`AgencyDirectory.calendar` gives its
working calendar, which the due date and the last-working-hour rule use.
"""

from __future__ import annotations

import bisect
import copy
import functools
import itertools
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Final

from hoso.resources import load_json, schema_errors
from hoso.text import nfc
from hoso.workdays import WorkCalendar, load_calendar

__all__ = ["Agency", "AgencyDirectory", "Counter", "Routing", "load_agencies", "route"]

SCHEMA: Final = "agencies/agencies.schema.json"
DEFAULT_DIRECTORY: Final = "nghe-an"
OFFICE_KEYS: Final = ("office_hours", "last_working_hour_minutes", "saturday_reception")


def _day(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


@dataclass(frozen=True)
class Agency:
    """One version of a handling agency (cơ quan giải quyết)."""

    code: str
    name: str
    level: str
    effective_from: date
    effective_until: date | None = None
    merged_into: str | None = None
    office_rules: Mapping[str, Any] = field(default_factory=dict)  # calendar keys it overrides
    source: str = ""

    def in_force(self, on: date) -> bool:
        return self.effective_from <= on and (
            self.effective_until is None or on < self.effective_until
        )


@dataclass(frozen=True)
class Counter:
    """One version of a reception counter (quầy); a merged counter receives for several."""

    id: str
    name: str
    receives_for: tuple[str, ...]
    effective_from: date
    effective_until: date | None = None
    source: str = ""

    def in_force(self, on: date) -> bool:
        return self.effective_from <= on and (
            self.effective_until is None or on < self.effective_until
        )


@dataclass(frozen=True)
class Routing:
    """Where a dossier goes: its agency's code and name, the counter that received it, and
    what did not add up (record warnings: never a reason to refuse the dossier)."""

    agency: str | None
    agency_name: str | None
    counter: str | None
    warnings: tuple[str, ...] = ()


def _latest(versions: Iterable[Any], on: date) -> Any:
    """The version with the latest effective_from on or before ``on`` if it is in force."""
    found = None
    for v in versions:  # sorted by effective_from
        if v.effective_from <= on:
            found = v
    return found if found is not None and found.in_force(on) else None


class AgencyDirectory:
    """The agencies and counters of one centre, and each agency's working calendar."""

    def __init__(
        self,
        agencies: Iterable[Agency],
        counters: Iterable[Counter],
        calendar: Mapping[str, Any],
        *,
        name: str = "",
        base: WorkCalendar | None = None,
    ) -> None:
        self._agencies: dict[str, list[Agency]] = {}
        for a in sorted(agencies, key=lambda a: a.effective_from):
            self._agencies.setdefault(a.code, []).append(a)
        self._counters: dict[str, list[Counter]] = {}
        for c in sorted(counters, key=lambda c: c.effective_from):
            self._counters.setdefault(c.id, []).append(c)
        self._calendar_data = copy.deepcopy(dict(calendar))
        self._base = base
        self._calendars: dict[str, WorkCalendar] = {}
        self.name = name
        self._check()

    # ------------------------------------------------------------------ reading
    def codes(self) -> list[str]:
        return sorted(self._agencies)

    def versions(self, code: str) -> list[Agency]:
        return list(self._agencies.get(code, []))

    def agency(self, code: str, on: date) -> Agency | None:
        """The version of agency ``code`` in force on ``on`` (None: unknown, or not yet or no
        longer in force)."""
        found: Agency | None = _latest(self._agencies.get(code, []), on)
        return found

    def agencies(self, on: date) -> list[Agency]:
        return [a for code in self.codes() if (a := self.agency(code, on)) is not None]

    def counter(self, counter_id: str, on: date) -> Counter | None:
        found: Counter | None = _latest(self._counters.get(counter_id, []), on)
        return found

    def counters(self, on: date) -> list[Counter]:
        return [c for cid in sorted(self._counters) if (c := self.counter(cid, on)) is not None]

    def counters_for(self, code: str, on: date) -> list[Counter]:
        """The counters receiving for agency ``code`` on ``on``."""
        return [c for c in self.counters(on) if code in c.receives_for]

    def successor(self, code: str, on: date) -> Agency | None:
        """The agency that took over ``code``'s work when it was merged, as in force on ``on``
        (following several mergers)."""
        seen = {code}
        versions = self._agencies.get(code, [])
        target = versions[-1].merged_into if versions else None
        while target and target not in seen:
            found = self.agency(target, on)
            if found is not None:
                return found
            seen.add(target)
            later = self._agencies.get(target, [])
            target = later[-1].merged_into if later else None
        return None

    # ------------------------------------------------------------------ calendars
    def calendar(self, code: str | None) -> WorkCalendar:
        """Agency ``code``'s working calendar: the centre's, with the office rules the
        agency's versions override while they are in force (the centre's for None or a code
        without office rules)."""
        versions = self._agencies.get(code or "", [])
        if not any(v.office_rules for v in versions):
            return self._centre()
        assert code is not None
        if code not in self._calendars:
            data = dict(self._calendar_data, versions=self._merged_rules(versions))
            data["name"] = f"{data.get('name', data['id'])}: {versions[-1].name}"
            self._calendars[code] = WorkCalendar.from_dict(data)
        return self._calendars[code]

    def _centre(self) -> WorkCalendar:
        if self._base is None:
            self._base = WorkCalendar.from_dict(self._calendar_data)
        return self._base

    def _merged_rules(self, versions: list[Agency]) -> list[dict[str, Any]]:
        """The centre's calendar versions with the agency's overrides, one version per date
        either of them changes."""
        centre = sorted(self._calendar_data["versions"], key=lambda v: str(v["effective_from"]))
        starts = [date.fromisoformat(v["effective_from"]) for v in centre]
        breaks = sorted(set(starts) | {v.effective_from for v in versions})
        out: list[dict[str, Any]] = []
        for day in breaks:
            rules = dict(centre[max(bisect.bisect_right(starts, day) - 1, 0)])
            own = next((v for v in reversed(versions) if v.effective_from <= day), None)
            if own is not None and own.office_rules:
                rules.update({k: own.office_rules[k] for k in OFFICE_KEYS if k in own.office_rules})
                note = own.office_rules.get("source") or own.source
                rules["source"] = f"{rules.get('source', '')} {own.code}: {note}".strip()
            rules["effective_from"] = day.isoformat()
            out.append(rules)
        return out

    # ------------------------------------------------------------------ routing
    def route(self, procedure: Any, manifest: Mapping[str, Any] | None, on: date) -> Routing:
        """Route a dossier of ``procedure`` received on ``on``: to the agency the procedure
        names, whatever counter received it. What does not add up is a warning."""
        manifest = manifest or {}
        proc = getattr(procedure, "code", "?")
        code = getattr(procedure, "agency_code", None)
        name = getattr(procedure, "agency", None)
        warnings: list[str] = []
        if not code:
            warnings.append(f"procedure {proc} names no agency code: not routed to an agency")
            return Routing(None, name, manifest.get("counter"), tuple(warnings))
        agency = self.agency(code, on)
        if agency is None:
            agency = self.successor(code, on)
            if agency is not None:
                warnings.append(
                    f"agency {code} of procedure {proc} was merged into {agency.code}: "
                    f"routed to {agency.code}"
                )
            else:
                warnings.append(
                    f"agency {code} of procedure {proc} is not in the agency data on "
                    f"{on.isoformat()}: routed by its code"
                )
        target = agency.code if agency is not None else code
        claimed = manifest.get("agency_code")
        if claimed and claimed != target and claimed in self._agencies:
            warnings.append(
                f"manifest.json names agency {claimed}, but procedure {proc} is handled by "
                f"{target}: routed to {target}"
            )
        counter = manifest.get("counter")
        if counter:
            warnings += self._counter_warnings(counter, target, on)
        return Routing(target, agency.name if agency else name, counter, tuple(warnings))

    def _counter_warnings(self, counter_id: str, code: str, on: date) -> list[str]:
        counter = self.counter(counter_id, on)
        if counter is None:
            return [f"counter '{counter_id}' is not in the agency data on {on.isoformat()}"]
        if code not in counter.receives_for:
            return [
                f"counter '{counter_id}' does not receive for {code} on {on.isoformat()} "
                f"(it receives for {', '.join(counter.receives_for)})"
            ]
        return []

    # ------------------------------------------------------------------ building
    def _check(self) -> None:
        """Refuse data that cannot be right: overlapping versions, a counter receiving for an
        agency not in force, a merger into an unknown agency."""
        for code, versions in self._agencies.items():
            _check_versions(f"agency {code}", versions)
            for v in versions:
                if v.merged_into and v.merged_into not in self._agencies:
                    raise ValueError(f"agency {code} merged into unknown agency {v.merged_into}")
        for cid, counters in self._counters.items():
            _check_versions(f"counter {cid}", counters)
            for c in counters:
                for code in c.receives_for:
                    if self.agency(code, c.effective_from) is None:
                        raise ValueError(
                            f"counter {cid} from {c.effective_from} receives for {code}, "
                            "which is not in force that day"
                        )

    @classmethod
    def from_dict(
        cls, data: Mapping[str, Any], *, calendar: Mapping[str, Any] | None = None
    ) -> AgencyDirectory:
        """Build from an ``agencies.schema.json`` document (validated); ``calendar``: the
        centre's calendar document (default: the one the data names, as loaded)."""
        problems = schema_errors(SCHEMA, data)
        if problems:
            raise ValueError("invalid agency data: " + "; ".join(problems))
        base = None
        if calendar is None:
            calendar = load_json(f"calendar/{data['calendar']}.json")
            base = load_calendar(data["calendar"])
        try:
            return cls(
                [_agency(a) for a in data["agencies"]],
                [_counter(c) for c in data["counters"]],
                calendar,
                name=nfc(data.get("name", data["id"])),
                base=base,
            )
        except ValueError as exc:
            raise ValueError(f"invalid agency data: {exc}") from exc


def _check_versions(what: str, versions: list[Any]) -> None:
    for a, b in itertools.pairwise(versions):
        if a.effective_from == b.effective_from:
            raise ValueError(f"{what}: two versions from {a.effective_from}")
        if a.effective_until is not None and a.effective_until > b.effective_from:
            raise ValueError(f"{what}: the version from {a.effective_from} overlaps the next")
    for v in versions:
        if v.effective_until is not None and v.effective_until <= v.effective_from:
            raise ValueError(f"{what}: the version from {v.effective_from} ends before it starts")


def _agency(d: Mapping[str, Any]) -> Agency:
    return Agency(
        code=d["code"],
        name=nfc(d["name"]),
        level=d["level"],
        effective_from=date.fromisoformat(d["effective_from"]),
        effective_until=_day(d.get("effective_until")),
        merged_into=d.get("merged_into"),
        office_rules=copy.deepcopy(d.get("office_rules") or {}),
        source=nfc(d.get("source", "")),
    )


def _counter(d: Mapping[str, Any]) -> Counter:
    return Counter(
        id=d["id"],
        name=nfc(d["name"]),
        receives_for=tuple(d["receives_for"]),
        effective_from=date.fromisoformat(d["effective_from"]),
        effective_until=_day(d.get("effective_until")),
        source=nfc(d.get("source", "")),
    )


@functools.cache
def load_agencies(name: str = DEFAULT_DIRECTORY) -> AgencyDirectory:
    """The agencies and counters of ``schemas/agencies/<name>.json`` (cached)."""
    if not name.replace("-", "").isalnum():
        raise ValueError(f"bad agency data name {name!r}")
    return AgencyDirectory.from_dict(load_json(f"agencies/{name}.json"))


def route(
    procedure: Any,
    manifest: Mapping[str, Any] | None,
    on: date,
    directory: AgencyDirectory | None = None,
) -> Routing:
    """:meth:`AgencyDirectory.route` with the default agency data unless ``directory``."""
    return (directory or load_agencies()).route(procedure, manifest, on)
