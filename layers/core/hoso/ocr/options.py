"""Tuning knobs of the OCR stage."""

from __future__ import annotations

import os
from dataclasses import dataclass


@dataclass
class OcrOptions:
    lang: str = "vie"
    target_dpi: int = 300
    # scans and photos below this are upscaled to it; from it up to a little over the
    # target they are read at their own resolution (sources.choose_dpi)
    least_dpi: int = 200
    workers: int | None = None  # parallel tesseract processes; None = os.cpu_count()
    page_timeout_s: float = 120.0  # per tesseract run
    max_pixels: int = 80_000_000  # decompression-bomb guard for images (and PDF renders)
    min_text_layer_quality: float = 0.75  # share of valid syllables to trust a text layer
    osd_min_confidence: float = 2.0  # Tesseract OSD orientation confidence to rotate
    low_conf_retry_below: float = 70.0  # mean word confidence that triggers a 2nd strategy
    deskew_max_angle: float = 5.0  # degrees searched by the deskewer
    deskew_min_angle: float = 0.3  # smaller skew is left to tesseract
    tesseract_cmd: str | None = None  # defaults to pytesseract's (``tesseract`` on PATH)
    # number fields read again on their own (hoso.ocr.numbers); the model that reads them
    # (English reads handwritten digits far better than Vietnamese; ``lang`` when absent)
    reread_numbers: bool = True
    number_lang: str = "eng"
    # unsure words with digits read again by a second, neural reader (hoso.ocr.second)
    second_reading: bool = True

    def n_workers(self) -> int:
        if self.workers is not None:
            return max(1, self.workers)
        cpus = os.cpu_count() or 1
        if hasattr(os, "sched_getaffinity"):  # CPUs this process may actually run on
            cpus = min(cpus, len(os.sched_getaffinity(0)) or cpus)
        return max(1, cpus)
