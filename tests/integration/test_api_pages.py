"""The console's page view through ApiFunction (GET /dossiers/{dossier_id}/pages/{n}) on moto:
the record's page with its text, presigned links to the page's pictures as JPEGs (drawn from
the uploaded file once, kept in the artefact bucket), 404 beyond the pages, 400 for a page 0,
and another agency's officer refused."""

from __future__ import annotations

import io
import time
import urllib.parse

import pytest
from PIL import Image

from tests.integration.conftest import FORM, MANIFESTS, A, Stack
from tests.integration.test_api_handler import call, received, request
from tests.integration.test_api_identity import CENTRE, POLICE, signed_by
from tests.ocr_fixtures import text_pdf

pytestmark = pytest.mark.integration
__all__ = ["received"]  # fixtures

PAGE = "/dossiers/{dossier_id}/pages/{n}"


@pytest.fixture
def scanned(received: Stack) -> Stack:
    """Dossier A received, its form a real two-page PDF (the fake OCR read it as two lines)."""
    pdf = text_pdf([["TỜ KHAI ĐĂNG KÝ KHAI SINH"], ["GIẤY CHỨNG SINH"]])
    received.clients["s3"].put_object(
        Bucket=received.upload_bucket, Key=f"incoming/{A}/{FORM}", Body=pdf
    )
    return received


def jpeg(stack: Stack, url: str) -> Image.Image:
    """The JPEG a presigned link names, as S3 serves it (the link is fetched over HTTP in
    tests/e2e/test_pages_api.py; in-process moto answers only its clients)."""
    parts = urllib.parse.urlsplit(url)
    query = urllib.parse.parse_qs(parts.query)
    assert {"Signature", "Expires"} <= set(query) or {"X-Amz-Signature"} <= set(query)
    expires = int(query["Expires"][0]) if "Expires" in query else int(query["X-Amz-Expires"][0])
    assert 0 < (expires - time.time() if expires > 10**9 else expires) <= 900  # 15 minutes
    bucket, key = parts.netloc.split(".s3", 1)[0], urllib.parse.unquote(parts.path[1:])
    assert bucket == stack.name("ArtefactBucket")
    got = stack.clients["s3"].get_object(Bucket=bucket, Key=key)
    assert got["ContentType"] == "image/jpeg"
    img = Image.open(io.BytesIO(got["Body"].read()))
    assert img.format == "JPEG"
    return img


def test_a_page_with_its_text_and_links_to_its_pictures(scanned: Stack) -> None:
    status, body = call(scanned, request("GET", PAGE, dossier_id=A, n="2"))
    assert status == 200, body
    assert (body["n"], body["page_count"], body["file"], body["index"]) == (2, 2, FORM, 2)
    assert (body["method"], body["text"], body["note"]) == ("text_layer", "GIẤY CHỨNG SINH", None)
    assert body["low_words"] == 0
    full, thumb = jpeg(scanned, body["image"]["url"]), jpeg(scanned, body["thumbnail"]["url"])
    assert full.size == (990, 1400) and max(thumb.size) == 240  # A4 portrait
    for link in (body["image"], body["thumbnail"]):
        path = urllib.parse.unquote(urllib.parse.urlsplit(link["url"]).path)
        assert path.endswith(
            (f"/dossiers/{A}/pages/0002.jpg", f"/dossiers/{A}/pages/0002-thumb.jpg")
        )
        assert "khai" not in link["url"].lower()
        assert link["expires_at"].startswith("2026-03-05T02:1")
    art = scanned.name("ArtefactBucket")
    kept = scanned.clients["s3"].list_objects_v2(Bucket=art, Prefix=f"dossiers/{A}/pages/")
    assert sorted(o["Key"] for o in kept["Contents"]) == [
        f"dossiers/{A}/pages/0002-thumb.jpg",
        f"dossiers/{A}/pages/0002.jpg",
    ]
    # kept: the next view needs the uploaded file no more
    scanned.clients["s3"].delete_object(Bucket=scanned.upload_bucket, Key=f"incoming/{A}/{FORM}")
    status, again = call(scanned, request("GET", PAGE, dossier_id=A, n="2"))
    assert status == 200 and again["note"] is None
    assert jpeg(scanned, again["image"]["url"]).size == full.size
    status, first = call(scanned, request("GET", PAGE, dossier_id=A, n="1"))
    assert status == 200 and first["image"] is None and "not stored" in first["note"]
    assert first["text"] == "TỜ KHAI ĐĂNG KÝ KHAI SINH"


def test_pages_out_of_range(scanned: Stack) -> None:
    status, body = call(scanned, request("GET", PAGE, dossier_id=A, n="3"))
    assert status == 404 and body["reason"] == f"dossier '{A}' has 2 page(s): no page 3"
    status, body = call(scanned, request("GET", PAGE, dossier_id=A, n="0"))
    assert (status, body["error"], body["field"]) == (400, "bad_request", "n")
    status, body = call(scanned, request("GET", PAGE, dossier_id=A, n="two"))
    assert (status, body["field"]) == (400, "n")
    status, body = call(scanned, request("GET", PAGE, dossier_id="Q1-X", n="1"))
    assert status == 404 and body["reason"] == "no dossier 'Q1-X'"


def test_another_agencys_officer_sees_no_page(scanned: Stack) -> None:
    assert MANIFESTS[A]["procedure_code"] == "KHAI_SINH"  # the commune's, not the police's
    status, body = call(scanned, signed_by(request("GET", PAGE, dossier_id=A, n="1"), POLICE))
    assert status == 403 and body["message"] == "another agency's dossier"
    art = scanned.name("ArtefactBucket")
    listed = scanned.clients["s3"].list_objects_v2(Bucket=art, Prefix=f"dossiers/{A}/pages/")
    assert "Contents" not in listed  # nothing drawn for a refused request
    status, _ = call(scanned, signed_by(request("GET", PAGE, dossier_id=A, n="1"), CENTRE))
    assert status == 200
