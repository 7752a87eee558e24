#!/usr/bin/env bash
# Release-mode benchmarks. Prints figures only.
#   bash Tools/bench.sh [register|sync|load|all] [--cases N] [--keep]
set -euo pipefail
cd "$(dirname "$0")/.."

bash Tools/dependencies.sh
swift build -c release 2>&1 | tail -n 1
.build/release/vp-bench "${@:-all}" "$(mktemp -d)/bench"
