#!/usr/bin/env bash
# Check the stack before a deploy: cfn-lint on template.yaml and infra/operations.yaml,
# `sam validate --lint`, checkov (when its venv is there: `make checkov`), and the core
# layer's pinned requirements against the lock. Needs `make install` (cfn-lint) and the SAM
# CLI (`make .venv-sam/bin/sam`, or SAM=/path/to/sam). No AWS account is needed.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
bin="${BIN:-.venv/bin}"
sam="${SAM:-.venv-sam/bin/sam}"
checkov="${CHECKOV:-.venv-checkov/bin/checkov}"
"$bin/cfn-lint" template.yaml infra/operations.yaml
"$bin/python" infra/layer_requirements.py --check
if [ -x "$sam" ]; then
  AWS_DEFAULT_REGION="${AWS_DEFAULT_REGION:-ap-southeast-1}" \
    "$sam" validate --lint --template-file template.yaml --config-file infra/samconfig.toml
else
  echo "validate: no SAM CLI at $sam (make .venv-sam/bin/sam); sam validate skipped" >&2
fi
if [ -x "$checkov" ]; then
  # 0 failed checks; skips only inline, each with its reason (tests/unit/test_template_security.py)
  "$checkov" --framework cloudformation --quiet --compact --skip-download \
    -f template.yaml -f infra/operations.yaml
else
  echo "validate: no checkov at $checkov (make checkov); checkov skipped" >&2
fi
echo "template.yaml, infra/operations.yaml and the layer's requirements are valid"
