"""Writing service-quality figures (:func:`hoso.metrics.compute_metrics`) as CSV and HTML.

``metrics.csv``: one row per group, columns ``scope,key`` then the metric names of
:data:`hoso.metrics.METRIC_NAMES`; scope is ``overall`` (empty key), ``agency``, ``procedure``
or ``officer``; numbers as Python writes them (floats round-trip exactly), empty when undefined.

``report.html``: a self-contained UTF-8 page (no script, no external resource: it opens offline)
with the period, headline figures, three inline-SVG bar charts (on-time rate by agency, volume
by procedure, supplement rate by officer) and one table per grouping. Labels are Vietnamese with
the English in parentheses.
"""

from __future__ import annotations

import csv
import html
import math
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any, Final

from hoso.metrics import METRIC_NAMES

__all__ = ["CSV_NAME", "HTML_NAME", "LABELS", "SCOPES", "write_report"]

CSV_NAME: Final = "metrics.csv"
HTML_NAME: Final = "report.html"

# scope in the CSV -> (key in the metrics dict, table heading, key column heading)
SCOPES: Final = {
    "agency": ("by_agency", "Theo cơ quan giải quyết (By agency)", "Cơ quan (Agency)"),
    "procedure": ("by_procedure", "Theo thủ tục hành chính (By procedure)", "Thủ tục (Procedure)"),
    "officer": (
        "by_officer",
        "Theo cán bộ tiếp nhận (By receiving officer)",
        "Cán bộ tiếp nhận (Officer)",
    ),
}

LABELS: Final = {
    "received": "Tiếp nhận (Received)",
    "processed": "Đã giải quyết (Processed)",
    "early": "Trước hạn (Early)",
    "on_time": "Đúng hạn (On time)",
    "late": "Trễ hạn (Late)",
    "processed_no_due": "Không có hạn (No due date)",
    "on_time_rate": "Tỷ lệ đúng hạn (On-time rate)",
    "overdue": "Quá hạn (Overdue)",
    "avg_processing_days": "TG giải quyết TB, ngày (Avg processing, days)",
    "avg_processing_hours": "TG giải quyết TB, giờ (Avg processing, hours)",
    "supplement_requested": "Yêu cầu bổ sung (Supplement requested)",
    "supplement_rate": "Tỷ lệ bổ sung (Supplement rate)",
    "digitised": "Số hóa khi tiếp nhận (Digitised at reception)",
    "digitised_share": "Tỷ lệ số hóa (Digitised share)",
    "failed": "Lỗi xử lý (Failed)",
    "apologies": "Thư xin lỗi (Apology letters)",
    "withdrawn": "Rút hồ sơ (Withdrawn)",
}
_RATES: Final = frozenset({"on_time_rate", "supplement_rate", "digitised_share"})
_HEADLINE: Final = (
    "received",
    "processed",
    "on_time_rate",
    "overdue",
    "supplement_rate",
    "digitised_share",
)

CHART_TITLES: Final = {
    "on_time_by_agency": "Tỷ lệ giải quyết đúng hạn theo cơ quan (On-time rate by agency)",
    "volume_by_procedure": "Số hồ sơ tiếp nhận theo thủ tục (Volume by procedure)",
    "supplement_by_officer": "Tỷ lệ yêu cầu bổ sung theo cán bộ (Supplement rate by officer)",
}
_GREEN, _AMBER, _RED = "#2e7d32", "#f9a825", "#c62828"
_SEGMENTS: Final = (  # volume chart: (metric or "pending", colour, label)
    ("early", "#2e7d32", "Trước hạn (Early)"),
    ("on_time", "#66bb6a", "Đúng hạn (On time)"),
    ("late", "#c62828", "Trễ hạn (Late)"),
    ("processed_no_due", "#1565c0", "Không có hạn (No due date)"),
    ("pending", "#bdbdbd", "Chưa giải quyết (Not processed)"),
)


def write_report(metrics: Mapping[str, Any], out_dir: Path) -> dict[str, Path]:
    """Write ``metrics.csv`` and ``report.html`` into ``out_dir`` (created if needed)."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    csv_path = out_dir / CSV_NAME
    html_path = out_dir / HTML_NAME
    _write_csv(metrics, csv_path)
    html_path.write_text(render_html(metrics), encoding="utf-8")
    return {"csv": csv_path, "html": html_path}


# ----------------------------------------------------------------------------------- CSV
def _columns(metrics: Mapping[str, Any]) -> list[str]:
    cols = list(METRIC_NAMES)
    for _, group in _groups(metrics):
        for name in group:
            if name not in cols:
                cols.append(name)
    return cols


def _groups(metrics: Mapping[str, Any]) -> list[tuple[tuple[str, str], Mapping[str, Any]]]:
    out: list[tuple[tuple[str, str], Mapping[str, Any]]] = []
    if isinstance(metrics.get("overall"), Mapping):
        out.append((("overall", ""), metrics["overall"]))
    for scope, (key, _, _) in SCOPES.items():
        for name, group in (metrics.get(key) or {}).items():
            out.append(((scope, str(name)), group))
    return out


def _write_csv(metrics: Mapping[str, Any], path: Path) -> None:
    cols = _columns(metrics)
    with open(path, "w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(["scope", "key", *cols])
        for (scope, key), group in _groups(metrics):
            writer.writerow([scope, key, *(_csv_value(group.get(c)) for c in cols)])


def _csv_value(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)  # repr of a float: parses back to the same float


# ---------------------------------------------------------------------------------- HTML
def _esc(value: Any) -> str:
    return html.escape(str(value), quote=True)


def _fmt(name: str, value: Any) -> str:
    """Vietnamese number style: decimal comma, thousands dot."""
    if value is None:
        return "—"
    if name in _RATES:
        return f"{value * 100:.1f}".replace(".", ",") + " %"
    if isinstance(value, float):
        return f"{value:,.1f}".replace(",", " ").replace(".", ",").replace(" ", ".")
    if isinstance(value, int):
        return f"{value:,}".replace(",", ".")
    return _esc(value)


def _pct(value: float) -> str:
    return f"{value * 100:.1f}".replace(".", ",") + " %"


def render_html(metrics: Mapping[str, Any]) -> str:
    period = metrics.get("period") or {}
    names: Mapping[str, str] = metrics.get("procedure_names") or {}
    overall = metrics.get("overall") or {}
    title = "Báo cáo chất lượng giải quyết thủ tục hành chính (Service quality report)"
    parts = [
        "<!DOCTYPE html>",
        '<html lang="vi">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{_esc(title)}</title>",
        f"<style>{_CSS}</style>",
        "</head>",
        "<body>",
        f"<h1>{_esc(title)}</h1>",
        '<p class="period">'
        f"Kỳ báo cáo (Period): <b>{_esc(period.get('start', '?'))}</b> – "
        f"<b>{_esc(period.get('end', '?'))}</b> ({_esc(period.get('tz', ''))}) · "
        f"Số liệu tính đến (As of): {_esc(period.get('now', '?'))} · "
        f"Hồ sơ trong kỳ (Dossiers in period): {_fmt('received', overall.get('received', 0))}"
        "</p>",
        '<p class="note">Hồ sơ được tính theo ngày tiếp nhận (giờ địa phương); tỷ lệ đúng hạn = '
        "(trước hạn + đúng hạn) / đã giải quyết (Dossiers counted by local reception date; "
        "on-time rate = (early + on time) / processed; Decision 766/QĐ-TTg).</p>",
        '<h2>Chỉ số chung (Headline figures)</h2><div class="cards">',
    ]
    for name in _HEADLINE:
        parts.append(
            f'<div class="card"><div class="v">{_fmt(name, overall.get(name))}</div>'
            f'<div class="k">{_esc(LABELS[name])}</div></div>'
        )
    parts.append("</div>")

    agencies: Mapping[str, Mapping[str, Any]] = metrics.get("by_agency") or {}
    procedures: Mapping[str, Mapping[str, Any]] = metrics.get("by_procedure") or {}
    officers: Mapping[str, Mapping[str, Any]] = metrics.get("by_officer") or {}
    parts.append("<h2>Biểu đồ (Charts)</h2>")
    parts.append(
        _chart(
            "on_time_by_agency",
            _rate_rows(agencies, "on_time_rate", higher_is_better=True),
            scale_max=1.0,
            ticks=[0, 0.25, 0.5, 0.75, 1.0],
            tick_fmt=lambda v: f"{v * 100:.0f}%",
        )
    )
    volume_rows: list[_Row] = []
    top = 0
    for code, g in sorted(procedures.items(), key=lambda kv: -int(kv[1].get("received") or 0)):
        received = int(g.get("received") or 0)
        top = max(top, received)
        counts = {n: int(g.get(n) or 0) for n in ("early", "on_time", "late", "processed_no_due")}
        counts["pending"] = received - int(g.get("processed") or 0)
        segs = [
            (float(counts[n]), colour, label) for n, colour, label in _SEGMENTS if counts[n] > 0
        ]
        pname = names.get(code)
        if pname and pname != code:
            room = _MAX_LABEL - len(code) - 3
            short = pname if len(pname) <= room else pname[: room - 1] + "…"
            volume_rows.append((f"{pname} ({code})", f"{short} ({code})", segs, str(received)))
        else:
            volume_rows.append((code, code, segs, str(received)))
    ticks = _nice_ticks(top)
    used = {label for row in volume_rows for _, _, label in row[2]}
    rates = [float(g["supplement_rate"]) for g in officers.values() if g.get("supplement_rate")]
    # supplement rates are small: zoom in (to the next 10 %), never past 100 %
    sup_top = min(max(math.ceil(round(max(rates, default=0.0) * 10, 6)) / 10, 0.1), 1.0)
    step = 0.05 if sup_top <= 0.3 else 0.1 if sup_top <= 0.6 else 0.2
    count = math.ceil(round(sup_top / step, 6))
    sup_ticks = [round(step * k, 4) for k in range(count + 1)]
    parts.append(
        _chart(
            "volume_by_procedure",
            volume_rows,
            scale_max=float(ticks[-1]),
            ticks=ticks,
            tick_fmt=lambda v: f"{v:.0f}",
            legend=[(colour, label) for _, colour, label in _SEGMENTS if label in used],
        )
    )
    parts.append(
        _chart(
            "supplement_by_officer",
            _rate_rows(officers, "supplement_rate", higher_is_better=False),
            scale_max=sup_ticks[-1],
            ticks=sup_ticks,
            tick_fmt=lambda v: f"{v * 100:.0f}%",
        )
    )

    cols = _columns(metrics)
    parts.append("<h2>Bảng số liệu (Tables)</h2>")
    parts.append(_table("Toàn bộ (Overall)", [("", overall)], cols, key_label=None))
    for key, heading, key_label in SCOPES.values():
        groups: Mapping[str, Mapping[str, Any]] = metrics.get(key) or {}
        rows = [
            (f"{names[k]} ({k})" if key == "by_procedure" and k in names else k, g)
            for k, g in groups.items()
        ]
        parts.append(_table(heading, rows, cols, key_label=key_label))
    parts.append("</body></html>\n")
    return "\n".join(parts)


def _table(
    heading: str,
    rows: Sequence[tuple[str, Mapping[str, Any]]],
    cols: Sequence[str],
    *,
    key_label: str | None,
) -> str:
    out = [f"<h3>{_esc(heading)}</h3>", '<div class="scroll"><table>', "<thead><tr>"]
    if key_label is not None:
        out.append(f"<th>{_esc(key_label)}</th>")
    out += [f"<th>{_esc(LABELS.get(c, c))}</th>" for c in cols]
    out.append("</tr></thead><tbody>")
    if not rows:
        span = len(cols) + (key_label is not None)
        out.append(f'<tr><td colspan="{span}">Không có dữ liệu (No data)</td></tr>')
    for key, group in rows:
        out.append("<tr>")
        if key_label is not None:
            out.append(f'<th scope="row">{_esc(key)}</th>')
        out += [f"<td>{_fmt(c, group.get(c))}</td>" for c in cols]
        out.append("</tr>")
    out.append("</tbody></table></div>")
    return "".join(out)


# ---------------------------------------------------------------------------------- SVG
# (label, short label, [(value, colour, segment label)], text after the bar)
_Row = tuple[str, str, list[tuple[float, str, str]], str]

_W, _LABEL_W, _VALUE_W, _ROW_H, _BAR_H, _TOP, _AXIS_H = 860, 360, 70, 28, 18, 8, 26
_MAX_LABEL = 46


def _short(label: str) -> str:
    return label if len(label) <= _MAX_LABEL else label[: _MAX_LABEL - 1] + "…"


def _rate_rows(
    groups: Mapping[str, Mapping[str, Any]], metric: str, *, higher_is_better: bool
) -> list[_Row]:
    rows: list[_Row] = []
    for key, g in groups.items():
        value = g.get(metric)
        if value is None:
            rows.append((key, _short(key), [], "—"))
            continue
        good = value if higher_is_better else 1 - value
        colour = _GREEN if good >= 0.9 else _AMBER if good >= 0.75 else _RED
        segment = f"{LABELS[metric]}: {_pct(value)}"
        rows.append((key, _short(key), [(float(value), colour, segment)], _pct(value)))
    return rows


def _nice_ticks(top: int) -> list[int]:
    if top <= 0:
        return [0, 1]
    step = 1
    while top / step > 5:
        for mult in (2, 5, 10):
            if top / (step * mult) <= 5:
                step *= mult
                break
        else:
            step *= 10
    last = -(-top // step) * step
    return list(range(0, last + 1, step))


def _chart(
    chart_id: str,
    rows: Sequence[_Row],
    *,
    scale_max: float,
    ticks: Sequence[float],
    tick_fmt: Callable[[float], str],
    legend: Sequence[tuple[str, str]] = (),
) -> str:
    title = CHART_TITLES[chart_id]
    plot_w = _W - _LABEL_W - _VALUE_W
    legend_h = 22 if legend else 0
    n = max(len(rows), 1)
    height = _TOP + n * _ROW_H + _AXIS_H + legend_h
    x0 = _LABEL_W
    scale = plot_w / scale_max if scale_max > 0 else 0.0
    svg = [
        f'<figure id="{chart_id}"><figcaption>{_esc(title)}</figcaption>',
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{_W}" height="{height}" '
        f'viewBox="0 0 {_W} {height}" role="img" aria-label="{_esc(title)}" '
        'font-family="DejaVu Sans, Arial, sans-serif" font-size="12">',
        f"<title>{_esc(title)}</title>",
    ]
    axis_y = _TOP + n * _ROW_H
    for t in ticks:
        x = x0 + t * scale
        svg.append(
            f'<line x1="{x:.1f}" y1="{_TOP}" x2="{x:.1f}" y2="{axis_y}" stroke="#e0e0e0"/>'
            f'<text x="{x:.1f}" y="{axis_y + 16}" text-anchor="middle" fill="#555">'
            f"{_esc(tick_fmt(t))}</text>"
        )
    svg.append(f'<line x1="{x0}" y1="{_TOP}" x2="{x0}" y2="{axis_y}" stroke="#555"/>')
    if not rows:
        svg.append(
            f'<text x="{x0 + 8}" y="{_TOP + _ROW_H / 2 + 4}" fill="#555">'
            "Không có dữ liệu (No data)</text>"
        )
    for i, (label, short, segments, value_text) in enumerate(rows):
        y = _TOP + i * _ROW_H
        svg.append(
            f'<text x="{x0 - 8}" y="{y + _ROW_H / 2 + 4}" text-anchor="end" fill="#222">'
            f"<title>{_esc(label)}</title>{_esc(short)}</text>"
        )
        x = float(x0)
        for value, colour, seg_label in segments:
            w = max(value * scale, 0.0)
            svg.append(
                f'<rect x="{x:.1f}" y="{y + (_ROW_H - _BAR_H) / 2}" width="{w:.1f}" '
                f'height="{_BAR_H}" fill="{colour}"><title>{_esc(label)} · '
                f"{_esc(seg_label)}{'' if '%' in seg_label else f': {value:g}'}</title></rect>"
            )
            x += w
        svg.append(
            f'<text x="{x + 6:.1f}" y="{y + _ROW_H / 2 + 4}" fill="#222">{_esc(value_text)}</text>'
        )
    if legend:
        lx, ly = 10.0, axis_y + _AXIS_H + 4
        for colour, label in legend:
            svg.append(
                f'<rect x="{lx:.1f}" y="{ly}" width="12" height="12" fill="{colour}"/>'
                f'<text x="{lx + 16:.1f}" y="{ly + 10}" fill="#222">{_esc(label)}</text>'
            )
            lx += 16 + 6.6 * len(label) + 18
    svg.append("</svg></figure>")
    return "\n".join(svg)


_CSS: Final = """
body{font-family:"DejaVu Sans",Arial,sans-serif;margin:24px;color:#222;max-width:1200px}
h1{font-size:22px}h2{font-size:18px;margin-top:28px}h3{font-size:15px}
.period,.note{color:#444}.note{font-size:13px}
.cards{display:flex;flex-wrap:wrap;gap:12px}
.card{border:1px solid #ddd;border-radius:6px;padding:10px 14px;min-width:150px}
.card .v{font-size:22px;font-weight:bold}.card .k{font-size:12px;color:#555}
figure{margin:16px 0}figcaption{font-weight:bold;margin-bottom:6px}
.scroll{overflow-x:auto}table{border-collapse:collapse;font-size:12px}
th,td{border:1px solid #ddd;padding:4px 6px;text-align:right;white-space:nowrap}
thead th{background:#f3f3f3;white-space:normal;min-width:70px;text-align:center}
tbody th{text-align:left;font-weight:normal}
""".strip()
