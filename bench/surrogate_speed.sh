#!/usr/bin/env bash
# Surrogate against solver samples per second, one run, the same cores (issue 13, item 7): at
# 48^3 and 64^3, COUNT generated samples (`generate --family mix --seed 1`) labelled by the
# solver (`condnet label`, all cores, all three axes), then predicted by the surrogate
# (`condnet evaluate --split all`: the labelled file given REPEAT times, fp32 and bf16).
# At 48^3 the shipped models/pretrained/fast-48, base-48 and ensemble-48; at 64^3, where no trained model
# ships yet, models/fast.json and base.json after one training step on these samples (same
# architecture and cost as a trained one; their accuracy means nothing and is not shown), and
# models/lean.json, the architecture of ensemble-48's members, likewise.
# Two figures per row, with the ratio of each:
#   - samples per wall second on all cores: label's wall time; evaluate's prediction throughput
#     (its JSON "throughput": the network only, not reading the file or loading the model);
#   - samples per CPU second on one core, robust to other jobs on the cores: label's user +
#     system time; for the surrogate (OMP_NUM_THREADS=1, so no OpenMP thread spins) the CPU
#     time of evaluate with the file REPEAT times minus once, over the (REPEAT - 1) COUNT
#     samples that differ (loading costs cancel).
# "uncertainty" says whether the evaluation carried intervals (d_eff_std / d_eff_lo, d_eff_hi):
# the issue's target, >= 100x, is for the full answer with them.
# Usage: bench/surrogate_speed.sh [--count N] [--repeat R] [--out DIR] [--build DIR]
#   defaults: --count 40, --repeat 12, --out bench-out/surrogate-speed (the table as
#   surrogate-speed.json/.md; the work files go into a temporary folder there, removed after)
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
count=40 repeat=12 out="$here/bench-out/surrogate-speed" build="$here/build"
while (($#)); do
  case "$1" in
    --count | --repeat | --out | --build)
      (($# >= 2)) || { echo "surrogate_speed: $1 needs a value" >&2; exit 2; }
      declare "${1#--}=$2"
      shift 2
      ;;
    -h | --help) sed -n '2,21p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "surrogate_speed: unknown option $1; allowed: --count --repeat --out --build" >&2; exit 2 ;;
  esac
done
[[ "$count" =~ ^[1-9][0-9]*$ ]] || { echo "surrogate_speed: --count $count: a positive integer is allowed" >&2; exit 2; }
[[ "$repeat" =~ ^[0-9]+$ ]] && ((repeat >= 2)) || { echo "surrogate_speed: --repeat $repeat: an integer >= 2 is allowed" >&2; exit 2; }
condnet="$build/condnet"
python=/usr/bin/python3  # Debian's: only the json module is used
[[ -x "$condnet" ]] || { echo "surrogate_speed: $condnet not found; build first" >&2; exit 2; }
mkdir -p "$out"
work="$(mktemp -d "$out/work.XXXXXX")"  # samples, runs, evaluations; removed at the end
trap 'rm -rf "$work"' EXIT
records="$work/records.tsv"
: >"$records"
load_before="$(cut -d' ' -f1-3 /proc/loadavg)"

# Runs a command (its output discarded) and sets wall and cpu (user + system) to its seconds.
timed() {
  /usr/bin/time -f '%e %U %S' -o "$work/time" "$@" >/dev/null
  read -r wall cpu <<<"$(awk '{ printf "%s %.2f", $1, $2 + $3 }' "$work/time")"
}

for size in 48 64; do
  samples="$work/mix-$size.h5"
  "$condnet" generate --family mix --size "$size" --count "$count" --seed 1 --quiet -o "$samples" >/dev/null
  timed "$condnet" label "$samples" --quiet
  printf 'solver\t%s\t%s\t%s\t%s\n' "$size" "$count" "$wall" "$cpu" >>"$records"
  echo "surrogate_speed: ${size}^3: solver labelled $count samples in $wall s" >&2
  if ((size == 48)); then
    models=("$here/models/pretrained/fast-48" "$here/models/pretrained/base-48")
    # The recommended ensemble: five networks with intervals, the full answer.
    [[ -d "$here/models/pretrained/ensemble-48" ]] && models+=("$here/models/pretrained/ensemble-48")
  else
    models=()
    for arch in fast base lean; do
      "$condnet" train --data "$samples" --model "$here/models/$arch.json" --max-steps 1 --batch 2 \
        -o "$work/$arch-64-one-step" >"$work/train-$arch.log" 2>&1 ||
        { cat "$work/train-$arch.log" >&2; exit 1; }
      models+=("$work/$arch-64-one-step")
    done
  fi
  files=()
  for ((i = 0; i < repeat; i++)); do files+=("$samples"); done
  for model in "${models[@]}"; do
    for precision in fp32 bf16; do
      name="$(basename "$model")"
      evaluation="$work/$name-$size-$precision.json"
      "$condnet" evaluate "$model" "${files[@]}" --split all --precision "$precision" \
        --json-out "$evaluation" >/dev/null
      OMP_NUM_THREADS=1 timed "$condnet" evaluate "$model" "$samples" --split all --precision "$precision"
      cpu_once="$cpu"
      OMP_NUM_THREADS=1 timed "$condnet" evaluate "$model" "${files[@]}" --split all --precision "$precision"
      cpu_repeated="$cpu"
      printf 'surrogate\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$size" "$name" "$precision" "$evaluation" \
        "$(((repeat - 1) * count))" "$cpu_once" "$cpu_repeated" >>"$records"
      echo "surrogate_speed: ${size}^3: $name $precision done" >&2
    done
  done
done
"$python" -B "$here/bench/surrogate_speed_table.py" "$records" --out "$out/surrogate-speed" \
  --machine "$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//'), $(nproc) cores" \
  --load "$load_before -> $(cut -d' ' -f1-3 /proc/loadavg)" --count "$count" --repeat "$repeat"
