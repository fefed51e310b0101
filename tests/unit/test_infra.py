"""infra/: the per-environment SAM configuration and the policy documents stay in step with
template.yaml and the events hoso publishes."""

from __future__ import annotations

import fnmatch
import json
import re
import shlex
import tomllib
from pathlib import Path
from typing import Any

import pytest

from hoso.events import DETAIL_TYPES, SOURCE
from hoso.resources import load_json
from hoso_local.template import Resolver, load_template

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


OWN_PREFIX = "incoming/${aws:PrincipalTag/station}-*"


def test_a_station_may_only_put_files_under_its_own_dossiers_prefix():
    policy = _filled(INFRA / "policies" / "station-upload.json", UploadBucketName="up")
    allowed = [s for s in policy["Statement"] if s["Effect"] == "Allow"]
    s3 = [s for s in allowed if any(a.startswith("s3:") for a in s["Action"])]
    assert [a for s in s3 for a in s["Action"]] == ["s3:PutObject"]
    assert [s["Resource"] for s in s3] == [f"arn:aws:s3:::up/{OWN_PREFIX}"]
    # the bucket's SSE-KMS default needs the key, through S3 only
    (kms,) = [s for s in allowed if s not in s3]
    assert set(kms["Action"]) == {"kms:GenerateDataKey", "kms:Decrypt"}
    assert kms["Condition"]["StringEquals"]["kms:ViaService"].startswith("s3.")


def test_the_stacks_station_policy_is_the_documented_one():
    resolver = Resolver(load_template(ROOT / "template.yaml"))
    policy = resolver.resolve(resolver.resource("StationUploadPolicy")["Properties"])
    allowed = policy["PolicyDocument"]["Statement"]
    bucket = resolver.names["UploadBucket"]
    assert allowed[0] == {
        "Effect": "Allow",
        "Action": ["s3:PutObject"],
        "Resource": f"arn:aws:s3:::{bucket}/{OWN_PREFIX}",
    }
    assert set(allowed[1]["Action"]) == {"kms:GenerateDataKey", "kms:Decrypt"}


@pytest.mark.parametrize(
    ("station", "key", "allowed"),
    [
        ("QUAY01", "incoming/QUAY01-2026-0001/ho-so.pdf", True),
        ("QUAY01", "incoming/QUAY01-2026-0001/supplement-1/manifest.json", True),
        ("QUAY01", "incoming/QUAY02-2026-0001/ho-so.pdf", False),
        ("QUAY0", "incoming/QUAY01-2026-0001/ho-so.pdf", False),  # no station's prefix is another's
        ("QUAY01", "incoming/QUAY01/ho-so.pdf", False),
        ("QUAY01", "other/QUAY01-1/ho-so.pdf", False),
    ],
)
def test_the_prefix_keeps_stations_apart(station: str, key: str, allowed: bool):
    pattern = f"arn:aws:s3:::up/{OWN_PREFIX}".replace("${aws:PrincipalTag/station}", station)
    assert fnmatch.fnmatchcase(f"arn:aws:s3:::up/{key}", pattern) is allowed


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
