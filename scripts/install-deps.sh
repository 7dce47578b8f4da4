#!/usr/bin/env bash
# Installs the Debian packages condnet needs, only those missing; sudo only when not root.
set -euo pipefail
packages=(
  build-essential cmake ninja-build pkg-config unzip
  libdnnl-dev libhypre-dev libopenmpi-dev openmpi-bin libhdf5-dev libtiff-dev
  nlohmann-json3-dev libcli11-dev libfmt-dev libgtest-dev libgmock-dev libbenchmark-dev
  python3 python3-numpy python3-torch
)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[[ ${#missing[@]} -eq 0 ]] && exit 0
echo "condnet: installing ${missing[*]}"
sudo=""
[[ $(id -u) -ne 0 ]] && sudo="sudo"
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
