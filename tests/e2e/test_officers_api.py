"""Officers on the local stack's API (issue 12): bearer tokens from ``<data-dir>/officers.json``
(no token or an unknown one: 401 before any handler runs), each officer acting on their
agency's dossiers only and named in the audit for each action; and no ID number, name or
phone number in a log line, an event or an error reason after a run with bad manifests."""

from __future__ import annotations

import json
import logging
import re
import time
import urllib.error
import urllib.request
import uuid
from pathlib import Path
from typing import Any

import boto3
import pytest

from hoso_local.officers import load, token_for
from tests.e2e.conftest import ROOT
from tests.pdfs import GIAY_CHUNG_SINH, TO_KHAI_KHAI_SINH, make_pdf

pytestmark = pytest.mark.e2e

COMMUNE, POLICE = "can-bo-h40.ubndxa", "can-bo-h40.caxa"  # KHAI_SINH's, THUONG_TRU's agencies


def api(
    info: dict[str, Any],
    method: str,
    path: str,
    *,
    officer: str | None = None,
    token: str | None = None,
    body: dict[str, Any] | None = None,
    headers: dict[str, str] | None = None,
) -> tuple[int, Any]:
    """One request to the local API as ``officer`` (their token) or with ``token``."""
    if officer is not None:
        token = token_for(Path(info["data_dir"]), officer)
    sent = {"Content-Type": "application/json", **(headers or {})}
    if token is not None:
        sent["Authorization"] = f"Bearer {token}"
    data = json.dumps(body).encode() if body is not None else None
    req = urllib.request.Request(info["api_url"] + path, data=data, method=method, headers=sent)
    try:
        with urllib.request.urlopen(req, timeout=60) as resp:
            return resp.status, json.loads(resp.read())
    except urllib.error.HTTPError as exc:
        raw = exc.read()
        return exc.code, json.loads(raw) if raw else None


def _upload(info: dict[str, Any], did: str, procedure: str, manifest: bytes | None = None) -> None:
    s3 = boto3.client("s3", endpoint_url=info["endpoint_url"], region_name="ap-southeast-1")
    pdf = make_pdf([TO_KHAI_KHAI_SINH, GIAY_CHUNG_SINH])
    if manifest is None:
        s3.put_object(
            Bucket=info["upload_bucket"],
            Key=f"incoming/{did}/ho-so.pdf",
            Body=pdf,
            Metadata={"procedure-code": procedure},
        )
        return
    s3.put_object(Bucket=info["upload_bucket"], Key=f"incoming/{did}/ho-so.pdf", Body=pdf)
    s3.put_object(Bucket=info["upload_bucket"], Key=f"incoming/{did}/manifest.json", Body=manifest)


# ---------------------------------------------------------------- tokens


def test_the_officers_file_is_private_and_has_every_agency(stack):
    data_dir = Path(stack["info"]["data_dir"])
    path = data_dir / "officers.json"
    assert path.stat().st_mode & 0o777 == 0o600
    officers = {o["id"]: o for o in load(data_dir)}
    assert officers["trung-tam"]["role"] == "centre"
    assert officers[COMMUNE]["agencies"] == ["H40.UBNDXA"]
    assert len({o["token"] for o in officers.values()}) == len(officers)


@pytest.mark.parametrize(
    "authorization", [None, "Bearer", "Bearer not-a-token", "Basic dHJ1bmctdGFtOng="]
)
def test_without_a_valid_token_the_api_is_401(stack, authorization):
    info = stack["info"]
    rt = stack["runtime"]
    calls = []
    handler = rt.functions["ApiFunction"].handler
    rt.functions["ApiFunction"].handler = lambda e, c: calls.append(e) or handler(e, c)
    try:
        headers = {"Authorization": authorization} if authorization else {}
        for method, path in (("GET", "/dossiers?status=received"), ("POST", "/dossiers/X/result")):
            status, body = api(info, method, path, headers=headers)
            assert (status, body) == (401, {"message": "Unauthorized"})
    finally:
        rt.functions["ApiFunction"].handler = handler
    assert calls == [], "the handler is not called"


# ---------------------------------------------------------------- scoping


def test_an_officer_lists_and_acts_on_their_agencys_dossiers_only(stack, two_agencies):
    info, client = stack["info"], stack["client"]
    mine, theirs = two_agencies["mine"], two_agencies["theirs"]
    theirs_status = two_agencies["records"][theirs]["status"]

    status, body = api(info, "GET", "/dossiers?status=received", officer=COMMUNE)
    assert status == 200
    assert mine in [d["dossier_id"] for d in body["dossiers"]]
    assert {d["agency"] for d in body["dossiers"]} == {"H40.UBNDXA"}
    status, body = api(info, "GET", f"/dossiers?status={theirs_status}", officer=COMMUNE)
    assert status == 200 and theirs not in [d["dossier_id"] for d in body["dossiers"]]
    status, body = api(info, "GET", f"/dossiers?status={theirs_status}", officer=POLICE)
    assert status == 200 and theirs in [d["dossier_id"] for d in body["dossiers"]]

    assert api(info, "GET", f"/dossiers/{mine}", officer=COMMUNE)[0] == 200
    assert api(info, "GET", f"/dossiers/{theirs}", officer=COMMUNE)[0] == 403
    assert api(info, "GET", f"/dossiers/{theirs}/audit", officer=COMMUNE)[0] == 403
    assert (
        api(
            info, "POST", f"/dossiers/{theirs}/withdrawal", officer=COMMUNE, body={"reason": "thử"}
        )[0]
        == 403
    )
    assert api(info, "POST", f"/dossiers/{mine}/processing", officer=POLICE, body={})[0] == 403

    for action, after in (("processing", "in_progress"), ("result", "result_ready")):
        status, body = api(info, "POST", f"/dossiers/{mine}/{action}", officer=COMMUNE, body={})
        assert (status, body["status"]) == (200, after)
    status, body = api(
        info,
        "POST",
        f"/dossiers/{mine}/delivery",
        officer="trung-tam",
        body={},
        headers={"X-Hoso-Actor": COMMUNE},  # centre staff acting as the officer (local only)
    )
    assert (status, body["status"]) == (200, "delivered")

    trail = client.audit(mine)
    officer_entries = [(e["action"], e["actor"]) for e in trail if e["actor"] == COMMUNE]
    assert officer_entries == [
        ("processing_started", COMMUNE),
        ("result_ready", COMMUNE),
        ("delivered", COMMUNE),
    ]
    assert client.record(theirs)["status"] == theirs_status
    assert [e for e in client.audit(theirs) if e["actor"] in (COMMUNE, POLICE)] == []
    status, body = api(info, "GET", f"/dossiers/{mine}/audit", officer=COMMUNE)
    assert [a["actor"] for a in body["audit"]][-3:] == [COMMUNE] * 3
    logged = (Path(info["data_dir"]) / "functions.log").read_text("utf-8")
    refusals = [json.loads(line) for line in logged.splitlines() if "refused: officer" in line]
    assert {
        (r["level"], r["message"].split(":")[1].strip())
        for r in refusals
        if theirs in r["message"] or mine in r["message"]
    } >= {
        ("WARNING", f"officer {COMMUNE}, dossier {theirs}, route GET /dossiers/{{dossier_id}}"),
        (
            "WARNING",
            f"officer {POLICE}, dossier {mine}, route POST /dossiers/{{dossier_id}}/processing",
        ),
    }


def test_an_agency_officer_cannot_act_as_another(stack, two_agencies):
    theirs = two_agencies["theirs"]
    status, _ = api(
        stack["info"],
        "GET",
        f"/dossiers/{theirs}",
        officer=COMMUNE,
        headers={"X-Hoso-Actor": POLICE},
    )
    assert status == 403


def test_an_officer_added_while_the_stack_runs_can_call_at_once(stack, two_agencies):
    from hoso_local.officers import add

    info = stack["info"]
    entry = add(Path(info["data_dir"]), f"moi-{uuid.uuid4().hex[:4]}", agencies=["H40.CAXA"])
    status, body = api(info, "GET", f"/dossiers/{two_agencies['theirs']}", token=entry["token"])
    assert (status, body["dossier_id"]) == (200, two_agencies["theirs"])
    status, _ = api(info, "GET", f"/dossiers/{two_agencies['mine']}", token=entry["token"])
    assert status == 403


# ---------------------------------------------------------------- personal data

PEOPLE = [  # (name, ID number, phone): none may leak
    ("Lê Thị Hồng Nhung", "040195012345", "0987 654 321"),
    ("Phạm Quốc Trung", "040088067890", "0903 111 222"),
    ("Hoàng Minh Khôi", "040201034567", "0868 777 999"),
    ("Đặng Thu Trang", "040197045678", "0977 000 555"),
    ("Vũ Đức Thắng", "040185056789", "0912 888 444"),
]


def _manifests(run: str) -> dict[str, bytes]:
    """Good and bad manifests carrying the applicants' details."""
    base = {"schema_version": "1", "procedure_code": "KHAI_SINH", "files": ["ho-so.pdf"]}

    def m(did: str, applicant: dict[str, Any], **extra: Any) -> bytes:
        doc = {**base, "dossier_id": did, "applicant": applicant, **extra}
        return json.dumps(doc, ensure_ascii=False).encode()

    (n0, i0, p0), (n1, i1, p1), (n2, i2, p2), (n3, i3, p3), (n4, i4, p4) = PEOPLE
    return {
        f"PD-{run}-ok": m(f"PD-{run}-ok", {"name": n0, "id_number": i0, "phone": p0}),
        # an ID number one digit too long, a phone with letters: refused by the schema
        f"PD-{run}-id": m(f"PD-{run}-id", {"name": n1, "id_number": i1 + "9", "phone": p1 + "x"}),
        # numbers where strings belong
        f"PD-{run}-ty": m(
            f"PD-{run}-ty", {"name": n2, "id_number": int(i2), "phone": int(p2.replace(" ", ""))}
        ),
        # broken JSON after the applicant's details
        f"PD-{run}-js": m(f"PD-{run}-js", {"name": n3, "id_number": i3, "phone": p3})[:-2],
        # an unknown procedure, the details in unexpected places
        f"PD-{run}-pr": m(
            f"PD-{run}-pr",
            {"name": n4, "id_number": i4, "phone": p4, "cccd": i4},
            procedure_code="KHONG_CO",
            received_by=n4,
        ),
    }


def _needles() -> list[str]:
    out = []
    for name, id_number, phone in PEOPLE:
        out += [name, id_number, phone, phone.replace(" ", ""), id_number + "9"]
        out += [json.dumps(name)[1:-1]]  # as JSON escapes it (ensure_ascii)
    return out


def _reasons(record: dict[str, Any]) -> list[str]:
    """Every error, warning and reason a record carries."""
    texts = [json.dumps(record.get("errors") or [], ensure_ascii=False)]
    texts.append(json.dumps(record.get("warnings") or [], ensure_ascii=False))
    texts.append(str(record.get("last_error") or ""))
    for key, value in record.items():
        if "reason" in key or key.endswith("_note"):
            texts.append(json.dumps(value, ensure_ascii=False))
    return texts


def test_no_personal_data_in_logs_events_or_reasons(stack, caplog):
    caplog.set_level(logging.INFO)
    info, client = stack["info"], stack["client"]
    log_file = Path(info["data_dir"]) / "functions.log"
    log_start = log_file.stat().st_size if log_file.exists() else 0
    sqs, url = _subscribe(info, f"pd-{uuid.uuid4().hex[:6]}")
    run = uuid.uuid4().hex[:6]
    manifests = _manifests(run)
    for did, raw in manifests.items():
        _upload(info, did, "KHAI_SINH", manifest=raw)
    records = {did: wait_record_or_failed(client, did) for did in manifests}
    assert records[f"PD-{run}-ok"]["status"] != "failed"
    assert all(r["status"] == "failed" for d, r in records.items() if not d.endswith("-ok"))
    events = _drain(sqs, url)
    assert events, "the run published events"

    needles = _needles()
    logged = log_file.read_text("utf-8", errors="replace")[log_start:] if log_file.exists() else ""
    assert logged, "the functions logged"
    texts = {
        "functions.log": logged,
        "captured logging": caplog.text,
        "events": json.dumps(events, ensure_ascii=False),
        **{f"reasons of {did}": "\n".join(_reasons(r)) for did, r in records.items()},
        **{
            f"audit notes of {did}": json.dumps(
                [(e.get("note"), e.get("event")) for e in client.audit(did)], ensure_ascii=False
            )
            for did in records
        },
    }
    leaks = {where: [n for n in needles if n in text] for where, text in texts.items()}
    assert {k: v for k, v in leaks.items() if v} == {}


def test_no_route_carries_an_id_number():
    """The API's paths (template.yaml's Api events) have no ID number in them."""
    template = (ROOT / "template.yaml").read_text("utf-8")
    paths = re.findall(r"^\s+Path: (/\S+)$", template, flags=re.M)
    assert paths, "the template declares routes"
    assert [p for p in paths if "id_number" in p or ("applicant" in p and "{" in p)] == []


def wait_record_or_failed(client: Any, did: str, timeout: float = 300) -> dict[str, Any]:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        rec = client.record(did)
        if rec and rec["status"] not in ("uploading", "processing"):
            return dict(rec)
        time.sleep(0.3)
    raise AssertionError(f"{did} did not settle: {client.record(did)}")


def _subscribe(info: dict[str, Any], name: str) -> tuple[Any, str]:
    kw = {"endpoint_url": info["endpoint_url"], "region_name": "ap-southeast-1"}
    sqs, events = boto3.client("sqs", **kw), boto3.client("events", **kw)
    url = sqs.create_queue(QueueName=name)["QueueUrl"]
    arn = sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["QueueArn"])["Attributes"][
        "QueueArn"
    ]
    pattern = {"source": ["hoso.dossiers"]}
    events.put_rule(Name=name, EventBusName=info["event_bus"], EventPattern=json.dumps(pattern))
    events.put_targets(Rule=name, EventBusName=info["event_bus"], Targets=[{"Id": "q", "Arn": arn}])
    return sqs, url


def _drain(sqs: Any, url: str, quiet_for: float = 3.0) -> list[dict[str, Any]]:
    got: list[dict[str, Any]] = []
    last = time.monotonic()
    while time.monotonic() - last < quiet_for:
        msgs = sqs.receive_message(QueueUrl=url, MaxNumberOfMessages=10, WaitTimeSeconds=1)
        for m in msgs.get("Messages", []):
            got.append(json.loads(m["Body"]))
            sqs.delete_message(QueueUrl=url, ReceiptHandle=m["ReceiptHandle"])
            last = time.monotonic()
    return got
