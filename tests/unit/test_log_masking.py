"""Function logs are structured JSON with personal data masked."""

from __future__ import annotations

import json

import pytest

from hoso_aws.lambda_support import make_logger, mask

pytestmark = pytest.mark.unit


def test_mask_hides_id_numbers_and_emails():
    text = "CCCD 040090001234, CMND 123456789, mail an.nguyen@example.vn, phone 12345"
    masked = mask(text)
    assert "040090001234" not in masked and "123456789" not in masked
    assert "an.nguyen@example.vn" not in masked
    assert masked.endswith("phone 12345")


def test_logger_writes_masked_json(tmp_path, monkeypatch):
    log_file = tmp_path / "functions.log"
    monkeypatch.setenv("HOSO_LOG_FILE", str(log_file))
    monkeypatch.setenv("POWERTOOLS_LOG_LEVEL", "INFO")  # whatever an earlier test left
    logger = make_logger("hoso-test-mask")
    logger.info(
        "applicant 040090001234 uploaded",
        extra={"id_number": "040090001234", "note": "số 040090001234"},
    )
    line = json.loads(log_file.read_text(encoding="utf-8").splitlines()[-1])
    assert line["service"] == "hoso-test-mask"
    assert "040090001234" not in json.dumps(line)
