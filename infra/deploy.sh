#!/usr/bin/env bash
# Deploy hoso to an AWS account: `infra/deploy.sh dev|staging|prod`.
# Validates, builds (the core layer through layers/core/Makefile, the OCR image with Docker)
# and deploys with that environment's parameters from infra/samconfig.toml. Needs AWS
# credentials for the target account, Docker, and the SAM CLI (`make .venv-sam/bin/sam`).
set -euo pipefail
env_name="${1:-}"
case "$env_name" in
  dev) config_env=default ;;
  staging | prod) config_env="$env_name" ;;
  *) echo "usage: $0 dev|staging|prod" >&2; exit 2 ;;
esac
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
sam="${SAM:-.venv-sam/bin/sam}"
"$root/infra/validate.sh"
PIP="$(cd .venv-sam && pwd)/bin/python -m pip" "$sam" build \
  --config-file infra/samconfig.toml --config-env "$config_env"
"$sam" deploy --config-file infra/samconfig.toml --config-env "$config_env"
