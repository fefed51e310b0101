"""Thông báo dừng xử lý hồ sơ: the supplement did not come within its period."""

from __future__ import annotations

from typing import Any

from hoso.forms._parts import (
    applicant_lines,
    as_record,
    honorific,
    issued_at,
    merged_office,
    procedure_name,
    start_form,
)
from hoso.forms._values import BLANK, as_datetime, get, hour_date, short_date, text

TITLE = "Thông báo dừng xử lý hồ sơ"


def render_closure(
    record: dict[str, Any], *, office: dict[str, Any] | None = None, **extra: Any
) -> bytes:
    """The dossier is closed because the supplement request's period ended without the
    supplement. Extras: ``reason`` (default: the period ended), ``officer``."""
    rec, off = as_record(record), merged_office(office)
    issued = issued_at(rec, extra, "closed_at", "updated_at")
    pdf = start_form(TITLE, rec, off, extra, issued)
    pdf.title_block(TITLE, "(Do không bổ sung, hoàn thiện hồ sơ đúng thời hạn)")
    unit = text(off.get("unit")) or "Bộ phận tiếp nhận và trả kết quả"
    who = honorific(rec)
    applicant_lines(pdf, rec, "Hồ sơ của:")
    pdf.field("Nội dung yêu cầu giải quyết:", procedure_name(rec))
    if text(rec.get("dossier_code")):
        pdf.field("Mã hồ sơ:", rec.get("dossier_code"))
    received = as_datetime(rec.get("received_at"))
    pdf.field("Thời gian tiếp nhận:", hour_date(received) if received else None)
    requested = as_datetime(rec.get("supplement_requested_at"))
    deadline = as_datetime(rec.get("supplement_due_at"))
    pdf.ln(1)
    pdf.para(
        f"Ngày {short_date(requested) if requested else BLANK}, {unit} đã gửi {who} Phiếu yêu "
        "cầu bổ sung, hoàn thiện hồ sơ. Đến hết ngày "
        f"{short_date(deadline) if deadline else BLANK}, hồ sơ chưa được bổ sung, hoàn thiện "
        "theo yêu cầu."
    )
    reason = text(extra.get("reason"))
    if reason:
        pdf.field("Lý do:", reason)
    pdf.para(
        f"Căn cứ quy định, {unit} dừng xử lý hồ sơ nêu trên. {who} có thể nộp hồ sơ mới khi đã "
        "có đủ thành phần hồ sơ theo quy định. Xin thông báo để "
        f"{who} được biết./."
    )
    officer = text(extra.get("officer")) or text(rec.get("received_by"))
    pdf.signatures(
        ("Người nhận thông báo", "(Ký và ghi rõ họ tên)", text(get(rec, "applicant", "full_name"))),
        ("Người thông báo", "(Ký và ghi rõ họ tên)", officer),
    )
    return pdf.bytes()
