#!/usr/bin/env bash
# condnet (CPU backend on oneDNN) against PyTorch (eager, python3-torch) on one model:
# training and inference samples/s with batch 16 of 64^3 binary volumes, both on the same
# threads in the same run. PyTorch is measured twice -- as installed, and with glibc's
# allocator told to keep freed memory (MALLOC_MMAP_MAX_=0 MALLOC_TRIM_THRESHOLD_=...) -- and
# the ratios are held against the faster of the two. condnet is measured in fp32 (the
# ratios) and bf16 (reported), with the fraction of the machine's measured peak FLOP/s.
#
# usage: bench/train_vs_pytorch.sh   (env: BUILD_DIR=build MODEL=models/base.json STEPS=10
#                                     THREADS=2 REPEAT=1)
# REPEAT > 1 runs every measurement that many times, interleaved, and keeps each one's best:
# on a machine shared with other jobs the best run is the least disturbed one.
# Ends with two lines: "train ratio vs pytorch: R" and "inference ratio vs pytorch: R".
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
condnet=${BUILD_DIR:-$root/build}/condnet
model=${MODEL:-$root/models/base.json}
steps=${STEPS:-10}
threads=${THREADS:-2}
repeat=${REPEAT:-1}
batch=16
size=64
python=/usr/bin/python3

[[ -x $condnet ]] || { echo "train_vs_pytorch.sh: $condnet not found; run make build" >&2; exit 2; }
$python -c 'import torch' 2>/dev/null ||
  { echo "train_vs_pytorch.sh: PyTorch not found for $python (install python3-torch)" >&2; exit 2; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export OMP_NUM_THREADS=$threads

echo "model $model, batch $batch, ${size}^3, $threads threads, $steps timed steps, best of $repeat"
run_condnet() {  # precision, run
  "$condnet" bench-train --model "$model" --batch $batch --size $size --precision "$1" \
    --steps "$steps" --warmup 2 --json > "$work/condnet-$1.$2.json"
}
run_pytorch() {  # name, run, then env assignments
  local name=$1 run=$2
  shift 2
  env -u MALLOC_MMAP_MAX_ -u MALLOC_TRIM_THRESHOLD_ "$@" $python "$root/bench/pytorch_train_bench.py" \
    "$model" --batch $batch --size $size --steps "$steps" --warmup 2 --threads "$threads" \
    > "$work/pytorch-$name.$run.json"
}
bf16=0
if "$condnet" info --json | $python -c 'import json,sys; sys.exit(0 if json.load(sys.stdin)["isa"]["avx512_bf16"] else 1)'; then
  bf16=1
fi
for run in $(seq "$repeat"); do
  run_pytorch installed "$run"
  run_pytorch tuned "$run" MALLOC_MMAP_MAX_=0 MALLOC_TRIM_THRESHOLD_=100000000000
  run_condnet fp32 "$run"
  if [[ $bf16 == 1 ]]; then run_condnet bf16 "$run"; fi
done

$python - "$work" <<'PY'
import glob, json, os, sys
work = sys.argv[1]

def best(prefix, key):
    """The run of `prefix` with the highest `key`, and how many runs there were."""
    runs = [json.load(open(p)) for p in sorted(glob.glob(os.path.join(work, prefix + ".*.json")))]
    return max(runs, key=key) if runs else None

installed = best("pytorch-installed", lambda r: r["train_samples_per_second"])
tuned = best("pytorch-tuned", lambda r: r["train_samples_per_second"])
# Inference best-of independently of training.
installed_infer = best("pytorch-installed", lambda r: r["infer_samples_per_second"])
tuned_infer = best("pytorch-tuned", lambda r: r["infer_samples_per_second"])
installed["infer_samples_per_second"] = installed_infer["infer_samples_per_second"]
tuned["infer_samples_per_second"] = tuned_infer["infer_samples_per_second"]
print(f"pytorch {installed['torch']} eager fp32, {installed['threads']} threads")
for name, r in (("as installed", installed), ("allocator tuned", tuned)):
    print(f"  {name:<16} train {r['train_samples_per_second']:7.2f} samples/s   "
          f"inference {r['infer_samples_per_second']:7.2f} samples/s")
best_train = max(installed["train_samples_per_second"], tuned["train_samples_per_second"])
best_infer = max(installed["infer_samples_per_second"], tuned["infer_samples_per_second"])
ratios = {}
for precision in ("bf16", "fp32"):
    r = best(f"condnet-{precision}", lambda r: r["train"]["samples_per_second"])
    if r is None:
        continue
    r_infer = best(f"condnet-{precision}", lambda r: r["infer"]["samples_per_second"])
    train, infer = r["train"], r_infer["infer"]
    peak = max(json.load(open(p))["peak_flops"]
               for p in glob.glob(os.path.join(work, f"condnet-{precision}.*.json")))
    print(f"condnet {precision} on {r['device']}, measured peak {peak / 1e9:.1f} GFLOP/s")
    print(f"  train     {train['samples_per_second']:7.2f} samples/s  "
          f"{train['flops_per_second'] / 1e9:6.1f} GFLOP/s = {100 * train['flops_per_second'] / peak:4.1f}% of peak  "
          f"(arena {train['arena_bytes'] / 2**20:.0f} MiB)")
    print(f"  inference {infer['samples_per_second']:7.2f} samples/s  "
          f"{infer['flops_per_second'] / 1e9:6.1f} GFLOP/s = {100 * infer['flops_per_second'] / peak:4.1f}% of peak")
    ratios[precision] = (train["samples_per_second"] / best_train,
                         infer["samples_per_second"] / best_infer)
if "bf16" in ratios:
    print(f"bf16 train ratio vs pytorch: {ratios['bf16'][0]:.2f}")
    print(f"bf16 inference ratio vs pytorch: {ratios['bf16'][1]:.2f}")
print(f"train ratio vs pytorch: {ratios['fp32'][0]:.2f}")
print(f"inference ratio vs pytorch: {ratios['fp32'][1]:.2f}")
PY
