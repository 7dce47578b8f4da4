#!/usr/bin/env bash
# Device iterations: what running K optimizer steps per host call buys on this machine.
# Trains models/fast.json for one epoch on 32^3 samples with micro-batch 4 (small steps, so
# host work between steps weighs the most it can) at K = 1, 4 and 16, one process and, when
# mpirun is there, 2 replicas of one core each; the runs alternate and repeat (REPEATS, 3).
# Prints per run: host calls, seconds inside the device calls, seconds of host work between
# them (loader hand-over, input copies, the loss and Ctrl-C syncs -- MPI collectives with
# replicas -- progress, checkpoints), and samples/s over both; then the median ratio K / K=1.
# Other processes on the cores distort every figure: run it on an idle machine.
# Usage: bench/device_iterations.sh [BUILD_DIR] [WORK_DIR]
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
build="${1:-$here/build}"
work="${2:-$(mktemp -d)}"
repeats="${REPEATS:-3}"
condnet="$build/condnet"
[[ -x "$condnet" ]] || { echo "device_iterations: $condnet not found; build first" >&2; exit 2; }
mkdir -p "$work"
data="$work/spheres-32.h5"
if [[ ! -f "$data" ]]; then
  "$condnet" generate --family overlapping-spheres --porosity 0.3:0.9 --radius 2:4 --size 32 \
    --count 640 --split 0.9,0.1,0 --seed 3 --quiet -o "$data"
  "$condnet" label --quiet "$data"
fi

mpi=()
if command -v mpirun > /dev/null; then
  mpi=(mpirun --oversubscribe --allow-run-as-root -np 2 --mca btl self,vader,tcp -x OMP_NUM_THREADS=1)
fi
results="$work/results.jsonl"
: > "$results"
for repeat in $(seq "$repeats"); do
  for replicas in 1 2; do
    [[ $replicas == 2 && ${#mpi[@]} == 0 ]] && continue
    for k in 1 4 16; do
      run="$work/run-r$replicas-k$k-$repeat"
      rm -rf "$run"
      launcher=()
      [[ $replicas == 2 ]] && launcher=("${mpi[@]}")
      "${launcher[@]}" "$condnet" train --data "$data" --model "$here/models/fast.json" \
        --batch 4 --epochs 1 --lr-schedule constant --warmup 0 --checkpoint-every 0 \
        --device-iterations "$k" --quiet -o "$run" > /dev/null
      /usr/bin/python3 -c '
import json, sys
line = json.loads(open(sys.argv[1]).readline())
line.update(replicas=int(sys.argv[2]), k=int(sys.argv[3]), repeat=int(sys.argv[4]))
print(json.dumps(line))' "$run/metrics.jsonl" "$replicas" "$k" "$repeat" >> "$results"
      rm -rf "$run"
    done
  done
done

/usr/bin/python3 - "$results" << 'EOF'
import json, statistics, sys
rows = [json.loads(l) for l in open(sys.argv[1])]
print(f"{'replicas':>8} {'K':>3} {'calls':>6} {'device s':>9} {'host s':>7} {'host %':>7} {'samples/s':>10}")
rate = {}
for r in rows:
    wall = r["device_call_seconds"] + r["host_seconds"]
    samples = r["step"] * 4 * r["replicas"]
    r["rate"] = samples / wall
    rate.setdefault((r["replicas"], r["k"]), []).append(r["rate"])
    print(f"{r['replicas']:>8} {r['k']:>3} {r['host_calls']:>6} {r['device_call_seconds']:>9.2f} "
          f"{r['host_seconds']:>7.3f} {100 * r['host_seconds'] / wall:>6.2f}% {r['rate']:>10.1f}")
print("median samples/s and ratio to K = 1:")
for (replicas, k), values in sorted(rate.items()):
    base = statistics.median(rate[(replicas, 1)])
    median = statistics.median(values)
    print(f"  replicas {replicas}, K {k:>2}: {median:8.1f} samples/s, x{median / base:.3f}")
EOF
