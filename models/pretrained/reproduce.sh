#!/usr/bin/env bash
# Rebuilds the shipped surrogates from nothing. Usage:
#   models/pretrained/reproduce.sh [WORKDIR] [NAME...]     NAME: ensemble-48 (default), fast-48,
#                                                          base-48; WORKDIR default
#                                                          /tmp/condnet-pretrained
# ensemble-48: `generate --family mix` with every family's default draw (nine families, porosity
#   0.05-0.95, anisotropic variants; docs/datasets.md): 3600 samples of 48^3 split 0.7/0.1/0.2
#   by a hash of each sample seed; its labels; five members of models/lean.json on the spanning
#   encoding, 24 epochs, seeds 1-5 (weights and data order); nine leave-one-family-out ensembles
#   (three lean members of six epochs each, trained without one family:
#   bench/leave_one_family_out.sh, about 30 min on 2 cores); `condnet ensemble` (intervals calibrated on the val split and held out
#   on the families the leave-one-family-out ensembles never saw, input domain from the train
#   split); test-split evaluation. Copy WORKDIR/ensemble-48 here afterwards.
# fast-48, base-48: the six-family 48^3 dataset (5100 samples, 0.7/0.1/0.2: 3608 train, 469
#   val, 1023 test), its labels, one run each on the phase encoding (trained before encodings
#   existed) and their test-split evaluation; copy WORKDIR/run-*/{run.json,best.safetensors,
#   metrics.jsonl} here afterwards.
set -euo pipefail
repo=$(cd "$(dirname "$0")/../.." && pwd)
c=$repo/build/condnet
work=${1:-/tmp/condnet-pretrained}
shift || true
names=("${@:-ensemble-48}")
mkdir -p "$work" && cd "$work"

ensemble_48() {
  [[ -e mix48.h5.done ]] || {
    rm -f mix48.h5
    $c generate --family mix --size 48 --count 3600 --seed 2026 --split 0.7,0.1,0.2 --quiet -o mix48.h5
    touch mix48.h5.done
  }
  $c label --quiet mix48.h5  # resumes where it stopped
  local members=()
  for seed in 1 2 3 4 5; do
    local run=member-$seed
    if [[ -e $run/run.json ]]; then
      $c train --resume $run --quiet  # finishes an interrupted run; a finished one stays
    else
      $c train --data mix48.h5 --model "$repo/models/lean.json" --input spanning --epochs 24 \
        --batch 16 --lr 2e-3 --seed $seed --quiet -o $run
    fi
    members+=($run)
  done
  local families=(calendered electrode ellipsoids fibres foam gaussian-field grain-pack
    overlapping-spheres packed-spheres)
  mkdir -p lofo
  "$repo/bench/leave_one_family_out.sh" --model "$repo/models/lean.json" mix48.h5 lofo 3 6 \
    "${families[@]}" > lofo/table.md
  local held_out=()
  for family in "${families[@]}"; do held_out+=(--held-out lofo/ensemble-without-$family); done
  rm -rf ensemble-48
  $c ensemble "${members[@]}" "${held_out[@]}" -o ensemble-48
  $c evaluate ensemble-48 mix48.h5 --split test --json-out ensemble-48/evaluate-test.json
}

six_families() {
  common="--size 48 --count 850 --split 0.7,0.1,0.2 --quiet"
  $c generate --family overlapping-spheres --porosity 0.2:0.9 --radius 3:6 --seed 101 $common -o spheres.h5
  $c generate --family packed-spheres --porosity 0.7:0.95 --radius 3:5 --seed 102 $common -o packed.h5
  $c generate --family gaussian-field --porosity 0.2:0.9 --correlation-length 4 --seed 103 $common -o gaussian.h5
  $c generate --family fibres --porosity 0.4:0.9 --radius 2 --length 64 --seed 104 $common -o fibres.h5
  $c generate --family ellipsoids --porosity 0.4:0.9 --semi-axes 8,8,2 --orientation isotropic --seed 105 $common -o ellipsoids.h5
  $c generate --family electrode --porosity 0.25:0.6 --binder 0.05:0.15 --radius 4:8 --seed 106 $common -o electrode.h5
  files="spheres.h5 packed.h5 gaussian.h5 fibres.h5 ellipsoids.h5 electrode.h5"
  for f in $files; do $c label --quiet $f; done
}

for name in "${names[@]}"; do
  case $name in
    ensemble-48) ensemble_48 ;;
    fast-48 | base-48)
      [[ -e spheres.h5 ]] || six_families
      files="spheres.h5 packed.h5 gaussian.h5 fibres.h5 ellipsoids.h5 electrode.h5"
      data=$(for f in $files; do echo --data $f; done)
      model=${name%-48}
      epochs=$([[ $model == fast ]] && echo 50 || echo 24)
      $c train $data --model "$repo/models/$model.json" --input phase -o run-$model --epochs $epochs --batch 16 --lr 2e-3 --seed 1
      $c evaluate run-$model $files --split test --json-out run-$model/evaluate-test.json
      ;;
    *) echo "reproduce.sh: unknown model '$name'; allowed: ensemble-48, fast-48, base-48" >&2; exit 2 ;;
  esac
done
