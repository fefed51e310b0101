"""OCR stage: scanned or born-digital PDFs and images -> per-page text with boxes.

from hoso.ocr import ocr_file, count_pages, OcrOptions, render_text_report
"""

from __future__ import annotations

from hoso.ocr.engine import count_pages, ocr_file
from hoso.ocr.options import OcrOptions
from hoso.ocr.report import render_text_report

__all__ = ["OcrOptions", "count_pages", "ocr_file", "render_text_report"]
