"""The independent evaluation corpus (tests/corpus): truth consistency, determinism, and
independence from the hoso package."""

from __future__ import annotations

import ast
import json
import random
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from tests.corpus import cards, fonts, people
from tests.corpus.dossier import PROCEDURES, TIERS, Builder, load_procedure, spec
from tests.corpus.output import generate

pytestmark = pytest.mark.unit

REPO = Path(__file__).resolve().parents[2]
CORPUS = REPO / "tests" / "corpus"
UPLOADABLE = {".pdf", ".jpg", ".jpeg", ".png", ".tif", ".tiff"}
DOC_TYPES = {
    "to_khai_khai_sinh", "giay_chung_sinh", "van_ban_lam_chung", "van_ban_cam_doan",
    "giay_uy_quyen", "cccd", "ho_chieu", "to_khai_lltp", "giay_de_nghi_hkd", "bien_ban_hop",
    "don_gpxd", "gcn_qsdd", "ban_ve_thiet_ke", "cam_ket_an_toan", "to_khai_ct01",
    "hop_dong_thue_nha", "to_khai_ket_hon", "xac_nhan_tthn", None,
}  # fmt: skip
MODES = {"born_digital", "office_scan", "photocopy", "phone_photo", "card_photo"}
HAND_OK = all(fonts.available(f) for f in fonts.HAND)
TYPED_OK = all(fonts.available(f) for f in fonts.TYPED)
needs_fonts = pytest.mark.skipif(not TYPED_OK, reason="typed fonts missing: make corpus-fonts")
# dev dossiers used below: THUONG_TRU ordinary, KHAI_SINH harder, KET_HON handwritten
SAMPLE = [4, 6, 17]


def _page_count(path: Path) -> int:
    if path.suffix.lower() == ".pdf":
        import pypdfium2 as pdfium

        return len(pdfium.PdfDocument(str(path)))
    from PIL import Image

    with Image.open(path) as im:
        return getattr(im, "n_frames", 1)


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    if not TYPED_OK:
        pytest.skip("typed fonts missing: make corpus-fonts")
    out = tmp_path_factory.mktemp("indep")
    for i in SAMPLE:
        if spec("dev", i)[2] == "handwritten" and not HAND_OK:
            continue
        assert generate("dev", i, out) is not None
    return out


def test_sources_never_import_hoso() -> None:
    for path in sorted(CORPUS.glob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            names = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names = [node.module]
            assert not any(n == "hoso" or n.startswith(("hoso.", "hoso_")) for n in names), (
                f"{path.name} imports {names}"
            )


def test_building_loads_no_hoso_module() -> None:
    code = (
        "import sys\n"
        "from tests.corpus import __main__, output\n"
        "from tests.corpus.dossier import Builder\n"
        "for i in range(6):\n"
        "    Builder('dev', 10000 + i).build()\n"
        "bad = sorted(m for m in sys.modules if m == 'hoso' or m.startswith(('hoso.', 'hoso_')))\n"
        "print(','.join(bad))\n"
    )
    res = subprocess.run(
        [sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, check=True
    )
    assert res.stdout.strip() == ""


def test_seeds_procedures_and_tiers_rotate() -> None:
    got = [spec("dev", i) for i in range(18)]
    assert [s for s, _, _ in got] == list(range(10000, 10018))
    assert spec("holdout", 3)[0] == 90003
    for k in range(3):
        assert sorted(p for _, p, _ in got[6 * k : 6 * k + 6]) == sorted(PROCEDURES)
    assert {t for _, _, t in got} == set(TIERS)
    for _, proc, tier in got:
        assert sum(1 for _, p, t in got if (p, t) == (proc, tier)) == 1


def test_scenarios_are_stratified_per_procedure() -> None:
    from collections import Counter

    for split in ("dev", "holdout"):
        got: dict[str, Counter[str]] = {}
        for i in range(120):
            b = Builder(split, spec(split, i)[0])
            got.setdefault(b.proc, Counter())[b.scenario()] += 1
        for proc, c in got.items():
            assert sum(c.values()) == 20
            assert c["complete"] >= 8 and c["missing"] == 4 and c["identity"] >= 3, (proc, c)
            assert c["expired"] == (3 if proc in ("HO_KINH_DOANH", "LY_LICH_TU_PHAP") else 0)


def test_truth_follows_the_procedure_rules() -> None:
    """Built (not rendered) dossiers: status, missing and present agree with the catalog."""
    for i in range(60):
        b = Builder("dev", 10000 + i)
        b.build()
        present, missing = b.components()
        p = load_procedure(b.proc)
        required = {c["id"] for c in p["components"] if c["rule"] == "required"}
        groups = {c["group"] for c in p["components"] if c["rule"] == "one_of"}
        assert set(missing) <= required | groups
        assert not set(missing) & set(present)
        if b.sc in ("complete", "alternative"):
            assert not missing and not b.invalid, (i, missing, b.invalid)
        if b.sc == "missing":
            assert missing and not b.invalid
        if b.sc in ("identity", "expired"):
            assert b.invalid and not missing
        ids = {c["id"] for c in p["components"]}
        assert set(b.invalid) <= ids


@needs_fonts
def test_generated_dossiers_are_consistent(corpus: Path) -> None:
    import jsonschema

    schema = json.loads((REPO / "schemas/station/manifest.schema.json").read_text("utf-8"))
    truths = sorted(corpus.glob("*.truth.json"))
    assert truths
    for tp in truths:
        t = json.loads(tp.read_text(encoding="utf-8"))
        d = corpus / t["dossier_id"]
        manifest = json.loads((d / "manifest.json").read_text(encoding="utf-8"))
        jsonschema.validate(manifest, schema)
        assert manifest["dossier_id"] == t["dossier_id"] == d.name
        assert "id_number" not in manifest.get("applicant", {})
        on_disk = sorted(p.name for p in d.iterdir() if p.name != "manifest.json")
        assert sorted(manifest["files"]) == on_disk
        assert all(Path(n).suffix.lower() in UPLOADABLE for n in on_disk)
        # every page of every file labelled, in order
        for name in manifest["files"]:
            idx = [p["index"] for p in t["pages"] if p["file"] == name]
            assert idx == list(range(1, _page_count(d / name) + 1)), name
        assert {p["file"] for p in t["pages"]} == set(manifest["files"])
        for p in t["pages"]:
            assert p["doc_type"] in DOC_TYPES
            assert p["mode"] in MODES
            assert p["scanned"] == (p["mode"] != "born_digital")
            assert p["rotation"] in (0, 90, 180, 270)
            assert 0 <= p["defect_level"] <= 3
            assert p["papers_on_page"] in (1, 2)
        # decision
        bad = t["missing_components"] or t["invalid_components"]
        assert t["expected_status"] == ("supplement_requested" if bad else "received")
        assert set(t["invalid_reasons"]) == set(t["invalid_components"])
        assert t["has_unknown_paper"] == any(p["doc_type"] is None for p in t["pages"])
        a = t["applicant"]
        assert len(a["id_number"]) == 12 and a["id_number"].isdigit()
        assert a["id_number"][4:6] == a["date_of_birth"][2:4]
        assert t["received_on"].startswith("2026-")
        assert manifest["received_at"].startswith(t["received_on"])
        forms = {"to_khai_khai_sinh", "to_khai_lltp", "giay_de_nghi_hkd", "don_gpxd",
                 "to_khai_ct01", "to_khai_ket_hon"}  # fmt: skip
        if t["tier"] == "handwritten" and any(p["doc_type"] in forms for p in t["pages"]):
            assert any(p["handwritten"] for p in t["pages"])


@needs_fonts
def test_same_seed_same_bytes(corpus: Path, tmp_path: Path) -> None:
    assert generate("dev", SAMPLE[0], tmp_path) is not None
    did = f"ind-dev-{10000 + SAMPLE[0]}"
    a, b = corpus / did, tmp_path / did
    assert (corpus / f"{did}.truth.json").read_bytes() == (
        tmp_path / f"{did}.truth.json"
    ).read_bytes()
    assert sorted(p.name for p in a.iterdir()) == sorted(p.name for p in b.iterdir())
    for p in a.iterdir():
        assert p.read_bytes() == (b / p.name).read_bytes(), p.name
    assert generate("dev", SAMPLE[0], tmp_path) is None  # present: skipped


def test_id_numbers_and_cards() -> None:
    rng = random.Random(1)
    today = date(2026, 3, 10)
    for _ in range(200):
        p = people.person(rng)
        n = p.id_number
        assert len(n) == 12 and n[4:6] == f"{p.dob.year % 100:02d}"
        assert int(n[3]) == people.id_digit_b(p.sex, p.dob.year)
        o = people.other_id(rng, n)
        assert o[3:6] == n[3:6] and sum(x != y for x, y in zip(o[6:], n[6:], strict=True)) >= 4
        bad = people.impossible_id(rng, n, p.dob, p.sex)
        assert bad != n
        assert bad[3] != n[3] or bad[4:6] != n[4:6]
        c = cards.card_for(rng, p, today)
        assert c.expiry is None or c.expiry > today
        assert c.issue < today
    old = people.person(rng, dob=date(2000, 6, 1))
    exp = cards.card_for(rng, old, today, expired=True)
    assert exp.expiry is not None and exp.expiry < today


def test_mrz_check_digits() -> None:
    assert cards.check_digit("L898902C3") == "6"  # ICAO 9303 example
    assert cards.check_digit("740812") == "2"


def test_font_checks_fail_loudly() -> None:
    face = fonts.TYPED[0]
    if not fonts.available(face):
        pytest.skip("typed fonts missing: make corpus-fonts")
    fonts.check_text(face.regular, "Nguyễn Thị Hồng Nhung")
    with pytest.raises(fonts.MissingGlyph):
        fonts.check_text(face.regular, "名前")
    with pytest.raises(ValueError):
        fonts.check_text(face.regular, "Nguye\u0302\u0303n")  # NFD


@pytest.mark.skipif(not HAND_OK, reason="handwriting fonts not installed (make corpus-fonts)")
def test_hand_faces_are_vietnamese_complete() -> None:
    for face in fonts.HAND:
        fonts.check_text(face.regular, fonts.VI_LETTERS + "0123456789")
