#!/usr/bin/env bash
# Release-mode benchmarks. Prints figures only.
#   bash Tools/bench.sh [register|sync|import|load|live|cluster|all] [--cases N] [--keep]
# cluster runs two relay instances on a throwaway PostgreSQL cluster of its own (fsync on).
set -euo pipefail
cd "$(dirname "$0")/.."

bash Tools/dependencies.sh --postgresql
swift build -c release 2>&1 | tail -n 1
cluster=$(bash Tools/postgres.sh start --durable)
trap 'bash Tools/postgres.sh stop "${cluster#* }"' EXIT
export VP_BENCH_POSTGRES="${cluster% *}"
.build/release/vp-bench "${@:-all}" "$(mktemp -d)/bench"
