"""The operations stack's parameters from the hoso stack's outputs.

`infra/deploy.sh` pipes `sam list stack-outputs --output json` (a list of {"OutputKey",
"OutputValue"}) in; out come the `--parameter-overrides` of infra/operations.yaml: every
output whose name is one of its parameters, as Key=Value words, and OperationsEmail from the
environment (`OPERATIONS_EMAIL`) when set. A parameter without a default and without an output
is an error: the two templates have drifted apart."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import Any

import yaml

OPERATIONS = Path(__file__).resolve().parent / "operations.yaml"


class _Loader(yaml.SafeLoader):
    """CloudFormation's short-form tags, read as plain values (only Parameters matter)."""


def _any_tag(loader: yaml.SafeLoader, suffix: str, node: yaml.Node) -> Any:
    if isinstance(node, yaml.ScalarNode):
        return loader.construct_scalar(node)
    if isinstance(node, yaml.SequenceNode):
        return loader.construct_sequence(node)
    return loader.construct_mapping(node)  # type: ignore[arg-type]


_Loader.add_multi_constructor("!", _any_tag)


def parameters(template: Path = OPERATIONS) -> dict[str, dict[str, Any]]:
    data = yaml.load(template.read_text(encoding="utf-8"), Loader=_Loader)
    return dict(data["Parameters"])


def overrides(outputs: list[dict[str, str]], env: dict[str, str]) -> list[str]:
    params = parameters()
    values = {o["OutputKey"]: o["OutputValue"] for o in outputs}
    if env.get("OPERATIONS_EMAIL"):
        values["OperationsEmail"] = env["OPERATIONS_EMAIL"]
    missing = sorted(k for k, spec in params.items() if "Default" not in spec and k not in values)
    if missing:
        raise SystemExit(f"operations.yaml needs outputs the hoso stack lacks: {missing}")
    return [f"{k}={values[k]}" for k in params if k in values]


def main() -> None:
    for word in overrides(json.load(sys.stdin), dict(os.environ)):
        print(word)


if __name__ == "__main__":
    main()
