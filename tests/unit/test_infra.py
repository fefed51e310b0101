"""infra/: the per-environment SAM configuration and the policy documents stay in step with
template.yaml and the events hoso publishes."""

from __future__ import annotations

import json
import re
import shlex
import tomllib
from pathlib import Path
from typing import Any

import pytest

from hoso.events import DETAIL_TYPES, SOURCE
from hoso.resources import load_json
from hoso_local.template import load_template

pytestmark = pytest.mark.unit
ROOT = Path(__file__).resolve().parents[2]
INFRA = ROOT / "infra"


def _filled(path: Path, **values: str) -> Any:
    text = path.read_text(encoding="utf-8")
    for name in set(re.findall(r"\$\{(\w+)\}", text)):
        text = text.replace("${" + name + "}", values.get(name, f"test-{name}"))
    return json.loads(text)


def test_every_environment_sets_only_the_templates_parameters():
    config = tomllib.loads((INFRA / "samconfig.toml").read_text(encoding="utf-8"))
    params = set(load_template(ROOT / "template.yaml")["Parameters"])
    envs = {k for k in config if k != "version"}
    assert {"default", "staging", "prod"} <= envs
    for env in envs:
        glob = config[env]["global"]["parameters"]
        assert glob["stack_name"].startswith("hoso") and glob["region"]
        overrides = config[env].get("deploy", {}).get("parameters", {}).get("parameter_overrides")
        assert overrides, env
        names = {item.split("=", 1)[0] for item in shlex.split(overrides)}
        assert names <= params, (env, names - params)


def test_a_station_may_only_put_files_under_incoming():
    policy = _filled(INFRA / "policies" / "station-upload.json", UploadBucketName="up")
    allowed = [s for s in policy["Statement"] if s["Effect"] == "Allow"]
    assert [a for s in allowed for a in s["Action"]] == ["s3:PutObject"]
    assert [s["Resource"] for s in allowed] == ["arn:aws:s3:::up/incoming/*"]


def _matches(pattern: dict[str, Any], event: dict[str, Any]) -> bool:
    """EventBridge matching for the exact-value patterns used here."""
    for key, want in pattern.items():
        if isinstance(want, dict):
            if not isinstance(event.get(key), dict) or not _matches(want, event[key]):
                return False
        elif event.get(key) not in want:
            return False
    return True


def test_an_agency_subscribes_to_its_own_dossiers_only():
    pattern = _filled(INFRA / "policies" / "agency-subscriber-rule.json", AgencyCode="H40.SNGV")
    assert pattern["source"] == [SOURCE]
    assert set(pattern["detail-type"]) <= set(DETAIL_TYPES)
    common = load_json("events/common.v1.schema.json")
    assert "agency" in common["required"]  # every event says whose dossier it is
    for dtype in pattern["detail-type"]:
        schema = load_json(f"events/{dtype}.v1.schema.json")
        assert {"$ref": "common.v1.schema.json"} in schema["allOf"], dtype
    event = {"source": SOURCE, "detail-type": "DossierAccepted", "detail": {"agency": "H40.SNGV"}}
    assert _matches(pattern, event)
    assert not _matches(pattern, {**event, "detail": {"agency": "H40.SNV"}})


def test_only_hosos_rule_for_the_agency_may_deliver_to_its_bus():
    policy = _filled(INFRA / "policies" / "agency-bus-accepts-hoso.json", AgencyCode="H40.SNGV")
    (statement,) = policy["Statement"]
    assert statement["Action"] == "events:PutEvents"
    assert statement["Condition"]["ArnEquals"]["aws:SourceArn"].endswith("/hoso-to-H40.SNGV")
    assert not (INFRA / "policies" / "agency-subscriber-bus.json").exists()


def test_scripts_are_executable():
    for name in ("deploy.sh", "validate.sh"):
        assert (INFRA / name).stat().st_mode & 0o111, name
