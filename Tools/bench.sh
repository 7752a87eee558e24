#!/usr/bin/env bash
# Release-mode benchmarks of the register (issue 2 targets). Prints figures only.
set -euo pipefail
cd "$(dirname "$0")/.."

bash Tools/dependencies.sh
swift build -c release --product vp 2>&1 | tail -n 1
swift build -c release --product vp-bench 2>&1 | tail -n 1
.build/release/vp-bench "$(mktemp -d)/home"
