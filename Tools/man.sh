#!/usr/bin/env bash
# Writes Tools/man/vp.1, vp's man page, from the command definitions (swift-argument-parser's
# generate-manual): run it after changing a command, flag or help text; ManPageTests fails
# until the page lists them. Read it with: man Tools/man/vp.1
set -euo pipefail
cd "$(dirname "$0")/.."
swift build --product vp
swift build --product generate-manual
bin=$(swift build --show-bin-path)
mkdir -p Tools/man
"$bin/generate-manual" "$bin/vp" --date "$(date +%Y-%m-%d)" --authors "Vertrouwd" --output-directory Tools/man
echo "Tools/man/vp.1 written"
