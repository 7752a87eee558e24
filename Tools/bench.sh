#!/usr/bin/env bash
# Release-mode benchmarks (issues 2 and 3). Prints figures only.
#   bash Tools/bench.sh [register|sync|load|all]
set -euo pipefail
cd "$(dirname "$0")/.."

bash Tools/dependencies.sh
swift build -c release 2>&1 | tail -n 1
.build/release/vp-bench "${1:-all}" "$(mktemp -d)/bench"
