"""The OCR stage through its real entry point: files uploaded to the bucket by a station, read
by OcrFunction (fed from its SQS queue by the embedded runtime), ending on the dossier record.

Every input kind and every bad-input kind of the OCR issue goes through one upload each; the
record must account for every page of every file (text, or a recorded reason).
"""

from __future__ import annotations

import json
import uuid
from typing import Any

import pytest
from PIL import Image

from hoso.resources import schema_errors
from hoso_aws import bootstrap
from tests.e2e.conftest import wait_record
from tests.ocr_fixtures import (
    VI_LINES,
    bomb_png,
    cer,
    encrypted_pdf,
    flaky_tesseract,
    image_bytes,
    invisible_ocr_pdf,
    mixed_pdf,
    page_lines,
    raw_text_pdf,
    scan_pdf,
    small_scan,
    tcvn3_pdf,
    text_pdf,
    tiff_bytes,
    vni_pdf,
)

pytestmark = [pytest.mark.e2e, pytest.mark.slow]

MAX_CER = 0.05


def _upload(stack: dict[str, Any], s3: Any, files: dict[str, bytes]) -> dict[str, Any]:
    bucket = stack["info"]["upload_bucket"]
    did = f"HS-OCR-{uuid.uuid4().hex[:8]}"
    for name, body in files.items():
        s3.put_object(Bucket=bucket, Key=f"incoming/{did}/{name}", Body=body)
    manifest = {"dossier_id": did, "procedure_code": "KHAI_SINH", "files": list(files)}
    s3.put_object(
        Bucket=bucket,
        Key=f"incoming/{did}/manifest.json",
        Body=json.dumps(manifest).encode(),
    )
    return wait_record(stack["client"], did, timeout=600)


def _artefact(stack: dict[str, Any], s3: Any, uri: str) -> dict[str, Any]:
    bucket, key = uri.removeprefix("s3://").split("/", 1)
    assert bucket == stack["info"]["artefact_bucket"]
    body: dict[str, Any] = json.loads(s3.get_object(Bucket=bucket, Key=key)["Body"].read())
    assert schema_errors("ocr/page.schema.json", body) == []
    return body


def test_every_input_kind_is_read_and_every_bad_file_has_a_reason(stack, s3):
    scan, gt_scan = small_scan(101)
    upside, gt_upside = small_scan(102, rotate=180)
    turned, gt_turned = small_scan(103, rotate=90)
    skewed, gt_skewed = small_scan(104, skew=2.0)
    tif1, gt_tif1 = small_scan(105)
    tif2, gt_tif2 = small_scan(106, rotate=270)
    hires, gt_hires = small_scan(107, dpi=600)
    fax, gt_fax = small_scan(108)
    fax = fax.resize((fax.width // 2, fax.height // 2), Image.Resampling.LANCZOS)
    born = page_lines(109, 6)
    relabelled, gt_relabelled = small_scan(110)
    legacy = VI_LINES[2:14]
    garbage = [bytes([0x21 + (i * 37 + j * 11) % 90 for j in range(40)]) for i in range(8)]
    files = {
        "01-scan.pdf": scan_pdf([scan]),
        "02-born-digital.pdf": text_pdf([born]),
        "03-mixed.pdf": mixed_pdf([born, upside]),
        "04-photo.jpg": image_bytes(turned.convert("RGB"), "JPEG", quality=90),
        "05-skewed.png": image_bytes(skewed, "PNG"),
        "06-pages.tif": tiff_bytes([tif1, tif2]),
        "07-600dpi.pdf": scan_pdf([hires], dpi=600),
        "08-fax-150dpi.png": image_bytes(fax, "PNG", dpi=150),
        # text layers that must not be trusted as they are
        "09-station-ocr-layer.pdf": invisible_ocr_pdf(relabelled, "Wrong hidden words"),
        "10-tcvn3.pdf": tcvn3_pdf([legacy]),
        "11-vni.pdf": vni_pdf([legacy]),
        "12-garbled.pdf": raw_text_pdf([garbage]),
        # bad input: each must end as a clear reason on the record
        "20-empty.pdf": b"",
        "21-truncated.pdf": text_pdf([born])[:-400],
        "22-locked.pdf": encrypted_pdf(born),
        "23-really-a-png.pdf": image_bytes(scan, "PNG"),
        "24-bomb.png": bomb_png(),
    }
    rec = _upload(stack, s3, files)
    assert rec["status"] != "failed", rec["errors"]

    # nothing lost: every file is on the record, with pages or with an error
    by_name = {f["name"]: f for f in rec["files"]}
    assert list(by_name) == list(files)
    pages: dict[tuple[str, int], dict[str, Any]] = {
        (p["file"], p["index"]): p for p in rec["pages"]
    }
    for name, f in by_name.items():
        if name.startswith("2"):  # the bad files
            assert f.get("error"), f
            assert not any(k[0] == name for k in pages)
        else:
            assert not f.get("error"), f
            assert f["pages"] == len([k for k in pages if k[0] == name]) >= 1

    reasons = {e["file"]: e["reason"] for e in rec["errors"] if e.get("stage") == "ocr"}
    assert "empty" in reasons["20-empty.pdf"]
    assert "truncated" in reasons["21-truncated.pdf"]
    assert "password" in reasons["22-locked.pdf"]
    assert "does not match the extension .pdf" in reasons["23-really-a-png.pdf"]
    assert "too large" in reasons["24-bomb.png"] or "budget" in reasons["24-bomb.png"]
    for name, reason in reasons.items():
        assert name in reason, reason  # the reason names the file for the officer

    # every page read: text checked against the ground truth through the stored artefact
    expected = {
        ("01-scan.pdf", 1): (gt_scan, "ocr", 0),
        ("02-born-digital.pdf", 1): (born, "text_layer", 0),
        ("03-mixed.pdf", 1): (born, "text_layer", 0),
        ("03-mixed.pdf", 2): (gt_upside, "ocr", 180),
        ("04-photo.jpg", 1): (gt_turned, "ocr", 270),
        ("05-skewed.png", 1): (gt_skewed, "ocr", 0),
        ("06-pages.tif", 1): (gt_tif1, "ocr", 0),
        ("06-pages.tif", 2): (gt_tif2, "ocr", 90),
        ("07-600dpi.pdf", 1): (gt_hires, "ocr", 0),
        ("08-fax-150dpi.png", 1): (gt_fax, "ocr", 0),
        ("09-station-ocr-layer.pdf", 1): (gt_relabelled, "ocr", 0),
        ("10-tcvn3.pdf", 1): (legacy, "converted", 0),
        ("11-vni.pdf", 1): (legacy, "converted", 0),
    }
    assert set(pages) == {*expected, ("12-garbled.pdf", 1)}
    for key, (truth, method, rotation) in expected.items():
        page = pages[key]
        assert page["method"] == method and not page.get("error"), (key, page)
        body = _artefact(stack, s3, page["artefact"])
        # lower case: TCVN3 has no distinct capitals for some letters
        assert cer("\n".join(truth).lower(), body["text"].lower()) < MAX_CER, (key, body)
        assert body["rotation"] == rotation, (key, body["notes"])
        if method == "ocr":
            assert body["words"] and body["confidence"] > 50
    garbled = _artefact(stack, s3, pages[("12-garbled.pdf", 1)]["artefact"])
    assert garbled["method"] == "ocr" and any("text layer rejected" in n for n in garbled["notes"])
    station = _artefact(stack, s3, pages[("09-station-ocr-layer.pdf", 1)]["artefact"])
    assert "hidden" not in station["text"]
    skewed_notes = _artefact(stack, s3, pages[("05-skewed.png", 1)]["artefact"])["notes"]
    assert any("deskewed" in n for n in skewed_notes)
    fax_page = _artefact(stack, s3, pages[("08-fax-150dpi.png", 1)]["artefact"])
    assert fax_page["dpi"] == 200 and any("upscaled" in n for n in fax_page["notes"])
    assert _artefact(stack, s3, pages[("07-600dpi.pdf", 1)]["artefact"])["dpi"] == 300


def test_tesseract_crash_and_timeout_mark_the_page_and_the_rest_goes_on(
    stack, s3, tmp_path, monkeypatch
):
    """OCR_PAGE_TIMEOUT_S and TESSERACT_CMD are the OcrFunction's settings (template.yaml)."""
    monkeypatch.setenv("TESSERACT_CMD", str(flaky_tesseract(tmp_path)))
    monkeypatch.setenv("OCR_PAGE_TIMEOUT_S", "3")
    bootstrap.reset()
    try:
        ok, gt = small_scan(120)  # 1950 x 780 px: 1.5 MB as BMP
        crash = Image.new("L", (1600, 1200), 255)  # 1.9 MB
        hang = Image.new("L", (2000, 2000), 255)  # 4 MB
        for page in (crash, hang):  # text on them: a blank page is not read at all
            page.paste(ok.crop((0, 0, 1600, ok.height)), (0, 100))
        pdf = scan_pdf([ok, crash, hang], fmt="PNG")
        rec = _upload(stack, s3, {"scan.pdf": pdf})
    finally:
        monkeypatch.undo()
        bootstrap.reset()
    pages = {p["index"]: p for p in rec["pages"]}
    assert sorted(pages) == [1, 2, 3]
    assert not pages[1].get("error")
    assert cer("\n".join(gt), _artefact(stack, s3, pages[1]["artefact"])["text"]) < MAX_CER
    assert "crashed" in pages[2]["error"]
    assert "timed out after 3 s" in pages[3]["error"]
    marked = {e["page"]: e for e in rec["errors"] if e["code"] == "page_unreadable"}
    assert set(marked) == {2, 3} and all(e["file"] == "scan.pdf" for e in marked.values())
    for e in marked.values():
        assert e["reason"].startswith(f"page {e['page']}:")
