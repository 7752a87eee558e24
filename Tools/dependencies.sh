#!/usr/bin/env bash
# Installs the system libraries vp builds against, if they are missing (Debian/apt).
set -euo pipefail

missing=()
# openssl: the TLS test makes its certificate as an operator would.
# postgresql: the relay's storage contract is tested against it too (Tools/postgres.sh).
for package in libsodium-dev libsqlite3-dev pkg-config openssl postgresql; do
    dpkg -s "$package" >/dev/null 2>&1 || missing+=("$package")
done
if [ ${#missing[@]} -gt 0 ]; then
    echo "Installing: ${missing[*]}"
    sudo_cmd=""
    [ "$(id -u)" -eq 0 ] || sudo_cmd="sudo"
    $sudo_cmd apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq "${missing[@]}"
fi
