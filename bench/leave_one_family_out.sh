#!/usr/bin/env bash
# How the surrogate and its intervals hold on a structure family it has never seen: for each
# FAMILY, an ensemble trained on every other family of the dataset (`train --exclude-family`;
# `condnet ensemble` then calibrates on the val split and fits the domain on the train split of
# those families only), evaluated on the left-out family's test split. Prints per family: MAPE
# and R^2 of the surrogate's answers, the coverage of its 90% intervals, the axes the ensemble
# hands to the solver, and the MAPE of the answers with that hand-over (--fallback solve).
# Generated data only.
# Usage: bench/leave_one_family_out.sh DATA.h5 WORKDIR MEMBERS EPOCHS FAMILY...
#   e.g. bench/leave_one_family_out.sh /tmp/condnet-pretrained/mix48.h5 /tmp/lofo 3 6 grain-pack
# Runs in WORKDIR are reused (an interrupted one is resumed).
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
c=$repo/build/condnet
(($# >= 5)) || { echo "usage: bench/leave_one_family_out.sh DATA.h5 WORKDIR MEMBERS EPOCHS FAMILY..." >&2; exit 2; }
data=$(realpath "$1") work=$2 members=$3 epochs=$4
shift 4
mkdir -p "$work" && cd "$work"
rows=()
for family in "$@"; do
  runs=()
  for seed in $(seq 1 "$members"); do
    run=without-$family-$seed
    if [[ -e $run/run.json ]]; then
      $c train --resume $run --quiet
    else
      $c train --data "$data" --exclude-family "$family" --model "$repo/models/fast.json" \
        --epochs "$epochs" --batch 16 --lr 2e-3 --seed "$seed" --quiet -o $run
    fi
    runs+=($run)
  done
  rm -rf ensemble-without-$family
  $c ensemble "${runs[@]}" -o ensemble-without-$family > /dev/null
  $c evaluate ensemble-without-$family "$data" --split test --family "$family" \
    --json-out $family.json > /dev/null
  $c evaluate ensemble-without-$family "$data" --split test --family "$family" --fallback solve \
    --json-out $family-fallback.json > /dev/null
  rows+=("$family")
done
/usr/bin/python3 - "${rows[@]}" <<'PY'
import json, sys
print("| left out | test axes | R^2 D_eff | MAPE D_eff % | 90% coverage | handed to the solver | MAPE with hand-over % |")
print("|---|---|---|---|---|---|---|")
for family in sys.argv[1:]:
    plain = json.load(open(f"{family}.json"))
    fallback = json.load(open(f"{family}-fallback.json"))
    o, c = plain["overall"], plain["overall"]["coverage"]
    print(f"| {family} | {o['d_eff']['count']} | {o['d_eff']['r2']:.4f} | {o['d_eff']['mape']:.2f} | "
          f"{c['fraction']:.3f} ({c['axes']} axes) | {plain['handed_over']} | "
          f"{fallback['overall']['d_eff']['mape']:.2f} |")
PY
