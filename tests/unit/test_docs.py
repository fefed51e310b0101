"""Generated documentation stays in step with the schemas it is generated from."""

from __future__ import annotations

from pathlib import Path

import pytest

from hoso.events import DETAIL_TYPES
from hoso_local.docs import render_events_doc

pytestmark = pytest.mark.unit
ROOT = Path(__file__).resolve().parents[2]


def test_events_doc_is_up_to_date():
    committed = (ROOT / "docs" / "events.md").read_text(encoding="utf-8")
    assert committed == render_events_doc(), "run: hoso docs events > docs/events.md"


def test_every_detail_type_has_a_schema():
    for dtype in DETAIL_TYPES:
        assert (ROOT / "schemas" / "events" / f"{dtype}.v1.schema.json").is_file(), dtype
