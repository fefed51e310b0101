"""Human-readable rendering of OCR output (``hoso ocr FILE``)."""

from __future__ import annotations

from hoso.model import PageText


def _header(p: PageText) -> str:
    bits: list[str] = [p.method]
    if p.confidence is not None:
        bits.append(f"confidence {p.confidence:.1f}")
    if p.rotation:
        bits.append(f"rotated {p.rotation}°")
    if p.dpi:
        bits.append(f"{p.dpi} dpi")
    bits.append(f"{len(p.words)} words")
    bits.append(f"{p.seconds:.2f} s")
    return f"=== {p.file} · page {p.index} · " + " · ".join(bits) + " ==="


def render_text_report(pages: list[PageText]) -> str:
    out: list[str] = []
    for p in pages:
        out.append(_header(p))
        if p.error:
            out.append(f"[ERROR] {p.error}")
        for note in p.notes:
            out.append(f"[note] {note}")
        out.append(p.text if p.text else "(no text)")
        out.append("")
    if pages:
        n_err = sum(1 for p in pages if p.error)
        methods: dict[str, int] = {}
        for p in pages:
            methods[p.method] = methods.get(p.method, 0) + 1
        summary = ", ".join(f"{k}: {v}" for k, v in sorted(methods.items()))
        total = sum(p.seconds for p in pages)
        out.append(
            f"--- {len(pages)} page(s) ({summary}); {n_err} with errors; {total:.1f} s of page work"
        )
    return "\n".join(out) + "\n"
