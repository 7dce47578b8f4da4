#!/usr/bin/env bash
# The pipeline bubble, measured against theory: bench/models/uniform-blocks.json (seven equal
# 3x3x3 convolutions of 16 channels at 32^3) split in 2 stages of one core each, balanced by
# measured layer times, micro-batch 2, M = 2, 4, 8 and 16 micro-batches per step, both
# schedules. Prints the measured bubble (1 - sum of stage busy time / (S x wall time)), the
# theoretical (S-1)/(M+S-1), their difference in points, and each stage's busy share.
# Other processes on the cores distort every figure: run it on an idle machine.
# Usage: bench/bubble.sh [BUILD_DIR]
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
build="${1:-$here/build}"
condnet="$build/condnet"
[[ -x "$condnet" ]] || { echo "bubble: $condnet not found; build first" >&2; exit 2; }
[[ "$(nproc)" -ge 2 ]] || { echo "bubble: needs 2 cores, found $(nproc)" >&2; exit 2; }

printf "%-9s %3s %9s %9s %8s %s\n" schedule M measured theory points "stage busy"
for schedule in 1f1b gpipe; do
  for m in 2 4 8 16; do
    "$condnet" bench-pipeline --model "$here/bench/models/uniform-blocks.json" --split balanced \
      --schedule "$schedule" --micro-batch 2 --micro-batches "$m" --warmup 1 --steps 3 --json |
      /usr/bin/python3 -c '
import json, sys
d = json.load(sys.stdin)
p = d["pipelined"]
wall = p["wall_seconds"]
busy = " ".join("%.0f%%" % (100 * s["busy_seconds"] / wall) for s in p["stages"])
bubble, theory = p["bubble"], p["theoretical_bubble"]
print("%-9s %3s %9.3f %9.3f %+8.1f %s" % (sys.argv[1], sys.argv[2], bubble, theory,
                                         100 * (bubble - theory), busy))' "$schedule" "$m"
  done
done
