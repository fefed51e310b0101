"""The notices of the one-stop counter (Circular 03/2025/TT-VPCP set), rendered as A4 PDFs.

Every renderer takes the dossier record (``schemas/records/dossier.schema.json``), an optional
``office`` dict (``name``, ``place``, ``phone``, ``address``, ``parent``, ``unit``) and keyword
extras; missing values print as dotted blanks like the paper form, never raise.

Common extras: ``number`` (the "Số: …" of the notice), ``issued_at`` (date of the place/date
line; defaults per form to the receipt time or the record's ``updated_at``).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from hoso.forms._layout import FormPDF
from hoso.forms._parts import (
    applicant,
    applicant_lines,
    as_record,
    catalog_component,
    catalog_procedure,
    catalog_time,
    honorific,
    issued_at,
    merged_office,
    numbered_reasons,
    procedure_name,
    start_form,
)
from hoso.forms._values import (
    BLANK,
    FINAL_STATUSES,
    as_datetime,
    copy_type,
    get,
    hour_date,
    processing_time,
    quantity,
    short_date,
    status_label,
    text,
    timeliness,
)

SUPPLEMENT_WORKING_DAYS = 15
SIGN = "(Ký và ghi rõ họ tên)"


# ---------------------------------------------------------------- receipt
def render_receipt(
    record: dict[str, Any], *, office: dict[str, Any] | None = None, **extra: Any
) -> bytes:
    """Giấy tiếp nhận hồ sơ và hẹn trả kết quả.

    Extras: ``processing_time`` (``{"amount": 3, "unit": "working_days"}``, a number of working
    days or text), ``sets`` (number of dossier sets, default 1), ``authorised`` (person submitting
    on the applicant's behalf), ``collect_at`` (where the result is collected), ``book`` and
    ``book_entry`` (log book volume and line), ``officer`` (defaults to ``received_by``).
    Components listed are those ``present``; each may carry ``copy_type``
    (original/certified_copy/copy/photocopy/electronic) and ``copies``. What the extras and the
    record leave out (processing time, form and number of copies of a component) is taken from
    the procedure catalog version in force on the receipt date, when the code is known there.
    """
    rec, off = as_record(record), merged_office(office)
    received = as_datetime(rec.get("received_at"))
    due = as_datetime(rec.get("due_at"))
    pdf = start_form(
        "Giấy tiếp nhận hồ sơ và hẹn trả kết quả",
        rec,
        off,
        extra,
        issued_at(rec, extra, "received_at"),
    )
    pdf.title_block("Giấy tiếp nhận hồ sơ và hẹn trả kết quả")
    pdf.field("Mã hồ sơ:", rec.get("dossier_code"))
    pdf.field(f"{text(off.get('unit'))}:", off.get("name"))
    applicant_lines(pdf, rec, "Tiếp nhận hồ sơ của:")
    if text(extra.get("authorised")):
        pdf.field("Người được ủy quyền nộp hồ sơ:", extra.get("authorised"))
    pdf.field("Nội dung yêu cầu giải quyết:", procedure_name(rec))

    pdf.para("1. Thành phần hồ sơ nộp gồm:")
    procedure = catalog_procedure(rec, received)
    _receipt_components(pdf, rec, procedure)
    _receipt_terms(pdf, rec, extra, procedure)
    pdf.field("4. Thời gian nhận hồ sơ:", hour_date(received) if received else None)
    pdf.field("5. Thời gian trả kết quả giải quyết hồ sơ:", hour_date(due) if due else None)
    where = text(extra.get("collect_at")) or text(off.get("address")) or text(off.get("name"))
    pdf.field("6. Nhận kết quả tại:", where)
    _book_entry(pdf, extra)
    officer = text(extra.get("officer")) or text(rec.get("received_by"))
    pdf.signatures(
        ("Người nộp hồ sơ", SIGN, text(get(rec, "applicant", "full_name"))),
        ("Người tiếp nhận hồ sơ", SIGN, officer),
    )
    return pdf.bytes()


def _receipt_components(pdf: FormPDF, rec: Mapping[str, Any], procedure: Any) -> None:
    """The table of the components handed in (those ``present``), the catalog's form and
    number of copies where the record gives none; two blank rows when none is listed."""
    components = rec.get("components")
    rows: list[list[str]] = []
    for item in components if isinstance(components, list) else []:
        if not isinstance(item, Mapping) or item.get("present") is False:
            continue
        comp = {
            **catalog_component(procedure, item),
            **{k: v for k, v in item.items() if v is not None},
        }
        rows.append(
            [
                str(len(rows) + 1),
                text(comp.get("name")) or BLANK,
                copy_type(comp) or BLANK,
                quantity(comp) or BLANK,
            ]
        )
    if not rows:
        rows = [["1", BLANK, BLANK, BLANK], ["2", BLANK, BLANK, BLANK]]
    pdf.grid(
        ["STT", "Tên giấy tờ", "Hình thức", "Số lượng"],
        rows,
        (11, 92, 40, 22),
        align=["C", "L", "L", "C"],
    )


def _receipt_terms(
    pdf: FormPDF, rec: Mapping[str, Any], extra: Mapping[str, Any], procedure: Any
) -> None:
    """Items 2 and 3: the number of dossier sets and the processing time (the extras', the
    record's, else the catalog's)."""
    sets = extra.get("sets", 1)
    sets_text = (
        f"{sets:02d} bộ" if isinstance(sets, int) and not isinstance(sets, bool) else text(sets)
    )
    pdf.field("2. Số lượng hồ sơ:", sets_text)
    pdf.field(
        "3. Thời gian giải quyết hồ sơ theo quy định:",
        processing_time(
            next(
                (
                    v
                    for v in (extra.get("processing_time"), rec.get("processing_time"))
                    if v is not None
                ),
                catalog_time(procedure),
            )
        ),
    )


def _book_entry(pdf: FormPDF, extra: Mapping[str, Any]) -> None:
    """The log book line: volume and entry number, dotted blanks when not given."""
    pdf.rich(
        [
            ("Vào Sổ theo dõi hồ sơ, Quyển số: ", False),
            (text(extra.get("book")) or BLANK * 4, bool(text(extra.get("book")))),
            (", Số thứ tự: ", False),
            (text(extra.get("book_entry")) or BLANK * 4, bool(text(extra.get("book_entry")))),
        ]
    )


# ---------------------------------------------------------------- supplement request
def render_supplement_request(
    record: dict[str, Any], *, office: dict[str, Any] | None = None, **extra: Any
) -> bytes:
    """Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ: one complete notice of every missing item.

    Items come from ``record["missing_components"]`` (plus ``items=`` extra, same shape).
    Extras: ``officer``, ``officer_phone`` (contact; default ``received_by`` and the office
    phone), ``deadline`` (default: 15 working days after the notice, from the office calendar).
    """
    rec, off = as_record(record), merged_office(office)
    issued = issued_at(rec, extra, "updated_at", "received_at")
    pdf = start_form("Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ", rec, off, extra, issued)
    pdf.title_block("Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ")
    pdf.field("Hồ sơ của:", applicant(rec))
    pdf.field("Mã hồ sơ:", rec.get("dossier_code"))
    pdf.field("Nội dung yêu cầu giải quyết:", procedure_name(rec))
    received = as_datetime(rec.get("received_at"))
    pdf.field("Thời gian tiếp nhận:", hour_date(received) if received else None)

    who = honorific(rec)
    unit = text(off.get("unit")) or "Bộ phận tiếp nhận và trả kết quả"
    pdf.ln(1)
    further = text(extra.get("further_reason"))
    if further:  # an officer's further request, with its written reason
        pdf.para(
            f"Yêu cầu bổ sung lần {int(rec.get('supplement_requests') or 2)}. Lý do: {further}"
        )
    pdf.para(
        f"Sau khi xem xét, đối chiếu với thành phần hồ sơ theo quy định, {unit} "
        f"hướng dẫn {who} bổ sung, hoàn thiện hồ sơ một lần, đầy đủ gồm những nội dung sau:"
    )
    items = numbered_reasons(rec.get("missing_components")) + numbered_reasons(extra.get("items"))
    numbered = [(name, f"Lý do: {why}" if why else f"Lý do: {BLANK * 6}") for name, why in items]
    pdf.numbered(numbered or [(BLANK * 10, f"Lý do: {BLANK * 6}")])

    days = int(extra.get("period_days") or SUPPLEMENT_WORKING_DAYS)
    deadline = as_datetime(extra.get("deadline") or rec.get("supplement_due_at"))
    if deadline is None and issued is not None:
        deadline = _supplement_deadline(issued, days)
    until = f" (đến hết ngày {short_date(deadline)})" if deadline else ""
    pdf.ln(1)
    pdf.para(
        f"Thời hạn bổ sung, hoàn thiện hồ sơ: {days} ngày làm việc kể từ ngày "
        f"nhận được Phiếu này{until}. Quá thời hạn trên mà {who} chưa bổ sung, hoàn thiện "
        "hồ sơ thì hồ sơ sẽ bị dừng xử lý theo quy định."
    )
    officer = text(extra.get("officer")) or text(rec.get("received_by"))
    phone = text(extra.get("officer_phone")) or text(off.get("phone"))
    pdf.para(f"Trong quá trình bổ sung, hoàn thiện hồ sơ, nếu có vướng mắc, {who} liên hệ:")
    pdf.fields_row([("Cán bộ:", officer), ("Số điện thoại:", phone)])
    pdf.signatures(
        ("Người nhận phiếu", SIGN, text(get(rec, "applicant", "full_name"))),
        ("Người hướng dẫn", SIGN, officer),
    )
    return pdf.bytes()


def _supplement_deadline(issued: datetime, days: int) -> datetime | None:
    try:
        from hoso.workdays import load_calendar

        return load_calendar().add_working_days(issued, days)
    except Exception:  # a missing calendar must not stop the notice: the date stays blank
        return None


# ---------------------------------------------------------------- apology
def render_apology(
    record: dict[str, Any], *, office: dict[str, Any] | None = None, **extra: Any
) -> bytes:
    """Phiếu xin lỗi và đề nghị gia hạn thời gian giải quyết.

    Extras: ``reason`` (why it is late), ``new_due_at`` (the new appointment), ``signer`` and
    ``signer_title`` (the agency head; default title "Thủ trưởng cơ quan").
    """
    rec, off = as_record(record), merged_office(office)
    issued = issued_at(rec, extra, "updated_at")
    pdf = start_form(
        "Phiếu xin lỗi và đề nghị gia hạn thời gian giải quyết", rec, off, extra, issued
    )
    pdf.title_block("Phiếu xin lỗi và đề nghị gia hạn thời gian giải quyết")
    who = honorific(rec)
    name = text(get(rec, "applicant", "full_name"))
    pdf.set_x(pdf.l_margin)
    pdf.field("Kính gửi:", f"{who} {name}" if name else None, indent=25)
    pdf.ln(1)
    org = text(off.get("name")) or BLANK
    received = as_datetime(rec.get("received_at"))
    pdf.rich(
        [
            ("Ngày ", False),
            (short_date(received), bool(received)),
            (f", {org} tiếp nhận hồ sơ đề nghị giải quyết thủ tục hành chính: ", False),
            (procedure_name(rec) or BLANK * 10, bool(procedure_name(rec))),
            (".", False),
        ]
    )
    pdf.field("Mã hồ sơ:", rec.get("dossier_code"))
    due = as_datetime(rec.get("due_at"))
    pdf.field("Thời gian hẹn trả kết quả:", hour_date(due) if due else None)
    pdf.para(f"Tuy nhiên, đến nay {org} chưa trả kết quả giải quyết hồ sơ của {who}.")
    pdf.field("Lý do:", extra.get("reason"))
    pdf.para(
        f"Sự chậm trễ này đã gây phiền hà cho {who}. {org} xin lỗi {who} và đề nghị gia hạn "
        "thời gian giải quyết hồ sơ."
    )
    new_due = as_datetime(extra.get("new_due_at"))
    pdf.field("Thời gian trả kết quả mới:", hour_date(new_due) if new_due else None)
    pdf.para(f"Rất mong nhận được sự thông cảm của {who}. Trân trọng./.")
    pdf.signatures(
        None,
        (
            text(extra.get("signer_title")) or "Thủ trưởng cơ quan",
            "(Ký, ghi rõ họ tên và đóng dấu)",
            text(extra.get("signer")),
        ),
    )
    return pdf.bytes()


# ---------------------------------------------------------------- refusal
def render_refusal(
    record: dict[str, Any], *, office: dict[str, Any] | None = None, **extra: Any
) -> bytes:
    """Phiếu từ chối tiếp nhận giải quyết hồ sơ. Extras: ``reasons`` (list), ``officer``."""
    rec, off = as_record(record), merged_office(office)
    issued = issued_at(rec, extra, "updated_at", "received_at")
    pdf = start_form("Phiếu từ chối tiếp nhận giải quyết hồ sơ", rec, off, extra, issued)
    pdf.title_block("Phiếu từ chối tiếp nhận giải quyết hồ sơ")
    unit = text(off.get("unit")) or "Bộ phận tiếp nhận và trả kết quả"
    pdf.field(f"{unit}:", off.get("name"))
    applicant_lines(pdf, rec, "Tiếp nhận hồ sơ của:")
    pdf.field("Nội dung yêu cầu giải quyết:", procedure_name(rec))
    if text(rec.get("dossier_code")):
        pdf.field("Mã hồ sơ:", rec.get("dossier_code"))
    pdf.ln(1)
    who = honorific(rec)
    pdf.para(
        "Sau khi xem xét, đối chiếu với quy định, cơ quan, đơn vị từ chối tiếp nhận, giải quyết "
        "hồ sơ này với lý do cụ thể như sau:"
    )
    reasons = numbered_reasons(extra.get("reasons"))
    pdf.numbered(reasons or [(BLANK * 12, None)])
    pdf.para(f"Xin thông báo để {who} được biết và thực hiện./.")
    officer = text(extra.get("officer")) or text(rec.get("received_by"))
    pdf.signatures(
        ("Người nộp hồ sơ", SIGN, text(get(rec, "applicant", "full_name"))),
        ("Người tiếp nhận hồ sơ", SIGN, officer),
    )
    return pdf.bytes()


# ---------------------------------------------------------------- control sheet
def render_control_sheet(
    record: dict[str, Any], *, office: dict[str, Any] | None = None, **extra: Any
) -> bytes:
    """Phiếu kiểm soát quá trình giải quyết hồ sơ: one row per hand-over.

    Extras: ``audit`` (``[{at, actor, from_status, to_status, note}]``), ``completed_at``
    (default: the last audit entry reaching a final status), ``result`` (override of the
    computed Trước hạn / Đúng hạn / Quá hạn).
    """
    rec, off = as_record(record), merged_office(office)
    issued = issued_at(rec, extra, "received_at")
    pdf = start_form("Phiếu kiểm soát quá trình giải quyết hồ sơ", rec, off, extra, issued)
    pdf.title_block(
        "Phiếu kiểm soát quá trình giải quyết hồ sơ",
        "(Kèm theo Giấy tiếp nhận hồ sơ và hẹn trả kết quả)",
    )
    pdf.field("Mã hồ sơ:", rec.get("dossier_code"))
    pdf.field("Người nộp hồ sơ:", applicant(rec))
    pdf.field("Nội dung yêu cầu giải quyết:", procedure_name(rec))
    pdf.field("Cơ quan giải quyết hồ sơ:", rec.get("agency_name") or rec.get("agency"))
    received = as_datetime(rec.get("received_at"))
    due = as_datetime(rec.get("due_at"))
    pdf.field("Thời gian nhận hồ sơ:", hour_date(received) if received else None)
    pdf.field("Thời gian hẹn trả kết quả:", hour_date(due) if due else None)
    pdf.ln(1)

    audit = extra.get("audit")
    entries = [a for a in audit if isinstance(a, Mapping)] if isinstance(audit, list) else []
    rows: list[list[str]] = []
    completed = as_datetime(extra.get("completed_at"))
    for i, entry in enumerate(entries, start=1):
        at = as_datetime(entry.get("at"))
        before, after = status_label(entry.get("from_status")), status_label(entry.get("to_status"))
        step = f"{before or BLANK} → {after or BLANK}" if (before or after) else BLANK
        rows.append(
            [
                str(i),
                f"{at:%H} giờ {at:%M}, {short_date(at)}" if at else BLANK,
                text(entry.get("actor")) or BLANK,
                step,
                text(entry.get("note")) or "",
            ]
        )
        if extra.get("completed_at") is None and text(entry.get("to_status")) in FINAL_STATUSES:
            completed = at
    if not rows:
        rows = [[str(i), BLANK, BLANK, BLANK, ""] for i in (1, 2, 3)]
    pdf.grid(
        ["STT", "Thời gian giao, nhận", "Người/đơn vị thực hiện", "Chuyển bước xử lý", "Ghi chú"],
        rows,
        (11, 35, 40, 44, 35),
        align=["C", "L", "L", "L", "L"],
        size=10.5,
    )
    result = text(extra.get("result")) or timeliness(completed, due)
    pdf.field("Thời gian hoàn thành:", hour_date(completed) if completed else None)
    pdf.field("Kết quả giải quyết hồ sơ (Trước hạn/Đúng hạn/Quá hạn):", result)
    pdf.signatures(None, ("Người lập phiếu", SIGN, text(extra.get("officer"))))
    return pdf.bytes()
