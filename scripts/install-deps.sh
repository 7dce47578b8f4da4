#!/usr/bin/env bash
# Installs the Debian packages condnet needs, only those missing; sudo only when not root.
#   scripts/install-deps.sh          what `make build`, `make demo` and `make test` need
#   scripts/install-deps.sh fuzz     also clang's libFuzzer, for `make fuzz`
#   scripts/install-deps.sh fresh    also debootstrap, for scripts/check-fresh-machine.sh
# Packages are installed without their "Recommends", as on a minimal machine: every package
# the build or the tests use is named here, even one that another package merely recommends
# (ocl-icd-opencl-dev: Debian's oneDNN CMake config looks for OpenCL; time: the benches measure
# peak memory with /usr/bin/time, and `make test` runs them; python3-dev: the Python module's
# headers, which pybind11-dev only recommends). python3-vtk9 and python3-pil are for the tests
# only: VTK and Pillow read back the .vti and .png fields condnet writes.
set -euo pipefail
packages=(
  build-essential cmake ninja-build pkg-config unzip time
  libdnnl-dev ocl-icd-opencl-dev libhypre-dev libopenmpi-dev openmpi-bin libhdf5-dev
  libtiff-dev libpng-dev nlohmann-json3-dev libcli11-dev libfmt-dev
  libgtest-dev libgmock-dev libbenchmark-dev
  python3 python3-numpy python3-torch python3-vtk9 python3-pil
  python3-dev pybind11-dev python3-pybind11 python3-pytest python3-setuptools python3-wheel
  python3-venv python3-pip
  chromium
)
for group in "$@"; do
  case "$group" in
    fuzz) packages+=(clang libclang-rt-14-dev libfuzzer-14-dev) ;;
    fresh) packages+=(debootstrap) ;;
    *) echo "install-deps.sh: unknown group '$group'; allowed: fuzz, fresh" >&2; exit 2 ;;
  esac
done
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
