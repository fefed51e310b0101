"""The one state machine: statuses, the transitions table, and no status spelt out elsewhere."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from hoso.events import BY_STATUS
from hoso.resources import load_json
from hoso.status import TRANSITIONS, Action, DossierStatus, can, check

pytestmark = pytest.mark.unit
S = DossierStatus
CORE = Path(__file__).resolve().parents[2] / "layers" / "core" / "hoso"


def test_statuses_are_the_schemas():
    schema = load_json("records/dossier.schema.json")["properties"]["status"]["enum"]
    assert sorted(schema) == sorted(s.value for s in DossierStatus)


def test_every_status_has_its_event():
    assert set(BY_STATUS) == set(DossierStatus)


def test_every_status_but_the_first_is_reachable():
    reached = {t for tr in TRANSITIONS.values() for t in (tr.targets or ())}
    assert reached == set(DossierStatus)


@pytest.mark.parametrize(
    ("action", "current", "target", "ok"),
    [
        (Action.ACCEPTED_FOR_PROCESSING, None, S.PROCESSING, True),
        (Action.ACCEPTED_FOR_PROCESSING, S.RECEIVED, S.PROCESSING, False),
        (Action.DECIDED, S.PROCESSING, S.NEEDS_REVIEW, True),
        (Action.DECIDED, S.PROCESSING, S.IN_PROGRESS, False),
        (Action.DECIDED, S.RECEIVED, S.RECEIVED, False),
        (Action.OFFICER_DECISION, S.NEEDS_REVIEW, S.RECEIVED, True),
        (Action.OFFICER_DECISION, S.NEEDS_REVIEW, S.FAILED, False),
        (Action.DELIVERED, S.IN_PROGRESS, S.DELIVERED, False),
        (Action.APOLOGY_ISSUED, S.IN_PROGRESS, S.IN_PROGRESS, True),
        (Action.APOLOGY_ISSUED, S.IN_PROGRESS, S.RESULT_READY, False),
        (Action.FAILED, S.RECEIVED, S.FAILED, False),
        (Action.WITHDRAWN, S.DELIVERED, S.WITHDRAWN, False),
    ],
)
def test_transitions(action, current, target, ok):
    assert check(action, current, target) is ok
    assert can(action, current) is (current in TRANSITIONS[action].sources)


def _status_literals(path: Path) -> list[str]:
    values = {s.value for s in DossierStatus}
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docstrings = {
        id(node.body[0].value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef)
        and node.body
        and isinstance(node.body[0], ast.Expr)
    }
    return [
        f"{path.relative_to(CORE)}:{node.lineno} {node.value!r}"
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant) and node.value in values and id(node) not in docstrings
    ]


# The quality report's columns (Decision 766 indicators: "received", "withdrawn"...) are
# counts that share a status's name; they are the report's wire format, not statuses.
NOT_STATUSES = ("metrics.py",)


def test_status_literals_only_in_the_enum():
    found = [
        hit
        for path in sorted(CORE.rglob("*.py"))
        if path.name != "status.py" and str(path.relative_to(CORE)) not in NOT_STATUSES
        for hit in _status_literals(path)
    ]
    assert found == []


def test_the_quality_report_compares_statuses_with_the_enum():
    source = (CORE / "metrics.py").read_text(encoding="utf-8")
    assert 'status == "' not in source and 'status in ("' not in source


def test_the_architecture_docs_table_is_the_transitions_table():
    doc = (CORE.parents[2] / "docs" / "architecture.md").read_text(encoding="utf-8")
    rows: dict[str, tuple[set[str | None], set[str] | None]] = {}
    for line in doc.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) == 5 and cells[0].startswith("`") and cells[0].strip("`") in set(Action):
            sources = {None if s == "*none*" else s.strip("`") for s in cells[1].split(", ")}
            to = None if cells[2] == "*unchanged*" else {t.strip("`") for t in cells[2].split(", ")}
            rows[cells[0].strip("`")] = (sources, to)
    expected = {
        str(a): (
            {None if s is None else str(s) for s in t.sources},
            None if t.targets is None else {str(s) for s in t.targets},
        )
        for a, t in TRANSITIONS.items()
    }
    assert rows == expected
