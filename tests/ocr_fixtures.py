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
from collections.abc import Callable, Sequence
from pathlib import Path

from fpdf import FPDF
from fpdf.enums import TextMode
from PIL import Image, ImageChops, ImageDraw, ImageFilter, ImageFont, ImageOps

from hoso.ocr import tess
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


def _grain(img: Image.Image, weight: float, rng: random.Random | None = None) -> Image.Image:
    """Add zero-mean Gaussian paper grain, clipped (PIL only, no numpy). With ``rng`` the
    grain is reproducible (PIL's effect_noise is not seeded)."""
    noise = Image.effect_noise(img.size, 30) if rng is None else _noise(img.size, rng, 30)
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


# --------------------------------------------------------------------------- ID cards

CARD_MM = (85.6, 54.0)  # ISO/IEC 7810 ID-1, the size of the 2021 chip CCCD
CARD_ID = "001234567890"
CARD_FRONT = [
    "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
    "Độc lập - Tự do - Hạnh phúc",
    "SOCIALIST REPUBLIC OF VIET NAM",
    "Independence - Freedom - Happiness",
    "CĂN CƯỚC CÔNG DÂN",
    "Citizen Identity Card",
    f"Số / No.: {CARD_ID}",
    "Họ và tên / Full name:",
    "NGUYỄN VĂN AN",
    "Ngày sinh / Date of birth: 05/03/1990",
    "Giới tính / Sex: Nam   Quốc tịch / Nationality: Việt Nam",
    "Quê quán / Place of origin:",
    "Phước Hưng, Tuy Phước, Bình Định",
    "Nơi thường trú / Place of residence:",
    "Số 45 Lê Lợi, Phú Hội, Thuận Hóa, Huế",
    "Có giá trị đến / Date of expiry:",
    "05/03/2030",
]
CARD_BACK = [
    "Đặc điểm nhân dạng / Personal identification:",
    "Nốt ruồi C:1cm trên sau đuôi mắt phải",
    "Ngày, tháng, năm / Date, month, year: 15/06/2021",
    "CỤC TRƯỞNG CỤC CẢNH SÁT",
    "QUẢN LÝ HÀNH CHÍNH VỀ TRẬT TỰ XÃ HỘI",
    "Ngón trỏ trái",
    "Ngón trỏ phải",
    f"IDVNM0901234567{CARD_ID}<<2",
    "9003054M3003052VNM<<<<<<<<<<<6",
    "NGUYEN<<VAN<AN<<<<<<<<<<<<<<<<",
]


def _font(
    pt: float, px_per_mm: float, bold: bool = False, serif: bool = False
) -> ImageFont.FreeTypeFont:
    name = f"DejaVu{'Serif' if serif else 'Sans'}{'-Bold' if bold else ''}.ttf"
    return ImageFont.truetype(
        str(font_path().with_name(name)), max(6, round(pt * 0.3528 * px_per_mm))
    )


def _guilloche(draw: ImageDraw.ImageDraw, w: int, h: int, rng: random.Random) -> None:
    """The fine wavy security pattern printed over the card's background."""
    import math

    colours = [(196, 214, 232), (232, 206, 212), (204, 226, 206)]
    for k in range(26):
        amp = rng.uniform(0.03, 0.09) * h
        period = rng.uniform(0.25, 0.6) * w
        phase = rng.uniform(0, 6.3)
        base = (k + 0.5) * h / 26
        pts = [
            (x, base + amp * math.sin(phase + 2 * math.pi * x / period)) for x in range(0, w + 8, 8)
        ]
        draw.line(pts, fill=colours[k % 3], width=max(1, w // 700))
    cx, cy = w * 0.55, h * 0.58  # the faint "drum" rosette in the middle
    for r in range(int(h * 0.08), int(h * 0.38), max(3, h // 60)):
        draw.ellipse((cx - r, cy - r, cx + r, cy + r), outline=(214, 226, 234))


def id_card(side: str = "front", *, px_per_mm: float = 12.0, seed: int = 0) -> Image.Image:
    """An RGBA drawing of a 2021 chip citizen identity card (CCCD), 85.6 x 54 mm with rounded
    (transparent) corners: pale patterned background, emblem, photo box, QR code, bilingual
    labels; ``side`` "back" draws the chip, fingerprints, signature, stamp and MRZ lines."""
    rng = random.Random(seed)
    w, h = round(CARD_MM[0] * px_per_mm), round(CARD_MM[1] * px_per_mm)
    mm = px_per_mm
    card = Image.new("RGB", (w, h), (233, 240, 238) if side == "front" else (236, 238, 242))
    draw = ImageDraw.Draw(card)
    _guilloche(draw, w, h, rng)
    ink, red, blue = (25, 25, 30), (196, 32, 36), (30, 40, 110)

    def text(x_mm: float, y_mm: float, s: str, pt: float, *, bold: bool = False,
             fill: tuple[int, int, int] = ink, centre: float | None = None) -> None:  # fmt: skip
        font = _font(pt, mm, bold)
        x = x_mm * mm
        if centre is not None:
            x = centre * mm - draw.textlength(s, font=font) / 2
        draw.text((x, y_mm * mm), s, font=font, fill=fill)

    lines = CARD_FRONT if side == "front" else CARD_BACK
    if side == "front":
        # national emblem: red disc, yellow star, golden rim
        draw.ellipse(
            (3 * mm, 2.5 * mm, 15 * mm, 14.5 * mm),
            fill=(200, 30, 30),
            outline=(210, 170, 40),
            width=round(0.6 * mm),
        )
        draw.regular_polygon((9 * mm, 8.3 * mm, 3.6 * mm), 5, fill=(250, 215, 40))
        # QR code, top right
        qx, qy, cell = 72 * mm, 2.5 * mm, 0.55 * mm
        draw.rectangle(
            (qx - mm * 0.5, qy - mm * 0.5, qx + 21 * cell + mm * 0.5, qy + 21 * cell + mm * 0.5),
            fill=(255, 255, 255),
        )
        for i in range(21):
            for j in range(21):
                fi, fj = i % 14, j % 14
                if (i < 7 or i >= 14) and (j < 7 or j >= 14) and not (i >= 14 and j >= 14):
                    ring = max(abs(fi - 3), abs(fj - 3))  # finder pattern: on, off, 3x3 on
                    on = ring != 2
                else:
                    on = rng.random() < 0.5
                if on:
                    draw.rectangle(
                        (
                            qx + j * cell,
                            qy + i * cell,
                            qx + (j + 1) * cell - 1,
                            qy + (i + 1) * cell - 1,
                        ),
                        fill=(0, 0, 0),
                    )
        text(0, 2.6, lines[0], 6.4, bold=True, centre=43)
        text(0, 5.4, lines[1], 6.0, bold=True, centre=43)
        text(0, 8.2, lines[2], 5.0, centre=43)
        text(0, 10.4, lines[3], 5.0, centre=43)
        text(0, 13.4, lines[4], 10.5, bold=True, fill=red, centre=45)
        text(0, 18.0, lines[5], 6.5, bold=True, fill=blue, centre=45)
        # photo box: grey portrait
        px0, py0, px1, py1 = 3.5 * mm, 19.5 * mm, 23.5 * mm, 45 * mm
        draw.rectangle((px0, py0, px1, py1), fill=(178, 190, 200))
        draw.ellipse(
            (px0 + 5.5 * mm, py0 + 3.5 * mm, px1 - 5.5 * mm, py0 + 15.5 * mm), fill=(110, 92, 84)
        )
        draw.pieslice(
            (px0 + 1 * mm, py0 + 15 * mm, px1 - 1 * mm, py1 + 10 * mm), 180, 360, fill=(60, 62, 80)
        )
        text(26, 22.0, lines[6][:10], 6.5)
        text(26 + 12.5, 21.3, CARD_ID, 9.0, bold=True, fill=red)
        text(26, 25.6, lines[7], 6.0)
        text(26, 28.3, lines[8], 8.0, bold=True)
        text(26, 32.0, lines[9], 6.0)
        text(26, 35.0, lines[10], 5.6)
        text(26, 38.0, lines[11], 6.0)
        text(26, 40.6, lines[12], 6.4, bold=True)
        text(26, 43.8, lines[13], 6.0)
        text(26, 46.6, lines[14], 6.4, bold=True)
        text(3.0, 46.8, lines[15], 4.2)
        text(3.0, 49.4, lines[16], 5.6, bold=True)
    else:
        # chip
        draw.rounded_rectangle(
            (5 * mm, 6 * mm, 17 * mm, 16 * mm),
            radius=mm,
            fill=(205, 175, 95),
            outline=(150, 120, 50),
            width=2,
        )
        for k in (1, 2):
            draw.line(
                (5 * mm, (6 + k * 10 / 3) * mm, 17 * mm, (6 + k * 10 / 3) * mm),
                fill=(150, 120, 50),
                width=2,
            )
        text(22, 3.0, lines[0], 6.0)
        text(22, 6.0, lines[1], 6.0)
        text(22, 10.5, lines[2], 5.6)
        text(0, 14.5, lines[3], 6.0, bold=True, centre=55)
        text(0, 17.3, lines[4], 6.0, bold=True, centre=55)
        draw.ellipse(
            (44 * mm, 19.5 * mm, 58 * mm, 33.5 * mm), outline=(210, 50, 50), width=round(0.5 * mm)
        )
        draw.line(
            [(47 * mm, 29 * mm), (50 * mm, 24 * mm), (53 * mm, 30 * mm), (57 * mm, 25 * mm)],
            fill=(20, 30, 120),
            width=round(0.4 * mm),
        )
        text(0, 34.0, "Nguyễn Văn Bình", 6.4, bold=True, centre=55)
        for k, label in enumerate(lines[5:7]):
            box = (3 * mm + k * 18 * mm, 19.5 * mm, 19 * mm + k * 18 * mm, 36 * mm)
            draw.rectangle(box, outline=(90, 90, 90), width=2)
            c = ((box[0] + box[2]) / 2, (box[1] + box[3]) / 2 + mm)
            for r in range(3, 30, 3):  # a fingerprint's ridges
                arc = (c[0] - r * mm / 5, c[1] - r * mm / 4, c[0] + r * mm / 5, c[1] + r * mm / 4)
                draw.arc(arc, 200, 340, fill=(120, 120, 120), width=2)
            text(box[0] / mm + 1, 36.5, label, 5.0)
        mrz = (240, 242, 244)
        draw.rectangle((0, 40 * mm, w, h), fill=mrz)
        for k, ln in enumerate(lines[7:10]):
            text(4, 40.8 + k * 4.2, ln, 8.2)
    # rounded corners (3.18 mm radius) as transparency, and a faint printed border
    mask = Image.new("L", (w, h), 0)
    ImageDraw.Draw(mask).rounded_rectangle((0, 0, w - 1, h - 1), radius=round(3.18 * mm), fill=255)
    out = card.convert("RGBA")
    out.putalpha(mask)
    return out


def _perspective_coeffs(
    src: Sequence[tuple[float, float]], dst: Sequence[tuple[float, float]]
) -> tuple[float, ...]:
    """PIL PERSPECTIVE coefficients mapping output points ``dst`` to input points ``src``."""
    rows: list[list[float]] = []
    rhs: list[float] = []
    for (x, y), (u, v) in zip(dst, src, strict=True):
        rows.append([x, y, 1, 0, 0, 0, -u * x, -u * y])
        rhs.append(u)
        rows.append([0, 0, 0, x, y, 1, -v * x, -v * y])
        rhs.append(v)
    n = 8
    m = [[*r, b] for r, b in zip(rows, rhs, strict=True)]
    for c in range(n):
        p = max(range(c, n), key=lambda r: abs(m[r][c]))
        m[c], m[p] = m[p], m[c]
        for r in range(n):
            if r != c and m[r][c]:
                f = m[r][c] / m[c][c]
                m[r] = [a - f * b for a, b in zip(m[r], m[c], strict=True)]
    return tuple(m[i][n] / m[i][i] for i in range(n))


def _noise(size: tuple[int, int], rng: random.Random, sigma: float) -> Image.Image:
    """Reproducible noise around grey 128 with about ``sigma`` spread (the mean of two
    uniform images: a triangular distribution, sigma 52, rescaled)."""
    n = size[0] * size[1]
    a = Image.frombytes("L", size, rng.randbytes(n))
    b = Image.frombytes("L", size, rng.randbytes(n))
    return Image.blend(a, b, 0.5).point(lambda v: round(128 + (v - 128) * sigma / 52))


def _table(size: tuple[int, int], rng: random.Random, colour: str = "wood") -> Image.Image:
    """A textured coloured background: wood grain, or a cloth."""
    w, h = size
    coarse = _noise((max(2, w // 24), max(2, h // 3)), rng, 40).resize(
        size, Image.Resampling.BICUBIC
    )
    fine = _noise(size, rng, 25)
    grain = ImageChops.add(coarse.point(lambda v: v * 0.8), fine.point(lambda v: v * 0.2))
    dark, light = {
        "wood": ((92, 56, 30), (178, 126, 80)),
        "cloth": ((24, 44, 88), (84, 112, 160)),
        "green": ((30, 70, 44), (104, 150, 104)),
    }[colour]
    return ImageOps.colorize(ImageOps.autocontrast(grain), dark, light)


def _gradients(size: tuple[int, int]) -> tuple[Image.Image, Image.Image]:
    """Grey ramps over ``size``: left to right, and top to bottom."""
    gy = Image.linear_gradient("L").resize(size)
    gx = Image.linear_gradient("L").transpose(Image.Transpose.ROTATE_90).resize(size)
    return gx, gy


def _as_jpeg(img: Image.Image, quality: int) -> Image.Image:
    """``img`` saved as a JPEG and opened again (artefacts, no metadata)."""
    buf = io.BytesIO()
    img.save(buf, "JPEG", quality=quality)
    out = Image.open(io.BytesIO(buf.getvalue()))
    out.load()
    out.info = {}
    return out


def card_photo(
    cards: Sequence[Image.Image],
    *,
    rotate: int = 0,
    dpi: int = 150,
    tilt: float = 3.0,
    seed: int = 0,
    background: str = "wood",
) -> Image.Image:
    """A phone photo of ``cards`` (from :func:`id_card`) lying side by side on a table.

    The photo is taken at about ``dpi`` on the cards, each card tilted by about ``tilt``
    degrees with mild perspective (the far edge shorter), a soft shadow, uneven light,
    sensor noise and JPEG artefacts; ``rotate`` (0/90/180/270, clockwise) turns the whole
    photo as a phone held sideways or upside down does. Returns an RGB image.
    """
    import math

    rng = random.Random(seed)
    px_mm = dpi / 25.4
    cw, ch = CARD_MM[0] * px_mm, CARD_MM[1] * px_mm
    n = len(cards)
    gap = 8 * px_mm
    w = round(n * cw + (n - 1) * gap + 2 * 0.35 * cw)
    h = round(max(ch * 1.9, w * 0.62))
    photo = _table((w, h), rng, background).convert("RGB")
    shadow = Image.new("L", (w, h), 0)
    placed: list[tuple[Image.Image, tuple[float, ...]]] = []
    for k, card in enumerate(cards):
        cx = 0.35 * cw + k * (cw + gap) + cw / 2 + rng.uniform(-3, 3) * px_mm
        cy = h / 2 + rng.uniform(-4, 4) * px_mm
        a = math.radians(tilt * (1 if k % 2 == 0 else -0.7) + rng.uniform(-0.5, 0.5))
        shrink = rng.uniform(0.03, 0.06)  # perspective: the top edge is farther away
        corners = []
        for sx, sy in ((-1, -1), (1, -1), (1, 1), (-1, 1)):
            x = sx * cw / 2 * (1 - shrink if sy < 0 else 1)
            y = sy * ch / 2
            corners.append(
                (cx + x * math.cos(a) - y * math.sin(a), cy + x * math.sin(a) + y * math.cos(a))
            )
        src = [(0, 0), (card.width, 0), (card.width, card.height), (0, card.height)]
        coeffs = _perspective_coeffs(src, corners)
        placed.append((card, coeffs))
        ImageDraw.Draw(shadow).polygon(
            [(x + 0.8 * px_mm, y + 1.2 * px_mm) for x, y in corners], fill=110
        )
    shade = shadow.filter(ImageFilter.GaussianBlur(1.5 * px_mm))
    photo = ImageChops.subtract(photo, Image.merge("RGB", [shade] * 3))
    for card, coeffs in placed:
        warped = card.transform(
            (w, h), Image.Transform.PERSPECTIVE, coeffs, Image.Resampling.BICUBIC
        )
        photo.paste(warped, (0, 0), warped)
    # uneven light: brighter towards one corner, darker towards the other
    gx, gy = _gradients((w, h))
    if rng.random() < 0.5:
        gx = gx.transpose(Image.Transpose.FLIP_LEFT_RIGHT)
    if rng.random() < 0.5:
        gy = gy.transpose(Image.Transpose.FLIP_TOP_BOTTOM)
    light = Image.blend(gx, gy, rng.uniform(0.3, 0.7)).point(lambda v: 170 + v * 85 // 255)
    photo = ImageChops.multiply(photo, Image.merge("RGB", [light] * 3))
    photo = photo.filter(ImageFilter.GaussianBlur(0.5))
    noise = _noise((w, h), rng, 12)
    photo = Image.blend(photo, Image.merge("RGB", [noise] * 3), 0.06)
    if rotate:
        photo = photo.rotate(-rotate, expand=True)
    return _as_jpeg(photo, 80)


def page_photo(
    page: Image.Image, *, dpi: int = 140, stretch: float = 1.0, seed: int = 0
) -> Image.Image:
    """A phone photo of an A4 ``page`` (from :func:`render_scan`) lying on a table, taken at
    about ``dpi`` on the paper, ``stretch`` times longer than A4 (a photo taken at a slant
    comes out so once straightened: ``stretch`` 1.1 gives an ID card's proportions), the
    light falling off from one corner of the paper to the opposite one (the far corner at
    about 60% of the near one). Returns an RGB image."""
    rng = random.Random(seed)
    pw = round(210 / 25.4 * dpi)
    ph = round(297 / 25.4 * dpi * stretch)
    paper = page.convert("L").resize((pw, ph), Image.Resampling.LANCZOS)
    w, h = round(pw * 1.3), round(ph * 1.2)
    photo = _table((w, h), rng, "green").convert("RGB")
    photo.paste(Image.merge("RGB", [paper] * 3), ((w - pw) // 2, (h - ph) // 2))
    gx, gy = _gradients((w, h))
    light = Image.blend(gx, gy, 0.5).point(lambda v: 255 - v * 100 // 255)
    photo = ImageChops.multiply(photo, Image.merge("RGB", [light] * 3))
    photo = photo.filter(ImageFilter.GaussianBlur(0.5))
    return _as_jpeg(photo, 85)


def cards_on_a4(
    cards: Sequence[Image.Image], *, dpi: int = 300, rotate: int = 0, seed: int = 0
) -> Image.Image:
    """A grey-scale scan of an A4 sheet carrying photocopies of ``cards`` (front and back of
    one card, or two people's cards) side by side near the top, as offices copy them."""
    w, h = round(8.27 * dpi), round(11.69 * dpi)
    page = Image.new("L", (w, h), 250)
    px_mm = dpi / 25.4
    cw, ch = round(CARD_MM[0] * px_mm), round(CARD_MM[1] * px_mm)
    gap = round(8 * px_mm)
    x = (w - len(cards) * cw - (len(cards) - 1) * gap) // 2
    y = round(random.Random(seed).uniform(18, 40) * px_mm)
    for card in cards:
        small = card.resize((cw, ch), Image.Resampling.LANCZOS)
        grey = ImageOps.autocontrast(small.convert("L"), cutoff=1).point(lambda v: 40 + v * 0.8)
        page.paste(grey, (x, y), small.getchannel("A"))
        ImageDraw.Draw(page).rounded_rectangle(
            (x, y, x + cw - 1, y + ch - 1), radius=round(3.18 * px_mm), outline=70, width=2
        )
        x += cw + gap
    page = _grain(page, 0.3, random.Random(seed)).filter(ImageFilter.GaussianBlur(0.6))
    if rotate:
        page = page.rotate(-rotate, expand=True, fillcolor=250)
    return _as_jpeg(page, 80)


# --------------------------------------------------------------------------- hand-filled forms

HAND_FONT_DIR = Path(__file__).resolve().parents[1] / ".hoso" / "fonts"
HAND_FONTS = ("patrick-hand", "pangolin", "sriracha")  # npm @fontsource/<name>, merged TTFs
FORM_ID_LABEL = "Số định danh cá nhân:"


def hand_font(name: str) -> Path | None:
    """The handwriting-style TTF ``name`` (see :data:`HAND_FONTS`) under ``.hoso/fonts/``
    (or ``$HOSO_CORPUS_FONTS``), fetched by ``python -m tests.corpus.fonts``; None if absent."""
    import os

    folder = Path(os.environ.get("HOSO_CORPUS_FONTS", HAND_FONT_DIR))
    path = folder / f"{name}.ttf"
    return path if path.is_file() else None


def random_id_number(rng: random.Random) -> str:
    """A structurally valid 12-digit personal ID number (province, sex/century, year)."""
    from hoso.idnumber import PROVINCE_CODES

    prov = rng.choice(sorted(PROVINCE_CODES))
    year = rng.randint(1940, 2010)
    b = (year - 1900) // 100 * 2 + rng.randint(0, 1)
    return f"{prov}{b}{year % 100:02d}{rng.randrange(1_000_000):06d}"


def _hand_word(
    img: Image.Image,
    x: float,
    baseline: float,
    word: str,
    font_path: Path,
    px: int,
    ink: tuple[int, int, int],
    rng: random.Random,
    *,
    jitter: float = 1.0,
) -> float:
    """Write ``word`` by hand at ``x`` with its baseline at ``baseline`` (pixels): each
    character jittered in position and size (``jitter`` scales it), the word slanted and
    tilted a little. Returns the advance in pixels."""
    font = ImageFont.truetype(str(font_path), px)
    pad = px
    width = round(font.getlength(word) * 1.15) + 2 * pad
    mask = Image.new("L", (width, 3 * px), 0)
    draw = ImageDraw.Draw(mask)
    cx = float(pad)
    for ch in word:
        size = max(6, round(px * rng.uniform(1 - 0.06 * jitter, 1 + 0.06 * jitter)))
        f = font if size == px else ImageFont.truetype(str(font_path), size)
        dy = rng.uniform(-0.05, 0.05) * px * jitter
        draw.text((cx, 2 * px + dy), ch, font=f, fill=255, anchor="ls")
        cx += f.getlength(ch) + rng.uniform(-0.04, 0.05) * px * jitter
    mask = mask.crop((0, 0, min(width, round(cx) + pad), mask.height))
    shear = rng.uniform(-0.05, 0.22)
    ww, hh = mask.size
    mask = mask.transform(
        (ww + int(abs(shear) * hh), hh),
        Image.Transform.AFFINE,
        (1, shear, -max(shear, 0) * hh, 0, 1, 0),
        resample=Image.Resampling.BILINEAR,
    )
    angle = rng.uniform(-2.0, 2.0)
    big = mask.rotate(angle, resample=Image.Resampling.BILINEAR, expand=True)
    ox = round(x - pad - (big.width - mask.width) / 2)
    oy = round(baseline - 2 * px - (big.height - hh) / 2 + rng.uniform(-0.06, 0.04) * px)
    colour = tuple(max(0, min(255, c + rng.randint(-12, 12))) for c in ink)
    img.paste(colour, (ox, oy), big)  # type: ignore[arg-type]
    return cx - pad


def _hand_text(
    img: Image.Image,
    x: float,
    baseline: float,
    text: str,
    font_path: Path,
    px: int,
    ink: tuple[int, int, int],
    rng: random.Random,
) -> float:
    cx = x
    for word in text.split():
        scale = rng.uniform(0.95, 1.06)
        cx += _hand_word(img, cx, baseline, word, font_path, round(px * scale), ink, rng)
        cx += px * rng.uniform(0.3, 0.5)
    return cx - x


def hand_form(
    number: str,
    *,
    font: Path,
    comb: bool = False,
    dpi: int = 300,
    photo: bool = False,
    seed: int = 0,
    ink: tuple[int, int, int] | None = None,
    dob: str | None = None,
) -> Image.Image:
    """A grey A4 "scan" of a printed form whose values are filled in by hand in ``font``:
    the name, the birth date (``dob``, dd/mm/yyyy, else drawn at random in the ID number's
    year) and the personal ID number ``number``, written free on a
    dotted line after the printed label "Số định danh cá nhân:", or one digit per cell in a
    printed comb of ``len(number)`` boxes (``comb``).

    Rendered at 300 dpi; ``dpi`` below that resamples the sheet. ``photo`` makes it look
    like a phone photo: uneven light, blur, sensor noise, a slight tilt, JPEG artefacts.
    Ink is blue or black (random unless ``ink``). Deterministic for ``seed``.
    """
    rng = random.Random(seed)
    s = 300 / 25.4  # px per mm at the rendering resolution
    w, h = round(210 * s), round(297 * s)
    img = Image.new("RGB", (w, h), (255, 255, 255))
    draw = ImageDraw.Draw(img)
    fdir = font_path()
    pt = 12.5
    size = round(pt * 300 / 72)
    serif = ImageFont.truetype(str(fdir.with_name("DejaVuSerif.ttf")), size)
    bold = ImageFont.truetype(str(fdir.with_name("DejaVuSerif-Bold.ttf")), size)
    if ink is None:
        ink = rng.choice([(20, 40, 150), (30, 50, 120), (25, 25, 30)])
    hand_px = round(pt * 1.12 * 300 / 72 * rng.uniform(0.92, 1.08))
    left, right = 25 * s, w - 15 * s
    y = 22 * s

    def centred(line: str, f: ImageFont.FreeTypeFont) -> None:
        nonlocal y
        draw.text(((w - draw.textlength(line, font=f)) / 2, y), line, font=f, fill=0, anchor="ls")
        y += 1.6 * size

    def dots(x0: float, x1: float, baseline: float) -> None:
        n = int((x1 - x0) / draw.textlength(".", font=serif)) - 1
        if n > 0:
            draw.text((x0, baseline), "." * n, font=serif, fill=(40, 40, 40), anchor="ls")

    def field(label: str, value: str) -> None:
        nonlocal y
        draw.text((left, y), label, font=serif, fill=0, anchor="ls")
        x0 = left + draw.textlength(label + " ", font=serif)
        dots(x0, right, y)
        _hand_text(img, x0 + 2 * s, y - 0.4 * s, value, font, hand_px, ink, rng)
        y += 1.45 * 2.2 * size

    centred("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", bold)
    centred("Độc lập - Tự do - Hạnh phúc", bold)
    y += size
    centred("TỜ KHAI THAY ĐỔI THÔNG TIN CƯ TRÚ", bold)
    y += 1.5 * size
    draw.text((left, y), "Kính gửi: Công an phường Phú Hội", font=serif, fill=0, anchor="ls")
    y += 2.2 * size
    field("1. Họ, chữ đệm và tên:", rng.choice(["Nguyễn Văn An", "Trần Thị Hoa", "Lê Minh Đức"]))
    drawn = f"{rng.randint(1, 28):02d}/{rng.randint(1, 12):02d}/19{number[4:6]}"
    field("2. Ngày, tháng, năm sinh:", dob or drawn)
    label = "3. " + FORM_ID_LABEL
    draw.text((left, y), label, font=serif, fill=0, anchor="ls")
    x0 = left + draw.textlength(label + " ", font=serif)
    if comb:
        bw = round(pt * 25.4 / 72 * 1.25 * s)
        top = round(y - bw * 0.85)
        for i in range(len(number)):
            draw.rectangle((x0 + i * bw, top, x0 + (i + 1) * bw, top + bw), outline=0, width=2)
        for i, ch in enumerate(number):
            cx = x0 + i * bw + bw * 0.25 + rng.uniform(-0.3, 0.3) * s
            _hand_word(img, cx, y - 0.3 * s, ch, font, round(hand_px * 0.94), ink, rng)
    else:
        dots(x0, right, y)
        _hand_word(img, x0 + 2 * s, y - 0.4 * s, number, font, hand_px, ink, rng)
    y += 1.45 * 2.2 * size
    field("4. Nơi thường trú:", "Số 45 Lê Lợi, Phú Hội, Huế")
    field("5. Nội dung đề nghị:", "Đăng ký thường trú")
    for line in (
        "Tôi xin cam đoan những lời khai trên là đúng sự thật",
        "và xin chịu trách nhiệm trước pháp luật về nội dung đã khai.",
    ):
        draw.text((left, y), line, font=serif, fill=0, anchor="ls")
        y += 1.8 * size
    gray = img.convert("L")
    if not photo:
        gray = _grain(gray, 0.25, rng).filter(ImageFilter.GaussianBlur(0.5))
        gray = gray.rotate(rng.uniform(-0.8, 0.8), resample=Image.Resampling.BICUBIC, fillcolor=250)
    if dpi != 300:
        k = dpi / 300
        gray = gray.resize((round(w * k), round(h * k)), Image.Resampling.LANCZOS)
    if photo:
        gx = Image.linear_gradient("L").transpose(Image.Transpose.ROTATE_90).resize(gray.size)
        gy = Image.linear_gradient("L").resize(gray.size)
        if rng.random() < 0.5:
            gx = gx.transpose(Image.Transpose.FLIP_LEFT_RIGHT)
        light = Image.blend(gx, gy, rng.uniform(0.3, 0.7)).point(lambda v: 165 + v * 80 // 255)
        gray = ImageChops.multiply(gray, light)
        gray = gray.rotate(rng.uniform(-1.5, 1.5), resample=Image.Resampling.BICUBIC, fillcolor=200)
        gray = gray.filter(ImageFilter.GaussianBlur(0.7))
        gray = Image.blend(gray, _noise(gray.size, rng, 14), 0.07)
    buf = io.BytesIO()
    gray.save(buf, "JPEG", quality=70 if photo else 85)
    out = Image.open(io.BytesIO(buf.getvalue()))
    out.load()
    out.info = {}
    return out


# --------------------------------------------------------------------------- dotted leaders, edge shadows

MONO_FONTS = (
    Path("/usr/share/fonts/truetype/freefont/FreeMono.ttf"),
    Path("/usr/share/fonts/truetype/dejavu/DejaVuSansMono.ttf"),
)
LEADER_FIELDS = [
    ("Họ và tên", "Mai Thùy Lụa"),
    ("Năm sinh", "1997"),
    ("Số CMND/Hộ chiếu/Căn cước", "079197602459"),
    ("Nơi thường trú", "Bản 7, xã An Phú, tỉnh An Giang"),
    ("Dân tộc", "Kinh"),
    ("Số lần sinh", "3"),
    ("Dự định đặt tên con", "Nguyễn Khánh Linh"),
    ("Nghề nghiệp", "giáo viên"),
]


def mono_font() -> Path:
    """FreeMono (the typewriter face Tesseract reads worst next to dots), else DejaVu Sans
    Mono, else the packaged DejaVu Sans."""
    for p in MONO_FONTS:
        if p.exists():
            return p
    return font_path()


def leader_form(
    *,
    dpi: int = 300,
    font: Path | None = None,
    font_pt: float = 12.0,
    leaders: bool = True,
    seed: int = 0,
    size_in: tuple[float, float] = (6.5, 3.4),
) -> tuple[Image.Image, list[str]]:
    """A noisy scan of a form's "Label: value ........" lines in a monospace face (dotted
    guide lines to the right margin when ``leaders``), and the lines without the dots."""
    rng = random.Random(seed)
    w, h = round(size_in[0] * dpi), round(size_in[1] * dpi)
    img = Image.new("L", (w, h), 255)
    draw = ImageDraw.Draw(img)
    face = ImageFont.truetype(str(font or mono_font()), round(font_pt * dpi / 72))
    margin = round(0.3 * dpi)
    step = round(font_pt * 1.6 * dpi / 72)
    dot = draw.textlength(".", font=face)
    truth: list[str] = []
    y = margin
    for label, value in LEADER_FIELDS:
        if y + step > h - margin:
            break
        line = f"{label}: {value}"
        draw.text((margin, y), line, fill=rng.randint(0, 30), font=face)
        if leaders:
            x = margin + draw.textlength(line + " ", font=face)
            n = int((w - margin - x) / dot)
            draw.text((x, y), "." * n, fill=40, font=face)
        truth.append(line)
        y += step
    img = _grain(img, 0.3, rng).filter(ImageFilter.GaussianBlur(0.6))
    buf = io.BytesIO()
    img.save(buf, "JPEG", quality=80)
    out = Image.open(io.BytesIO(buf.getvalue()))
    out.load()
    out.info = {}
    return out, truth


def edge_shadow(img: Image.Image, *, width_in: float = 0.2, dpi: int = 300) -> Image.Image:
    """``img`` as a photocopier returns it: a dark stripe along the right edge (the lid's
    shadow, solid at the edge, fading inwards) and the page greyed from left to right."""
    w, h = img.size
    stripe = round(width_in * dpi)
    ramp = Image.linear_gradient("L").rotate(90, expand=True).resize((w, h))  # 255 -> 0
    shade = ramp.point(lambda v: 205 + v * 50 // 255)  # paper 255 -> 205 across the page
    out = ImageChops.multiply(img.convert("L"), shade)
    draw = ImageDraw.Draw(out)
    for i in range(stripe):
        grey = 40 + (stripe - 1 - i) * 120 // stripe if i < stripe // 2 else 40
        draw.line((w - stripe + i, 0, w - stripe + i, h - 1), fill=grey)
    return out


def digits_reader() -> Callable[[Image.Image], list[tess.Char]]:
    """A digits-only Tesseract run with character boxes (``eng``), as the reader gives the
    number re-read (:func:`hoso.ocr.numbers.reread_numbers`)."""
    import tempfile

    tmp = tempfile.TemporaryDirectory(prefix="hoso-digits-")  # removed with the reader

    def read(img: Image.Image) -> list[tess.Char]:
        path = tess.write_image(img, tmp.name)
        try:
            return tess.ocr_chars(
                path, lang="eng", psm=6, dpi=300, timeout=60, whitelist="0123456789"
            )
        finally:
            tess.remove_quietly(path)

    return read
