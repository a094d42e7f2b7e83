#!/usr/bin/env bash
# Installs the infrastructure test tools into a project-local venv (.venv): cfn-lint, checkov, moto's server
# and the AWS CLI v1. Idempotent: a second run finds the pinned versions installed and only prints them.
# Versions are pinned: a new cfn-lint or checkov release can add rules, and test-support/cloudformation/moto_server.py
# patches moto internals. The AWS CLI comes from PyPI, not Debian: Debian 12's awscli 2.9 ignores
# AWS_ENDPOINT_URL for the S3 uploads inside `aws cloudformation package`/`deploy`, so it would reach real AWS.
set -euo pipefail

cd "$(dirname "$0")/.."
VENV=.venv
PY="${PYTHON:-python3}"
REQUIREMENTS=('cfn-lint==1.58.0' 'checkov==3.3.30' 'moto[server]==5.2.5' 'awscli==1.46.3')

if [ ! -x "$VENV/bin/python" ]; then
  "$PY" -m venv "$VENV"
fi

# Installed only when a pin is unmet (a fresh clone has an empty venv).
if "$VENV/bin/python" - "${REQUIREMENTS[@]}" <<'PY' 2>/dev/null; then
import importlib.metadata as metadata
import re
import sys

for requirement in sys.argv[1:]:
    name, version = re.match(r"([A-Za-z0-9_.-]+)(?:\[.*\])?==(.+)", requirement).groups()
    if metadata.version(name) != version:
        sys.exit(1)
PY
  echo "infra tools already installed"
else
  "$VENV/bin/pip" install --quiet --disable-pip-version-check "${REQUIREMENTS[@]}"
fi

"$VENV/bin/cfn-lint" --version
echo "checkov $("$VENV/bin/checkov" --version)"
"$VENV/bin/python" -c 'import moto; print("moto", moto.__version__)'
"$VENV/bin/aws" --version
