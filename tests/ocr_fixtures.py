"""Synthetic inputs for the OCR tests and benchmark, generated on the fly.

* born-digital Vietnamese PDFs (fpdf2 + DejaVu, real Unicode text layer);
* "scans": PIL-rendered Vietnamese text with noise, blur, JPEG artefacts, rotation and skew,
  returned as PIL images and embeddable into PDFs / TIFFs / JPEG / PNG;
* awkward PDFs: invisible OCR text layers, TCVN3 legacy-encoded text layers, encrypted files.

Everything is deterministic for a given ``seed``.
"""

from __future__ import annotations

import io
import random
import stat
import zlib
from collections.abc import Sequence
from pathlib import Path

from fpdf import FPDF
from fpdf.enums import TextMode
from PIL import Image, ImageChops, ImageDraw, ImageFilter, ImageFont

from hoso.resources import font_path

VI_LINES = [
    "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
    "Độc lập - Tự do - Hạnh phúc",
    "ĐƠN ĐỀ NGHỊ CẤP GIẤY CHỨNG NHẬN QUYỀN SỬ DỤNG ĐẤT",
    "Kính gửi: Ủy ban nhân dân phường Bến Nghé, Quận 1",
    "Họ và tên người đề nghị: Nguyễn Thị Thanh Hương",
    "Ngày, tháng, năm sinh: 12 tháng 03 năm 1985",
    "Số căn cước công dân: 079185001234 cấp ngày 15/06/2021",
    "Nơi thường trú: số 45 đường Lê Lợi, thành phố Huế",
    "Tôi xin cam đoan những lời khai trên là đúng sự thật",
    "và xin chịu trách nhiệm trước pháp luật về nội dung đã khai.",
    "Thửa đất số 128, tờ bản đồ số 15, diện tích 96,5 mét vuông",
    "Mục đích sử dụng: đất ở tại đô thị; thời hạn: lâu dài",
    "Nguồn gốc sử dụng: nhận chuyển nhượng của ông Trần Văn Bình",
    "Hồ sơ gồm có: bản sao giấy tờ tùy thân, sơ đồ thửa đất",
    "Ý kiến của cán bộ tiếp nhận hồ sơ: đủ điều kiện giải quyết",
    "Thời gian trả kết quả dự kiến: ngày 20 tháng 11 năm 2024",
    "Người viết đơn ký và ghi rõ họ tên",
    "Quyết định này có hiệu lực kể từ ngày ký ban hành.",
    "Chánh Văn phòng, Trưởng phòng Tài nguyên và Môi trường",
    "chịu trách nhiệm thi hành quyết định này./.",
    "Giấy khai sinh của con: Lê Hoàng Minh Khôi, sinh năm 2019",
    "Quê quán: xã Phước Hưng, huyện Tuy Phước, tỉnh Bình Định",
    "Dân tộc: Kinh; Quốc tịch: Việt Nam; Tôn giáo: không",
    "Nghề nghiệp: giáo viên trường trung học cơ sở Nguyễn Du",
    "Lý do đề nghị: đăng ký thường trú tại nơi ở mới hợp pháp",
    "Trường hợp hồ sơ chưa đầy đủ, cơ quan sẽ hướng dẫn bổ sung.",
    "Phí, lệ phí: 25.000 đồng (Hai mươi lăm nghìn đồng chẵn)",
    "Căn cứ Luật Đất đai ngày 18 tháng 01 năm 2024;",
    "Xét đề nghị của Trưởng phòng Tư pháp thị xã Sơn Tây,",
    "Điều 1. Chấp thuận việc thay đổi họ, chữ đệm, tên",
    "Điều 2. Giao Phòng Quản lý đô thị hướng dẫn thực hiện",
    "Nơi nhận: như Điều 3; lưu VT, hồ sơ một cửa.",
    "Sổ hộ khẩu số 0412/HK do Công an huyện Đông Anh cấp",
    "Ông Phạm Quốc Việt, chủ hộ, cùng các thành viên gia đình",
    "Bà Đỗ Thị Yến xác nhận đã nhận đủ giấy tờ gốc để đối chiếu",
]


def page_lines(seed: int, n: int = 12) -> list[str]:
    """``n`` Vietnamese lines, deterministic for ``seed``."""
    rng = random.Random(seed)
    return [rng.choice(VI_LINES) for _ in range(n)]


def render_scan(
    lines: Sequence[str],
    *,
    dpi: int = 300,
    size_in: tuple[float, float] = (8.27, 11.69),
    font_pt: float = 12.0,
    margin_in: float = 0.9,
    noise: bool = True,
    rotate: int = 0,
    skew: float = 0.0,
    seed: int = 0,
    serif: bool = True,
) -> Image.Image:
    """A grey-scale "scan" of ``lines``.

    ``rotate`` (0/90/180/270, clockwise) turns the whole sheet as if fed sideways/upside
    down; ``skew`` (degrees, counter-clockwise) tilts it slightly. ``noise`` adds paper grain,
    speckles, blur and JPEG artefacts.
    """
    rng = random.Random(seed)
    w, h = round(size_in[0] * dpi), round(size_in[1] * dpi)
    img = Image.new("L", (w, h), 255)
    draw = ImageDraw.Draw(img)
    name = "DejaVuSerif.ttf" if serif else "DejaVuSans.ttf"
    font = ImageFont.truetype(str(font_path().with_name(name)), round(font_pt * dpi / 72))
    x = y = round(margin_in * dpi)
    step = round(font_pt * 1.9 * dpi / 72)
    for line in lines:
        if y + step > h - x:
            break
        draw.text((x, y), line, fill=rng.randint(0, 40), font=font)
        y += step
    if noise:
        img = _grain(img, 0.35)
        px = img.load()
        assert px is not None
        for _ in range(w * h // 4000):  # speckles
            px[rng.randrange(w), rng.randrange(h)] = rng.randint(0, 90)
        img = img.filter(ImageFilter.GaussianBlur(0.6))
    if skew:
        img = img.rotate(skew, resample=Image.Resampling.BICUBIC, expand=True, fillcolor=255)
    if rotate:
        img = img.rotate(-rotate, expand=True)  # PIL rotates counter-clockwise
    if noise:
        buf = io.BytesIO()
        img.save(buf, "JPEG", quality=70)
        img = Image.open(io.BytesIO(buf.getvalue()))
        img.load()
        img.info = {}  # plain pixels: no JPEG/JFIF metadata leaking into other formats
    return img


def _grain(img: Image.Image, weight: float) -> Image.Image:
    """Add zero-mean Gaussian paper grain, clipped (PIL only, no numpy)."""
    noise = Image.effect_noise(img.size, 30)
    darker = ImageChops.subtract(img, noise.point(lambda v: max(0, v - 128) * weight))
    return ImageChops.add(darker, noise.point(lambda v: max(0, 128 - v) * weight))


def image_bytes(img: Image.Image, fmt: str, dpi: int = 300, **kw: object) -> bytes:
    buf = io.BytesIO()
    img.copy().save(buf, fmt, dpi=(dpi, dpi), **kw)  # copy: save() leaves encoderinfo behind
    return buf.getvalue()


def tiff_bytes(images: Sequence[Image.Image], dpi: int = 300) -> bytes:
    buf = io.BytesIO()
    images[0].copy().save(
        buf,
        "TIFF",
        save_all=True,
        append_images=[im.copy() for im in images[1:]],
        dpi=(dpi, dpi),
        compression="tiff_adobe_deflate",
    )
    return buf.getvalue()


def _pdf() -> FPDF:
    pdf = FPDF(unit="pt", format="A4")
    pdf.set_auto_page_break(False)
    pdf.add_font("DejaVu", "", str(font_path()))
    pdf.set_compression(True)
    return pdf


def _text_page(pdf: FPDF, lines: Sequence[str], font_pt: float = 11) -> None:
    pdf.add_page()
    pdf.set_font("DejaVu", size=font_pt)
    y = 60.0
    for line in lines:
        pdf.text(60, y, line)
        y += font_pt * 1.8


def _image_page(pdf: FPDF, img: Image.Image, dpi: int, fmt: str = "JPEG") -> None:
    w_pt, h_pt = img.width * 72 / dpi, img.height * 72 / dpi
    pdf.add_page(format=(w_pt, h_pt))
    data = image_bytes(img, fmt, dpi, **({"quality": 85} if fmt == "JPEG" else {}))
    pdf.image(io.BytesIO(data), x=0, y=0, w=w_pt, h=h_pt)


def text_pdf(pages: Sequence[Sequence[str]]) -> bytes:
    """Born-digital PDF with a real Unicode text layer (DejaVu embedded)."""
    pdf = _pdf()
    for lines in pages:
        _text_page(pdf, lines)
    return bytes(pdf.output())


def scan_pdf(images: Sequence[Image.Image], dpi: int = 300, fmt: str = "JPEG") -> bytes:
    """Image-only PDF, one image per page at ``dpi``."""
    pdf = _pdf()
    for img in images:
        _image_page(pdf, img, dpi, fmt)
    return bytes(pdf.output())


def mixed_pdf(items: Sequence[Sequence[str] | Image.Image], dpi: int = 300) -> bytes:
    """Pages are text (list of lines) or scans (PIL image), in order."""
    pdf = _pdf()
    for item in items:
        if isinstance(item, Image.Image):
            _image_page(pdf, item, dpi)
        else:
            _text_page(pdf, item)
    return bytes(pdf.output())


def invisible_ocr_pdf(img: Image.Image, hidden_text: str, dpi: int = 300) -> bytes:
    """A scan with an invisible (render mode 3) text layer, as other OCR tools produce."""
    pdf = _pdf()
    _image_page(pdf, img, dpi)
    pdf.set_font("DejaVu", size=11)
    pdf.text_mode = TextMode.INVISIBLE
    y = 80.0
    for line in hidden_text.splitlines():
        pdf.text(60, y, line)
        y += 20
    return bytes(pdf.output())


def raw_text_pdf(pages: Sequence[Sequence[bytes]]) -> bytes:
    """A minimal hand-written PDF: Times-Roman with WinAnsiEncoding and no ToUnicode map,
    each line a literal byte string. This is how legacy TCVN3/VNI documents come out: the
    extracted characters are the legacy bytes read as Windows-1252."""
    objs: list[bytes] = []
    kids = []
    n_pages = len(pages)
    font_id = 3 + 2 * n_pages
    for i, lines in enumerate(pages):
        page_id, content_id = 3 + 2 * i, 4 + 2 * i
        kids.append(f"{page_id} 0 R")
        body = b"BT /F1 11 Tf 60 780 Td 16 TL "
        for line in lines:
            esc = line.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)")
            body += b"(" + esc + b") Tj T* "
        body += b"ET"
        objs.append(
            f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents {content_id} 0 R "
            f"/Resources << /Font << /F1 {font_id} 0 R >> >> >>".encode()
        )
        objs.append(b"<< /Length %d >>\nstream\n" % len(body) + body + b"\nendstream")
    objs.append(
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Times-Roman /Encoding /WinAnsiEncoding >>"
    )
    catalog = b"<< /Type /Catalog /Pages 2 0 R >>"
    pages_obj = f"<< /Type /Pages /Kids [{' '.join(kids)}] /Count {n_pages} >>".encode()
    all_objs = [catalog, pages_obj, *objs]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for num, obj in enumerate(all_objs, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % num + obj + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(all_objs) + 1)
    for off in offsets:
        out += b"%010d 00000 n \n" % off
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(all_objs) + 1,
        xref,
    )
    return bytes(out)


def tcvn3_pdf(pages: Sequence[Sequence[str]]) -> bytes:
    """Text layer in TCVN3 (.VnTime documents): extracts as mojibake like ``Céng hoµ``."""
    from hoso.ocr.legacy import encode_tcvn3

    return raw_text_pdf([[encode_tcvn3(line) for line in lines] for lines in pages])


def vni_pdf(pages: Sequence[Sequence[str]]) -> bytes:
    """Text layer in VNI (VNI-Times documents): extracts as ``Coäng hoøa``."""
    from hoso.ocr.legacy import encode_vni

    return raw_text_pdf([[encode_vni(line) for line in lines] for lines in pages])


def encrypted_pdf(lines: Sequence[str], password: str = "secret") -> bytes:
    pdf = _pdf()
    _text_page(pdf, lines)
    pdf.set_encryption(owner_password="owner-" + password, user_password=password)
    return bytes(pdf.output())


def normalise_ws(text: str) -> str:
    return " ".join(text.split())


def cer(reference: str, hypothesis: str) -> float:
    """Character error rate (Levenshtein distance / reference length), white space
    collapsed, NFC."""
    import unicodedata

    ref = unicodedata.normalize("NFC", normalise_ws(reference))
    hyp = unicodedata.normalize("NFC", normalise_ws(hypothesis))
    if not ref:
        return 0.0 if not hyp else 1.0
    try:
        from rapidfuzz.distance import Levenshtein
    except ImportError:  # pragma: no cover - pure-Python fallback
        pass
    else:
        return float(Levenshtein.distance(ref, hyp)) / len(ref)
    prev = list(range(len(hyp) + 1))
    for i, a in enumerate(ref, 1):
        cur = [i]
        for j, b in enumerate(hyp, 1):
            cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a != b)))
        prev = cur
    return prev[-1] / len(ref)


SMALL = {"size_in": (6.5, 2.6), "font_pt": 11.0, "margin_in": 0.4}


def small_scan(seed: int, n: int = 5, **kw: object) -> tuple[Image.Image, list[str]]:
    """A small (6.5 x 2.6 in, 300 dpi) noisy scan of ``n`` lines and its ground truth."""
    lines = page_lines(seed, n)
    args: dict[str, object] = {**SMALL, "seed": seed, **kw}
    return render_scan(lines, **args), lines  # type: ignore[arg-type]


def bomb_png() -> bytes:
    """A tiny PNG whose (valid, CRC-checked) header claims 30000 x 30000 pixels: a
    decompression bomb, 900 megapixels once decoded."""
    png = image_bytes(Image.new("L", (1, 1), 255), "PNG")
    at = png.index(b"IHDR")
    body = b"IHDR" + (30000).to_bytes(4, "big") * 2 + png[at + 12 : at + 17]
    return (
        png[: at - 4]
        + (13).to_bytes(4, "big")
        + body
        + zlib.crc32(body).to_bytes(4, "big")
        + (png[at + 21 :])
    )


def flaky_tesseract(tmp_path: Path) -> Path:
    """A tesseract wrapper that hangs on big page images (> 3 MB), crashes on medium ones
    (> 1.7 MB), runs the real one otherwise, and logs its OMP_THREAD_LIMIT to omp.log."""
    script = tmp_path / "tesseract"
    script.write_text(
        "#!/bin/sh\n"
        f'echo "$OMP_THREAD_LIMIT" >> "{tmp_path}/omp.log"\n'
        'if [ -f "$1" ]; then\n'
        '  size=$(stat -c %s "$1")\n'
        '  if [ "$size" -gt 3000000 ]; then exec sleep 30; fi\n'
        '  if [ "$size" -gt 1700000 ]; then echo "Segmentation fault" >&2; exit 139; fi\n'
        "fi\n"
        'exec /usr/bin/tesseract "$@"\n'
    )
    script.chmod(script.stat().st_mode | stat.S_IEXEC)
    return script
