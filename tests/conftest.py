"""Test-wide settings: never reach real AWS; Tesseract single-threaded (parallel by process)."""

from __future__ import annotations

import os

os.environ.setdefault("AWS_ACCESS_KEY_ID", "hoso-test")
os.environ.setdefault("AWS_SECRET_ACCESS_KEY", "hoso-test")
os.environ.setdefault("AWS_DEFAULT_REGION", "ap-southeast-1")
os.environ["OMP_THREAD_LIMIT"] = "1"
for _var in ("AWS_PROFILE", "AWS_SESSION_TOKEN"):
    os.environ.pop(_var, None)
