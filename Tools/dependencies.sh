#!/usr/bin/env bash
# Installs the system libraries vp builds against, if they are missing (Debian/apt).
#   bash Tools/dependencies.sh [--postgresql] [--chromium]
# --postgresql adds the server the tests and the cluster benchmark start (Tools/postgres.sh);
# --chromium the browser that prints 'vp report --format pdf' (the tests print one).
set -euo pipefail

packages=(libsodium-dev libsqlite3-dev zlib1g-dev pkg-config openssl)  # zlib: .xlsx files; openssl: the TLS test makes its certificate
for option in "$@"; do
    case "$option" in
        --postgresql) packages+=(postgresql) ;;
        --chromium) packages+=(chromium) ;;
        *) echo "Unknown option $option; use --postgresql and/or --chromium." >&2; exit 64 ;;
    esac
done
missing=()
for package in "${packages[@]}"; do
    dpkg -s "$package" >/dev/null 2>&1 || missing+=("$package")
done
if [ ${#missing[@]} -gt 0 ]; then
    echo "Installing: ${missing[*]}"
    sudo_cmd=""
    [ "$(id -u)" -eq 0 ] || sudo_cmd="sudo"
    $sudo_cmd apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq "${missing[@]}"
fi
