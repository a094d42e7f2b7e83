#!/usr/bin/env bash
# Installs the infrastructure test tools into a project-local venv (.venv): cfn-lint, checkov,
# moto's server and the AWS CLI v1. Idempotent: a second run only checks that each tool answers.
# The AWS CLI comes from PyPI, not Debian: Debian 12's awscli 2.9 ignores AWS_ENDPOINT_URL for the
# S3 upload inside `aws cloudformation package`, so it would try to reach real AWS from the moto test.
set -euo pipefail

cd "$(dirname "$0")/.."
VENV=.venv
PY="${PYTHON:-python3}"

if [ ! -x "$VENV/bin/python" ]; then
  "$PY" -m venv "$VENV"
fi

need_install=0
for tool in cfn-lint checkov moto_server aws; do
  if [ ! -x "$VENV/bin/$tool" ]; then need_install=1; fi
done

if [ "$need_install" = 1 ]; then
  "$VENV/bin/pip" install --quiet --disable-pip-version-check \
    'cfn-lint>=1.20' checkov 'moto[server]>=5.1.9' 'awscli>=1.29'
fi

"$VENV/bin/cfn-lint" --version
"$VENV/bin/checkov" --version
"$VENV/bin/moto_server" --help >/dev/null && echo "moto_server ok"
"$VENV/bin/aws" --version
