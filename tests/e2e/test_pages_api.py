"""The console's page view on the local stack (template.yaml's route, the real OCR and
understanding): an officer reads a received dossier's page, its text and its picture through
the presigned link; another agency's officer is refused."""

from __future__ import annotations

import io
import urllib.request
from typing import Any

import pytest
from PIL import Image

from tests.e2e.test_officers_api import COMMUNE, POLICE, api

pytestmark = pytest.mark.e2e


def test_an_officer_reads_a_page_and_its_picture(stack: dict[str, Any], two_agencies: Any) -> None:
    info, mine = stack["info"], two_agencies["mine"]
    status, page = api(info, "GET", f"/dossiers/{mine}/pages/2", officer=COMMUNE)
    assert status == 200, page
    assert (page["n"], page["page_count"], page["file"], page["index"]) == (2, 2, "ho-so.pdf", 2)
    assert page["method"] == "text_layer" and "GIẤY CHỨNG SINH" in page["text"]
    assert page["lines"][0]["words"][0]["low"] is False and page["note"] is None
    for link, side in ((page["image"], 1400), (page["thumbnail"], 240)):
        assert f"/dossiers/{mine}/pages/0002" in link["url"]
        with urllib.request.urlopen(link["url"], timeout=30) as resp:
            img = Image.open(io.BytesIO(resp.read()))
        assert img.format == "JPEG" and img.height == side > img.width  # A4, upright
    status, body = api(info, "GET", f"/dossiers/{mine}/pages/1", officer=POLICE)
    assert status == 403, body
    assert api(info, "GET", f"/dossiers/{mine}/pages/3", officer=COMMUNE)[0] == 404
