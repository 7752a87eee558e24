#!/usr/bin/env bash
# Installs what is missing, builds vp (release) and opens the prompt on the default vault,
# creating the vault first if there is none. VP_HOME chooses another vault folder.
set -euo pipefail
cd "$(dirname "$0")/.."

bash Tools/dependencies.sh
echo "Building vp (release; the first build takes a few minutes)…"
swift build -c release --product vp 2>&1 | tail -n 1
vp=".build/release/vp"
home="${VP_HOME:-$HOME/.local/share/vertrouwd}"

if [ ! -t 0 ]; then
    echo "Built $vp. Run it on a terminal: $vp init, then $vp (opens the prompt)."
    exit 0
fi
if [ ! -f "$home/vault.sqlite" ]; then
    echo "No vault in $home yet: creating one. Choose a passphrase of four or five unrelated words (vp refuses one that is easy to guess)."
    "$vp" init
    read -r -p "Fill it with a small demo register (two organisations, made-up cases of 2025 and 2026)? [y/N] " answer
    if [[ "$answer" =~ ^[yYjJ] ]]; then
        "$vp" unlock --for 30m
        "$vp" repl < Tools/demo.vp > /dev/null
        echo "Demo loaded. Try: case list, case show 2026-001, report --org \"Gemeente Utrecht\" --year 2026"
    fi
fi
echo "Opening the prompt. Try: org add \"Gemeente Utrecht\", case open --org \"Gemeente Utrecht\", case list, help, exit."
exec "$vp" repl
