"""Generated documentation stays in step with the schemas it is generated from."""

from __future__ import annotations

from pathlib import Path

import pytest

from hoso.events import DETAIL_TYPES
from hoso_local.docs import api_document, render_api_doc, render_events_doc
from hoso_local.template import load_template

pytestmark = pytest.mark.unit
ROOT = Path(__file__).resolve().parents[2]


def test_events_doc_is_up_to_date():
    committed = (ROOT / "docs" / "events.md").read_text(encoding="utf-8")
    assert committed == render_events_doc(), "run: hoso docs events > docs/events.md"


def test_every_detail_type_has_a_schema():
    for dtype in DETAIL_TYPES:
        assert (ROOT / "schemas" / "events" / f"{dtype}.v1.schema.json").is_file(), dtype


def test_api_doc_is_up_to_date():
    committed = (ROOT / "docs" / "api.md").read_text(encoding="utf-8")
    assert committed == render_api_doc(), "run: hoso docs api > docs/api.md"


def test_the_openapi_document_validates_and_matches_the_template():
    from openapi_spec_validator import validate

    doc = api_document(ROOT)
    validate(doc)
    fn = load_template(ROOT / "template.yaml")["Resources"]["ApiFunction"]["Properties"]
    routes = {
        (e["Properties"]["Path"], e["Properties"]["Method"].lower())
        for e in fn["Events"].values()
        if e["Type"] == "Api" and e["Properties"]["RestApiId"] == {"Ref": "Api"}
    }
    assert routes == {(path, method) for path, ops in doc["paths"].items() for method in ops}
    # the console's API: every route behind one proxy resource, its static files public
    console = {
        (
            e["Properties"]["Path"],
            e["Properties"]["Method"].lower(),
            (e["Properties"].get("Auth") or {}).get("Authorizer"),
        )
        for e in fn["Events"].values()
        if e["Type"] == "Api" and e["Properties"]["RestApiId"] == {"Ref": "ConsoleApi"}
    }
    assert console == {
        ("/{proxy+}", "any", None),
        ("/console", "get", "NONE"),
        ("/console/{file+}", "get", "NONE"),
    }
    assert not [path for path in doc["paths"] if "id_number" in path]  # never in a URL
