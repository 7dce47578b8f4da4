#!/usr/bin/env bash
# How the surrogate and its intervals hold on a structure family it has never seen: for each
# FAMILY, an ensemble trained on every other family of the dataset (`train --exclude-family`;
# `condnet ensemble` then calibrates on the val split and fits the domain on the train split of
# those families only), evaluated on the left-out family's test split. Prints per family: MAPE
# and R^2 of the surrogate's answers, the coverage of its 90% intervals, the axes the ensemble
# hands to the solver, and the MAPE of the answers with that hand-over (--fallback solve).
# With two or more families, also the coverage with held-out calibration, nested: family F's
# ensemble calibrated (`condnet ensemble --held-out`) on the other families' ensembles' scores on
# the family each never saw, so that nothing of F enters its own calibration.
# Generated data only.
# Usage: bench/leave_one_family_out.sh [--model MODEL.json] DATA.h5 WORKDIR MEMBERS EPOCHS FAMILY...
#   e.g. bench/leave_one_family_out.sh /tmp/condnet-pretrained/mix48.h5 /tmp/lofo 3 6 grain-pack foam
#   --model: the members' architecture (default models/fast.json)
# The table goes to stdout, the training lines to stderr. Runs and ensembles in WORKDIR are
# reused (an interrupted run is resumed); the held-out calibrated ensembles and the
# evaluations are redone every time.
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
c=$repo/build/condnet
model=$repo/models/fast.json
if [[ ${1:-} == --model ]]; then
  (($# >= 2)) || { echo "leave_one_family_out: --model needs a value" >&2; exit 2; }
  model=$(realpath "$2")
  [[ -f $model ]] || { echo "leave_one_family_out: --model $2: no such file; a model JSON (models/*.json) is allowed" >&2; exit 2; }
  shift 2
fi
(($# >= 5)) || { echo "usage: bench/leave_one_family_out.sh [--model MODEL.json] DATA.h5 WORKDIR MEMBERS EPOCHS FAMILY..." >&2; exit 2; }
data=$(realpath "$1") work=$2 members=$3 epochs=$4
shift 4
families=("$@")
mkdir -p "$work" && cd "$work"
runs_of() { for seed in $(seq 1 "$members"); do echo "without-$1-$seed"; done; }
for family in "${families[@]}"; do
  for run in $(runs_of "$family"); do
    if [[ -e $run/run.json ]]; then
      $c train --resume $run --quiet >&2  # finishes an interrupted run; a finished one stays
    else
      $c train --data "$data" --exclude-family "$family" --model "$model" \
        --epochs "$epochs" --batch 16 --lr 2e-3 --seed "${run##*-}" --quiet -o $run >&2
    fi
  done
  [[ -e ensemble-without-$family/ensemble.json ]] ||
    $c ensemble $(runs_of "$family") -o ensemble-without-$family > /dev/null
  $c evaluate ensemble-without-$family "$data" --split test --family "$family" \
    --json-out $family.json > /dev/null
  $c evaluate ensemble-without-$family "$data" --split test --family "$family" --fallback solve \
    --json-out $family-fallback.json > /dev/null
done
if ((${#families[@]} >= 2)); then
  for family in "${families[@]}"; do
    others=()
    for other in "${families[@]}"; do
      [[ $other == "$family" ]] || others+=(--held-out ensemble-without-$other)
    done
    rm -rf held-out-without-$family
    $c ensemble $(runs_of "$family") "${others[@]}" -o held-out-without-$family > /dev/null
    $c evaluate held-out-without-$family "$data" --split test --family "$family" \
      --json-out $family-held-out.json > /dev/null
  done
fi
/usr/bin/python3 - "${families[@]}" <<'PY'
import json, os, sys
print("| left out | test axes | R^2 D_eff | MAPE D_eff % | 90% coverage | handed to the solver "
      "| MAPE with hand-over % | 90% coverage, held-out calibrated (scale) |")
print("|---|---|---|---|---|---|---|---|")
for family in sys.argv[1:]:
    plain = json.load(open(f"{family}.json"))
    fallback = json.load(open(f"{family}-fallback.json"))
    o, c = plain["overall"], plain["overall"]["coverage"]
    held = "-"
    if os.path.exists(f"{family}-held-out.json"):
        h = json.load(open(f"{family}-held-out.json"))["overall"]["coverage"]
        scale = json.load(open(f"held-out-without-{family}/ensemble.json"))["calibration"]["scale"]
        held = f"{h['fraction']:.3f} ({scale:.2f})"
    print(f"| {family} | {o['d_eff']['count']} | {o['d_eff']['r2']:.4f} | {o['d_eff']['mape']:.2f} | "
          f"{c['fraction']:.3f} ({c['axes']} axes) | {plain['handed_over']} | "
          f"{fallback['overall']['d_eff']['mape']:.2f} | {held} |")
PY
