"""Local officers: who may call the local API, from ``<data-dir>/officers.json``.

``{"officers": [{"id", "name", "role", "agencies": [...], "counters"?: [...], "token"}]}``,
mode 0600. Created on first use with a default set: the centre's officer ``trung-tam`` (sees
all), one officer per agency in force (``can-bo-<agency code, lower case>``) and one per shared
counter (``can-bo-<counter id>``, working for the agencies it receives for), each with a
random bearer token.
``hoso up`` prints them; ``hoso officers`` lists and adds.

The local API checks ``Authorization: Bearer <token>`` and signs the request in as the IAM
user ``arn:aws:iam::<account>:user/hoso-local/<officer id>`` (as API Gateway's IAM auth names a
caller); the runtime loads the officers into the local ``OfficersTable`` under those
principals, so the handler finds who acts exactly as on AWS."""

from __future__ import annotations

import json
import os
import secrets
import threading
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import Any

from hoso.officers import ROLES, Officer, local_principal
from hoso_local.template import ACCOUNT_ID

FILE = "officers.json"
CENTRE_ID = "trung-tam"
_lock = threading.Lock()


def path_of(data_dir: Path) -> Path:
    return Path(data_dir) / FILE


def default_officers(on: date | None = None) -> list[dict[str, Any]]:
    """The centre's officer and one officer per agency in force, with fresh tokens."""
    from hoso.agencies import load_agencies

    directory = load_agencies()
    day = on or date.today()
    out = [_entry(CENTRE_ID, "Cán bộ Trung tâm", "centre", [])]
    out += [
        _entry(f"can-bo-{a.code.lower()}", f"Cán bộ {a.name}", "agency", [a.code])
        for a in directory.agencies(day)
    ]
    out += [  # whoever staffs a shared counter works for every agency it receives for
        _entry(f"can-bo-{c.id}", f"Cán bộ {c.name}", "agency", [], counters=[c.id])
        for c in directory.counters(day)
    ]
    return out


def load(data_dir: Path) -> list[dict[str, Any]]:
    """The local officers (the file is created with the default set when missing)."""
    path = path_of(data_dir)
    with _lock:
        if not path.exists():
            _write(path, default_officers())
        data = json.loads(path.read_text("utf-8"))
    officers: list[dict[str, Any]] = data.get("officers") or []
    for o in officers:
        Officer.from_dict(o)  # a role that is not one of ROLES is refused here
    return officers


def token_for(data_dir: Path, officer_id: str) -> str:
    """The bearer token of a local officer."""
    for o in load(data_dir):
        if o["id"] == officer_id:
            return str(o["token"])
    raise KeyError(f"no local officer '{officer_id}' in {path_of(data_dir)}")


def add(
    data_dir: Path,
    officer_id: str,
    *,
    agencies: list[str],
    role: str = "agency",
    name: str = "",
    counters: list[str] | None = None,
) -> dict[str, Any]:
    """Add an officer (a new token) or replace one of the same id (its token kept)."""
    if role not in ROLES:
        raise ValueError(f"role '{role}' is not one of {', '.join(ROLES)}")
    if role != "centre" and not agencies and not counters:
        raise ValueError("an agency officer or system needs --agency (or --counter)")
    officers = load(data_dir)
    old = next((o for o in officers if o["id"] == officer_id), None)
    entry = _entry(officer_id, name or officer_id, role, agencies, counters=counters or [])
    if old is not None:
        entry["token"] = old["token"]
    officers = [o for o in officers if o["id"] != officer_id] + [entry]
    with _lock:
        _write(path_of(data_dir), officers)
    return entry


def principal_for_token(data_dir: Path, token: str) -> str | None:
    """The principal a bearer token signs in (None: no officer has it)."""
    for o in load(data_dir):
        if secrets.compare_digest(str(o.get("token", "")), token):
            return local_principal(str(o["id"]), ACCOUNT_ID)
    return None


def sync(data_dir: Path, ddb: Any, table: str) -> list[dict[str, Any]]:
    """Load the officers into the local officers table; returns them."""
    from hoso_aws.officers import item

    officers = load(data_dir)
    for o in officers:
        principal = local_principal(str(o["id"]), ACCOUNT_ID)
        ddb.put_item(TableName=table, Item=item(principal, Officer.from_dict(o)))
    return officers


class Authenticator:
    """The local API's check of ``Authorization: Bearer <token>``: the principal it signs in,
    the officers table brought up to date when ``officers.json`` changed (``hoso officers
    add`` while the stack runs)."""

    def __init__(self, data_dir: Path, ddb: Any, table: str) -> None:
        self.data_dir, self.ddb, self.table = data_dir, ddb, table
        self._seen: float | None = None
        self._mutex = threading.Lock()

    def sync(self) -> list[dict[str, Any]]:
        with self._mutex:
            officers = sync(self.data_dir, self.ddb, self.table)
            self._seen = path_of(self.data_dir).stat().st_mtime
            return officers

    def __call__(self, authorization: str | None) -> str | None:
        scheme, _, token = (authorization or "").partition(" ")
        if scheme.lower() != "bearer" or not token.strip():
            return None
        path = path_of(self.data_dir)
        if not path.exists() or path.stat().st_mtime != self._seen:
            self.sync()  # a deleted file is made again, with new tokens
        return principal_for_token(self.data_dir, token.strip())


def _entry(
    officer_id: str, name: str, role: str, agencies: list[str], *, counters: Sequence[str] = ()
) -> dict[str, Any]:
    entry: dict[str, Any] = {
        "id": officer_id,
        "name": name,
        "role": role,
        "agencies": sorted(agencies),
    }
    if counters:
        entry["counters"] = sorted(counters)
    entry["token"] = secrets.token_urlsafe(24)
    return entry


def _write(path: Path, officers: list[dict[str, Any]]) -> None:
    """Write the file readable by its owner only (it holds the tokens)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as f:
        json.dump({"officers": officers}, f, ensure_ascii=False, indent=2)
        f.write("\n")
    os.chmod(tmp, 0o600)
    tmp.replace(path)
