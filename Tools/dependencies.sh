#!/usr/bin/env bash
# Installs the system libraries vp builds against, if they are missing (Debian/apt).
#   bash Tools/dependencies.sh [--postgresql]
# --postgresql adds the server the tests and the cluster benchmark start (Tools/postgres.sh).
set -euo pipefail

packages=(libsodium-dev libsqlite3-dev pkg-config openssl)  # openssl: the TLS test makes its certificate
[ "${1:-}" != "--postgresql" ] || packages+=(postgresql)
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
