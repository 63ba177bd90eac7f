#!/usr/bin/env bash
# The app image's build steps, run in its WORKDIR by Dockerfile and, outside Docker, by
# tests/aws/test_app_image.py in a folder laid out as the Dockerfile's COPY lines lay it:
# install Valvid as a package (not editable), then compile and build the Reflex frontend into
# .web so that a starting task only serves (`valvid serve`).
set -euo pipefail
python=${PYTHON:-python3}
"$python" -m pip install --no-cache-dir .
scripts=$("$python" -c 'import sysconfig; print(sysconfig.get_path("scripts"))')
# The built frontend is the same in every mode; local mode needs no cloud while building.
# Only the build is kept: packages and their download cache go (unless a cache dir is given).
scratch=$(mktemp -d)
export BUN_INSTALL_CACHE_DIR=${BUN_INSTALL_CACHE_DIR:-$scratch/bun-cache}
VALVID_MODE=local VALVID_DATA_DIR="$scratch/data" "$scripts/valvid" build
rm -rf "$scratch" .web/node_modules
