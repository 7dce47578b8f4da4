#!/usr/bin/env bash
# Labelled samples per second of `condnet label` on 64^3 mixed data (`generate --family mix`,
# every family, default parameters): all three axes per sample, labels written to the dataset.
# Generates COUNT samples once, then labels a fresh copy with 1 worker thread and with all
# cores, each timed by /usr/bin/time: samples per wall second and per CPU second (user +
# system; robust to other jobs sharing the cores).
# Usage: bench/label_rate.sh [BUILD_DIR] [COUNT]
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
build="${1:-$here/build}"
count="${2:-200}"
condnet="$build/condnet"
[[ -x "$condnet" ]] || { echo "label_rate: $condnet not found; build first" >&2; exit 2; }
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cores="$(nproc)"

"$condnet" generate --family mix --size 64 --count "$count" --seed 1 --quiet \
  -o "$work/mixed.h5" >/dev/null

# One run: "samples/wall-second samples/CPU-second".
rate() {
  local threads="$1"
  cp "$work/mixed.h5" "$work/run.h5"
  /usr/bin/time -f '%e %U %S' -o "$work/time" "$condnet" label "$work/run.h5" \
    --threads "$threads" --quiet >/dev/null
  awk -v n="$count" '{ printf "%.1f %.1f", n / $1, n / ($2 + $3) }' "$work/time"
}

echo "condnet label, 64^3 mix, $count samples, 3 axes each," \
  "$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//'), $cores cores"
printf '%-12s %16s %16s\n' threads "samples/wall-s" "samples/CPU-s"
for threads in 1 "$cores"; do
  read -r wall cpu <<<"$(rate "$threads")"
  printf '%-12s %16s %16s\n' "$threads" "$wall" "$cpu"
done
