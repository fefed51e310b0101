"""Where the data files live: JSON Schemas, the procedure catalog, document types, fonts.

Resolution order: ``$HOSO_SCHEMAS_DIR``; ``hoso/_schemas`` (copied in by the Lambda layer
build); the repository's top-level ``schemas/`` (editable installs and tests).
"""

from __future__ import annotations

import functools
import json
import os
from pathlib import Path
from typing import Any

import jsonschema
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

_PKG = Path(__file__).resolve().parent


@functools.cache
def schemas_dir() -> Path:
    env = os.environ.get("HOSO_SCHEMAS_DIR")
    candidates = [Path(env)] if env else []
    candidates += [_PKG / "_schemas", _PKG.parents[2] / "schemas"]
    for c in candidates:
        if (c / "station").is_dir():
            return c
    raise FileNotFoundError(f"hoso schemas directory not found (tried {candidates})")


def load_json(relative: str) -> Any:
    with open(schemas_dir() / relative, encoding="utf-8") as fh:
        return json.load(fh)


@functools.cache
def _registry() -> Registry:
    """Every schema under schemas/ by its $id, so relative $refs resolve offline."""
    resources = []
    for path in sorted(schemas_dir().rglob("*.schema.json")):
        with open(path, encoding="utf-8") as fh:
            doc = json.load(fh)
        if "$id" in doc:
            resources.append(
                (doc["$id"], Resource.from_contents(doc, default_specification=DRAFT202012))
            )
    return Registry().with_resources(resources)


@functools.cache
def validator(relative: str) -> jsonschema.protocols.Validator:
    schema = load_json(relative)
    cls = jsonschema.validators.validator_for(schema)
    cls.check_schema(schema)
    return cls(schema, registry=_registry(), format_checker=cls.FORMAT_CHECKER)  # type: ignore[no-any-return,call-arg]


def schema_errors(relative: str, instance: Any) -> list[str]:
    """Validate ``instance`` against the schema; return readable messages (empty when valid)."""
    errors = sorted(validator(relative).iter_errors(instance), key=lambda e: list(e.path))
    out = []
    for e in errors:
        where = "/".join(str(p) for p in e.absolute_path) or "(root)"
        out.append(f"{where}: {_expected(e.validator, e.validator_value, e.message)}")
    return out


# jsonschema's messages quote the value that failed ("'0401...' does not match ..."), which
# would put a manifest's ID number or phone into a failure reason: say what was expected.
_BOUNDS = frozenset(
    [
        "minLength",
        "maxLength",
        "minimum",
        "maximum",
        "exclusiveMinimum",
        "exclusiveMaximum",
        "minItems",
        "maxItems",
        "minProperties",
        "maxProperties",
    ]
)


def _expected(keyword: Any, wanted: Any, message: str) -> str:
    """An error message that names the schema's expectation, never the instance's value."""
    if keyword in ("required", "additionalProperties", "dependentRequired", "dependencies"):
        return message  # names properties, not values
    if keyword == "type":
        return "must be of type " + " or ".join(wanted if isinstance(wanted, list) else [wanted])
    if keyword == "pattern":
        return f"does not match {wanted}"
    if keyword in ("enum", "const"):
        return (
            "must be "
            + ("one of " if keyword == "enum" else "")
            + json.dumps(wanted, ensure_ascii=False)
        )
    if keyword == "format":
        return f"is not a valid {wanted}"
    if keyword in ("minLength", "minItems", "minProperties") and wanted == 1:
        return "should be non-empty"
    if keyword in _BOUNDS:
        return f"fails {keyword} {wanted}"
    return f"is not valid ({keyword})"


def font_path(bold: bool = False) -> Path:
    """DejaVu Sans (full Vietnamese coverage), shipped inside the package."""
    name = "DejaVuSans-Bold.ttf" if bold else "DejaVuSans.ttf"
    return _PKG / "fonts" / name
