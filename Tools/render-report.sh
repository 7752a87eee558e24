#!/usr/bin/env bash
# Renders the HTML annual report of a demo vault with headless Chromium, to look at it as a
# counsellor would: PNG screenshots and an A4 PDF in the folder given (default ./report-check).
set -euo pipefail
cd "$(dirname "$0")/.."
out="$(realpath -m "${1:-report-check}")"
mkdir -p "$out"

bash Tools/dependencies.sh
command -v chromium >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; }
swift build --product vp 2>&1 | tail -n 1

export VP_HOME="$(mktemp -d)/vault" VP_PASSPHRASE="demo passphrase for the report"
trap 'rm -rf "$(dirname "$VP_HOME")"' EXIT
.build/debug/vp init --kdf interactive >/dev/null
.build/debug/vp repl < Tools/demo.vp >/dev/null
for lang in nl en; do
    .build/debug/vp report --org "Gemeente Utrecht" --year 2026 --format html --lang "$lang" -o "$out/report-$lang.html"
    chromium --headless --no-sandbox --disable-gpu --hide-scrollbars --window-size=794,2200 \
        --screenshot="$out/report-$lang.png" "file://$out/report-$lang.html" 2>/dev/null
    chromium --headless --no-sandbox --disable-gpu --no-pdf-header-footer \
        --print-to-pdf="$out/report-$lang.pdf" "file://$out/report-$lang.html" 2>/dev/null
done
echo "Wrote $out/report-{nl,en}.{html,png,pdf}"
