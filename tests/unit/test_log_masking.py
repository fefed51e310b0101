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


# -------------------------------------------------------------- issue 14: nothing personal
PERSON = {
    "name": "Nguyễn Thị Hồng Nhung",
    "id_number": "040195012345",
    "phone": "0987 654 321",
    "email": "nhung.nguyen@example.vn",
    "birth_date": "1995-03-15",
    "address": "12 Lê Lợi, Vinh",
}
NEEDLES = [
    "Nguyễn Thị Hồng Nhung",
    "040195012345",
    "040 195 012 345",
    "0401.9501.2345",
    "0987 654 321",
    "0987654321",
    "nhung.nguyen@example.vn",
    "15/03/1995",
    "1995-03-15",
    "12 Lê Lợi",
]


@pytest.mark.parametrize(
    "text",
    [
        "CCCD 040 195 012 345",
        "CCCD 0401.9501.2345",
        "CCCD040195012345",
        "cccd-040195012345.pdf",
        "gọi 0987 654 321 hoặc +84 987 654 321 hoặc 0987-654-321",
        "sinh ngày 15/03/1995",
        "sinh ngày 15 tháng 03 năm 1995",
        "{'full_name': 'Nguyễn Thị Hồng Nhung', 'dob': '1995-03-15'}",
        '{"name": "Nguyễn Thị Hồng Nhung", "address": "12 Lê Lợi, Vinh"}',
    ],
)
def test_mask_hides_spaced_numbers_phones_birth_dates_and_keyed_values(text):
    masked = mask(text)
    assert [n for n in NEEDLES if n in masked] == [], masked
    assert [n for n in ("0987654321", "040195012345") if n in masked.replace(" ", "")] == []


def test_mask_keeps_hosos_own_dates_codes_and_ids():
    text = (
        "dossier HS-2026-0001 code 000.00.19.H47-260105-0001 due 2026-12-20T16:30:00+07:00 "
        "request 123e4567-e89b-12d3-a456-42661ab17400 pages 1-24"
    )
    assert mask(text) == text


def _lines(log_file):
    return [json.loads(line) for line in log_file.read_text(encoding="utf-8").splitlines()]


def test_tracebacks_nested_fields_arguments_and_core_logs_are_masked(tmp_path, monkeypatch):
    import logging

    log_file = tmp_path / "functions.log"
    monkeypatch.setenv("HOSO_LOG_FILE", str(log_file))
    monkeypatch.setenv("POWERTOOLS_LOG_LEVEL", "INFO")
    logger = make_logger("hoso-test-mask-deep")
    try:
        raise ValueError(f"bad applicant {PERSON!r}, sinh ngày 15/03/1995")
    except ValueError:
        logger.exception(
            "failed for %s",
            "040 195 012 345",
            extra={
                "applicant": dict(PERSON),
                "files": [{"name": "Nguyễn Thị Hồng Nhung - CCCD.pdf", "key": "incoming/D1/a.pdf"}],
                "job": {
                    "manifest": {"applicant": dict(PERSON)},
                    "notes": ["mail " + PERSON["email"]],
                },
            },
        )
        logging.getLogger("hoso.services.intake").exception(
            "core: %s", PERSON["phone"], extra={"dossier_id": "D1", "holder_name": PERSON["name"]}
        )
    logging.getLogger("hoso.services.intake").info("core info", extra={"dossier_id": "D1"})
    text = log_file.read_text(encoding="utf-8")
    assert [n for n in NEEDLES if n in text] == []
    lines = _lines(log_file)
    first, core, info = lines[-3:]
    assert "Traceback" in first["exception"] and first["exception_name"] == "ValueError"
    assert first["files"] == [{"name": "***", "key": "incoming/D1/***.pdf"}]
    assert first["message"] == "failed for ***345"
    assert (core["service"], core["dossier_id"], core["holder_name"]) == (
        "hoso-test-mask-deep",
        "D1",
        "***",
    )
    assert "Traceback" in core["exception"]
    assert (info["message"], info["level"]) == ("core info", "INFO")


def test_handlers_above_the_functions_see_the_masked_record(tmp_path, monkeypatch):
    """Lambda's own root handler (here: a test's) gets the record after ours: masked too."""
    import logging

    monkeypatch.setenv("HOSO_LOG_FILE", str(tmp_path / "functions.log"))
    make_logger("hoso-test-mask-root")
    seen: list[logging.LogRecord] = []
    catcher = logging.Handler()
    catcher.emit = seen.append  # type: ignore[method-assign]
    logging.getLogger().addHandler(catcher)
    try:
        try:
            raise RuntimeError(f"holder {PERSON['id_number']}")
        except RuntimeError:
            logging.getLogger("hoso.services.x").warning(
                "phone %s", PERSON["phone"], exc_info=True, extra={"id_number": "040195012345"}
            )
    finally:
        logging.getLogger().removeHandler(catcher)
    [record] = seen
    text = logging.Formatter("%(message)s %(id_number)s").format(record)
    assert "040195012345" not in text and "0987 654 321" not in text
    assert "RuntimeError: holder ***345" in text
