#!/usr/bin/env bash
# Deploy hoso to an AWS account: `infra/deploy.sh dev|staging|prod`.
# Validates, builds (the core layer through layers/core/Makefile, the OCR image with Docker)
# and deploys with that environment's parameters from infra/samconfig.toml; then deploys the
# operations stack (infra/operations.yaml: alarms to an SNS topic, a dashboard) as
# `<stack>-operations`, its parameters taken from the hoso stack's outputs
# (infra/operations_params.py; OPERATIONS_EMAIL=ops@... subscribes an address to the alarms).
# Needs AWS credentials for the target account, Docker, and the SAM CLI
# (`make .venv-sam/bin/sam`).
set -euo pipefail
env_name="${1:-}"
case "$env_name" in
  dev) config_env=default ;;
  staging | prod) config_env="$env_name" ;;
  *) echo "usage: $0 dev|staging|prod" >&2; exit 2 ;;
esac
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
bin="${BIN:-.venv/bin}"
sam="${SAM:-.venv-sam/bin/sam}"
"$root/infra/validate.sh"
PIP="$(cd .venv-sam && pwd)/bin/python -m pip" "$sam" build \
  --config-file infra/samconfig.toml --config-env "$config_env"
"$sam" deploy --config-file infra/samconfig.toml --config-env "$config_env"

read -r stack region < <("$bin/python" -c '
import sys, tomllib
g = tomllib.load(open("infra/samconfig.toml", "rb"))[sys.argv[1]]["global"]["parameters"]
print(g["stack_name"], g["region"])' "$config_env")
mapfile -t overrides < <("$sam" list stack-outputs --stack-name "$stack" --region "$region" \
  --output json | "$bin/python" infra/operations_params.py)
"$sam" deploy --template-file infra/operations.yaml --stack-name "$stack-operations" \
  --region "$region" --resolve-s3 --no-fail-on-empty-changeset \
  --tags "project=hoso environment=$env_name" \
  --parameter-overrides "${overrides[*]}"  # names and ARNs: no spaces
