"""The officer verbs' command lines: what they send, and what a usage error says."""

from __future__ import annotations

import pytest

from hoso_local.cli import build_parser

pytestmark = pytest.mark.unit


def parse(*argv: str):
    return build_parser().parse_args(list(argv))


def test_officer_and_common_options_after_the_command():
    args = parse("processing", "D1", "--as", "can-bo-h40.cat", "--data-dir", "st", "--json")
    assert (args.dossier_id, args.officer, args.data_dir, args.json) == (
        "D1",
        "can-bo-h40.cat",
        "st",
        True,
    )
    assert parse("result", "D1").officer == "trung-tam"  # the centre's officer by default


def test_missing_items_and_pages():
    args = parse(
        "request",
        "D1",
        "--missing",
        "Giấy chứng sinh: bản chính",
        "--missing",
        "Tờ khai: thiếu chữ ký: người khai",
    )
    assert args.missing == [
        {"name": "Giấy chứng sinh", "reason": "bản chính"},
        {"name": "Tờ khai", "reason": "thiếu chữ ký: người khai"},
    ]
    args = parse("classify", "D1", "01 to khai.pdf:2=giay_chung_sinh", "b.pdf:1=to_khai")
    assert args.pages == [
        {"file": "01 to khai.pdf", "index": 2, "doc_type": "giay_chung_sinh"},
        {"file": "b.pdf", "index": 1, "doc_type": "to_khai"},
    ]


@pytest.mark.parametrize(
    "argv",
    [
        ["request", "D1"],  # --missing is required
        ["request", "D1", "--missing", "no reason given"],
        ["classify", "D1", "a.pdf=to_khai"],
        ["classify", "D1", "a.pdf:0=to_khai"],
        ["counter-supplement", "D1", "--note", "n"],  # --complete or --incomplete
        ["counter-supplement", "D1", "--complete", "--incomplete", "--note", "n"],
        ["apology", "D1", "--reason", "r", "--new-due-at", "2030-01-15"],
        ["apology", "D1", "--reason", "r", "--new-due-at", "mai"],
        ["dossiers", "--limit", "0"],
        ["dossiers", "--due-before", "15/01/2030"],
        ["dossiers", "--status", "dang_xu_ly"],
        ["decide", "D1", "rejected"],
    ],
)
def test_usage_errors(argv, capsys):
    with pytest.raises(SystemExit) as exc:
        parse(*argv)
    assert exc.value.code == 2
    assert "error:" in capsys.readouterr().err


def test_counter_supplement_and_apology_values():
    assert parse("counter-supplement", "D1", "--complete", "--note", "n").complete is True
    assert parse("counter-supplement", "D1", "--incomplete", "--note", "n").complete is False
    args = parse("apology", "D1", "--reason", "r", "--new-due-at", "2030-01-15T16:30")
    assert args.new_due_at == "2030-01-15T16:30:00+07:00"  # Vietnam time when no offset
    args = parse("apology", "D1", "--reason", "r", "--new-due-at", "2030-01-15T09:30Z")
    assert args.new_due_at == "2030-01-15T09:30:00+00:00"


def test_work_list_filters():
    args = parse(
        "dossiers",
        "--status",
        "received",
        "--agency",
        "H40.CAT",
        "--due-before",
        "2030-01-15",
        "--received-from",
        "2030-01-01T00:00+07:00",
        "--limit",
        "200",
        "--all",
    )
    assert (args.status, args.agency, args.due_before, args.received_from, args.limit) == (
        "received",
        "H40.CAT",
        "2030-01-15",
        "2030-01-01T00:00+07:00",
        200,
    )
    assert args.all is True
