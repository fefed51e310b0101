"""The officer console end to end: `hoso up`, dossiers uploaded as a station does, an
officer's browser. Every check reads the outcome back through the API or the captured
messages, not only the screen."""

from __future__ import annotations

import json
import os
import re
import subprocess
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import requests

from hoso_local.stack import Client
from tests.browser.conftest import HOSO, Up
from tests.e2e.conftest import hoso_env, wait_record
from tests.pdfs import GIAY_CHUNG_SINH, TO_KHAI_KHAI_SINH, make_pdf

pytestmark = [pytest.mark.browser, pytest.mark.e2e, pytest.mark.slow]

CENTRE = "trung-tam"
COMMUNE = "can-bo-h40.ubndxa"  # KHAI_SINH is the commune's procedure
POLICE = "can-bo-h40.caxa"  # the commune police: another agency
# a page of a paper the procedure does not name: the dossier goes to review
UNPLACED = (
    "BỆNH VIỆN ĐA KHOA\nGIẤY XÁC NHẬN\n"
    "Sản phụ đã sinh con ngày 01/02/2026 tại bệnh viện, bé trai nặng 3,2 kg."
)
# `make screenshots` sets this: the screenshots of docs/console.md
SHOTS = os.environ.get("HOSO_SCREENSHOTS")


def shot(page: Any, name: str, *, full_page: bool = False) -> None:
    if SHOTS:
        page.screenshot(path=str(Path(SHOTS) / name), full_page=full_page)


def upload(
    up: Up, did: str, pages: list[str], *, procedure: str = "KHAI_SINH", **applicant: str
) -> None:
    s3 = up.s3()
    bucket = up.info["upload_bucket"]
    s3.put_object(Bucket=bucket, Key=f"incoming/{did}/ho-so.pdf", Body=make_pdf(pages))
    manifest = {
        "schema_version": "1",
        "dossier_id": did,
        "procedure_code": procedure,
        "applicant": applicant,
        "channel": "counter",
        "files": ["ho-so.pdf"],
    }
    s3.put_object(
        Bucket=bucket,
        Key=f"incoming/{did}/manifest.json",
        Body=json.dumps(manifest, ensure_ascii=False).encode(),
    )


@pytest.fixture(scope="module")
def up(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    """`hoso up` with four generated dossiers: two in review, one received, one of the
    commune police."""
    stack = Up(tmp_path_factory.mktemp("console") / "data")
    run = uuid.uuid4().hex[:6]
    ids = {
        "review": f"BR-{run}-xem",
        "request": f"BR-{run}-bosung",
        "received": f"BR-{run}-du",
        "police": f"BR-{run}-ca",
    }
    try:
        upload(stack, ids["review"], [TO_KHAI_KHAI_SINH, UNPLACED], name="Nguyễn Văn An")
        upload(
            stack,
            ids["request"],
            [TO_KHAI_KHAI_SINH, UNPLACED],
            name="Trần Thị Bình",
            email="binh@example.vn",
        )
        upload(stack, ids["received"], [TO_KHAI_KHAI_SINH, GIAY_CHUNG_SINH])
        upload(stack, ids["police"], [TO_KHAI_KHAI_SINH, GIAY_CHUNG_SINH], procedure="THUONG_TRU")
        client = Client(stack.info)
        records = {k: wait_record(client, did) for k, did in ids.items()}
        assert records["review"]["status"] == "needs_review", records["review"]
        assert records["request"]["status"] == "needs_review", records["request"]
        assert records["received"]["status"] == "received", records["received"]
        assert records["police"]["agency"] == "H40.CAXA", records["police"]
        yield {"up": stack, "ids": ids, "client": client}
    finally:
        stack.stop()


def call(up: Up, officer: str, path: str) -> Any:
    r = requests.get(
        f"{up.api}{path}", headers={"Authorization": f"Bearer {up.token(officer)}"}, timeout=30
    )
    r.raise_for_status()
    return r.json()


def signed_in(page: Any, up: Up, officer: str) -> None:
    page.goto(up.sign_in_link(officer))
    page.wait_for_selector("[data-testid=queue], [data-testid=empty]")
    assert "token=" not in page.url  # the token left the address bar


def open_dossier(page: Any, up: Up, did: str) -> None:
    page.goto(f"{up.api}/console/#/d/{did}")
    page.wait_for_selector("[data-testid=checklist]")


def test_the_queue_loads_with_the_right_counts(up, page):
    stack = up["up"]
    signed_in(page, stack, CENTRE)
    counts = call(stack, CENTRE, "/reports/workload")
    assert counts["total"] == 4 and counts["statuses"]["needs_review"] == 2, counts
    page.wait_for_selector("[data-testid=count-total]")
    assert page.inner_text("[data-testid=count-total]") == "4"
    for status, n in counts["statuses"].items():
        assert page.inner_text(f"[data-testid=count-{status}]") == str(n), status
    # first the open dossiers, the earliest appointment first
    open_now = [d["dossier_id"] for d in call(stack, CENTRE, "/dossiers?order=due")["dossiers"]]
    assert up["ids"]["received"] in open_now
    rows = page.locator("[data-testid=queue] tbody tr")
    assert rows.evaluate_all("rows => rows.map(r => r.dataset.dossier)") == open_now
    # one status: only its dossiers
    page.click("button[data-status=needs_review]")
    page.wait_for_function(
        "() => document.querySelectorAll('[data-testid=queue] tbody tr').length === 2"
    )
    shown = set(
        page.locator("[data-testid=queue] tbody tr").evaluate_all(
            "rows => rows.map(r => r.dataset.dossier)"
        )
    )
    assert shown == {up["ids"]["review"], up["ids"]["request"]}
    # search (sent in a POST body, not a URL): the applicant's name without diacritics (every
    # generated form names the same applicant), then part of a dossier id
    page.fill("#q", "nguyen van an")
    page.click("form[role=search] button[type=submit]")
    found = requests.post(
        f"{stack.api}/dossiers/search",
        json={"text": "Nguyễn Văn An"},
        headers={"Authorization": f"Bearer {stack.token(CENTRE)}"},
        timeout=30,
    ).json()["dossiers"]
    assert {up["ids"]["review"], up["ids"]["request"]} <= {d["dossier_id"] for d in found}
    page.wait_for_selector(f"text=Kết quả tìm: {len(found)} hồ sơ", state="attached")
    page.fill("#q", up["ids"]["request"].split("-", 1)[1])
    page.click("form[role=search] button[type=submit]")
    page.wait_for_function(
        "() => document.querySelectorAll('[data-testid=queue] tbody tr').length === 1"
    )
    row = page.locator("[data-testid=queue] tbody tr")
    assert row.get_attribute("data-dossier") == up["ids"]["request"]
    # the commune's officer sees the commune's dossiers only
    signed_in(page, stack, COMMUNE)
    page.wait_for_selector("[data-testid=count-total]")
    assert page.inner_text("[data-testid=count-total]") == "3"
    assert up["ids"]["police"] not in page.inner_text("[data-testid=queue]")
    shot(page, "console-queue.png")


def test_a_dossier_opens_with_its_pages_text_and_checklist(up, page):
    stack, did = up["up"], up["ids"]["review"]
    signed_in(page, stack, COMMUNE)
    open_dossier(page, stack, did)
    page.wait_for_selector("[data-testid=page-image]")
    page.wait_for_function(
        "() => { const i = document.querySelector('[data-testid=page-image]');"
        " return i && i.complete && i.naturalWidth > 300; }"
    )
    page.wait_for_function("() => document.querySelectorAll('.thumbs img').length === 2")
    assert "TỜ KHAI" in page.inner_text("[data-testid=ocr-text]").upper()
    checklist = page.inner_text("[data-testid=checklist]")
    assert "Tờ khai đăng ký khai sinh" in checklist
    assert page.locator("[data-component=to_khai] .badge.ok").count() == 1
    assert "Chờ cán bộ xem xét" in page.inner_text("[data-testid=status]")
    assert "first_file_uploaded" in page.inner_text("[data-testid=audit]")
    shot(page, "console-dossier.png", full_page=True)


def test_a_classification_correction_changes_the_decision(up, page):
    stack, did = up["up"], up["ids"]["review"]
    signed_in(page, stack, COMMUNE)
    open_dossier(page, stack, did)
    page.select_option("#type-2", "giay_chung_sinh")
    page.click("[data-testid=classify] button[type=submit]")
    page.wait_for_selector("[data-testid=outcome]")
    assert "Đã tiếp nhận" in page.inner_text("[data-testid=outcome]")
    rec = call(stack, COMMUNE, f"/dossiers/{did}")
    assert rec["status"] == "received" and rec["dossier_code"], rec
    assert rec["pages"][1]["doc_type"] == "giay_chung_sinh"
    audit = call(stack, COMMUNE, f"/dossiers/{did}/audit")["audit"]
    assert any(
        e["action"] == "classification_corrected" and e["actor"] == COMMUNE for e in audit
    ), audit
    assert "Đã tiếp nhận" in page.inner_text("[data-testid=status]")


def test_a_supplement_request_is_edited_previewed_and_sent(up, page):
    stack, did = up["up"], up["ids"]["request"]
    signed_in(page, stack, COMMUNE)
    open_dossier(page, stack, did)
    editor = page.locator("[data-testid=supplement-editor]")
    assert editor.locator("#item-name-0").input_value()  # proposed from the checklist
    editor.locator("#item-reason-0").fill("Chưa có Giấy chứng sinh bản chính")
    editor.get_by_role("button", name="Thêm giấy tờ").click()
    editor.locator("#item-name-1").fill("Bản sao Giấy chứng nhận kết hôn của cha mẹ")
    editor.locator("#item-reason-1").fill("Để xác định quan hệ cha con")
    editor.get_by_role("button", name="Xem trước phiếu").click()
    link = page.wait_for_selector("[data-testid=preview-link]")
    with page.expect_download() as download:
        link.click()
    pdf = Path(download.value.path()).read_bytes()[:5]
    assert pdf == b"%PDF-"
    assert call(stack, COMMUNE, f"/dossiers/{did}")["status"] == "needs_review"  # nothing sent
    editor.get_by_role("button", name="Gửi yêu cầu bổ sung").click()
    page.wait_for_selector("[data-testid=outcome]")
    assert "Yêu cầu bổ sung" in page.inner_text("[data-testid=outcome]")
    rec = call(stack, COMMUNE, f"/dossiers/{did}")
    assert rec["status"] == "supplement_requested", rec
    reasons = {m["name"]: m.get("reason") for m in rec["missing_components"]}
    assert "Chưa có Giấy chứng sinh bản chính" in reasons.values(), reasons
    assert reasons["Bản sao Giấy chứng nhận kết hôn của cha mẹ"] == "Để xác định quan hệ cha con"
    assert "supplement-request" in rec["documents"]
    # the applicant's e-mail, as the local stack captured it
    mail = _email_to(stack, did, "binh@example.vn")
    assert "Chưa có Giấy chứng sinh bản chính" in mail and "Để xác định quan hệ cha con" in mail


def _email_to(stack: Up, did: str, address: str, timeout: float = 60) -> str:
    import time

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        r = subprocess.run(
            [HOSO, "messages", did, "--json"],
            capture_output=True,
            text=True,
            env=hoso_env(stack.data_dir),
            timeout=60,
        )
        for line in r.stdout.splitlines():
            m = json.loads(line)
            if m.get("channel") == "email" and address in json.dumps(m, ensure_ascii=False):
                return json.dumps(m, ensure_ascii=False)
        time.sleep(1)
    raise AssertionError(f"no e-mail to {address} about {did}: {r.stdout[-2000:]}")


def test_an_officer_of_another_agency_cannot_open_the_dossier(up, page):
    stack, did = up["up"], up["ids"]["received"]
    signed_in(page, stack, POLICE)
    assert did not in page.inner_text("body")
    page.goto(f"{stack.api}/console/#/d/{did}")
    error = page.wait_for_selector("[data-testid=error]")
    assert re.search(r"another agency", error.inner_text())
    assert page.locator("[data-testid=checklist]").count() == 0


def test_the_dashboard_shows_the_indicators(up, page):
    stack = up["up"]
    signed_in(page, stack, CENTRE)
    page.goto(f"{stack.api}/console/#/dashboard")
    page.wait_for_selector("[data-testid=indicators]")
    page.wait_for_function("() => document.querySelectorAll('canvas').length === 3")
    page.wait_for_timeout(300)  # the charts draw
    today = page.input_value("#to")
    report = call(stack, CENTRE, f"/reports/quality?from={today[:8]}01&to={today}")
    assert page.inner_text("[data-testid=indicators]").startswith(
        "Tiếp nhận\n" + str(report["overall"]["received"])
    )
    shot(page, "console-dashboard.png", full_page=True)


def test_a_supplement_handed_in_at_the_counter_is_recorded(up, page):
    stack, did = up["up"], up["ids"]["request"]
    assert call(stack, COMMUNE, f"/dossiers/{did}")["status"] == "supplement_requested"
    signed_in(page, stack, COMMUNE)
    open_dossier(page, stack, did)
    page.fill("#cs-note", "Bản chính Giấy chứng sinh")
    page.get_by_role("button", name="Ghi nhận bổ sung").click()
    page.wait_for_selector("[data-testid=outcome]")
    assert "Đã tiếp nhận" in page.inner_text("[data-testid=outcome]")
    rec = call(stack, COMMUNE, f"/dossiers/{did}")
    assert rec["status"] == "received" and rec["dossier_code"], rec
    audit = call(stack, COMMUNE, f"/dossiers/{did}/audit")["audit"]
    last = audit[-1]
    assert (last["action"], last["actor"]) == ("counter_supplement_received", COMMUNE), last
    assert last["note"].endswith("Bản chính Giấy chứng sinh")


def test_processing_result_and_delivery_and_a_refused_action(up, page):
    stack, did = up["up"], up["ids"]["received"]
    signed_in(page, stack, COMMUNE)
    open_dossier(page, stack, did)
    # refused by the API: the new appointment must come after the one in force
    page.fill("#ap-reason", "Chờ xác minh")
    page.fill("#ap-due", "2020-01-02T10:00")
    page.get_by_role("button", name="Phát hành phiếu xin lỗi").click()
    outcome = page.wait_for_selector("[data-testid=outcome][role=alert]")
    assert "không thực hiện được" in outcome.inner_text()
    reason = requests.post(
        f"{stack.api}/dossiers/{did}/apology",
        json={"reason": "Chờ xác minh", "new_due_at": "2020-01-02T10:00:00+07:00"},
        headers={"Authorization": f"Bearer {stack.token(COMMUNE)}"},
        timeout=30,
    ).json()["reason"]
    assert reason in outcome.inner_text()  # the API's own reason
    steps = [
        ("Bắt đầu giải quyết", "in_progress", "processing_started"),
        ("Đã có kết quả", "result_ready", "result_ready"),
        ("Đã trả kết quả cho người nộp", "delivered", "delivered"),
    ]
    for label, status, action in steps:
        page.get_by_role("button", name=label).click()
        page.wait_for_function(
            "(label) => { const o = document.querySelector('[data-testid=outcome]');"
            " return o && o.textContent.startsWith(label); }",
            arg=label,
        )
        assert call(stack, COMMUNE, f"/dossiers/{did}")["status"] == status
        last = call(stack, COMMUNE, f"/dossiers/{did}/audit")["audit"][-1]
        assert (last["action"], last["actor"]) == (action, COMMUNE), last


def test_keyboard_and_labels(up, page):
    """A dossier opens from the keyboard alone; focus goes to its heading; every field of the
    dossier view has a label."""
    stack = up["up"]
    signed_in(page, stack, CENTRE)
    page.locator("[data-testid=queue] tbody a").first.focus()
    page.keyboard.press("Enter")
    page.wait_for_selector("[data-testid=checklist]")
    page.wait_for_function(
        "() => document.activeElement && document.activeElement.tagName === 'H2'"
    )
    unlabelled = page.evaluate(
        "() => [...document.querySelectorAll('input, select, textarea')]"
        ".filter(e => !(e.labels && e.labels.length) && !e.getAttribute('aria-label'))"
        ".map(e => e.outerHTML.slice(0, 80))"
    )
    assert unlabelled == []
    page.goto(f"{stack.api}/console/#/")
    page.wait_for_selector("[data-testid=queue]")
    page.keyboard.press("Tab")  # the first stop: the skip link
    assert page.evaluate("() => document.activeElement.className") == "skip"
