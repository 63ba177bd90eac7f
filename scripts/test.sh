#!/usr/bin/env bash
# The whole test suite: lint, import rules, types, then pytest. No tests collected is a failure.
set -uo pipefail
bin=.venv/bin
"$bin/ruff" check backend valvid_ui infra tests bench || exit 1
"$bin/ruff" format --check backend valvid_ui infra tests bench || exit 1
"$bin/lint-imports" || exit 1
"$bin/mypy" || exit 1
"$bin/pytest" "$@"
status=$?
if [ "$status" -eq 5 ]; then
  echo "pytest collected no tests: failing" >&2
  exit 1
fi
exit "$status"
