"""From a built dossier to files: per-paper rendering mode, page images, file grouping and
names as a station (or a citizen's phone) would produce them, manifest.json and truth.json."""

from __future__ import annotations

import io
import json
import random
import shutil
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from PIL import Image

from . import cards, imaging
from .dossier import DIGITAL_OK, Builder, Paper, spec
from .fonts import ALL, Face, hand_faces
from .papers import St
from .render import Fill, render_pdf, render_pil

FACE_WEIGHTS = {
    "Liberation Serif": 34,
    "DejaVu Serif": 9,
    "FreeSerif": 14,
    "Liberation Sans": 13,
    "DejaVu Sans": 8,
    "FreeSans": 8,
    "FreeMono": 9,
    "Liberation Mono": 5,
}
CARD_FACES = ["Liberation Sans", "DejaVu Sans", "FreeSans"]
INKS = [(22, 38, 150), (30, 50, 170), (15, 30, 110), (35, 35, 40), (20, 20, 25)]


@dataclass
class OutPage:
    img: Image.Image | None  # None for born-digital pages
    dpi: int
    meta: dict[str, Any]


@dataclass
class Rendered:
    paper: Paper
    pages: list[OutPage]
    pdf: bytes | None = None  # born-digital
    photo: bool = False  # phone photos: one JPEG per page


def _pick_face(rng: random.Random) -> Face:
    names = list(FACE_WEIGHTS)
    return ALL[rng.choices(names, weights=[FACE_WEIGHTS[n] for n in names])[0]]


class Renderer:
    def __init__(self, b: Builder) -> None:
        self.b = b
        self.rng = random.Random(b.seed * 7 + 1)
        r = self.rng
        self.tier = b.tier
        self.hands = hand_faces()
        if self.tier == "handwritten" and not self.hands:
            raise FileNotFoundError("handwriting fonts missing: run `make corpus-fonts`")
        self.strategy = r.choices(
            ["station", "per_paper", "phone"],
            weights={"ordinary": [55, 45, 0], "harder": [30, 30, 40], "handwritten": [40, 30, 30]}[
                self.tier
            ],
        )[0]
        self.station_dpi = r.choice([200, 240, 300, 300])
        self.colour_station = r.random() < 0.35
        self.when = datetime(b.day.year, b.day.month, b.day.day, 2, 0, tzinfo=UTC) - timedelta(
            days=r.randint(0, 6), minutes=r.randint(0, 600)
        )

    # ------------------------------------------------------------------ modes
    def mode_for(self, p: Paper) -> str:
        r, t, s = self.rng, self.tier, self.strategy
        if t == "ordinary":
            if p.make is not None and p.kind in DIGITAL_OK and r.random() < 0.5:
                return "born_digital"
            return "office_scan"
        original = p.kind in ("giay_chung_sinh", "xac_nhan_tthn")
        if s == "station":
            if original:
                return "office_scan"
            return r.choices(["photocopy", "office_scan"], [60, 40] if t == "harder" else [30, 70])[
                0
            ]
        if s == "per_paper":
            m = r.choices(
                ["photocopy", "office_scan", "phone_photo"],
                [45, 25, 30] if t == "harder" else [20, 50, 30],
            )[0]
        else:
            m = "phone_photo" if r.random() < (0.8 if t == "harder" else 0.85) else "photocopy"
        if original and m == "photocopy":
            m = "office_scan"
        return m

    def style(self, p: Paper, hand: bool) -> St:
        r = self.rng
        v = r.choice(p.force_v) if p.force_v else r.randrange(3)
        fields = r.choice(
            ["dots", "dots", "table", "grid"]
            if hand
            else ["dots", "dots", "plain", "table", "grid"]
        )
        return St(
            v=v,
            fields=fields,
            hand=hand,
            boxes=r.random() < (0.5 if hand else 0.15),
            base=round(r.uniform(11.5, 13.5), 1),
        )

    def fill(self, hand: bool, digital: bool) -> tuple[Fill, str]:
        r = self.rng
        face = _pick_face(r)
        value_face = _pick_face(r) if (not hand and r.random() < 0.25) else None
        if value_face is face:
            value_face = None
        hface = r.choice(self.hands) if hand else None
        f = Fill(
            face=face,
            hand=hface,
            ink=r.choice(INKS) if hand else (0, 0, 0),
            value_face=value_face,
            rng=random.Random(r.randrange(2**32)),
            signatures=not digital,
            seals=not digital,
            seal_over_text=self.tier == "harder" and r.random() < 0.6,
        )
        name = (
            face.name
            + (f" + {hface.name}" if hface else "")
            + (f" / {value_face.name}" if value_face else "")
        )
        return f, name

    # ------------------------------------------------------------------ papers
    def render(self, p: Paper, mode: str) -> Rendered:
        if p.cards:
            return self.render_cards([p], mode)
        assert p.make is not None
        r = self.rng
        want_hand = self.tier == "handwritten" and (
            p.citizen or (p.kind == "giay_chung_sinh" and r.random() < 0.5)
        )
        hand = want_hand
        digital = mode == "born_digital"
        st = self.style(p, hand)
        fill, font = self.fill(hand, digital)
        doc = p.make(st)
        layout = st.name(p.kind)
        base = {
            "doc_type": p.doc_type,
            "layout": layout,
            "font": font,
            "handwritten": hand,
            "papers_on_page": 1,
            "blank_back": False,
        }
        if digital:
            pdf, n = render_pdf(doc, fill, self.when)
            pages = [
                OutPage(
                    None,
                    0,
                    {
                        **base,
                        "scanned": False,
                        "mode": "born_digital",
                        "defect_level": 0,
                        "rotation": 0,
                    },
                )
                for _ in range(n)
            ]
            return Rendered(p, pages, pdf=pdf)
        dpi = self.dpi_for(mode)
        imgs = render_pil(doc, fill, dpi)
        out = []
        for img in imgs:
            final, meta = self.degrade(
                img, mode, dpi, landscape=doc.size[0] > doc.size[1], seal_over=fill.seal_over_text
            )
            out.append(OutPage(final, meta.pop("dpi"), {**base, **meta}))
        return Rendered(p, out, photo=mode == "phone_photo")

    def dpi_for(self, mode: str) -> int:
        r = self.rng
        if mode == "phone_photo":
            return r.choice([120, 140, 150, 170, 200])
        if self.strategy == "station":
            return self.station_dpi
        return r.choice([200, 240, 300])

    def degrade(
        self,
        img: Image.Image,
        mode: str,
        dpi: int,
        *,
        landscape: bool = False,
        seal_over: bool = False,
    ) -> tuple[Image.Image, dict[str, Any]]:
        r = self.rng
        rot = 0
        if mode == "office_scan":
            colour = self.colour_station if self.strategy == "station" else r.random() < 0.4
            out = imaging.office_scan(img, r, colour)
            if self.strategy != "station" and r.random() < 0.12:
                out = imaging.bilevel(out, r)
            defect = 1 + int(self.tier == "harder" and seal_over)
        elif mode == "photocopy":
            heavy = self.tier == "harder" and r.random() < 0.35
            out = imaging.photocopy(img, r, heavy)
            defect = 3 if heavy else 2
        else:  # phone_photo
            rot = r.choices([0, 90, 270, 180], [70, 12, 12, 6])[0]
            tilt = r.uniform(0.01, 0.05)
            out = imaging.photograph(
                img, r, fill_frac=r.uniform(0.78, 0.92), tilt=tilt, skew_deg=3.0, rotation=rot
            )
            defect = 3 if tilt > 0.04 else 2
        if mode != "phone_photo":
            if landscape and r.random() < 0.5:
                rot = r.choice([90, 270])
            elif self.tier == "harder" and r.random() < 0.06:
                rot = 180
            out = imaging.turn(out, rot)
        return out, {
            "scanned": True,
            "mode": mode,
            "defect_level": defect,
            "rotation": rot,
            "dpi": dpi,
        }

    def render_cards(self, group: list[Paper], mode: str) -> Rendered:
        """One or two people's cards (front+back) or passport data pages."""
        r = self.rng
        face = ALL[r.choice(CARD_FACES)]
        mono = ALL[r.choice(["Liberation Mono", "FreeMono"])]
        base = {
            "doc_type": group[0].doc_type,
            "font": face.name,
            "handwritten": False,
            "blank_back": False,
        }
        datas = [c for p in group for c in p.cards]
        design = datas[0].design
        if mode == "born_digital":
            mode = "office_scan"
        # how the card reaches the file
        if mode == "phone_photo":
            arrangement = "card_photo"
        elif mode == "office_scan" and len(group) == 1 and r.random() < 0.3:
            arrangement = "card_scan"
        else:
            arrangement = "sheet_" + r.choice(["side_by_side", "side_by_side", "stacked"])
        layout = f"{group[0].kind}.{design}.{arrangement}"
        if arrangement == "card_photo":
            out = []
            for d in datas:
                dpi = r.choice([130, 150, 170, 200, 220])
                ppm = dpi / 25.4
                sides = (
                    ["front"]
                    if d.design == "passport"
                    else (["front", "back"] if r.random() < 0.8 else ["front"])
                )
                for side in sides:
                    im = cards.draw_card(d, side, ppm, r, face, mono)
                    rot = r.choice([0, 90, 180, 270])
                    ph = imaging.photograph(
                        im, r, fill_frac=r.uniform(0.45, 0.7), tilt=0.05, skew_deg=6.0, rotation=rot
                    )
                    out.append(
                        OutPage(
                            ph,
                            dpi,
                            {
                                **base,
                                "scanned": True,
                                "mode": "card_photo",
                                "defect_level": 2,
                                "rotation": rot,
                                "layout": layout,
                                "papers_on_page": 1,
                            },
                        )
                    )
            return Rendered(group[0], out, photo=True)
        dpi = self.dpi_for(mode)
        ppm = dpi / 25.4
        if arrangement == "card_scan":
            out = []
            d = datas[0]
            for side in ["front"] if d.design == "passport" else ["front", "back"]:
                im = cards.draw_card(d, side, ppm, r, face, mono)
                pad = round(4 * ppm)
                sheet = Image.new("RGB", (im.size[0] + 2 * pad, im.size[1] + 2 * pad), "white")
                sheet.paste(im, (pad, pad), im)
                final, meta = self.degrade(sheet, "office_scan", dpi)
                meta.pop("dpi")
                out.append(
                    OutPage(final, dpi, {**base, **meta, "layout": layout, "papers_on_page": 1})
                )
            return Rendered(group[0], out)
        sheet = imaging.a4_sheet(dpi)
        y = r.uniform(15, 35)
        x_l = r.uniform(12, 22)
        for d in datas:
            sides = ["front"] if d.design == "passport" else ["front", "back"]
            imgs = [cards.draw_card(d, s, ppm, r, face, mono) for s in sides]
            w, h = d.size
            if arrangement == "sheet_side_by_side" or len(imgs) == 1:
                for k, im in enumerate(imgs):
                    imaging.place(
                        sheet,
                        im,
                        x_l + k * (w + r.uniform(6, 12)),
                        y,
                        dpi,
                        angle=r.uniform(-1.5, 1.5),
                    )
                y += h + r.uniform(10, 25)
            else:
                xc = (210 - w) / 2 + r.uniform(-10, 10)
                for im in imgs:
                    imaging.place(sheet, im, xc, y, dpi, angle=r.uniform(-1.5, 1.5))
                    y += h + r.uniform(6, 14)
                y += 6
        final, meta = self.degrade(sheet, mode, dpi)
        meta.pop("dpi")
        page = OutPage(final, dpi, {**base, **meta, "layout": layout, "papers_on_page": len(group)})
        return Rendered(group[0], [page])


# --------------------------------------------------------------------------- files
def _slug(kind: str) -> str:
    names = {
        "to_khai_khai_sinh": ["to_khai_khai_sinh", "TK_DKKS", "tokhai"],
        "giay_chung_sinh": ["giay_chung_sinh", "GCS", "chung_sinh"],
        "cccd": ["cccd", "CCCD", "can_cuoc"],
        "ho_chieu": ["ho_chieu", "passport"],
        "gcn_qsdd": ["so_do", "GCN", "so_hong"],
        "ban_ve_thiet_ke": ["ban_ve", "BV"],
        "don_gpxd": ["don_xin_phep", "don_GPXD"],
        "to_khai_ct01": ["CT01", "to_khai_ct01"],
        "to_khai_lltp": ["to_khai_lltp", "TK_LLTP"],
        "to_khai_ket_hon": ["to_khai_ket_hon"],
        "giay_de_nghi_hkd": ["giay_de_nghi", "GDN_HKD"],
    }
    return random.Random(kind).choice(names.get(kind, [kind]))


def _encode(imgs: list[OutPage], fmt: str, q: int, when: datetime) -> bytes:
    buf = io.BytesIO()
    ims = [p.img for p in imgs]
    assert all(im is not None for im in ims)
    first = ims[0]
    assert first is not None
    dpi = imgs[0].dpi
    if fmt == "pdf":
        first.save(
            buf,
            "PDF",
            save_all=True,
            append_images=ims[1:],
            resolution=float(dpi),
            **({} if any(im.mode == "1" for im in ims) else {"quality": q}),  # type: ignore[union-attr]
            creationDate=when.timetuple(),
            modDate=when.timetuple(),
            producer="Scan",
        )
    elif fmt == "tif":
        comp = "group4" if all(im.mode == "1" for im in ims) else "jpeg"  # type: ignore[union-attr]
        if comp == "group4":
            first.save(
                buf, "TIFF", save_all=True, append_images=ims[1:], compression=comp, dpi=(dpi, dpi)
            )
        else:
            conv = [im.convert("L") if im.mode == "1" else im for im in ims]  # type: ignore[union-attr]
            conv[0].save(
                buf,
                "TIFF",
                save_all=True,
                append_images=conv[1:],
                compression="jpeg",
                quality=q,
                dpi=(dpi, dpi),
            )
    elif fmt == "png":
        first.save(buf, "PNG", compress_level=3, dpi=(dpi, dpi))
    else:
        im = first.convert("L") if first.mode == "1" else first
        im.save(buf, "JPEG", quality=q, dpi=(dpi, dpi))
    return buf.getvalue()


def generate(split: str, i: int, out: Path) -> dict[str, Any] | None:
    """Build, render and write dossier ``i`` of ``split`` into ``out``; None if present."""
    seed, _, _ = spec(split, i)
    did = f"ind-{split}-{seed}"
    truth_path = out / f"{did}.truth.json"
    if truth_path.is_file() and (out / did).is_dir():
        return None
    b = Builder(split, seed)
    b.build()
    rd = Renderer(b)
    r = rd.rng
    hhmm = datetime(
        b.day.year, b.day.month, b.day.day, r.randint(7, 16), r.randint(0, 59), r.randint(0, 59)
    )
    if hhmm.hour == 7 and hhmm.minute < 30:
        hhmm = hhmm.replace(minute=30 + hhmm.minute)
    # order of papers
    order = list(b.papers)
    shuffle_p = {"ordinary": 0.3, "harder": 1.0, "handwritten": 0.5}[b.tier]
    if r.random() < shuffle_p:
        r.shuffle(order)
    # render
    rendered: list[Rendered] = []
    cards_done: set[int] = set()
    modes = {id(p): rd.mode_for(p) for p in order}
    card_modes = [modes[id(p)] for p in order if p.cards]
    if card_modes and r.random() < 0.75:  # one person's copies usually go the same way
        for p in order:
            if p.cards:
                modes[id(p)] = card_modes[0]
    for p in order:
        if id(p) in cards_done:
            continue
        mode = modes[id(p)]
        if p.cards and b.tier != "ordinary" and mode in ("photocopy", "office_scan"):
            mates = [
                q
                for q in order
                if q is not p
                and q.kind == p.kind
                and id(q) not in cards_done
                and modes[id(q)] == mode
            ]
            if mates and r.random() < 0.6:
                cards_done |= {id(p), id(mates[0])}
                rendered.append(rd.render_cards([p, mates[0]], mode))
                continue
        cards_done.add(id(p))
        rendered.append(rd.render(p, mode))
    # blank backs (duplex scanning of one-sided sheets)
    back_p = {"ordinary": 0.0, "harder": 0.35, "handwritten": 0.1}[b.tier]
    for rp in rendered:
        if rp.pdf is None and not rp.photo and r.random() < back_p:
            pages = []
            for pg in rp.pages:
                pages.append(pg)
                assert pg.img is not None
                back = imaging.blank_back(pg.img, r)
                pages.append(
                    OutPage(
                        back,
                        pg.dpi,
                        {
                            **pg.meta,
                            "blank_back": True,
                            "papers_on_page": 1,
                            "rotation": 0,
                            "handwritten": False,
                        },
                    )
                )
            rp.pages = pages
    files = assemble(rd, rendered, hhmm, r)
    # write
    tmp = out / f".{did}.tmp"
    if tmp.exists():
        shutil.rmtree(tmp)
    tmp.mkdir(parents=True)
    names = []
    truth_pages = []
    for name, data, pages in files:
        (tmp / name).write_bytes(data)
        names.append(name)
        for k, meta in enumerate(pages, 1):
            truth_pages.append({"file": name, "index": k, **_page_meta(meta)})
    manifest: dict[str, Any] = {
        "schema_version": "1",
        "dossier_id": did,
        "procedure_code": b.proc,
        "files": names,
        "received_at": hhmm.isoformat() + "+07:00",
        "channel": "counter",
    }
    a = b.applicant
    assert a is not None
    if r.random() < 0.5:
        typed = a.full_name if r.random() < 0.85 else a.full_name.upper()
        manifest["applicant"] = {"name": typed, "phone": a.phone}
    (tmp / "manifest.json").write_text(
        json.dumps(manifest, ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
    )
    present, missing = b.components()
    invalid = sorted(b.invalid)
    truth = {
        "dossier_id": did,
        "procedure_code": b.proc,
        "split": split,
        "seed": seed,
        "tier": b.tier,
        "scenario": b.sc,
        "received_on": b.day.isoformat(),
        "expected_status": "received" if not (missing or invalid) else "supplement_requested",
        "missing_components": missing,
        "invalid_components": invalid,
        "invalid_reasons": dict(sorted(b.invalid.items())),
        "present_components": present,
        "has_unknown_paper": any(p.doc_type is None for p in b.papers),
        "applicant": {
            "full_name": a.full_name,
            "id_number": a.id_number,
            "date_of_birth": a.dob.isoformat(),
        },
        "description": describe(b, rd, names),
        "pages": truth_pages,
    }
    final = out / did
    if final.exists():
        shutil.rmtree(final)
    tmp.rename(final)
    truth_path.write_text(json.dumps(truth, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return truth


def _page_meta(m: dict[str, Any]) -> dict[str, Any]:
    keys = [
        "doc_type",
        "scanned",
        "mode",
        "defect_level",
        "layout",
        "font",
        "handwritten",
        "rotation",
        "papers_on_page",
        "blank_back",
    ]
    return {k: m[k] for k in keys}


def describe(b: Builder, rd: Renderer, names: list[str]) -> str:
    bits = [f"{b.proc} {b.sc}", *b.desc]
    if b.invalid:
        bits += [f"{k}: {v}" for k, v in sorted(b.invalid.items())]
    bits.append(f"{rd.strategy} files ({len(names)})")
    return "; ".join(bits)


def _phone_name(r: random.Random, t: datetime, zalo: bool) -> str:
    if zalo:  # photos forwarded through a chat app
        return f"z{r.randint(10**12, 10**13 - 1)}_{r.getrandbits(64):016x}.jpg"
    return t.strftime("IMG_%Y%m%d_%H%M%S") + ".jpg"


def assemble(
    rd: Renderer, rendered: list[Rendered], when: datetime, r: random.Random
) -> list[tuple[str, bytes, list[dict[str, Any]]]]:
    """Group pages into files, in scanning order: (name, bytes, page metas)."""
    files: list[tuple[str, bytes, list[dict[str, Any]]]] = []
    used: set[str] = set()

    def uniq(name: str) -> str:
        stem, _, ext = name.rpartition(".")
        k = 2
        while stem.lower() in used:
            stem = f"{name.rpartition('.')[0]}_{k}"
            k += 1
        used.add(stem.lower())
        return f"{stem}.{ext}"

    q = r.randint(70, 88)
    seq = 0

    def seq_name(ext: str) -> str:
        nonlocal seq
        seq += 1
        return f"scan_{seq:03d}.{ext}"

    if rd.strategy == "station":
        digital = [x for x in rendered if x.pdf is not None]
        scanned = [x for x in rendered if x.pdf is None]
        for x in digital:
            assert x.pdf is not None
            files.append((uniq(_slug(x.paper.kind) + ".pdf"), x.pdf, [p.meta for p in x.pages]))
        pages = [p for x in scanned for p in x.pages]
        if pages:
            fmt = "tif" if r.random() < 0.2 else "pdf"
            stem = r.choice(
                [
                    "hoso",
                    "scan",
                    f"HS_{when:%Y%m%d_%H%M}",
                    "ho_so_day_du",
                    f"{when:%Y%m%d}_{r.randint(1, 99):02d}",
                ]
            )
            files.append(
                (uniq(f"{stem}.{fmt}"), _encode(pages, fmt, q, when), [p.meta for p in pages])
            )
        return files
    clock = when - timedelta(minutes=r.randint(15, 900))
    zalo = r.random() < 0.3
    naming = r.choice(["seq", "slug", "slug", "doc"])
    for x in rendered:
        if x.pdf is not None:
            files.append((uniq(_slug(x.paper.kind) + ".pdf"), x.pdf, [p.meta for p in x.pages]))
            continue
        if x.photo:
            for p in x.pages:
                clock += timedelta(seconds=r.randint(4, 150))
                files.append(
                    (uniq(_phone_name(r, clock, zalo)), _encode([p], "jpg", q, when), [p.meta])
                )
            continue
        if len(x.pages) > 1:
            fmt = "tif" if r.random() < 0.2 else "pdf"
        else:
            fmt = r.choices(["jpg", "png", "pdf", "tif"], [45, 20, 25, 10])[0]
            im = x.pages[0].img
            if fmt == "png" and im is not None and im.size[0] * im.size[1] > 5_000_000:
                fmt = "jpg"  # big noisy scans are not kept as PNG
        if naming == "seq":
            name = seq_name(fmt)
        elif naming == "slug":
            name = f"{_slug(x.paper.kind)}.{fmt}"
        else:
            name = f"Document_{when:%Y-%m-%d}_{r.randint(100000, 235959)}.{fmt}"
        files.append((uniq(name), _encode(x.pages, fmt, q, when), [p.meta for p in x.pages]))
    return files
