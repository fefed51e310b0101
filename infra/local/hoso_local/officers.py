"""The local officers: ``<data-dir>/officers.json``, each officer with a bearer token.

``{"officers": [{"id", "name", "role", "agencies": [...], "token"}]}``; when the file is
missing, a default set is written (the centre officer ``trung-tam`` and one officer per agency
in force, ``can-bo-<agency code lowercased>``), readable by its owner only.
"""

from __future__ import annotations

import json
import os
import secrets
from pathlib import Path
from typing import Any

FILE = "officers.json"
CENTRE = "trung-tam"


def _defaults() -> list[dict[str, Any]]:
    from hoso.agencies import load_agencies
    from hoso.dossier import vn_today

    officers = [
        {"id": CENTRE, "name": "Trung tâm", "role": "centre", "agencies": []},
    ]
    for agency in load_agencies().agencies(vn_today()):
        code = agency.code
        officers.append(
            {
                "id": f"can-bo-{code.lower()}",
                "name": agency.name,
                "role": "agency",
                "agencies": [code],
            }
        )
    return [{**o, "token": secrets.token_urlsafe(24)} for o in officers]


def load(data_dir: Path) -> list[dict[str, Any]]:
    """The officers of ``data_dir`` (the default set, written first, when there is none)."""
    path = Path(data_dir) / FILE
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            json.dump({"officers": _defaults()}, f, ensure_ascii=False, indent=2)
    officers: list[dict[str, Any]] = json.loads(path.read_text(encoding="utf-8"))["officers"]
    return officers


def token_for(data_dir: Path, officer_id: str) -> str:
    """The bearer token of officer ``officer_id`` (KeyError naming the known ids if none)."""
    officers = load(data_dir)
    for o in officers:
        if o["id"] == officer_id:
            return str(o["token"])
    known = ", ".join(o["id"] for o in officers)
    raise KeyError(f"no officer '{officer_id}' in {Path(data_dir) / FILE} (known: {known})")
