"""Identity cards and passports drawn as cards: 2016 CCCD (barcode), 2021 CCCD (chip, MRZ),
2024 "CĂN CƯỚC / IDENTITY CARD", and the passport data page (MRZ ``P<VNM``)."""

from __future__ import annotations

import math
import random
import unicodedata
from dataclasses import dataclass
from datetime import date, timedelta

from PIL import Image, ImageDraw, ImageFilter

from .fonts import Face, check_text, pil_font
from .papers import qr_modules
from .people import Person

CARD = (85.6, 54.0)
PASSPORT = (125.0, 88.0)


@dataclass
class CardData:
    design: str  # cccd2016 | cccd2021 | cc2024 | passport
    person: Person
    number: str  # the ID number printed on the card
    issue: date
    expiry: date | None
    passport_no: str = ""

    @property
    def size(self) -> tuple[float, float]:
        return PASSPORT if self.design == "passport" else CARD


def _birthday(dob: date, age: int) -> date:
    try:
        return dob.replace(year=dob.year + age)
    except ValueError:  # 29 Feb
        return date(dob.year + age, 3, 1)


def expiry_for(dob: date, issue: date) -> date | None:
    """Valid to the 25th, 40th or 60th birthday; a card issued within two years before a
    milestone runs to the next one; issued from 58 on: no expiry."""
    for m in (25, 40, 60):
        if issue < _birthday(dob, m - 2):
            return _birthday(dob, m)
    return None


def design_for(issue: date) -> str:
    if issue < date(2021, 1, 1):
        return "cccd2016"
    if issue < date(2024, 7, 1):
        return "cccd2021"
    return "cc2024"


def card_for(rng: random.Random, p: Person, today: date, *, expired: bool = False) -> CardData:
    first = max(_birthday(p.dob, 14), date(2016, 3, 1))
    last = today - timedelta(days=20)
    if expired:
        for m in (25, 40, 60):
            exp = _birthday(p.dob, m)
            if today - timedelta(days=365 * 5) < exp < today - timedelta(days=15):
                lo = max(first, _birthday(p.dob, {25: 14, 40: 23, 60: 38}[m]))
                hi = _birthday(p.dob, m - 2) - timedelta(days=1)
                if lo < hi:
                    issue = lo + timedelta(days=rng.randint(0, (hi - lo).days))
                    assert expiry_for(p.dob, issue) == exp
                    return CardData(design_for(issue), p, p.id_number, issue, exp)
        raise ValueError(f"cannot make an expired card for a person born {p.dob}")
    for _ in range(40):
        lo = max(first, today - timedelta(days=365 * 9))
        if lo >= last:
            lo = first
        issue = lo + timedelta(days=rng.randint(0, max(0, (last - lo).days)))
        exp = expiry_for(p.dob, issue)
        if exp is None or exp > today + timedelta(days=30):
            return CardData(design_for(issue), p, p.id_number, issue, exp)
    issue = last
    return CardData(design_for(issue), p, p.id_number, issue, expiry_for(p.dob, issue))


def passport_for(rng: random.Random, p: Person, today: date) -> CardData:
    issue = today - timedelta(days=rng.randint(60, 365 * 9))
    exp = _birthday(issue, 10) - timedelta(days=1)
    no = rng.choice("CKNP") + f"{rng.randrange(10**7):07d}"
    return CardData("passport", p, p.id_number, issue, exp, no)


# --------------------------------------------------------------------------------- MRZ
def ascii_name(s: str) -> str:
    s = s.replace("Đ", "D").replace("đ", "d")
    s = unicodedata.normalize("NFD", s)
    return "".join(c for c in s if not unicodedata.combining(c)).upper()


def check_digit(s: str) -> str:
    w = (7, 3, 1)
    tot = 0
    for i, c in enumerate(s):
        v = int(c) if c.isdigit() else (ord(c) - 55 if c.isalpha() else 0)
        tot += v * w[i % 3]
    return str(tot % 10)


def _yymmdd(d: date | None) -> str:
    return d.strftime("%y%m%d") if d else "<<<<<<"


def mrz_td1(c: CardData) -> list[str]:
    p = c.person
    n9 = c.number[-9:]
    l1 = f"IDVNM{n9}{check_digit(n9)}{c.number}<<{check_digit(c.number)}"
    dob, exp = _yymmdd(p.dob), _yymmdd(c.expiry)
    l2 = f"{dob}{check_digit(dob)}{'M' if p.male else 'F'}{exp}{check_digit(exp)}VNM"
    l2 = l2.ljust(29, "<")
    l2 += check_digit(l1[5:30] + l2[0:7] + l2[8:15] + l2[18:29])
    l3 = ascii_name(p.family) + "<<" + ascii_name(f"{p.middle} {p.given}").replace(" ", "<")
    return [l1[:30], l2[:30], l3.ljust(30, "<")[:30]]


def mrz_td3(c: CardData) -> list[str]:
    p = c.person
    l1 = (
        "P<VNM"
        + ascii_name(p.family)
        + "<<"
        + ascii_name(f"{p.middle} {p.given}").replace(" ", "<")
    ).ljust(44, "<")[:44]
    no = c.passport_no.ljust(9, "<")
    dob, exp = _yymmdd(p.dob), _yymmdd(c.expiry)
    pn = c.number.ljust(14, "<")
    body = f"{no}{check_digit(no)}VNM{dob}{check_digit(dob)}{'M' if p.male else 'F'}{exp}{check_digit(exp)}{pn}{check_digit(pn)}"
    comp = check_digit(body[0:10] + body[13:20] + body[21:43])
    return [l1, (body + comp)[:44]]


# ------------------------------------------------------------------------------ drawing
class _Pen:
    def __init__(self, size: tuple[float, float], ppm: float, bg: Image.Image) -> None:
        self.ppm = ppm
        self.img = bg
        self.d = ImageDraw.Draw(self.img)

    def p(self, x: float, y: float) -> tuple[float, float]:
        return (x * self.ppm, y * self.ppm)

    def text(
        self,
        x: float,
        y: float,
        s: str,
        face: Face,
        pt: float,
        *,
        bold: bool = False,
        ital: bool = False,
        fill: tuple[int, ...] = (20, 20, 20),
        anchor: str = "ls",
        maxw: float | None = None,
    ) -> None:
        path = face.path(bold, ital)
        check_text(path, s)
        px = max(5, round(pt * 25.4 / 72 * self.ppm))
        f = pil_font(path, px)
        if maxw is not None:
            while px > 5 and f.getlength(s) > maxw * self.ppm:
                px -= 1
                f = pil_font(path, px)
        self.d.text(self.p(x, y), s, font=f, fill=fill, anchor=anchor)

    def rect(
        self,
        x: float,
        y: float,
        w: float,
        h: float,
        *,
        fill: tuple[int, ...] | None = None,
        outline: tuple[int, ...] | None = None,
        width: float = 0.2,
        r: float = 0,
    ) -> None:
        box = [*self.p(x, y), *self.p(x + w, y + h)]
        lw = max(1, round(width * self.ppm)) if outline else 0
        if r:
            self.d.rounded_rectangle(box, radius=r * self.ppm, fill=fill, outline=outline, width=lw)
        else:
            self.d.rectangle(box, fill=fill, outline=outline, width=lw)


def _background(
    size: tuple[float, float],
    ppm: float,
    rng: random.Random,
    c1: tuple[int, int, int],
    c2: tuple[int, int, int],
    line: tuple[int, int, int],
) -> Image.Image:
    w, h = round(size[0] * ppm), round(size[1] * ppm)
    grad = Image.linear_gradient("L").rotate(rng.choice([0, 90, 45]), expand=False).resize((w, h))
    img = Image.composite(Image.new("RGB", (w, h), c1), Image.new("RGB", (w, h), c2), grad)
    d = ImageDraw.Draw(img)
    lw = max(1, round(0.08 * ppm))
    # guilloche: families of sine curves
    for k in range(26):
        amp = rng.uniform(1.5, 5.0) * ppm
        per = rng.uniform(10, 30) * ppm
        ph = rng.uniform(0, 6.28)
        y0 = h * k / 26
        pts = [(x, y0 + amp * math.sin(x / per * 6.28 + ph)) for x in range(0, w + 8, 8)]
        d.line(pts, fill=line, width=lw)
    # drum motif (trống đồng): rings and rays
    cx, cy = w * rng.uniform(0.45, 0.7), h * rng.uniform(0.4, 0.6)
    for r in range(4, 30, 3):
        rr = r * ppm
        d.ellipse([cx - rr, cy - rr, cx + rr, cy + rr], outline=line, width=lw)
    for k in range(14):
        a = k * math.pi / 7
        d.line(
            [(cx, cy), (cx + 5 * ppm * math.cos(a), cy + 5 * ppm * math.sin(a))],
            fill=line,
            width=lw,
        )
    return img


def _emblem(pen: _Pen, x: float, y: float, dmm: float) -> None:
    d, s = pen.d, pen.ppm
    r = dmm / 2 * s
    cx, cy = x * s + r, y * s + r
    d.ellipse([cx - r, cy - r, cx + r, cy + r], fill=(218, 165, 32))
    r2 = r * 0.82
    d.ellipse([cx - r2, cy - r2, cx + r2, cy + r2], fill=(205, 30, 35))
    pts = []
    for k in range(10):
        a = -math.pi / 2 + k * math.pi / 5
        rad = r * 0.45 if k % 2 == 0 else r * 0.18
        pts.append((cx + rad * math.cos(a), cy - r * 0.12 + rad * math.sin(a)))
    d.polygon(pts, fill=(250, 215, 40))
    d.rectangle([cx - r * 0.35, cy + r * 0.45, cx + r * 0.35, cy + r * 0.6], fill=(250, 215, 40))


def _photo(pen: _Pen, x: float, y: float, w: float, h: float, rng: random.Random) -> None:
    bgc = rng.choice([(214, 228, 242), (235, 238, 240), (200, 220, 240)])
    pen.rect(x, y, w, h, fill=bgc)
    d, s = pen.d, pen.ppm
    tone = rng.randint(70, 120)
    skin = (tone + 60, tone + 40, tone + 20)
    hx, hy = (x + w / 2) * s, (y + h * 0.38) * s
    hw, hh = w * 0.26 * s, h * 0.24 * s
    d.ellipse([hx - hw * 1.15, hy - hh * 1.2, hx + hw * 1.15, hy + hh * 0.5], fill=(30, 25, 25))
    d.ellipse([hx - hw, hy - hh, hx + hw, hy + hh], fill=skin)
    d.rectangle([hx - hw * 0.35, hy + hh * 0.8, hx + hw * 0.35, hy + hh * 1.4], fill=skin)
    d.pieslice(
        [(x + w * 0.08) * s, (y + h * 0.74) * s, (x + w * 0.92) * s, (y + h * 1.35) * s],
        180,
        360,
        fill=rng.choice([(240, 240, 240), (40, 50, 80), (60, 60, 60)]),
    )


def _qr(pen: _Pen, x: float, y: float, size: float, seed: str) -> None:
    grid = qr_modules(seed)
    n = len(grid)
    cell = size / n
    pen.rect(x - 0.8, y - 0.8, size + 1.6, size + 1.6, fill=(255, 255, 255))
    for i, row in enumerate(grid):
        for j, on in enumerate(row):
            if on:
                pen.rect(x + j * cell, y + i * cell, cell, cell, fill=(15, 15, 15))


def _chip(pen: _Pen, x: float, y: float) -> None:
    pen.rect(x, y, 11, 8.5, fill=(212, 175, 90), outline=(150, 120, 60), width=0.2, r=1.2)
    for k in (2.8, 5.7):
        pen.d.line([pen.p(x, y + k), pen.p(x + 11, y + k)], fill=(150, 120, 60), width=1)
    pen.d.line([pen.p(x + 5.5, y), pen.p(x + 5.5, y + 8.5)], fill=(150, 120, 60), width=1)


def _finger(pen: _Pen, x: float, y: float, w: float, h: float, rng: random.Random) -> None:
    d, s = pen.d, pen.ppm
    cx, cy = (x + w / 2) * s, (y + h / 2) * s
    for k in range(1, 12):
        rx, ry = k * w * 0.035 * s, k * h * 0.04 * s
        a0 = rng.uniform(0, 60)
        d.arc(
            [cx - rx, cy - ry, cx + rx, cy + ry],
            a0,
            a0 + rng.uniform(250, 340),
            fill=(90, 90, 100),
            width=max(1, round(0.12 * s)),
        )


def _signature(pen: _Pen, x: float, y: float, w: float, rng: random.Random) -> None:
    pts = []
    for i in range(60):
        t = i / 59
        pts.append(pen.p(x + w * t, y + 2.2 * math.sin(t * rng.uniform(9, 16) + rng.uniform(0, 3))))
    pen.d.line(pts, fill=(30, 30, 60), width=max(1, round(0.15 * pen.ppm)))


def _mini_seal(pen: _Pen, x: float, y: float, dmm: float) -> None:
    d, s = pen.d, pen.ppm
    r = dmm / 2 * s
    cx, cy = x * s, y * s
    col = (200, 40, 50)
    d.ellipse([cx - r, cy - r, cx + r, cy + r], outline=col, width=max(1, round(0.25 * s)))
    d.ellipse([cx - r * 0.7, cy - r * 0.7, cx + r * 0.7, cy + r * 0.7], outline=col, width=1)
    d.regular_polygon((cx, cy, r * 0.3), 5, fill=col)


def _round_corners(img: Image.Image, r_px: int) -> Image.Image:
    mask = Image.new("L", img.size, 0)
    ImageDraw.Draw(mask).rounded_rectangle([0, 0, img.size[0] - 1, img.size[1] - 1], r_px, fill=255)
    out = img.convert("RGBA")
    out.putalpha(mask)
    return out


def _wrap(s: str, n: int) -> list[str]:
    words, lines, cur = s.split(), [], ""
    for w in words:
        if cur and len(cur) + 1 + len(w) > n:
            lines.append(cur)
            cur = w
        else:
            cur = f"{cur} {w}".strip()
    return [*lines, cur] if cur else lines


def draw_card(
    c: CardData, side: str, ppm: float, rng: random.Random, face: Face, mono: Face
) -> Image.Image:
    """RGBA image of one side ('front' or 'back') of the card at ``ppm`` pixels per mm."""
    p = c.person
    red, dark, navy = (200, 30, 40), (25, 25, 30), (20, 40, 110)
    if c.design == "passport":
        bg = _background(c.size, ppm, rng, (236, 244, 236), (246, 236, 240), (205, 220, 210))
    elif c.design == "cc2024":
        bg = _background(c.size, ppm, rng, (226, 238, 250), (250, 232, 236), (196, 214, 236))
    elif c.design == "cccd2021":
        bg = _background(c.size, ppm, rng, (222, 236, 248), (238, 246, 250), (190, 212, 232))
    else:
        bg = _background(c.size, ppm, rng, (232, 244, 236), (214, 234, 244), (190, 222, 210))
    pen = _Pen(c.size, ppm, bg)
    t = pen.text
    W, H = c.size
    exp = c.expiry.strftime("%d/%m/%Y") if c.expiry else "Không thời hạn"
    # cards issued before the 2025 reform print the three-level address
    res = (p.residence.legacy() if c.issue < date(2025, 7, 1) else p.residence).text()
    dob = p.dob.strftime("%d/%m/%Y")
    if c.design == "passport":
        _emblem(pen, 4, 3, 9)
        t(W / 2 + 6, 6, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", face, 6.5, bold=True, anchor="ms")
        t(W / 2 + 6, 9.5, "SOCIALIST REPUBLIC OF VIET NAM", face, 5.5, anchor="ms")
        t(W / 2 + 6, 14, "HỘ CHIẾU / PASSPORT", face, 9, bold=True, fill=navy, anchor="ms")
        _photo(pen, 5, 17, 30, 38, rng)
        rows = [
            (40, 19, "Loại / Type", "P"),
            (62, 19, "Mã số / Code", "VNM"),
            (86, 19, "Số hộ chiếu / Passport N°", c.passport_no),
            (40, 27, "Họ và tên / Full name", p.upper),
            (40, 35, "Quốc tịch / Nationality", "VIỆT NAM"),
            (86, 35, "Giới tính / Sex", "NAM / M" if p.male else "NỮ / F"),
            (40, 43, "Ngày sinh / Date of birth", dob),
            (86, 43, "Nơi sinh / Place of birth", p.birth_province.upper()),
            (40, 51, "Ngày cấp / Date of issue", c.issue.strftime("%d/%m/%Y")),
            (86, 51, "Có giá trị đến / Date of expiry", exp),
            (40, 59, "Số ĐDCN / Personal No.", c.number),
            (86, 59, "Nơi cấp / Place of issue", "Cục QLXNC"),
        ]
        for x, y, lab, val in rows:
            t(x, y, lab, face, 4.6, fill=(70, 70, 80), maxw=W - x - 3)
            t(x, y + 3.6, val, face, 7, bold=True, fill=dark, maxw=W - x - 3)
        pen.rect(0, 66, W, 22, fill=(250, 250, 250))
        for i, ln in enumerate(mrz_td3(c)):
            t(4, 74 + i * 7, ln, mono, 10.5, bold=True, fill=dark, maxw=W - 8)
        return _round_corners(bg, round(2 * ppm))
    if side == "front":
        if c.design == "cc2024":
            _emblem(pen, 3.5, 3, 10)
            t(48, 6, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", face, 6, bold=True, anchor="ms")
            t(48, 9, "SOCIALIST REPUBLIC OF VIET NAM", face, 5, anchor="ms")
            t(48, 14.5, "CĂN CƯỚC", face, 12, bold=True, fill=red, anchor="ms")
            t(48, 18, "IDENTITY CARD", face, 6.5, bold=True, fill=navy, anchor="ms")
            _photo(pen, 4, 17, 19, 25, rng)
            t(26, 23, "Số định danh cá nhân / Personal identification number", face, 4.3)
            t(26, 28, c.number, face, 10, bold=True, fill=red)
            t(26, 32.5, "Họ, chữ đệm và tên khai sinh / Full name", face, 4.3)
            t(26, 36.5, p.upper, face, 7.5, bold=True, maxw=57)
            t(26, 41, "Ngày, tháng, năm sinh / Date of birth", face, 4.3)
            t(26, 44.5, dob, face, 7, bold=True)
            t(26, 48.5, "Giới tính / Sex", face, 4.3)
            t(26, 52, p.sex, face, 7, bold=True)
            t(52, 48.5, "Quốc tịch / Nationality", face, 4.3)
            t(52, 52, "Việt Nam", face, 7, bold=True)
        else:
            en = c.design == "cccd2021"
            _emblem(pen, 4, 3.2, 12)
            hx = 45 if en else 50
            t(
                hx,
                5.5,
                "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
                face,
                6.2 if not en else 5.6,
                bold=True,
                anchor="ms",
            )
            t(hx, 8.6, "Độc lập - Tự do - Hạnh phúc", face, 6, bold=True, anchor="ms")
            if en:
                t(hx, 11.2, "SOCIALIST REPUBLIC OF VIET NAM", face, 4.5, anchor="ms")
                t(hx, 13.6, "Independence - Freedom - Happiness", face, 4.5, anchor="ms")
                _qr(pen, 73.5, 2.5, 10, c.number)
            t(
                50,
                18 if en else 14.5,
                "CĂN CƯỚC CÔNG DÂN",
                face,
                9.5,
                bold=True,
                fill=red,
                anchor="ms",
            )
            if en:
                t(50, 21, "Citizen Identity Card", face, 5.5, bold=True, fill=navy, anchor="ms")
            _photo(pen, 4, 19 if en else 17, 19, 24, rng)
            t(3.5, 47, "Có giá trị đến:", face, 4.5)
            if en:
                t(3.5, 49.2, "Date of expiry", face, 4)
            t(3.5, 52.3, exp, face, 6, bold=True)
            y = 24.5 if en else 20.5
            st = 3.25 if en else 3.5
            t(26, y, "Số / No.:" if en else "Số:", face, 6)
            t(38 if en else 32, y, c.number, face, 10, bold=True, fill=red)
            lab = (lambda vi, e: f"{vi} / {e}:") if en else (lambda vi, e: f"{vi}:")
            t(26, y + st * 1.2, lab("Họ và tên", "Full name"), face, 5)
            t(26, y + st * 2.3, p.upper, face, 8, bold=True, maxw=57)
            t(26, y + st * 3.3, lab("Ngày sinh", "Date of birth") + " " + dob, face, 5.5)
            t(26, y + st * 4.3, lab("Giới tính", "Sex") + " " + p.sex, face, 5.5)
            t(52, y + st * 4.3, lab("Quốc tịch", "Nationality") + " Việt Nam", face, 5.5, maxw=31)
            t(
                26,
                y + st * 5.3,
                lab("Quê quán", "Place of origin") + " " + p.hometown,
                face,
                5.5,
                maxw=57,
            )
            t(26, y + st * 6.3, lab("Nơi thường trú", "Place of residence"), face, 5)
            for i, ln in enumerate(_wrap(res, 42)[:2]):
                t(26, y + st * (7.3 + i * 0.95), ln, face, 5.5, bold=True, maxw=57)
    else:  # back
        if c.design == "cc2024":
            _qr(pen, 70, 3, 12, c.number + "b")
            _chip(pen, 56, 4)
            t(4, 6, "Nơi cư trú / Place of residence:", face, 4.5)
            for i, ln in enumerate(_wrap(res, 40)[:2]):
                t(4, 9.5 + i * 3.2, ln, face, 6, bold=True, maxw=50)
            t(4, 17, "Nơi đăng ký khai sinh / Place of birth:", face, 4.5)
            t(4, 20.5, p.birth_province, face, 6, bold=True)
            t(4, 25, "Ngày, tháng, năm cấp / Date of issue:", face, 4.5)
            t(4, 28.5, c.issue.strftime("%d/%m/%Y"), face, 6, bold=True)
            t(44, 25, "Ngày, tháng, năm hết hạn / Date of expiry:", face, 4.5, maxw=40)
            t(44, 28.5, exp, face, 6, bold=True)
            t(
                W / 2,
                34,
                "BỘ CÔNG AN / MINISTRY OF PUBLIC SECURITY",
                face,
                5,
                bold=True,
                anchor="ms",
            )
            mrz = mrz_td1(c)
        else:
            en = c.design == "cccd2021"
            if en:
                _chip(pen, 5, 4)
            else:
                for k in range(60):  # barcode strip
                    x = 50 + k * 0.5
                    if rng.random() < 0.55:
                        pen.rect(x, 3, 0.35, 7, fill=(20, 20, 20))
            x0 = 20 if en else 4
            lab = "Đặc điểm nhân dạng / Personal identification:" if en else "Đặc điểm nhận dạng:"
            t(x0, 6 if en else 14, lab, face, 4.8, maxw=W - x0 - 4)
            t(x0, 9.5 if en else 17.5, p.mark, face, 5.5, bold=True, maxw=W - x0 - 4)
            y = 14 if en else 22
            t(
                4,
                y,
                ("Ngày, tháng, năm / Date, month, year: " if en else "Ngày, tháng, năm: ")
                + c.issue.strftime("%d/%m/%Y"),
                face,
                5,
                maxw=44,
            )
            boss = (
                "CỤC TRƯỞNG CỤC CẢNH SÁT QUẢN LÝ HÀNH CHÍNH VỀ TRẬT TỰ XÃ HỘI"
                if en
                else "CỤC TRƯỞNG CỤC CẢNH SÁT ĐKQL CƯ TRÚ VÀ DLQG VỀ DÂN CƯ"
            )
            for i, ln in enumerate(_wrap(boss, 34)):
                t(24, y + 4 + i * 2.8, ln, face, 4.6, bold=True, anchor="ms")
            if en:
                t(24, y + 10, "DIRECTOR GENERAL OF THE POLICE DEPARTMENT", face, 3.6, anchor="ms")
            _mini_seal(pen, 16, y + 15.5, 10)
            _signature(pen, 14, y + 15, 20, rng)
            t(
                24,
                y + 21.5,
                "Nguyễn Văn Long" if en else "Trần Văn Vệ",
                face,
                5.5,
                bold=True,
                anchor="ms",
            )
            for k, (vi, e) in enumerate(
                (("Ngón trỏ trái", "Left index finger"), ("Ngón trỏ phải", "Right index finger"))
            ):
                bx = 48 + k * 19
                pen.rect(bx, y - 2, 17, 20, outline=(90, 90, 90), width=0.2)
                t(bx + 8.5, y + 0.8, vi, face, 4, anchor="ms")
                if en:
                    t(bx + 8.5, y + 3, e, face, 3.4, anchor="ms")
                _finger(pen, bx + 2, y + 3.5, 13, 14, rng)
            mrz = mrz_td1(c) if en else []
        if mrz:
            pen.rect(0, 38, W, 16, fill=(246, 246, 246))
            for i, ln in enumerate(mrz):
                t(3.5, 42.3 + i * 4.3, ln, mono, 9.5, bold=True, fill=dark, maxw=W - 7)
    img = bg.filter(ImageFilter.GaussianBlur(0.25 * ppm / 12))
    return _round_corners(img, round(3.2 * ppm))
