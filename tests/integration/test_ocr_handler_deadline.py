"""The OCR function reads within its invocation's time: the Lambda context's remaining time,
less the stage's margin, reaches the reader, and a range it cannot finish goes back on the OCR
queue as a continuation that the next invocation finishes."""

from __future__ import annotations

import json
from typing import Any

import pytest

from hoso.model import PageText
from hoso_local.runtime import LocalContext
from tests.integration.conftest import A, Stack, event, handler
from tests.unit.conftest import fake_ocr

pytestmark = pytest.mark.integration


def sqs_event(body: dict[str, Any]) -> dict[str, Any]:
    """An OCR queue event delivering ``body``."""
    evt = event("ocr-job")
    evt["Records"][0]["body"] = json.dumps(body, ensure_ascii=False)
    return evt


def test_a_job_out_of_time_is_continued_on_the_queue(stack: Stack) -> None:
    seen: list[float] = []

    def reader(data: bytes, name: str, **kw: Any) -> list[PageText]:
        """The reader's contract: the first page always, the others while time is left."""
        pages = fake_ocr(data, name, page_range=kw["page_range"])
        seen.append(kw["time_left"]())
        return pages if seen[-1] > 0 else pages[:1]

    stack.svc.ocr = reader
    stack.start(A)
    stack.messages("OcrQueue")  # intake's job: the canonical event delivers it
    margin = stack.svc.settings.ocr_deadline_margin_s
    short = LocalContext("hoso-OcrFunction", 3008, int(margin) - 8)  # 8 s past the margin
    assert handler("OcrFunction")(event("ocr-job"), short) == {"batchItemFailures": []}
    assert -12 < seen[0] <= -8  # the context's remaining time less the margin
    [cont] = stack.messages("OcrQueue")
    assert (cont["dossier_id"], cont["part"], cont["from"]) == (A, 0, 2)
    assert stack.messages("UnderstandQueue") == []
    assert stack.invoke("OcrFunction", sqs_event(cont)) == {"batchItemFailures": []}
    assert 880 - margin < seen[1] <= 900 - margin  # a fresh invocation: its whole time
    [job] = stack.messages("UnderstandQueue")
    art = stack.name("ArtefactBucket")
    ocr = json.loads(stack.clients["s3"].get_object(Bucket=art, Key=job["ocr_key"])["Body"].read())
    assert [p["text"] for p in ocr["pages"]] == ["TỜ KHAI ĐĂNG KÝ KHAI SINH", "GIẤY CHỨNG SINH"]
    assert stack.messages("OcrQueue") == []


# The OCR function's grant to send to its own queue (page ranges, continuations) is checked
# with every other queue grant: tests/unit/test_template_security.py
