"""Nothing stuck, nothing lost, on the local stack: a dossier whose reading keeps failing
ends in its stage's dead-letter queue and as a failed record with the reason (FailuresFunction);
an operator starts it again with `hoso redrive` (or `hoso reprocess`), and it is decided."""

from __future__ import annotations

import time
import uuid
from typing import Any

import boto3
import pytest

from hoso.services import ocr_stage
from tests.e2e.conftest import wait_record
from tests.e2e.test_officer_cli import hoso, lines
from tests.pdfs import GIAY_CHUNG_SINH, TO_KHAI_KHAI_SINH, make_pdf

pytestmark = pytest.mark.e2e


def test_a_dossier_failed_in_a_stage_is_redriven_and_decided(stack, monkeypatch):
    info, client = stack["info"], stack["client"]
    did = f"RD-{uuid.uuid4().hex[:8]}"
    real = ocr_stage.run

    def broken(svc: Any, job: Any, **kw: Any) -> Any:
        if job.get("dossier_id") == did:
            raise RuntimeError("tesseract is missing its language data")
        return real(svc, job, **kw)

    monkeypatch.setattr(ocr_stage, "run", broken)  # the OCR function's module attribute
    s3 = boto3.client("s3", endpoint_url=info["endpoint_url"], region_name="ap-southeast-1")
    s3.put_object(
        Bucket=info["upload_bucket"],
        Key=f"incoming/{did}/ho-so.pdf",
        Body=make_pdf([TO_KHAI_KHAI_SINH, GIAY_CHUNG_SINH]),
        Metadata={"procedure-code": "KHAI_SINH"},
    )
    failed = wait_record(client, did, timeout=240)  # three receives, then the dead letter
    assert failed["status"] == "failed", failed
    reason = failed["errors"][-1]["reason"]
    assert "the ocr stage failed" in reason and "language data" in reason
    monkeypatch.setattr(ocr_stage, "run", real)  # the operator mends the OCR

    dry = hoso("redrive", "--dry-run", stack=stack)
    assert dry.returncode == 0 and f"{did}: would be started again" in dry.stderr
    assert client.record(did)["status"] == "failed"  # a dry run changes nothing
    r = hoso("redrive", "--note", "language data installed", "--json", stack=stack)
    assert r.returncode == 0, r.stderr[-2000:]
    restarted = {x["dossier_id"]: x for x in lines(r)}
    assert restarted[did]["status"] == "processing" and restarted[did]["runs"] == 2
    deadline = time.monotonic() + 240
    while (rec := client.record(did)) and rec["status"] == "processing":
        assert time.monotonic() < deadline, rec
        time.sleep(0.3)
    assert rec is not None and rec["status"] == "received", rec
    assert not [e for e in rec["errors"] if e.get("stage") == "ocr"]
    actions = [a["action"] for a in client.audit(did)]
    assert actions[-3:] == ["failed", "reprocessed", "decided"]
    # a dossier that is not failed is not started again
    again = hoso("reprocess", did, stack=stack)
    assert again.returncode == 1 and "cannot reprocess" in again.stderr
