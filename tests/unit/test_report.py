"""CSV and HTML quality reports (hoso_dev.report)."""

from __future__ import annotations

import csv
import re
import xml.etree.ElementTree as ET
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from hoso.metrics import METRIC_NAMES, compute_metrics
from hoso_dev.report import CHART_TITLES, write_report
from hoso_dev.samples.month import default_as_of, generate_month

pytestmark = pytest.mark.unit

SCOPE_KEYS = {"agency": "by_agency", "procedure": "by_procedure", "officer": "by_officer"}


@pytest.fixture(scope="module")
def metrics() -> dict[str, Any]:
    records = generate_month(2026, 3, n=200, seed=11)
    return compute_metrics(
        records, start=date(2026, 3, 1), end=date(2026, 3, 31), now=default_as_of(2026, 3)
    )


@pytest.fixture(scope="module")
def written(metrics: dict[str, Any], tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    return write_report(metrics, tmp_path_factory.mktemp("report") / "out")


def svgs(page: str) -> list[str]:
    return re.findall(r"<svg\b.*?</svg>", page, re.S)


def test_paths(written: dict[str, Path]) -> None:
    assert set(written) == {"csv", "html"}
    assert written["csv"].name == "metrics.csv" and written["html"].name == "report.html"
    assert written["csv"].is_file() and written["html"].is_file()


def test_csv_parses_back_to_the_same_numbers(
    metrics: dict[str, Any], written: dict[str, Path]
) -> None:
    with open(written["csv"], encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert list(rows[0]) == ["scope", "key", *METRIC_NAMES]
    expected_rows = 1 + sum(len(metrics[k]) for k in SCOPE_KEYS.values())
    assert len(rows) == expected_rows
    seen = set()
    for row in rows:
        scope, key = row["scope"], row["key"]
        group = metrics["overall"] if scope == "overall" else metrics[SCOPE_KEYS[scope]][key]
        seen.add((scope, key))
        for name in METRIC_NAMES:
            want, cell = group[name], row[name]
            if want is None:
                assert cell == "", (scope, key, name)
            elif isinstance(want, int):
                assert int(cell) == want, (scope, key, name)
            else:
                assert float(cell) == want, (scope, key, name)  # exact round trip
    assert ("overall", "") in seen
    assert any(s == "agency" and "phường" in k for s, k in seen)  # UTF-8 keys survive


def test_html_has_a_chart_per_figure_and_vietnamese_labels(
    metrics: dict[str, Any], written: dict[str, Path]
) -> None:
    page = written["html"].read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>") and '<meta charset="utf-8">' in page
    charts = svgs(page)
    assert len(charts) == 3
    for chart_id, title in CHART_TITLES.items():
        assert f'id="{chart_id}"' in page and title in page
        assert "(" in title and ")" in title  # Vietnamese (English)
    for svg in charts:
        root = ET.fromstring(svg)  # well-formed, standalone SVG
        assert root.tag == "{http://www.w3.org/2000/svg}svg"
        assert root.findall(".//{http://www.w3.org/2000/svg}rect")
    for label in (
        "Tỷ lệ giải quyết đúng hạn theo cơ quan (On-time rate by agency)",
        "Số hồ sơ tiếp nhận theo thủ tục (Volume by procedure)",
        "Tỷ lệ yêu cầu bổ sung theo cán bộ (Supplement rate by officer)",
        "Tiếp nhận (Received)",
        "Trễ hạn (Late)",
        "Theo cán bộ tiếp nhận (By receiving officer)",
    ):
        assert label in page
    for agency in metrics["by_agency"]:
        assert agency in page
    # one bar per agency in the on-time chart, one row per procedure in the volume chart
    on_time = charts[0]
    assert all(agency in on_time for agency in metrics["by_agency"])
    assert all(f"({code})" in charts[1] for code in metrics["by_procedure"])
    # offline: no script, stylesheet or image from elsewhere
    assert "<script" not in page and "<link" not in page and "<img" not in page
    assert re.findall(r"https?://[^\"' ]+", page) == ["http://www.w3.org/2000/svg"] * 3


def test_html_percentages_use_the_vietnamese_decimal_comma(
    metrics: dict[str, Any], written: dict[str, Path]
) -> None:
    page = written["html"].read_text(encoding="utf-8")
    rate = metrics["overall"]["on_time_rate"]
    assert f"{rate * 100:.1f}".replace(".", ",") + " %" in page


def test_empty_metrics_still_render(tmp_path: Path) -> None:
    m = compute_metrics([], start=date(2026, 3, 1), end=date(2026, 3, 31))
    paths = write_report(m, tmp_path / "a" / "b")
    page = paths["html"].read_text(encoding="utf-8")
    assert len(svgs(page)) == 3 and "Không có dữ liệu (No data)" in page
    for svg in svgs(page):
        ET.fromstring(svg)
    lines = paths["csv"].read_text(encoding="utf-8").splitlines()
    assert len(lines) == 2 and lines[1].startswith("overall,,0,0,")


def test_names_are_escaped(tmp_path: Path) -> None:
    rec = {
        "dossier_id": "x",
        "status": "received",
        "agency": '<script>alert("x")</script> & Co',
        "received_by": "Ngô <b>",
        "procedure_code": "P&Q",
        "received_at": "2026-03-02T02:00:00Z",
        "pages": [],
    }
    m = compute_metrics([rec], start=date(2026, 3, 1), end=date(2026, 3, 31))
    page = write_report(m, tmp_path)["html"].read_text(encoding="utf-8")
    assert "<script>" not in page and "&lt;script&gt;" in page and "Ngô &lt;b&gt;" in page
    for svg in svgs(page):
        ET.fromstring(svg)
    with open(tmp_path / "metrics.csv", encoding="utf-8", newline="") as fh:
        keys = {r["key"] for r in csv.DictReader(fh)}
    assert '<script>alert("x")</script> & Co' in keys and "P&Q" in keys
