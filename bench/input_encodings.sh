#!/usr/bin/env bash
# What each input encoding (docs/surrogate.md, surrogate/input_encoding.hpp) buys: the same
# model (models/fast.json), data, seed and epochs trained once per encoding, then evaluated on
#   test   the held-out test split of the training recipe (six families, 48^3, porosity drawn
#          per sample, models/pretrained/reproduce.sh's settings);
#   fresh  a fresh seed of `generate --family mix` with every family's default parameters.
# Prints R^2, MAPE (D_eff >= 0.05) and the largest D_eff predicted on non-percolating axes per
# encoding and set, and MAPE per family on the test split. Generated data only.
# Usage: bench/input_encodings.sh [WORKDIR] [COUNT_PER_FAMILY] [EPOCHS]   (defaults
# /tmp/condnet-encodings, 400, 12); data and labels in WORKDIR are reused when present.
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
c=$repo/build/condnet
work=${1:-/tmp/condnet-encodings}
count=${2:-400}
epochs=${3:-12}
[[ -x "$c" ]] || { echo "input_encodings: $c not found; build first" >&2; exit 2; }
mkdir -p "$work" && cd "$work"

# Generates and labels FILE unless a labelled FILE is already there.
dataset() {
  local file=$1; shift
  if [[ ! -e "$file.done" ]]; then
    rm -f "$file"
    "$c" generate "$@" --size 48 --quiet -o "$file"
    "$c" label --quiet "$file"
    touch "$file.done"
  fi
}
common=(--count "$count" --split 0.7,0.1,0.2)
dataset spheres.h5 --family overlapping-spheres --porosity 0.2:0.9 --radius 3:6 --seed 101 "${common[@]}"
dataset packed.h5 --family packed-spheres --porosity 0.7:0.95 --radius 3:5 --seed 102 "${common[@]}"
dataset gaussian.h5 --family gaussian-field --porosity 0.2:0.9 --correlation-length 4 --seed 103 "${common[@]}"
dataset fibres.h5 --family fibres --porosity 0.4:0.9 --radius 2 --length 64 --seed 104 "${common[@]}"
dataset ellipsoids.h5 --family ellipsoids --porosity 0.4:0.9 --semi-axes 8,8,2 --orientation isotropic --seed 105 "${common[@]}"
dataset electrode.h5 --family electrode --porosity 0.25:0.6 --binder 0.05:0.15 --radius 4:8 --seed 106 "${common[@]}"
dataset fresh.h5 --family mix --count 300 --seed 987654 --split 0,0,1
files=(spheres.h5 packed.h5 gaussian.h5 fibres.h5 ellipsoids.h5 electrode.h5)
data=()
for f in "${files[@]}"; do data+=(--data "$f"); done

for encoding in phase spanning; do
  run=run-$encoding
  if [[ ! -e $run/best.safetensors ]]; then
    rm -rf "$run"
    "$c" train "${data[@]}" --model "$repo/models/fast.json" --input "$encoding" -o "$run" \
      --epochs "$epochs" --batch 16 --lr 2e-3 --seed 1 --quiet
  fi
  "$c" evaluate "$run" "${files[@]}" --split test --json-out "$run/test.json" > /dev/null
  "$c" evaluate "$run" fresh.h5 --split test --json-out "$run/fresh.json" > /dev/null
done

/usr/bin/python3 - "${files[@]}" <<'PY'
import json
def load(run, name):
    return json.load(open(f"{run}/{name}.json"))
def off_spanning_max(report):
    zeros = [p["d_eff_pred"] for p in report["parity"] if p["d_eff_true"] == 0]
    return (max(zeros) if zeros else float("nan")), len(zeros)
def fmt(v, spec):
    return "n/a" if v is None else format(v, spec)
print("| encoding | set | samples | R^2 D_eff | MAPE D_eff % | MAPE tau % | max D_eff predicted off-spanning (axes) | samples/s |")
print("|---|---|---|---|---|---|---|---|")
for enc in ("phase", "spanning"):
    for name in ("test", "fresh"):
        r = load(f"run-{enc}", name)
        o = r["overall"]
        worst, n = off_spanning_max(r)
        print(f"| {enc} | {name} | {r['samples']} | {fmt(o['d_eff']['r2'], '.4f')} | "
              f"{fmt(o['d_eff']['mape'], '.2f')} | {fmt(o['tau']['mape'], '.2f')} | "
              f"{worst:.3g} ({n}) | {r['throughput']['samples_per_second']:.0f} |")
print()
fams = sorted(load("run-phase", "test")["per_family"])
print("| encoding | set | " + " | ".join(fams) + " |")
print("|---|---|" + "---|" * len(fams))
for enc in ("phase", "spanning"):
    for name in ("test", "fresh"):
        pf = load(f"run-{enc}", name)["per_family"]
        cells = [fmt(pf[f]["d_eff"]["mape"], ".2f") if f in pf else "" for f in fams]
        print(f"| {enc} | {name} MAPE % | " + " | ".join(cells) + " |")
PY
