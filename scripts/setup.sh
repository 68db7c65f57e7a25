#!/usr/bin/env bash
# Installs every Debian package sopengine needs to build, test, benchmark and fuzz; chromium
# (with the software GL it recommends), fonts-liberation, python3-pil and poppler-utils are for
# the test of rendered documents in a browser; postgresql-15 is the server the store's tests start
# (each its own throwaway cluster) and stop; python3-dev, pybind11-dev and python3-pytest build and
# test the Python module, and php8.2-cli (with its FFI) runs the PHP binding.
# Safe to run again: packages already present are skipped, and apt-get runs only when
# something is missing. Needs root (or sudo) when it has to install.
set -euo pipefail

packages=(
    build-essential cmake ninja-build pkg-config
    libboost1.81-dev libpugixml-dev libxml2-dev libspdlog-dev libfmt-dev
    libgtest-dev libgmock-dev libbenchmark-dev
    libxml2-utils clang clang-format clang-tidy libclang-rt-14-dev
    python3 libcli11-dev nlohmann-json3-dev
    python3-dev pybind11-dev python3-pytest php8.2-cli
    libsqlite3-dev sqlite3 libpq-dev libssl-dev postgresql-15
    chromium libgl1-mesa-dri fonts-liberation python3-pil poppler-utils
)

missing=()
for package in "${packages[@]}"; do
    if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed"; then
        missing+=("$package")
    fi
done

if [ ${#missing[@]} -eq 0 ]; then
    exit 0
fi

echo "setup: installing ${missing[*]}" >&2
sudo_cmd=()
if [ "$(id -u)" -ne 0 ]; then
    sudo_cmd=(sudo)
fi
export DEBIAN_FRONTEND=noninteractive
"${sudo_cmd[@]}" apt-get update -qq
"${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
