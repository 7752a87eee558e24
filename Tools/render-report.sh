#!/usr/bin/env bash
# What a board receives: renders the annual reports of the demo register (two organisations,
# 2025 finalised, 2026 beside it) with headless Chromium, as a counsellor would hand them
# out: an A4 PDF per organisation and language (page numbers in the footer), and a PNG of
# each first page to look at. Into the folder given (default ./report-check).
set -euo pipefail
cd "$(dirname "$0")/.."
out="$(realpath -m "${1:-report-check}")"
mkdir -p "$out"

bash Tools/dependencies.sh --chromium
swift build --product vp 2>&1 | tail -n 1
vp=.build/debug/vp

export VP_HOME="$(mktemp -d)/vault" VP_PASSPHRASE="demo passphrase for the report"
trap 'rm -rf "$(dirname "$VP_HOME")"' EXIT
"$vp" init --kdf interactive >/dev/null
"$vp" repl < Tools/demo.vp >/dev/null
"$vp" profile --name "Anna de Vries" --contact "06-12345678, a.devries@example.nl" >/dev/null
for org in "Gemeente Utrecht" "Zorggroep De Linde"; do
    "$vp" report finalize --org "$org" --year 2025 >/dev/null
done
for lang in nl en; do
    "$vp" report --all --year 2026 --format pdf --lang "$lang" -o "$out"
    "$vp" report --all --year 2026 --format html --lang "$lang" -o "$out"
done
sandbox=()
[ "$(id -u)" -ne 0 ] || sandbox=(--no-sandbox)  # Chromium refuses its sandbox as root
for page in "$out"/*.html; do
    chromium --headless "${sandbox[@]}" --disable-gpu --hide-scrollbars --window-size=794,1400 \
        --screenshot="${page%.html}.png" "file://$page" 2>/dev/null
done
ls "$out"
