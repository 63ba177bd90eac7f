#!/usr/bin/env bash
# The Lambda image's build step, run by Dockerfile.lambda and, outside Docker, by
# tests/aws/test_lambda_image.py (with --dry-run and the base image's platform): the handlers'
# dependencies, binary wheels only, into TARGET. Further arguments go to pip.
set -euo pipefail
target=$1
shift
"${PYTHON:-python3}" -m pip install --no-cache-dir --only-binary=:all: --target "$target" \
  -r "$(dirname "$0")/lambda-requirements.txt" "$@"
