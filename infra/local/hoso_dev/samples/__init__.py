"""Synthetic, labelled sample dossiers: a small demo set and a corpus for evaluation.

Each dossier is a folder holding only uploadable files (.pdf / .jpg / .png / .tif) and
``manifest.json``; its ground truth sits next to it as ``<folder>.truth.json`` (page labels,
applicant fields, expected status, missing and invalid components).

Layouts: one multi-document PDF (papers as runs of pages, with continuation pages) or several
files (one per paper, ID-card copies often as phone photos). Scanned papers are rendered at
200-300 dpi and degraded (skew, blur, noise, grey paper, JPEG artefacts).
"""

from __future__ import annotations

import dataclasses
import json
import random
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from hoso.catalog import Catalog, Procedure, load_catalog
from hoso.records import vn_today
from hoso_dev.samples import papers as P
from hoso_dev.samples import people
from hoso_dev.samples.papers import PaperSpec
from hoso_dev.samples.people import Person
from hoso_dev.samples.render import (
    degrade,
    encode,
    images_to_pdf,
    merge_pdfs,
    ocr_noise,
    page_images,
    paper_text,
    render_papers,
    searchable_pdf,
    strip_marks,
)

VARIANTS = {
    "complete": 0.34,
    "alternative": 0.14,
    "missing": 0.2,
    "mismatch": 0.12,
    "expired": 0.07,
    "extra_unrelated": 0.06,
    "extra_known": 0.04,
    "missing_unknown": 0.03,
}
DEFAULT_TODAY = date(2026, 3, 16)


@dataclass
class SampleDossier:
    dossier_id: str
    dir: Path
    procedure_code: str
    expected_status: str
    description: str
    truth_path: Path | None = None
    scanned_pages: int = 0
    pages: int = 0
    supplement_dir: Path | None = None  # papers withheld, to be sent later as a supplement
    final_status: str | None = None  # the expected status after that supplement


@dataclass
class _Scenario:
    papers: list[PaperSpec]
    missing: list[str]
    invalid: list[str]
    description: str
    applicant: Person
    unknown: bool = False


def _changed_id(rng: random.Random, p: Person) -> Person:
    while True:
        new = p.id_number[:6] + f"{rng.randint(0, 999_999):06d}"
        if sum(a != b for a, b in zip(new, p.id_number, strict=True)) >= 3:
            return dataclasses.replace(p, id_number=new)


def _expired(rng: random.Random, today: date) -> date:
    return today - timedelta(days=rng.randint(20, 700))


def _khai_sinh(rng: random.Random, today: date, variant: str) -> _Scenario:
    father = people.person(rng, today, sex="Nam", min_age=22, max_age=45)
    mother = people.person(rng, today, sex="Nữ", min_age=20, max_age=42)
    mother = dataclasses.replace(mother, address=father.address)
    kid = people.child(rng, today, father.surname)
    req, relation = (mother, "Mẹ") if rng.random() < 0.6 else (father, "Cha")
    form_req = _changed_id(rng, req) if variant == "mismatch" else req
    proof_kind = "gcs"
    if variant == "alternative":
        proof_kind = rng.choice(["witness", "sworn"])
    papers = [P.to_khai_khai_sinh(rng, today, form_req, kid, mother, father, relation)]
    if proof_kind == "gcs":
        papers.append(P.giay_chung_sinh(rng, today, mother, kid))
    elif proof_kind == "witness":
        witness = people.person(rng, today, min_age=30, max_age=70)
        papers.append(P.van_ban_lam_chung(rng, today, witness, kid, mother))
    else:
        papers.append(P.van_ban_cam_doan(rng, today, req, kid))
    missing: list[str] = []
    invalid: list[str] = []
    desc = {
        "gcs": "khai sinh, đủ hồ sơ (giấy chứng sinh)",
        "witness": "khai sinh, văn bản người làm chứng thay giấy chứng sinh",
        "sworn": "khai sinh, văn bản cam đoan thay giấy chứng sinh",
    }[proof_kind]
    with_id = variant in ("mismatch", "expired") or rng.random() < 0.5
    if with_id:
        exp = _expired(rng, today) if variant == "expired" else None
        papers.append(P.cccd(rng, today, req, expiry=exp))
    if variant == "missing":
        if rng.random() < 0.5:
            papers.pop(1)
            missing.append("chung_minh_viec_sinh")
            desc = "khai sinh, thiếu giấy chứng sinh / giấy tờ thay thế"
        else:
            papers.pop(0)
            missing.append("to_khai")
            desc = "khai sinh, thiếu tờ khai"
    elif variant == "mismatch":
        invalid.append("to_khai")
        desc = "khai sinh, số định danh trên tờ khai khác CCCD"
    elif variant == "expired":
        invalid.append("giay_to_tuy_than")
        desc = "khai sinh, CCCD người yêu cầu đã hết hạn"
    return _Scenario(papers, missing, invalid, desc, req)


def _lltp(rng: random.Random, today: date, variant: str) -> _Scenario:
    p = people.person(rng, today, min_age=18, max_age=60)
    form_p = _changed_id(rng, p) if variant == "mismatch" else p
    mother = people.person(rng, today, sex="Nữ").full_name
    father = people.person(rng, today, sex="Nam", surname=p.surname).full_name
    papers = [P.to_khai_lltp(rng, today, form_p, mother, father)]
    desc = "lý lịch tư pháp, đủ hồ sơ"
    if variant == "alternative":
        papers.append(P.ho_chieu(rng, today, p))
        desc = "lý lịch tư pháp, hộ chiếu thay CCCD"
    else:
        exp = _expired(rng, today) if variant == "expired" else None
        papers.append(P.cccd(rng, today, p, expiry=exp))
    if rng.random() < 0.15 and variant not in ("missing",):
        grantee = people.person(rng, today)
        papers.append(
            P.giay_uy_quyen(rng, today, p, grantee, "Làm thủ tục yêu cầu cấp Phiếu lý lịch tư pháp")
        )
    missing: list[str] = []
    invalid: list[str] = []
    if variant == "missing":
        if rng.random() < 0.5:
            papers.pop(1)
            missing.append("giay_to_tuy_than")
            desc = "lý lịch tư pháp, thiếu bản chụp CCCD/hộ chiếu"
        else:
            papers.pop(0)
            missing.append("to_khai")
            desc = "lý lịch tư pháp, thiếu tờ khai"
    elif variant == "mismatch":
        invalid.append("to_khai")
        desc = "lý lịch tư pháp, số định danh trên tờ khai khác CCCD"
    elif variant == "expired":
        invalid.append("cccd")
        desc = "lý lịch tư pháp, CCCD đã hết hạn"
    return _Scenario(papers, missing, invalid, desc, p)


def _hkd(rng: random.Random, today: date, variant: str) -> _Scenario:
    owner = people.person(rng, today, min_age=20, max_age=60)
    form_owner = _changed_id(rng, owner) if variant == "mismatch" else owner
    papers = [P.giay_de_nghi_hkd(rng, today, form_owner)]
    desc = "hộ kinh doanh, đủ hồ sơ"
    if variant == "alternative":
        papers.append(P.ho_chieu(rng, today, owner))
        desc = "hộ kinh doanh, hộ chiếu thay CCCD"
    else:
        exp = _expired(rng, today) if variant == "expired" else None
        papers.append(P.cccd(rng, today, owner, expiry=exp))
    if rng.random() < 0.3 and variant != "missing":
        members = [
            people.person(rng, today, surname=owner.surname) for _ in range(rng.randint(1, 2))
        ]
        papers.append(P.bien_ban_hop(rng, today, owner, members))
    missing: list[str] = []
    invalid: list[str] = []
    if variant == "missing":
        if rng.random() < 0.5:
            papers.pop(1)
            missing.append("giay_to_phap_ly")
            desc = "hộ kinh doanh, thiếu bản sao giấy tờ pháp lý cá nhân"
        else:
            papers.pop(0)
            missing.append("giay_de_nghi")
            desc = "hộ kinh doanh, thiếu giấy đề nghị"
    elif variant == "mismatch":
        invalid.append("giay_de_nghi")
        desc = "hộ kinh doanh, số định danh trên giấy đề nghị khác CCCD"
    elif variant == "expired":
        invalid.append("giay_to_phap_ly")
        desc = "hộ kinh doanh, CCCD chủ hộ đã hết hạn"
    return _Scenario(papers, missing, invalid, desc, owner)


def _gpxd(rng: random.Random, today: date, variant: str) -> _Scenario:
    owner = people.person(rng, today, min_age=25, max_age=65)
    site = people.address(rng)
    land_owner = owner
    if variant == "mismatch":
        land_owner = people.person(rng, today)
    papers = [P.don_gpxd(rng, today, owner, site), P.gcn_qsdd(rng, today, land_owner, site)]
    papers += P.ban_ve(rng, today, owner, site)
    desc = "giấy phép xây dựng, đủ hồ sơ"
    if variant == "alternative" or rng.random() < 0.3:
        papers.append(P.cam_ket_an_toan(rng, today, owner, site))
        desc = "giấy phép xây dựng, đủ hồ sơ, có cam kết an toàn công trình liền kề"
    missing: list[str] = []
    invalid: list[str] = []
    if variant == "missing":
        which = rng.choice(["don_de_nghi", "gcn_qsdd", "ban_ve"])
        missing.append(which)
        if which == "don_de_nghi":
            papers.pop(0)
        elif which == "gcn_qsdd":
            papers.pop(1)
        else:
            papers = [x for x in papers if x.doc_type != "ban_ve_thiet_ke"]
        desc = f"giấy phép xây dựng, thiếu {which}"
    elif variant == "mismatch":
        invalid.append("gcn_qsdd")
        desc = "giấy phép xây dựng, người sử dụng đất khác chủ đầu tư"
    return _Scenario(papers, missing, invalid, desc, owner)


def _ket_hon(rng: random.Random, today: date, variant: str) -> _Scenario:
    bride = people.person(rng, today, sex="Nữ", min_age=18, max_age=40)
    groom = people.person(rng, today, sex="Nam", min_age=20, max_age=45)
    form_bride = _changed_id(rng, bride) if variant == "mismatch" else bride
    papers = [P.to_khai_ket_hon(rng, today, form_bride, groom)]
    desc = "kết hôn, đủ hồ sơ"
    if variant == "alternative" or rng.random() < 0.3:
        papers.append(P.xac_nhan_tthn(rng, today, rng.choice([bride, groom])))
        desc = "kết hôn, có giấy xác nhận tình trạng hôn nhân"
    if variant in ("mismatch", "expired", "missing") or rng.random() < 0.5:
        exp = _expired(rng, today) if variant == "expired" else None
        papers.append(P.cccd(rng, today, bride, expiry=exp))
        if rng.random() < 0.5:
            papers.append(P.cccd(rng, today, groom))
    missing: list[str] = []
    invalid: list[str] = []
    if variant == "missing":
        papers.pop(0)
        missing.append("to_khai")
        desc = "kết hôn, thiếu tờ khai"
    elif variant == "mismatch":
        invalid.append("to_khai")
        desc = "kết hôn, số định danh bên nữ trên tờ khai khác CCCD"
    elif variant == "expired":
        invalid.append("giay_to_tuy_than")
        desc = "kết hôn, CCCD bên nữ đã hết hạn"
    return _Scenario(papers, missing, invalid, desc, bride)


def _thuong_tru(rng: random.Random, today: date, variant: str) -> _Scenario:
    p = people.person(rng, today, min_age=18, max_age=70)
    form_p = _changed_id(rng, p) if variant == "mismatch" else p
    new_addr = people.address(rng)
    head = people.person(rng, today, min_age=35, max_age=75)
    papers = [P.to_khai_ct01(rng, today, form_p, new_addr, head)]
    if variant == "alternative":
        papers.append(P.hop_dong_thue_nha(rng, today, head, p, new_addr))
        desc = "thường trú, hợp đồng thuê nhà chứng minh chỗ ở"
    else:
        papers.append(P.gcn_qsdd(rng, today, head, new_addr, certified=rng.random() < 0.5))
        desc = "thường trú, đủ hồ sơ (giấy chứng nhận quyền sử dụng đất)"
    if variant in ("mismatch", "expired") or rng.random() < 0.5:
        exp = _expired(rng, today) if variant == "expired" else None
        papers.append(P.cccd(rng, today, p, expiry=exp))
    missing: list[str] = []
    invalid: list[str] = []
    if variant == "missing":
        if rng.random() < 0.5:
            papers.pop(1)
            missing.append("cho_o_hop_phap")
            desc = "thường trú, thiếu giấy tờ chứng minh chỗ ở hợp pháp"
        else:
            papers.pop(0)
            missing.append("to_khai")
            desc = "thường trú, thiếu tờ khai CT01"
    elif variant == "mismatch":
        invalid.append("to_khai")
        desc = "thường trú, số định danh trên tờ khai khác CCCD"
    elif variant == "expired":
        invalid.append("giay_to_tuy_than")
        desc = "thường trú, CCCD đã hết hạn"
    return _Scenario(papers, missing, invalid, desc, p)


BUILDERS: dict[str, Callable[[random.Random, date, str], _Scenario]] = {
    "KHAI_SINH": _khai_sinh,
    "LY_LICH_TU_PHAP": _lltp,
    "HO_KINH_DOANH": _hkd,
    "GPXD_NHA_O": _gpxd,
    "KET_HON": _ket_hon,
    "THUONG_TRU": _thuong_tru,
}
# variants that make no sense for a procedure fall back to "complete"
_NOT_APPLICABLE = {"GPXD_NHA_O": {"expired"}, "KET_HON": set()}


def _scenario(code: str, rng: random.Random, today: date, variant: str) -> _Scenario:
    base_variant = variant
    if variant in ("extra_unrelated", "extra_known"):
        base_variant = "complete"
    if variant == "missing_unknown":
        base_variant = "missing"
    if base_variant in _NOT_APPLICABLE.get(code, set()):
        base_variant = "complete"
    sc = BUILDERS[code](rng, today, base_variant)
    if variant in ("extra_unrelated", "missing_unknown"):
        sc.papers.insert(rng.randint(0, len(sc.papers)), P.unrelated(rng, today, sc.applicant))
        sc.unknown = True
        sc.description += ", kèm giấy tờ không thuộc danh mục"
    elif variant == "extra_known":
        other = people.person(rng, today)
        extra = P.hop_dong_thue_nha(rng, today, other, sc.applicant, people.address(rng))
        if code == "THUONG_TRU":
            extra = P.giay_chung_sinh(rng, today, other, people.child(rng, today, other.surname))
        sc.papers.append(extra)
        sc.description += ", kèm giấy tờ thừa"
    return sc


def _status(sc: _Scenario) -> str:
    # an unrelated paper read clearly does not stop the request for a missing one
    if sc.missing or sc.invalid:
        return "supplement_requested"
    return "received"


def _truth_applicant(
    proc: Procedure, specs: list[PaperSpec], manifest_name: str | None = None
) -> dict[str, str | None]:
    order = {dt: i for i, dt in enumerate(proc.applicant_sources)}
    ranked = sorted(
        (s for s in specs if s.doc_type in order), key=lambda s: order[s.doc_type or ""]
    )
    out: dict[str, str | None] = {}
    for key in ("full_name", "id_number", "date_of_birth"):
        # the person's number and birth date are those of the authority's paper (the ID
        # card) when a form gives other ones
        forms = [s for s in ranked if s.doc_type not in ("cccd", "ho_chieu")]
        holder = strip_marks(forms[0].applicant.get("full_name", "")) if forms else None
        issued = [
            s
            for s in ranked
            if s.doc_type in ("cccd", "ho_chieu")
            and (holder is None or strip_marks(s.applicant.get("full_name", "")) == holder)
        ]
        pool = issued + [s for s in ranked if s not in issued] if key != "full_name" else ranked
        values = [s.applicant[key] for s in pool if key in s.applicant]
        if key == "full_name":
            values = [v for s in ranked if (v := _shown_name(s)) is not None]
            if values:
                accented = [v for v in values if strip_marks(v) == strip_marks(values[0])]
                values = sorted(accented, key=lambda v: -sum(ord(c) > 127 for c in v))
        out[key] = values[0] if values else None
    # the station typed the applicant's real name into the manifest: with diacritics, it is
    # the right answer even when the form was typed without them
    current = out["full_name"]
    if manifest_name and (current is None or strip_marks(current) == strip_marks(manifest_name)):
        out["full_name"] = manifest_name
    return out


def _shown_name(s: PaperSpec) -> str | None:
    name = s.applicant.get("full_name")
    if name is None:
        return None
    return strip_marks(name) if s.unaccented else name


# a rendered paper: its spec, its born-digital PDF, its scanned page images (None when
# delivered digitally or as a searchable scan) and the scan's resolution
_Part = tuple[PaperSpec, bytes, list[Any] | None, int]
# (spec, paper number, file name, page count, first page index) -> the pages' truth labels
_Labeller = Callable[[PaperSpec, int, str, int, int], None]


def _write_dossier(
    out_dir: Path,
    dossier_id: str,
    proc: Procedure,
    sc: _Scenario,
    rng: random.Random,
    today: date,
    *,
    layout: str,
    modes: list[str],
    max_level: float = 3.0,
    channel: str = "counter",
) -> SampleDossier:
    d = out_dir / dossier_id
    if d.exists():
        shutil.rmtree(d)
    d.mkdir(parents=True)
    comp_of: dict[str, str] = {}
    for c in proc.components:
        for dt in c.doc_types:
            comp_of.setdefault(dt, c.id)
    parts, level_of = _render_parts(sc, modes, rng, max_level)
    pages: list[dict[str, Any]] = []

    def label(spec: PaperSpec, paper_no: int, fname: str, count: int, start: int) -> None:
        for i in range(count):
            pages.append({
                "file": fname, "index": start + i, "doc_type": spec.doc_type,
                "component_id": comp_of.get(spec.doc_type or ""), "paper": paper_no,
                "scanned": spec.scanned, "mode": modes[paper_no - 1],
                "defect_level": level_of.get(paper_no), "continuation": i > 0,
            })  # fmt: skip

    files, n_scanned = _write_files(d, parts, rng, layout=layout, label=label)
    _write_manifest(d, dossier_id, proc, sc.applicant, rng, today, files, channel=channel)
    status = _status(sc)
    truth = {
        "dossier_id": dossier_id,
        "procedure_code": proc.code,
        "procedure_version": proc.version,
        "received_on": today.isoformat(),
        "expected_status": status,
        "missing_components": sc.missing,
        "invalid_components": sc.invalid,
        "has_unknown_paper": sc.unknown,
        "applicant": _truth_applicant(proc, sc.papers, sc.applicant.full_name),
        "description": sc.description,
        "layout": layout,
        "pages": pages,
    }
    truth_path = out_dir / f"{dossier_id}.truth.json"
    truth_path.write_text(json.dumps(truth, ensure_ascii=False, indent=2), encoding="utf-8")
    return SampleDossier(
        dossier_id, d, proc.code, status, sc.description, truth_path, n_scanned, len(pages)
    )


def _render_parts(
    sc: _Scenario, modes: list[str], rng: random.Random, max_level: float
) -> tuple[list[_Part], dict[int, float]]:
    """Render the scenario's papers, then scan those not delivered digitally (with defects up
    to ``max_level``; the searchable ones get a noisy invisible text layer). Also returns each
    scanned paper's defect level, by paper number."""
    parts: list[_Part] = []
    rendered = render_papers(sc.papers)
    level_of: dict[int, float] = {}
    for n, (spec, mode, pdf) in enumerate(zip(sc.papers, modes, rendered, strict=True), 1):
        spec.scanned = mode != "digital"
        images = None
        dpi = rng.choice([200, 200, 240, 300])
        if mode != "digital":
            level = min(max_level, rng.choices([1.0, 2.0, 3.0], [0.6, 0.3, 0.1])[0])
            level_of[n] = level
            images = [degrade(im, rng, level) for im in page_images(pdf, dpi)]
        if mode == "scan_text" and images is not None:
            noisy = [
                ocr_noise(t, rng, rng.uniform(0.01, 0.06), rng.uniform(0.05, 0.4))
                for t in paper_text(spec)
            ]
            pdf, images = searchable_pdf(images, noisy, dpi, rng), None
        parts.append((spec, pdf, images, dpi))
    return parts, level_of


def _write_files(
    d: Path, parts: list[_Part], rng: random.Random, *, layout: str, label: _Labeller
) -> tuple[list[str], int]:
    """Write the papers as the station would upload them: one merged ``hoso.pdf`` (layout
    ``single``) or one file per paper (a single scanned page mostly as an image). Returns the
    file names and the number of scanned pages."""
    files: list[str] = []
    n_scanned = 0
    if layout == "single":
        fname = "hoso.pdf"
        blobs = []
        idx = 1
        for n, (spec, pdf, images, dpi) in enumerate(parts, 1):
            if images is not None:
                blobs.append(images_to_pdf(images, dpi, rng))
                n_scanned += len(images)
            else:
                blobs.append(pdf)
            count = len(spec.pages)
            label(spec, n, fname, count, idx)
            idx += count
        (d / fname).write_bytes(merge_pdfs(blobs))
        files.append(fname)
    else:
        for n, (spec, pdf, images, dpi) in enumerate(parts, 1):
            stem = f"{n:02d}_{spec.doc_type or 'khac'}"
            if images is not None and len(images) == 1 and rng.random() < 0.75:
                ext = rng.choice(["jpg", "jpg", "png"])
                blob = encode(images[0], ext, rng, dpi)
            elif images is not None:
                ext, blob = "pdf", images_to_pdf(images, dpi, rng)
            else:
                ext, blob = "pdf", pdf
            fname = f"{stem}.{ext}"
            (d / fname).write_bytes(blob)
            files.append(fname)
            n_scanned += len(images or [])
            label(spec, n, fname, len(spec.pages), 1)
    return files, n_scanned


def _write_manifest(
    d: Path,
    dossier_id: str,
    proc: Procedure,
    applicant: Person,
    rng: random.Random,
    today: date,
    files: list[str],
    *,
    channel: str,
) -> None:
    manifest: dict[str, Any] = {
        "schema_version": "1",
        "dossier_id": dossier_id,
        "procedure_code": proc.code,
        "applicant": {"name": applicant.full_name, "phone": f"09{rng.randint(10000000, 99999999)}"},
        "channel": channel,
        "received_at": f"{today.isoformat()}T{rng.randint(8, 15):02d}:{rng.randint(0, 59):02d}:00+07:00",
        "files": files,
    }
    (d / "manifest.json").write_text(
        json.dumps(manifest, ensure_ascii=False, indent=2), encoding="utf-8"
    )


def generate_corpus(
    out_dir: Path,
    n: int,
    seed: int = 0,
    scanned_share: float = 0.15,
    ocr_layer_share: float = 0.1,
    *,
    today: date = DEFAULT_TODAY,
    catalog: Catalog | None = None,
    unaccented_share: float = 0.06,
) -> list[SampleDossier]:
    """``n`` labelled dossiers spread over every procedure, deterministic for ``seed``.

    ``scanned_share`` is the share of papers delivered as image-only scans (OCR needed);
    ``ocr_layer_share`` the share delivered as scans with the station's own, noisy, invisible
    OCR text layer (lost diacritics, look-alike characters). Scans get defects of three levels:
    office scan (60%), poor photocopy (30%), bad phone photo (10%).
    """
    cat = catalog or load_catalog()
    out_dir.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    codes = [c for c in BUILDERS if cat.get(c, today) is not None]
    variants, weights = zip(*VARIANTS.items(), strict=True)
    out = []
    for i in range(n):
        code = codes[i % len(codes)]
        proc = cat.get(code, today)
        assert proc is not None
        variant = rng.choices(variants, weights)[0]
        sc = _scenario(code, rng, today, variant)
        for spec in sc.papers:
            if spec.doc_type and spec.doc_type.startswith(("to_khai", "don_", "giay_de_nghi")):
                spec.unaccented = rng.random() < unaccented_share
                if spec.unaccented:
                    spec.applicant = {
                        k: strip_marks(v) if k == "full_name" else v
                        for k, v in spec.applicant.items()
                    }
        modes = []
        for _ in sc.papers:
            x = rng.random()
            modes.append(
                "scan" if x < scanned_share
                else "scan_text" if x < scanned_share + ocr_layer_share
                else "digital"
            )  # fmt: skip
        layout = "single" if rng.random() < 0.4 else "files"
        did = f"{code.lower().replace('_', '-')}-{seed:03d}-{i:04d}"
        out.append(
            _write_dossier(out_dir, did, proc, sc, rng, today, layout=layout, modes=modes,
                           channel=rng.choice(["counter", "counter", "online", "post"]))
        )  # fmt: skip
    return out


def write_demo_set(out_dir: Path, *, today: date | None = None) -> list[SampleDossier]:
    """Seven small dossiers for a demo: complete, incomplete, an alternative paper, a mismatch,
    and one whose birth certificate comes later as a supplement (``supplement_dir``).

    Mostly born-digital pages (fast); 3 scanned pages so OCR runs. Dated ``today`` (default:
    the current date) so ID cards are valid and births recent when the demo is assessed.
    """
    today = today or vn_today()
    cat = load_catalog()
    out_dir.mkdir(parents=True, exist_ok=True)
    rng = random.Random(2026)
    plan = [
        ("demo-01-khai-sinh-du", "KHAI_SINH", "complete", "single", set()),
        ("demo-02-khai-sinh-lam-chung", "KHAI_SINH", "alternative", "files", {"cccd"}),
        ("demo-03-khai-sinh-thieu", "KHAI_SINH", "missing", "files", set()),
        ("demo-04-lltp-sai-so-dinh-danh", "LY_LICH_TU_PHAP", "mismatch", "files", {"cccd"}),
        ("demo-05-gpxd-du", "GPXD_NHA_O", "complete", "single", {"gcn_qsdd"}),
        ("demo-06-hkd-thieu-cccd", "HO_KINH_DOANH", "missing", "files", set()),
    ]
    out = []
    for did, code, variant, layout, scan_types in plan:
        proc = cat.get(code, today)
        assert proc is not None
        for _ in range(50):  # pick a draw matching the story (missing proof / missing ID copy)
            sc = _scenario(code, rng, today, variant)
            if did == "demo-02-khai-sinh-lam-chung" and not any(
                s.doc_type == "van_ban_lam_chung" for s in sc.papers
            ):
                continue
            if did == "demo-02-khai-sinh-lam-chung" and not any(
                s.doc_type == "cccd" for s in sc.papers
            ):
                continue
            if did == "demo-03-khai-sinh-thieu" and sc.missing != ["chung_minh_viec_sinh"]:
                continue
            if did == "demo-06-hkd-thieu-cccd" and sc.missing != ["giay_to_phap_ly"]:
                continue
            break
        modes = [
            "scan" if s.doc_type in scan_types and len(s.pages) <= 2 else "digital"
            for s in sc.papers
        ]
        out.append(
            _write_dossier(
                out_dir, did, proc, sc, rng, today, layout=layout, modes=modes, max_level=1.0
            )
        )
    out.append(_withheld_proof(out_dir, "demo-07-khai-sinh-bo-sung", today))
    return out


def _withheld_proof(out_dir: Path, dossier_id: str, today: date) -> SampleDossier:
    """A complete birth registration whose birth certificate comes later, as a supplement."""
    sample = write_sample(out_dir, dossier_id, "KHAI_SINH", seed=2026, today=today)
    proof = "02_giay_chung_sinh.pdf"
    later = out_dir / f"{dossier_id}.supplement"
    shutil.rmtree(later, ignore_errors=True)
    later.mkdir()
    shutil.move(str(sample.dir / proof), later / proof)
    manifest_path = sample.dir / "manifest.json"
    manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    manifest["files"] = [f for f in manifest["files"] if f != proof]
    manifest_path.write_text(json.dumps(manifest, ensure_ascii=False, indent=2), encoding="utf-8")
    truth_path = sample.truth_path or out_dir / f"{dossier_id}.truth.json"
    truth = json.loads(truth_path.read_text(encoding="utf-8"))
    truth["expected_status"] = "supplement_requested"
    truth["missing_components"] = ["chung_minh_viec_sinh"]
    truth["pages"] = [p for p in truth["pages"] if p["file"] != proof]
    truth["description"] = "khai sinh, giấy chứng sinh nộp bổ sung sau"
    truth_path.write_text(json.dumps(truth, ensure_ascii=False, indent=2), encoding="utf-8")
    return dataclasses.replace(
        sample,
        expected_status="supplement_requested",
        description="khai sinh, giấy chứng sinh nộp bổ sung sau",
        supplement_dir=later,
        final_status="received",
    )


def write_sample(
    out_dir: Path,
    dossier_id: str,
    code: str,
    variant: str = "complete",
    *,
    seed: int = 0,
    today: date | None = None,
) -> SampleDossier:
    """One born-digital dossier of a procedure, one file per paper (for tests and demos that
    need to take papers out, e.g. to send them later as a supplement)."""
    today = today or vn_today()
    proc = load_catalog().get(code, today)
    if proc is None:
        raise ValueError(f"no procedure {code} in force on {today}")
    rng = random.Random(seed)
    sc = _scenario(code, rng, today, variant)
    modes = ["digital"] * len(sc.papers)
    return _write_dossier(
        out_dir, dossier_id, proc, sc, rng, today, layout="files", modes=modes, channel="counter"
    )


__all__ = ["SampleDossier", "generate_corpus", "write_demo_set", "write_sample"]
