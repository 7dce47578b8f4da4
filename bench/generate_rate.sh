#!/usr/bin/env bash
# Samples per second of `condnet generate` for every family at 64^3 (default parameters),
# dataset writing (gzip level 4, HDF5) included: on one worker thread, as samples per wall
# second and per CPU second (user + system; robust to other jobs sharing the cores), and on
# all cores per wall second. Each run makes COUNT samples into a temporary dataset, timed as a
# whole by /usr/bin/time, so start-up and commit are charged too.
# Usage: bench/generate_rate.sh [BUILD_DIR] [COUNT]
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
build="${1:-$here/build}"
count="${2:-500}"
condnet="$build/condnet"
[[ -x "$condnet" ]] || { echo "generate_rate: $condnet not found; build first" >&2; exit 2; }
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cores="$(nproc)"

# One run: "samples/wall-second samples/CPU-second".
rate() {
  local threads="$1" family="$2"
  /usr/bin/time -f '%e %U %S' -o "$work/time" "$condnet" generate --family "$family" \
    --size 64 --count "$count" --threads "$threads" --quiet -o "$work/data.h5" >/dev/null
  awk -v n="$count" '{ printf "%.0f %.0f", n / $1, n / ($2 + $3) }' "$work/time"
}

echo "condnet generate, 64^3, $count samples per run, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')"
printf '%-22s %16s %16s %18s\n' family "1 thread /wall-s" "1 thread /CPU-s" \
  "$cores threads /wall-s"
for family in overlapping-spheres packed-spheres gaussian-field fibres ellipsoids electrode grain-pack \
  calendered foam mix; do
  read -r one_wall one_cpu <<<"$(rate 1 "$family")"
  read -r all_wall _ <<<"$(rate "$cores" "$family")"
  printf '%-22s %16s %16s %18s\n' "$family" "$one_wall" "$one_cpu" "$all_wall"
done
