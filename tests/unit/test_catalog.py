"""Procedure catalog and document types as data (hoso.catalog)."""

from __future__ import annotations

import json
import shutil
from datetime import date
from pathlib import Path

import pytest

from hoso.catalog import Catalog, load_catalog
from hoso.resources import schemas_dir

pytestmark = pytest.mark.unit

REQUIRED_CODES = {"KHAI_SINH", "LY_LICH_TU_PHAP", "HO_KINH_DOANH", "GPXD_NHA_O"}


@pytest.fixture(scope="module")
def cat() -> Catalog:
    return load_catalog()


def _copy_catalog(tmp_path: Path) -> Path:
    for sub in ("procedures", "document-types"):
        shutil.copytree(schemas_dir() / sub, tmp_path / sub)
    return tmp_path


def test_catalog_has_the_required_procedures(cat: Catalog) -> None:
    procs = cat.procedures(date(2026, 3, 1))
    codes = {p.code for p in procs}
    assert codes >= REQUIRED_CODES
    assert len(codes) >= 6
    for p in procs:
        assert p.name and p.agency and p.components
        assert p.processing_time.unit in {"working_days", "days", "working_hours"}
        assert all(
            c.rule in {"required", "one_of", "conditional", "optional"} for c in p.components
        )
        assert all(
            c.form in {"original", "certified_copy", "copy", "photocopy", "shown"}
            for c in p.components
        )
        for c in p.components:
            assert all(dt in cat.document_types for dt in c.doc_types)
            if c.rule == "conditional":
                assert c.condition


def test_birth_registration_components(cat: Catalog) -> None:
    p = cat.get("KHAI_SINH", date(2026, 1, 5))
    assert p is not None
    assert p.national_code
    rules = {c.id: c.rule for c in p.components}
    assert rules["to_khai"] == "required"
    group = p.groups()["chung_minh_viec_sinh"]
    assert [c.id for c in group] == ["giay_chung_sinh", "van_ban_lam_chung", "van_ban_cam_doan"]
    gcs = p.component("giay_chung_sinh")
    assert gcs is not None and gcs.form == "original"
    shown = p.component("giay_to_tuy_than")
    assert shown is not None and shown.form == "shown"
    gpxd = cat.get("GPXD_NHA_O", date(2026, 1, 5))
    assert gpxd is not None
    ban_ve = gpxd.component("ban_ve")
    assert ban_ve is not None and ban_ve.sets == 2


def test_summary_is_json_ready(cat: Catalog) -> None:
    p = cat.get("LY_LICH_TU_PHAP", date(2026, 1, 5))
    assert p is not None
    s = json.loads(json.dumps(p.summary(), ensure_ascii=False))
    assert {"code", "name", "agency", "version", "processing_time", "fee", "components"} <= set(s)
    assert s["version"] == "2025-07-01"
    assert s["fee"]["amount"] == 200000
    assert s["processing_time"]["amount"] == 10
    assert {"id", "name", "form", "sets", "rule"} <= set(s["components"][0])


def test_document_types_cover_the_common_papers(cat: Catalog) -> None:
    needed = {"to_khai_khai_sinh", "cccd", "giay_chung_sinh", "van_ban_cam_doan", "van_ban_lam_chung",
              "gcn_qsdd", "ban_ve_thiet_ke", "giay_uy_quyen", "bien_ban_hop"}  # fmt: skip
    assert needed <= set(cat.document_types)
    cccd = cat.document_types["cccd"]
    assert {f.name for f in cccd.fields} >= {"id_number", "full_name", "date_of_birth", "expiry"}


def test_version_in_force_is_chosen_by_date(tmp_path: Path) -> None:
    root = _copy_catalog(tmp_path)
    src = root / "procedures" / "LY_LICH_TU_PHAP@2025-07-01.json"
    data = json.loads(src.read_text(encoding="utf-8"))
    data["effective_from"] = "2026-07-01"
    data["fee"]["amount"] = 250000
    (root / "procedures" / "LY_LICH_TU_PHAP@2026-07-01.json").write_text(
        json.dumps(data, ensure_ascii=False), encoding="utf-8"
    )
    cat = load_catalog(root)
    old = cat.get("LY_LICH_TU_PHAP", date(2026, 6, 30))
    new = cat.get("LY_LICH_TU_PHAP", date(2026, 7, 1))
    assert old is not None and old.fee.amount == 200000
    assert new is not None and new.fee.amount == 250000 and new.version == "2026-07-01"
    assert cat.get("LY_LICH_TU_PHAP", date(2020, 1, 1)) is None  # not yet in force
    assert cat.get("NO_SUCH_CODE", date(2026, 1, 1)) is None
    assert len(cat.versions("LY_LICH_TU_PHAP")) == 2
    assert [p.version for p in cat.procedures(date(2026, 8, 1)) if p.code == "LY_LICH_TU_PHAP"] == [
        "2026-07-01"
    ]


def test_adding_a_procedure_is_adding_a_file(tmp_path: Path) -> None:
    root = _copy_catalog(tmp_path)
    new = {
        "code": "CHUNG_THUC_BAN_SAO",
        "name": "Chứng thực bản sao từ bản chính",
        "agency": "Ủy ban nhân dân cấp xã",
        "agency_code": "H40.UBNDXA",
        "effective_from": "2025-07-01",
        "processing_time": {"amount": 0, "unit": "working_days", "notes": "Trong ngày"},
        "fee": {"amount": 2000, "notes": "2.000 đồng/trang"},
        "components": [
            {
                "id": "ban_chinh",
                "name": "Bản chính giấy tờ",
                "form": "shown",
                "sets": 1,
                "rule": "required",
                "doc_types": ["gcn_qsdd"],
            },
        ],
    }
    (root / "procedures" / "CHUNG_THUC_BAN_SAO@2025-07-01.json").write_text(
        json.dumps(new, ensure_ascii=False), encoding="utf-8"
    )
    cat = load_catalog(root)
    p = cat.get("CHUNG_THUC_BAN_SAO", date(2026, 1, 1))
    assert p is not None and p.fee.amount == 2000
    assert p.summary()["components"][0]["rule"] == "required"


@pytest.mark.parametrize(
    ("mutate", "match"),
    [
        (lambda d: d.pop("components"), "components"),
        (lambda d: d["components"][0].update(rule="sometimes"), "sometimes"),
        (lambda d: d["components"][0].update(doc_types=["no_such_type"]), "no_such_type"),
        (lambda d: d["processing_time"].update(unit="weeks"), "weeks"),
    ],
)
def test_bad_procedure_file_is_named(tmp_path: Path, mutate: object, match: str) -> None:
    root = _copy_catalog(tmp_path)
    path = root / "procedures" / "KHAI_SINH@2025-07-01.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    assert callable(mutate)
    mutate(data)
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    with pytest.raises(ValueError, match=r"KHAI_SINH@2025-07-01\.json") as exc:
        load_catalog(root)
    assert match in str(exc.value)


def test_bad_document_type_file_is_named(tmp_path: Path) -> None:
    root = _copy_catalog(tmp_path)
    (root / "document-types" / "broken.json").write_text("{not json", encoding="utf-8")
    with pytest.raises(ValueError, match=r"broken\.json"):
        load_catalog(root)


def test_duplicate_version_is_rejected(tmp_path: Path) -> None:
    root = _copy_catalog(tmp_path)
    shutil.copy(
        root / "procedures" / "KET_HON@2025-07-01.json", root / "procedures" / "KET_HON-copy.json"
    )
    with pytest.raises(ValueError, match="same code and effective_from"):
        load_catalog(root)


def test_card_validity_is_data_by_the_law_in_force_at_issue() -> None:
    """The ID card's renewal ages are data with effective dates: a card issued under the
    2023 law is also renewed at 14; one born on 29 February turns 25 on 1 March."""
    card = load_catalog().document_types["cccd"]
    old, new = card.validity_on(date(2020, 1, 1)), card.validity_on(date(2025, 1, 1))
    assert old is not None and new is not None and old is not new
    assert 14 not in old.renew_at_ages and 14 in new.renew_at_ages
    assert card.validity_on(date(2015, 12, 31)) is None  # before citizen ID cards
    assert new.expiry(date(2013, 1, 1), date(2024, 8, 1)) == (date(2027, 1, 1), 14)
    assert old.expiry(date(2000, 2, 29), date(2018, 1, 1)) == (date(2025, 3, 1), 25)
    assert old.expiry(date(1950, 1, 1), date(2019, 1, 1)) is None  # after 58: no expiry
