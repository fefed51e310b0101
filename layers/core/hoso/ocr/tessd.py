"""A Tesseract that stays loaded: the child program behind :mod:`hoso.ocr.tess_pool`.

Run as a script (``python tessd.py``; it imports nothing of hoso, so it starts in a few
milliseconds), it loads the system's ``libtesseract`` (the library the ``tesseract``
command runs on) through its C API and answers one JSON request per line on stdin with one
JSON line on stdout. It does what the command does for one image (Leptonica reads the file,
``user_defined_dpi`` and the page segmentation mode are set, the page is recognised and
rendered as TSV or hOCR; OSD with the ``osd`` model), so its readings are the command's,
but each language model is loaded once instead of once per reading: a ``tesseract``
process spends about 0.13 s of CPU loading before it reads anything.

Requests: ``{"op": "ocr"|"hocr"|"osd", "path", "lang", "psm", "dpi", "vars": {name: value},
"timeout_ms"}``. Replies: ``{"text": ...}``, ``{"rotate", "conf"}``, ``{"none": true}`` (OSD
found too little text), ``{"timeout": true}`` or ``{"error": reason}``, each with ``cpu``, the
CPU seconds the request took (the first line, ``{"ready": version}``, with those of
starting). Variables set for one request are put back to their defaults before the next on
the same model, so a request reads as a fresh process would.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import json
import sys
import time
from typing import Any

# what ``tesseract IMG - tsv`` writes before the page (TessTsvRenderer::BeginDocument)
TSV_HEADER = (
    "level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\t"
    "left\ttop\twidth\theight\tconf\ttext\n"
)
_ROTATE = {0: 0, 1: 270, 2: 180, 3: 90}  # OSD orientation id -> clockwise turn (GetOsdText)
_P = ctypes.c_void_p
# the variables a request may set, with the defaults they are put back to after it
VARIABLES = {
    "user_defined_dpi": "0",
    "tessedit_char_whitelist": "",
    "hocr_char_boxes": "0",
    "invert_threshold": "0.7",
}


def _load(*names: str) -> ctypes.CDLL:
    """The first of ``names`` (library names, then file names) that loads."""
    found = [ctypes.util.find_library(n) for n in names if "." not in n]
    tried = [f for f in found if f] + [n for n in names if "." in n]
    for name in tried:
        try:
            return ctypes.CDLL(name)
        except OSError:
            continue
    raise OSError(f"none of {', '.join(names)} could be loaded")


class Tesseract:
    """The C API, one handle per language model (``osd`` included)."""

    def __init__(self) -> None:
        lib = self.lib = _load("tesseract", "libtesseract.so.5")
        # Leptonica's library is "lept" up to 1.82 (Debian 12), "leptonica" from 1.83
        lept = self.lept = _load("lept", "leptonica", "liblept.so.5", "libleptonica.so.6")
        sig: dict[str, tuple[Any, list[Any]]] = {
            "TessVersion": (ctypes.c_char_p, []),
            "TessBaseAPICreate": (_P, []),
            "TessBaseAPIInit3": (ctypes.c_int, [_P, ctypes.c_char_p, ctypes.c_char_p]),
            "TessBaseAPISetVariable": (ctypes.c_int, [_P, ctypes.c_char_p, ctypes.c_char_p]),
            "TessBaseAPISetPageSegMode": (None, [_P, ctypes.c_int]),
            "TessBaseAPISetInputName": (None, [_P, ctypes.c_char_p]),
            "TessBaseAPISetImage2": (None, [_P, _P]),
            "TessBaseAPIRecognize": (ctypes.c_int, [_P, _P]),
            "TessBaseAPIGetTsvText": (_P, [_P, ctypes.c_int]),
            "TessBaseAPIGetHOCRText": (_P, [_P, ctypes.c_int]),
            "TessBaseAPIDetectOrientationScript": (
                ctypes.c_int,
                [_P, ctypes.POINTER(ctypes.c_int), ctypes.POINTER(ctypes.c_float), _P, _P],
            ),
            "TessBaseAPIClear": (None, [_P]),
            "TessDeleteText": (None, [_P]),
            "TessMonitorCreate": (_P, []),
            "TessMonitorSetDeadlineMSecs": (None, [_P, ctypes.c_int]),
            "TessMonitorDelete": (None, [_P]),
        }
        for name, (res, args) in sig.items():
            fn = getattr(lib, name)
            fn.restype, fn.argtypes = res, args
        lept.pixRead.restype, lept.pixRead.argtypes = _P, [ctypes.c_char_p]
        lept.pixDestroy.restype, lept.pixDestroy.argtypes = None, [ctypes.POINTER(_P)]
        self.handles: dict[str, int] = {}

    def version(self) -> str:
        return str(self.lib.TessVersion().decode())

    def handle(self, lang: str) -> int:
        if lang not in self.handles:
            h = self.lib.TessBaseAPICreate()
            if self.lib.TessBaseAPIInit3(h, None, lang.encode()) != 0:
                raise RuntimeError(f"could not load the Tesseract model {lang!r}")
            self.handles[lang] = h
        return self.handles[lang]

    def _set(self, h: int, variables: dict[str, str]) -> None:
        for name, value in variables.items():
            if name not in VARIABLES:
                raise ValueError(f"variable {name!r} is not one a request may set")
            self.lib.TessBaseAPISetVariable(h, name.encode(), value.encode())

    def _reset(self, h: int, variables: dict[str, str]) -> None:
        for name in variables:
            self.lib.TessBaseAPISetVariable(h, name.encode(), VARIABLES[name].encode())

    def _image(self, h: int, path: str) -> None:
        pix = self.lept.pixRead(path.encode())
        if not pix:
            raise ValueError("Leptonica could not read the image")
        self.lib.TessBaseAPISetInputName(h, path.encode())
        self.lib.TessBaseAPISetImage2(h, pix)  # Tesseract keeps its own copy
        self.lept.pixDestroy(ctypes.byref(_P(pix)))

    def _text(self, ptr: int | None) -> str:
        if not ptr:
            return ""
        text = ctypes.string_at(ptr).decode("utf-8", "replace")
        self.lib.TessDeleteText(ptr)
        return text

    def run(self, req: dict[str, Any]) -> dict[str, Any]:
        op = req["op"]
        lang = "osd" if op == "osd" else str(req["lang"])
        h = self.handle(lang)
        variables = {"user_defined_dpi": str(int(req["dpi"])), **req.get("vars", {})}
        self._set(h, variables)
        try:
            self._image(h, str(req["path"]))
            if op == "osd":
                return self._osd(h)
            self.lib.TessBaseAPISetPageSegMode(h, int(req["psm"]))
            return self._recognise(h, op, int(req.get("timeout_ms", 0)))
        finally:
            self.lib.TessBaseAPIClear(h)
            self._reset(h, variables)

    def _osd(self, h: int) -> dict[str, Any]:
        deg, conf = ctypes.c_int(), ctypes.c_float()
        if not self.lib.TessBaseAPIDetectOrientationScript(
            h, ctypes.byref(deg), ctypes.byref(conf), None, None
        ):
            return {"none": True}
        # the command prints the confidence with two decimals: the same figure here
        return {"rotate": _ROTATE[deg.value // 90 % 4], "conf": round(conf.value, 2)}

    def _recognise(self, h: int, op: str, timeout_ms: int) -> dict[str, Any]:
        monitor = self.lib.TessMonitorCreate() if timeout_ms > 0 else None
        try:
            if monitor:
                self.lib.TessMonitorSetDeadlineMSecs(monitor, timeout_ms)
            start = time.monotonic()
            if self.lib.TessBaseAPIRecognize(h, monitor) < 0:
                late = monitor and (time.monotonic() - start) * 1000 >= timeout_ms
                return {"timeout": True} if late else {"error": "recognition failed"}
        finally:
            if monitor:
                self.lib.TessMonitorDelete(monitor)
        if op == "hocr":
            return {"text": self._text(self.lib.TessBaseAPIGetHOCRText(h, 0))}
        return {"text": TSV_HEADER + self._text(self.lib.TessBaseAPIGetTsvText(h, 0))}


def serve(stdin: Any = None, stdout: Any = None) -> None:
    stdin, stdout = stdin or sys.stdin, stdout or sys.stdout
    try:
        tess = Tesseract()
        hello: dict[str, Any] = {"ready": tess.version()}
    except (OSError, AttributeError) as exc:  # no libtesseract, or one without the C API
        hello = {"error": f"libtesseract could not be loaded: {exc}"}
    hello["cpu"] = time.process_time()  # starting: the interpreter and the library
    stdout.write(json.dumps(hello) + "\n")
    stdout.flush()
    if "error" in hello:
        return
    for line in stdin:
        cpu = time.process_time()
        try:
            reply = tess.run(json.loads(line))
        except Exception as exc:
            reply = {"error": f"{type(exc).__name__}: {exc}"}
        reply["cpu"] = time.process_time() - cpu  # what the request cost (benchmarks)
        stdout.write(json.dumps(reply) + "\n")
        stdout.flush()


if __name__ == "__main__":
    serve()
