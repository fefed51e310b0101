"""The words of hoso's messages: to an agency's officers (Vietnamese body, ASCII subject), to an
applicant by e-mail (Vietnamese) and by SMS (unaccented Vietnamese, at most two GSM-7 parts).

Pure functions of the event's detail and the dossier record. Officers' messages name no person
and carry no ID number; an applicant's messages say nothing the applicant did not give besides
the dossier's own facts (the name, to greet, only in the e-mail to the applicant).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from hoso.dossier import VN_TZ, Dossier, parse_time
from hoso.text import nfc, unaccent

SUBJECT_MAX = 99  # SNS: ASCII, no line break, under 100 characters
SMS_MAX = 306  # two concatenated GSM-7 parts (153 characters each)
SIGNATURE = "Bộ phận Tiếp nhận và Trả kết quả (Một cửa)"

OFFICER_TITLES = {
    "ReviewRequested": "Hồ sơ cần cán bộ xem xét",
    "SupplementReceived": "Đã nhận hồ sơ bổ sung",
    "DossierDueSoon": "Hồ sơ sắp đến hạn trả kết quả",
    "DossierOverdue": "Hồ sơ quá hạn trả kết quả",
    "DossierClosed": "Hồ sơ kết thúc do không bổ sung trong thời hạn",
    "SupplementRefused": "Hồ sơ bổ sung bị từ chối",
}
APPLICANT_TITLES = {
    "SupplementRequested": "Yêu cầu bổ sung, hoàn thiện hồ sơ",
    "DossierAccepted": "Giấy tiếp nhận hồ sơ và hẹn trả kết quả",
    "ApologyIssued": "Thư xin lỗi và hẹn lại ngày trả kết quả",
    "DossierClosed": "Thông báo kết thúc hồ sơ",
    "SupplementRefused": "Thông báo từ chối hồ sơ bổ sung",
}


@dataclass(frozen=True)
class Link:
    """A notice's download link and until when it works (local time, as the text says it)."""

    url: str
    until: str


def when(value: str | None) -> str | None:
    """A timestamp as Vietnamese text in local time: ``16:00 ngày 12/03/2026``."""
    if not value:
        return None
    dt = parse_time(value).astimezone(VN_TZ)
    return f"{dt:%H:%M} ngày {dt:%d/%m/%Y}"


def day(value: str | None) -> str | None:
    if not value:
        return None
    return f"{parse_time(value).astimezone(VN_TZ):%d/%m/%Y}"


def reference(detail: Mapping[str, Any]) -> str:
    """How the applicant knows the dossier: its code once received, else its id."""
    return str(detail.get("dossier_code") or detail["dossier_id"])


def procedure(detail: Mapping[str, Any]) -> str:
    return str(detail.get("procedure_name") or detail.get("procedure_code") or "thủ tục hành chính")


def subject_line(dossier_id: str, title: str) -> str:
    """``[hoso <id>] <title>``: ASCII without line breaks, under 100 characters."""
    text = unaccent(f"[hoso {dossier_id}] {title}")
    text = re.sub(r"\s+", " ", text.encode("ascii", "replace").decode()).strip()
    return text[:SUBJECT_MAX]


def _lines(*lines: str | None) -> str:
    return nfc("\n".join(line for line in lines if line is not None))


def _labelled(label: str, value: Any) -> str | None:
    return f"{label}: {value}" if value else None


# ---------------------------------------------------------------------------- officers
def after_apology(detail: Mapping[str, Any], dossier: Dossier | None) -> bool:
    """An overdue event for the date an apology moved the appointment to (the second one)."""
    moved = dossier.new_due_at if dossier else detail.get("new_due_at")
    missed = detail.get("missed_due_at")
    return bool(moved) and (
        missed == moved or (not missed and bool(dossier and dossier.apology_at))
    )


def officer_title(detail_type: str, detail: Mapping[str, Any], dossier: Dossier | None) -> str:
    title = OFFICER_TITLES[detail_type]
    if detail_type == "DossierOverdue":
        missed = day(detail.get("missed_due_at"))
        which = "ngày hẹn lại" if after_apology(detail, dossier) else "ngày hẹn"
        title = f"{title} ({which} {missed})" if missed else f"{title} ({which})"
    return title


def officer_text(detail_type: str, detail: Mapping[str, Any], dossier: Dossier | None) -> str:
    due = (dossier.effective_due_at if dossier else None) or detail.get("due_at")
    return _lines(
        officer_title(detail_type, detail, dossier),
        "",
        f"Hồ sơ: {detail['dossier_id']}",
        _labelled("Mã hồ sơ", detail.get("dossier_code")),
        f"Thủ tục: {procedure(detail)}",
        _labelled("Cơ quan giải quyết", detail.get("agency")),
        _labelled("Tiếp nhận lúc", when(detail.get("received_at"))),
        _labelled("Hạn trả kết quả", when(due)),
        *_officer_specifics(detail_type, detail, dossier),
        "",
        _labelled("Xem hồ sơ", (detail.get("links") or {}).get("record")),
    )


def _officer_specifics(
    detail_type: str, detail: Mapping[str, Any], dossier: Dossier | None
) -> list[str | None]:
    reason = _labelled("Lý do", detail.get("reason"))
    if detail_type == "ReviewRequested":
        return [
            "",
            "Hệ thống không tự kết luận được hồ sơ này: đề nghị cán bộ kiểm tra và quyết định "
            "tiếp nhận hoặc yêu cầu bổ sung.",
        ]
    if detail_type == "SupplementReceived":
        return ["", "Người nộp đã bổ sung hồ sơ; hồ sơ đang được kiểm tra lại."]
    if detail_type == "DossierDueSoon":
        return [
            "",
            "Nếu không kịp trả kết quả, cần gửi thư xin lỗi và hẹn lại ngày trả chậm nhất "
            "01 ngày trước hạn (chỉ được hẹn lại một lần).",
        ]
    if detail_type == "DossierOverdue":
        missed = _labelled("Ngày hẹn đã quá", when(detail.get("missed_due_at")))
        if after_apology(detail, dossier):
            return [missed, reason, "", "Hồ sơ đã quá cả ngày hẹn lại sau thư xin lỗi."]
        return [missed, reason, "", "Cần gửi thư xin lỗi người nộp và hẹn lại ngày trả kết quả."]
    if detail_type == "DossierClosed":
        until = _labelled("Hạn bổ sung", when(detail.get("supplement_due_at")))
        return [until, "", "Người nộp không bổ sung, hoàn thiện hồ sơ trong thời hạn."]
    return [reason]  # SupplementRefused


# ---------------------------------------------------------------------------- applicants
def email_text(
    detail_type: str, detail: Mapping[str, Any], dossier: Dossier, link: Link | None
) -> str:
    name = (dossier.applicant or {}).get("full_name") or (dossier.applicant or {}).get("name")
    greeting = f"Kính gửi Ông/Bà {name}," if name else "Kính gửi Ông/Bà,"
    attached = (
        [
            "",
            f"Tải văn bản (PDF) tại: {link.url}",
            f"(Liên kết tải về có hiệu lực đến {link.until}.)",
        ]
        if link
        else []
    )
    return _lines(
        greeting,
        "",
        *_email_body(detail_type, detail, dossier),
        *attached,
        "",
        "Trân trọng,",
        SIGNATURE,
        detail.get("agency"),
        "",
        "Đây là thư gửi tự động, xin vui lòng không trả lời thư này.",
    )


def _email_body(detail_type: str, detail: Mapping[str, Any], dossier: Dossier) -> list[str | None]:
    ref, proc = reference(detail), procedure(detail)
    if detail_type == "DossierAccepted":
        return [
            "Bộ phận Một cửa đã tiếp nhận hồ sơ của Ông/Bà.",
            "",
            f"Mã hồ sơ: {ref}",
            f"Thủ tục: {proc}",
            _labelled("Thời điểm tiếp nhận", when(detail.get("received_at"))),
            _labelled("Ngày hẹn trả kết quả", when(detail.get("due_at"))),
            "",
            "Khi đến nhận kết quả, Ông/Bà vui lòng mang theo Giấy tiếp nhận hoặc báo mã hồ sơ.",
        ]
    if detail_type == "SupplementRequested":
        items = [
            f"{i}. {m.get('name')}" + (f": {m['reason']}" if m.get("reason") else "")
            for i, m in enumerate(detail.get("missing_components") or [], 1)
        ]
        deadline = when(detail.get("supplement_due_at"))
        return [
            f"Hồ sơ {proc} (mã hồ sơ: {ref}) của Ông/Bà chưa đầy đủ, hợp lệ. Đề nghị Ông/Bà "
            "bổ sung, hoàn thiện các nội dung sau:",
            "",
            *items,
            *(
                [
                    "",
                    f"Hạn bổ sung: {deadline}. Quá thời hạn này mà hồ sơ chưa được bổ sung, "
                    "hoàn thiện thì hồ sơ sẽ kết thúc.",
                ]
                if deadline
                else []
            ),
        ]
    return _email_later(detail_type, detail, dossier, ref, proc)


def _email_later(
    detail_type: str, detail: Mapping[str, Any], dossier: Dossier, ref: str, proc: str
) -> list[str | None]:
    reason = _labelled("Lý do", detail.get("reason"))
    if detail_type == "ApologyIssued":
        return [
            f"Chúng tôi chân thành xin lỗi Ông/Bà vì hồ sơ {proc} (mã hồ sơ: {ref}) chưa được "
            "giải quyết xong đúng hẹn.",
            "",
            _labelled("Ngày hẹn cũ", when(dossier.due_at or detail.get("due_at"))),
            reason,
            _labelled("Ngày hẹn trả kết quả mới", when(detail.get("new_due_at"))),
        ]
    if detail_type == "DossierClosed":
        until = when(detail.get("supplement_due_at"))
        return [
            f"Hồ sơ {proc} (mã hồ sơ: {ref}) của Ông/Bà đã hết thời hạn bổ sung, hoàn thiện"
            + (f" ({until})" if until else "")
            + " mà chưa được bổ sung, nên hồ sơ đã kết thúc.",
            "Nếu vẫn có nhu cầu, Ông/Bà vui lòng nộp hồ sơ mới.",
        ]
    return [  # SupplementRefused
        f"Hồ sơ bổ sung của Ông/Bà cho hồ sơ {proc} (mã hồ sơ: {ref}) không được chấp nhận.",
        reason,
        "",
        "Ông/Bà có thể liên hệ Bộ phận Một cửa để được hướng dẫn.",
    ]


# ---------------------------------------------------------------------------- SMS
_GSM_SAFE = str.maketrans("[]{}\\|~^`", "()()//-''")


def gsm(text: str) -> str:
    """Unaccented, on one line, with only characters of the GSM-7 basic set (one unit each)."""
    text = unaccent(nfc(text)).replace("–", "-").replace("—", "-").replace("…", "...")
    text = text.translate(_GSM_SAFE)
    text = re.sub(r"\s+", " ", text).strip()
    return "".join(ch if " " <= ch <= "~" else "?" for ch in text)


def _fit(before: str, variable: str = "", after: str = "") -> str:
    """The parts on one line within :data:`SMS_MAX`, cutting the variable part if need be."""
    before, variable, after = gsm(before), gsm(variable), gsm(after)
    room = SMS_MAX - len(before) - len(after) - (1 if before else 0) - (1 if after else 0)
    if len(variable) > room:
        variable = variable[: max(0, room - 3)].rstrip() + "..."
    return " ".join(p for p in (before, variable, after) if p)[:SMS_MAX]


def sms_text(detail_type: str, detail: Mapping[str, Any]) -> str:
    ref = reference(detail)
    head = gsm(str(detail.get("agency") or "Bo phan Mot cua"))[:40] + ":"
    if detail_type == "DossierAccepted":
        due = when(detail.get("due_at"))
        return _fit(f"{head} Da tiep nhan ho so {ref}.", f"Hen tra ket qua {due}." if due else "")
    if detail_type == "SupplementRequested":
        names = "; ".join(str(m.get("name")) for m in detail.get("missing_components") or [])
        until = day(detail.get("supplement_due_at"))
        after = (f"Han bo sung {until}. " if until else "") + "Chi tiet xem phieu yeu cau bo sung."
        return _fit(f"{head} Ho so {ref} can bo sung:", f"{names}.", after)
    if detail_type == "ApologyIssued":
        new_due = when(detail.get("new_due_at"))
        return _fit(
            f"{head} Xin loi Ong/Ba vi ho so {ref} chua giai quyet xong dung hen.",
            f"Hen tra ket qua moi: {new_due}." if new_due else "",
        )
    if detail_type == "DossierClosed":
        return _fit(f"{head} Ho so {ref} da ket thuc do khong bo sung, hoan thien trong thoi han.")
    reason = detail.get("reason")
    return _fit(
        f"{head} Ho so bo sung cho ho so {ref} khong duoc chap nhan.",
        f"Ly do: {reason}." if reason else "",
    )
