#!/usr/bin/env bash
# Rebuilds the shipped surrogates from nothing: the six-family 48^3 dataset (5100 samples,
# split 0.7/0.1/0.2 by a hash of each sample seed: 3608 train, 469 val, 1023 test), its labels, the two
# training runs and their test-split evaluation. Usage: models/pretrained/reproduce.sh [WORKDIR]
# (default /tmp/condnet-pretrained); copy WORKDIR/run-*/{run.json,best.safetensors,
# metrics.jsonl} here afterwards. About 14 min of labelling and 37 min of training on 2 cores.
set -euo pipefail
repo=$(cd "$(dirname "$0")/../.." && pwd)
c=$repo/build/condnet
work=${1:-/tmp/condnet-pretrained}
mkdir -p "$work" && cd "$work"
common="--size 48 --count 850 --split 0.7,0.1,0.2 --quiet"
$c generate --family overlapping-spheres --porosity 0.2:0.9 --radius 3:6 --seed 101 $common -o spheres.h5
$c generate --family packed-spheres --porosity 0.7:0.95 --radius 3:5 --seed 102 $common -o packed.h5
$c generate --family gaussian-field --porosity 0.2:0.9 --correlation-length 4 --seed 103 $common -o gaussian.h5
$c generate --family fibres --porosity 0.4:0.9 --radius 2 --length 64 --seed 104 $common -o fibres.h5
$c generate --family ellipsoids --porosity 0.4:0.9 --semi-axes 8,8,2 --orientation isotropic --seed 105 $common -o ellipsoids.h5
$c generate --family electrode --porosity 0.25:0.6 --binder 0.05:0.15 --radius 4:8 --seed 106 $common -o electrode.h5
files="spheres.h5 packed.h5 gaussian.h5 fibres.h5 ellipsoids.h5 electrode.h5"
for f in $files; do $c label --quiet $f; done
data=$(for f in $files; do echo --data $f; done)
$c train $data --model "$repo/models/fast.json" -o run-fast --epochs 50 --batch 16 --lr 2e-3 --seed 1
$c train $data --model "$repo/models/base.json" -o run-base --epochs 24 --batch 16 --lr 2e-3 --seed 1
for run in run-fast run-base; do $c evaluate $run $files --split test --json-out $run/evaluate-test.json; done
