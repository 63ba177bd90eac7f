#!/usr/bin/env bash
# The offline deploy checks (no AWS account): the CDK templates (cdk-nag, cfn-lint, template
# assertions) in tests/infra, and the aws-mode tests in tests/aws, which include the IAM
# coverage, image and first-deploy checks. No tests collected is a failure.
set -uo pipefail
cd "$(dirname "$0")/.."
.venv/bin/pytest -q tests/infra tests/aws "$@"
status=$?
if [ "$status" -eq 5 ]; then
  echo "check-deploy: no tests collected: failing" >&2
  exit 1
fi
exit "$status"
