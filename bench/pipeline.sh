#!/usr/bin/env bash
# Pipeline-parallel training throughput of models/base.json on this machine: 2 stages of one
# core each (split at the model's stage marker, then balanced by measured layer times; both
# schedules) against one stage on both cores, micro-batch 4, 8 micro-batches per step.
# Prints samples/s of each, their ratio, per-stage utilisation, FLOP rate and the bubble.
# Other processes on the cores distort every figure: run it on an idle machine.
# Usage: bench/pipeline.sh [BUILD_DIR] [SIZE]
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
build="${1:-$here/build}"
size="${2:-48}"
condnet="$build/condnet"
[[ -x "$condnet" ]] || { echo "pipeline: $condnet not found; build first" >&2; exit 2; }
[[ "$(nproc)" -ge 2 ]] || { echo "pipeline: needs 2 cores, found $(nproc)" >&2; exit 2; }

for split in markers balanced; do
  for schedule in 1f1b gpipe; do
    echo "== split $split, schedule $schedule"
    "$condnet" bench-pipeline --model "$here/models/base.json" --size "$size" --stages 2 \
      --split "$split" --schedule "$schedule" --micro-batch 4 --micro-batches 8 --warmup 1 \
      --steps 3
  done
done
