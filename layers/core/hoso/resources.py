"""Where the data files live: JSON Schemas, the procedure catalog, document types, fonts.

Resolution order: ``$HOSO_SCHEMAS_DIR``; ``hoso/_schemas`` (copied in by the Lambda layer
build); the repository's top-level ``schemas/`` (editable installs and tests).
"""

from __future__ import annotations

import functools
import json
import os
import re
from collections.abc import Iterable
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
    base = jsonschema.validators.validator_for(schema)
    base.check_schema(schema)
    cls = jsonschema.validators.extend(base, {"pattern": _pattern})  # type: ignore[no-untyped-call]
    return cls(schema, registry=_registry(), format_checker=base.FORMAT_CHECKER)  # type: ignore[no-any-return,call-arg]


def _pattern(validator: Any, pattern: str, instance: Any, schema: Any) -> Any:
    """``pattern`` as JSON Schema means it (ECMA-262): ``$`` is the end of the string. Python's
    ``$`` also matches before a final newline, so ``"HS-1\\n"`` would pass ``^...$``."""
    if validator.is_type(instance, "string") and not ecma_regex(pattern).search(instance):
        yield jsonschema.ValidationError(f"does not match {pattern}")


@functools.cache
def ecma_regex(pattern: str) -> re.Pattern[str]:
    """A schema's pattern compiled with every ``$`` (outside a class, not escaped) as ``\\Z``."""
    out, escaped, in_class = [], False, False
    for ch in pattern:
        if escaped:
            escaped = False
        elif ch == "\\":
            escaped = True
        elif in_class:
            in_class = ch != "]"
        elif ch == "[":
            in_class = True
        elif ch == "$":
            ch = r"\Z"
        out.append(ch)
    return re.compile("".join(out))


def schema_errors(relative: str, instance: Any) -> list[str]:
    """Validate ``instance`` against the schema; return readable messages (empty when valid).

    Each names the field (``applicant.id_number``, ``files[2]``) and what the schema expects
    (a property's ``errorMessage`` when it has one), never the value: a manifest's ID number,
    name or phone must not end up in a failure reason. Too deep a document is one problem,
    not a crash."""
    try:
        errors = sorted(validator(relative).iter_errors(instance), key=lambda e: list(e.path))
    except RecursionError:
        return ["(root): nested too deeply"]
    out = []
    for e in errors:
        out.append(f"{json_path(e.absolute_path)}: {_expected(e)}")
    return out


_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_-]{0,63}")


def _safe_name(part: Any) -> str:
    """A property name fit to quote: an identifier (a key could be an ID number or a name)."""
    return str(part) if isinstance(part, str) and _NAME.fullmatch(part) else "<not shown>"


def json_path(parts: Iterable[Any]) -> str:
    """``applicant.id_number``, ``files[2]``; ``(root)`` for the document itself."""
    out = ""
    for part in parts:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + _safe_name(part)
    return out or "(root)"


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


def _expected(e: jsonschema.ValidationError) -> str:
    """An error message that names the schema's expectation, never the instance's value."""
    keyword: Any = e.validator
    wanted: Any = e.validator_value
    instance: Any = e.instance
    schema = e.schema if isinstance(e.schema, dict) else {}
    if keyword in ("pattern", "format") and schema.get("errorMessage"):
        return str(schema["errorMessage"])
    if keyword in ("required", "dependentRequired", "dependencies"):
        return e.message  # names the schema's properties, not values
    if keyword == "additionalProperties":
        extra = sorted(set(instance) - set(schema.get("properties", {})))
        names = [_safe_name(k) for k in extra if isinstance(instance, dict)]
        return "unexpected propert" + ("y " if len(names) == 1 else "ies ") + ", ".join(names)
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
    if keyword == "uniqueItems":
        return "has repeated items"
    if keyword in ("minLength", "minItems", "minProperties") and wanted == 1:
        return "should be non-empty"
    if keyword in _BOUNDS:
        return f"fails {keyword} {wanted}"
    return f"is not valid ({keyword})"


def font_path(bold: bool = False) -> Path:
    """DejaVu Sans (full Vietnamese coverage), shipped inside the package."""
    name = "DejaVuSans-Bold.ttf" if bold else "DejaVuSans.ttf"
    return _PKG / "fonts" / name
