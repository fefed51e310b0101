"""The embedded stack through its real entry points: S3 uploads with boto3 and the AWS CLI."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
import yaml

from hoso.records import validate
from tests.e2e.conftest import ROOT, wait_record
from tests.pdfs import GIAY_CHUNG_SINH, TO_KHAI_KHAI_SINH, make_pdf

pytestmark = pytest.mark.e2e


def _template_wiring() -> set[tuple[str, str, str]]:
    """(function, event, type) for every event source, read with a plain YAML reader."""

    class L(yaml.SafeLoader):
        pass

    L.add_multi_constructor("!", lambda loader, suffix, node: None)
    tpl = yaml.load((ROOT / "template.yaml").read_text(), Loader=L)
    out = set()
    for name, res in tpl["Resources"].items():
        if res["Type"] == "AWS::Serverless::Function":
            events = res["Properties"].get("Events") or {}
            assert events, f"{name} has no event source"
            out |= {(name, ev, spec["Type"]) for ev, spec in events.items()}
    return out


def test_every_declared_function_and_event_source_runs(stack):
    declared = _template_wiring()
    running = {
        (w["function"], w["event"], w["kind"]) for w in stack["runtime"].wiring() if w["running"]
    }
    assert declared == running
    assert {f for f, _, _ in declared} == set(stack["runtime"].functions)


def test_boto3_upload_of_single_pdf_gives_a_record(stack, s3):
    did = f"HS-{uuid.uuid4().hex[:8]}"
    s3.put_object(
        Bucket=stack["info"]["upload_bucket"],
        Key=f"incoming/{did}/ho so.pdf",
        Body=make_pdf([TO_KHAI_KHAI_SINH, GIAY_CHUNG_SINH]),
        Metadata={"procedure-code": "KHAI_SINH"},
    )
    rec = wait_record(stack["client"], did)
    assert validate(rec) == []
    assert rec["procedure_code"] == "KHAI_SINH"
    assert rec["status"] in ("received", "supplement_requested", "needs_review")
    assert [(p["file"], p["index"], p["method"]) for p in rec["pages"]] == [
        ("ho so.pdf", 1, "text_layer"),
        ("ho so.pdf", 2, "text_layer"),
    ]
    assert rec["components"], "components are listed"


def test_multi_file_dossier_with_manifest_gives_one_record(stack, s3):
    bucket = stack["info"]["upload_bucket"]
    did = f"HS-{uuid.uuid4().hex[:8]}"
    s3.put_object(
        Bucket=bucket, Key=f"incoming/{did}/01-to-khai.pdf", Body=make_pdf([TO_KHAI_KHAI_SINH])
    )
    s3.put_object(
        Bucket=bucket,
        Key=f"incoming/{did}/02-giay-chung-sinh.pdf",
        Body=make_pdf([GIAY_CHUNG_SINH]),
    )
    manifest = {
        "dossier_id": did,
        "procedure_code": "KHAI_SINH",
        "applicant": {"name": "Nguyễn Văn An", "phone": "0912345678"},
    }
    s3.put_object(
        Bucket=bucket,
        Key=f"incoming/{did}/manifest.json",
        Body=json.dumps(manifest, ensure_ascii=False).encode(),
    )
    rec = wait_record(stack["client"], did)
    assert [f["name"] for f in rec["files"]] == ["01-to-khai.pdf", "02-giay-chung-sinh.pdf"]
    assert len(rec["pages"]) == 2
    trail = stack["client"].audit(did)
    finals = [a for a in trail if a["to_status"] == rec["status"]]
    assert len(finals) == 1, trail
    # exactly one record item for the dossier
    table = stack["info"]["table"]
    items = stack["client"].ddb.query(
        TableName=table,
        KeyConditionExpression="pk = :p",
        ExpressionAttributeValues={":p": {"S": f"DOSSIER#{did}"}},
    )["Items"]
    assert [i["sk"]["S"] for i in items].count("RECORD") == 1


@pytest.mark.parametrize(
    ("body", "reason"),
    [
        (b"{ this is not json", "not valid JSON"),
        (json.dumps({"dossier_id": "X"}).encode(), "procedure_code"),
        (
            json.dumps({"dossier_id": "X", "procedure_code": "KHONG_CO"}).encode(),
            "unknown procedure code 'KHONG_CO'",
        ),
    ],
    ids=["invalid-json", "no-procedure-code", "unknown-procedure"],
)
def test_bad_manifest_gives_failed_record_with_reason(stack, s3, body, reason):
    bucket = stack["info"]["upload_bucket"]
    did = f"HS-{uuid.uuid4().hex[:8]}"
    s3.put_object(Bucket=bucket, Key=f"incoming/{did}/a.pdf", Body=make_pdf([GIAY_CHUNG_SINH]))
    s3.put_object(
        Bucket=bucket,
        Key=f"incoming/{did}/manifest.json",
        Body=body.replace(b'"X"', json.dumps(did).encode()),
    )
    rec = wait_record(stack["client"], did, timeout=60)
    assert rec["status"] == "failed"
    assert any(reason in e["reason"] for e in rec["errors"]), rec["errors"]


def test_aws_cli_upload_works_unchanged(stack, tmp_path):
    aws = shutil.which("aws", path=str(Path(sys.executable).parent)) or shutil.which("aws")
    if aws is None:
        pytest.fail("the AWS CLI is not installed (make install puts it in .venv)")
    did = f"HS-{uuid.uuid4().hex[:8]}"
    pdf = tmp_path / "ho so khai sinh.pdf"
    pdf.write_bytes(make_pdf([TO_KHAI_KHAI_SINH, GIAY_CHUNG_SINH]))
    env = {
        "AWS_ACCESS_KEY_ID": "x",
        "AWS_SECRET_ACCESS_KEY": "x",
        "AWS_DEFAULT_REGION": "ap-southeast-1",
        "PATH": "/usr/bin:/bin",
    }
    subprocess.run(
        [
            aws,
            "--endpoint-url",
            stack["info"]["endpoint_url"],
            "s3",
            "cp",
            str(pdf),
            f"s3://{stack['info']['upload_bucket']}/incoming/{did}/{pdf.name}",
            "--metadata",
            "procedure-code=KHAI_SINH",
        ],
        check=True,
        env=env,
        capture_output=True,
        timeout=60,
    )
    rec = wait_record(stack["client"], did)
    assert rec["files"][0]["name"] == "ho so khai sinh.pdf"
    assert len(rec["pages"]) == 2


def test_large_pdf_is_read_in_page_ranges(stack, s3):
    """30 pages > OcrPagesPerInvocation (24): two OCR invocations, one record, every page."""
    did = f"HS-BIG-{uuid.uuid4().hex[:6]}"
    pages = [TO_KHAI_KHAI_SINH] + [f"Trang tiếp theo số {i}" for i in range(2, 30)]
    pages.append(GIAY_CHUNG_SINH)
    before = stack["runtime"].functions["OcrFunction"].invocations
    s3.put_object(
        Bucket=stack["info"]["upload_bucket"],
        Key=f"incoming/{did}/ho-so.pdf",
        Body=make_pdf(pages),
        Metadata={"procedure-code": "KHAI_SINH"},
    )
    rec = wait_record(stack["client"], did)
    assert [p["index"] for p in rec["pages"]] == list(range(1, 31))
    assert all(p["method"] == "text_layer" for p in rec["pages"])
    assert stack["runtime"].functions["OcrFunction"].invocations - before >= 3  # plan + 2 parts


def test_ocr_invocations_run_side_by_side_as_the_template_says(stack):
    """OcrFunction's `Metadata: LocalConcurrency: cpus`: one poller (and handler module, as
    one container each) per core, within its event source's MaximumConcurrency; the other
    queue consumers one at a time."""
    import os
    import threading

    cpus = len(os.sched_getaffinity(0))
    pollers = [t.name for t in threading.enumerate() if t.name.startswith("sqs:")]
    ocr = [n for n in pollers if n.startswith("sqs:OcrFunction:")]
    assert len(ocr) == min(cpus, 10)
    assert len([n for n in pollers if n.startswith("sqs:IntakeFunction:")]) == 1
