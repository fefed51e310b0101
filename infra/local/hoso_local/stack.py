"""Finding or starting a local stack, uploading dossiers as a station does, reading records."""

from __future__ import annotations

import contextlib
import json
import os
import re
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import boto3

from hoso.services import Services, keys, queries
from hoso.status import DossierStatus
from hoso_aws import bootstrap
from hoso_local.template import REGION

SUPPORTED = keys.READABLE
BUSY = {DossierStatus.UPLOADING, DossierStatus.PROCESSING}
STACK_FILE = "stack.json"


def project_root(start: Path | None = None) -> Path:
    """The folder holding template.yaml: --root, the cwd or a parent, or the source checkout."""
    env = os.environ.get("HOSO_ROOT")
    if env:
        return Path(env).resolve()
    here = (start or Path.cwd()).resolve()
    for p in (here, *here.parents):
        if (p / "template.yaml").is_file() and (p / "functions").is_dir():
            return p
    checkout = Path(__file__).resolve().parents[3]
    if (checkout / "template.yaml").is_file():
        return checkout
    raise FileNotFoundError("template.yaml not found: run from the hoso checkout or set HOSO_ROOT")


def _alive(endpoint: str) -> bool:
    try:
        with urllib.request.urlopen(endpoint + "/moto-api/", timeout=2):
            return True
    except Exception:
        return False


def running_stack(data_dir: Path) -> dict[str, Any] | None:
    path = data_dir / STACK_FILE
    if not path.exists():
        return None
    try:
        info: dict[str, Any] = json.loads(path.read_text())
    except (OSError, json.JSONDecodeError):
        return None
    return info if _alive(info["endpoint_url"]) else None


@contextlib.contextmanager
def stack(data_dir: Path, *, fresh: bool = False, quiet: bool = True) -> Iterator[dict[str, Any]]:
    """Use the running ``hoso up`` stack, or start an embedded one for the duration."""
    info = None if fresh else running_stack(data_dir)
    if info is not None:
        yield info
        return
    from hoso_local.runtime import LocalRuntime

    rt = LocalRuntime(project_root(), data_dir, fresh=fresh)
    info = rt.start()
    try:
        yield info
        # let the pipeline settle so nothing is left half-way when the embedded stack stops
        deadline = time.monotonic() + 5
        while time.monotonic() < deadline and not rt.idle():
            time.sleep(0.2)
    finally:
        rt.stop()


@dataclass
class Client:
    info: dict[str, Any]

    def __post_init__(self) -> None:
        kw = {
            "endpoint_url": self.info["endpoint_url"],
            "region_name": REGION,
            "aws_access_key_id": os.environ.get("AWS_ACCESS_KEY_ID", "hoso-local"),
            "aws_secret_access_key": os.environ.get("AWS_SECRET_ACCESS_KEY", "hoso-local"),
        }
        self.s3 = boto3.client("s3", **kw)
        self.ddb = boto3.client("dynamodb", **kw)  # raw reads (hoso doctor, tests)
        self.services = services_of(self.info)

    def dossier_id_of(self, path: Path) -> str:
        """The dossier id an upload of ``path`` will use (its manifest's, else its name)."""
        manifest_path = path / "manifest.json"
        if path.is_dir() and manifest_path.exists():
            with contextlib.suppress(Exception):
                return str(json.loads(manifest_path.read_bytes())["dossier_id"])
        return _dossier_id(path.name if path.is_dir() else path.stem)

    def upload_supplement(self, dossier_id: str, path: Path) -> int:
        """Upload a supplement (a folder or one file) under ``supplement-<n>/``, n the next
        free number; the folder's manifest.json may give new applicant details."""
        bucket = self.info["upload_bucket"]
        record = self.record(dossier_id)
        if record is None:
            raise SystemExit(f"no dossier '{dossier_id}': submit it first (hoso submit)")
        taken = self.s3.list_objects_v2(Bucket=bucket, Prefix=f"incoming/{dossier_id}/supplement-")
        numbers = [
            int(m.group(1))
            for o in taken.get("Contents", [])
            if (m := re.match(rf"incoming/{re.escape(dossier_id)}/supplement-(\d+)/", o["Key"]))
        ]
        n = max(numbers, default=0) + 1
        files = (
            sorted(p for p in path.iterdir() if p.is_file() and p.suffix.lower() in SUPPORTED)
            if path.is_dir()
            else [path]
        )
        if not files:
            raise SystemExit(f"{path}: no PDF, JPEG, PNG or TIFF file to send")
        manifest: dict[str, Any] = {}
        if path.is_dir() and (path / "manifest.json").exists():
            manifest = json.loads((path / "manifest.json").read_bytes())
        manifest |= {
            "dossier_id": dossier_id,
            "procedure_code": record.get("procedure_code") or manifest.get("procedure_code"),
            "files": [f.name for f in files],
        }
        manifest.pop("supplement", None)
        folder = f"incoming/{dossier_id}/supplement-{n}/"
        for f in files:
            self.s3.upload_file(str(f), bucket, folder + f.name)
        self.s3.put_object(
            Bucket=bucket,
            Key=folder + "manifest.json",
            Body=json.dumps(manifest, ensure_ascii=False).encode(),
            ContentType="application/json",
        )
        return n

    def upload_dossier(
        self, path: Path, *, procedure: str | None = None, dossier_id: str | None = None
    ) -> str:
        """Upload a folder (files, then manifest.json) or one file, as a station does."""
        bucket = self.info["upload_bucket"]
        if path.is_dir():
            did = dossier_id or _dossier_id(path.name)
            files = sorted(
                p for p in path.iterdir() if p.is_file() and p.suffix.lower() in SUPPORTED
            )
            manifest_path = path / "manifest.json"
            if manifest_path.exists() and not dossier_id:
                raw = manifest_path.read_bytes()
                with contextlib.suppress(Exception):
                    did = json.loads(raw).get("dossier_id") or did
            else:
                if not procedure:
                    raise SystemExit(f"{path}: no manifest.json; give --procedure CODE")
                raw = json.dumps(
                    {
                        "dossier_id": did,
                        "procedure_code": procedure,
                        "channel": "counter",
                        "files": [f.name for f in files],
                    },
                    ensure_ascii=False,
                    indent=2,
                ).encode()
            if procedure and manifest_path.exists():
                m = json.loads(raw)
                m["procedure_code"] = procedure
                raw = json.dumps(m, ensure_ascii=False, indent=2).encode()
            for f in files:
                self.s3.upload_file(str(f), bucket, f"incoming/{did}/{f.name}")
            self.s3.put_object(
                Bucket=bucket,
                Key=f"incoming/{did}/manifest.json",
                Body=raw,
                ContentType="application/json",
            )
            return did
        did = dossier_id or _dossier_id(path.stem)
        if path.suffix.lower() == ".pdf" and procedure:
            self.s3.upload_file(
                str(path),
                bucket,
                f"incoming/{did}/{path.name}",
                ExtraArgs={"Metadata": {"procedure-code": procedure}},
            )
            return did
        if not procedure:
            raise SystemExit(f"{path}: give --procedure CODE for a single file")
        self.s3.upload_file(str(path), bucket, f"incoming/{did}/{path.name}")
        manifest = {"dossier_id": did, "procedure_code": procedure, "files": [path.name]}
        self.s3.put_object(
            Bucket=bucket,
            Key=f"incoming/{did}/manifest.json",
            Body=json.dumps(manifest).encode(),
            ContentType="application/json",
        )
        return did

    def record(self, dossier_id: str) -> dict[str, Any] | None:
        found = queries.dossier(self.services, dossier_id)
        return found.to_dict() if found else None

    def audit(self, dossier_id: str) -> list[dict[str, Any]]:
        return queries.audit_trail(self.services, dossier_id)

    def wait_supplement(
        self, dossier_id: str, seen: int, timeout: float = 600.0
    ) -> dict[str, Any] | None:
        """The record once a supplement sent after the first ``seen`` audit entries was refused,
        or taken in and judged again (None at the timeout)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            actions = [e["action"] for e in self.audit(dossier_id)[seen:]]
            if "supplement_refused" in actions:
                return self.record(dossier_id)
            if "supplement_received" in actions:
                after = actions[actions.index("supplement_received") + 1 :]
                rec = self.record(dossier_id)
                if after and rec and rec["status"] not in BUSY:
                    return rec
            time.sleep(0.3)
        return None

    def wait(self, dossier_id: str, timeout: float = 600.0) -> dict[str, Any] | None:
        """The record once the pipeline is done with it, or the last one seen at the timeout."""
        deadline = time.monotonic() + timeout
        rec = None
        while time.monotonic() < deadline:
            rec = self.record(dossier_id)
            if rec and rec["status"] not in BUSY:
                return rec
            time.sleep(0.3)
        return rec


def services_of(info: dict[str, Any]) -> Services:
    """hoso's services on a running local stack, from the composition root."""
    env = {
        "AWS_ENDPOINT_URL": info["endpoint_url"],
        "AWS_DEFAULT_REGION": REGION,
        "AWS_ACCESS_KEY_ID": os.environ.get("AWS_ACCESS_KEY_ID", "hoso-local"),
        "AWS_SECRET_ACCESS_KEY": os.environ.get("AWS_SECRET_ACCESS_KEY", "hoso-local"),
        "UPLOAD_BUCKET": info["upload_bucket"],
        "ARTEFACT_BUCKET": info.get("artefact_bucket") or "",
        "RECORDS_TABLE": info["table"],
        "EVENT_BUS": info.get("event_bus") or "",
    }
    return bootstrap.build(env)


def _dossier_id(name: str) -> str:
    return re.sub(r"[^A-Za-z0-9._-]+", "-", name).strip("-.")[:128] or "dossier"
