#!/usr/bin/env bash
# Installs what is missing, builds everything and runs the whole test suite.
set -euo pipefail
cd "$(dirname "$0")/.."

bash Tools/dependencies.sh --postgresql --chromium
# Build first: the process tests run the vp executable next to the test bundle.
swift build --build-tests --explicit-target-dependency-import-check error
# The relay's storage contract runs against PostgreSQL too: a throwaway cluster of our own.
cluster=$(bash Tools/postgres.sh start)
trap 'bash Tools/postgres.sh stop "${cluster#* }"' EXIT
export VP_TEST_POSTGRES="${cluster% *}"
swift test --skip-build
