#!/usr/bin/env bash
# The main job, end to end, in a few minutes on a laptop: generate a mixed dataset of six
# structure families, label it with the solver, train three fast surrogates on it (seeds 1, 2, 3)
# and make them one calibrated ensemble (90% intervals), evaluate it on the held-out test split,
# then answer the user's question for a real electrode both ways -- the solver (seconds) and the
# ensemble (milliseconds, with intervals) -- and write demo/report.html (parity plot, loss
# curves, intervals and their coverage, throughput; one self-contained file) and demo/report.json.
set -euo pipefail
cd "$(dirname "$0")/.."
condnet=./build/condnet
out=demo
mkdir -p "$out"
rm -rf "$out/run" "$out"/member-* "$out/ensemble"
start=$(date +%s)
stamp() { echo "== [$(($(date +%s) - start)) s] $*"; }

stamp "the machine"
$condnet info

stamp "generate: six families of 32^3 samples, porosity drawn per sample"
common="--size 32 --count 250 --split 0.8,0.1,0.1 --quiet"
$condnet generate --family overlapping-spheres --porosity 0.2:0.9 --radius 2:4 --seed 11 $common -o $out/spheres.h5
$condnet generate --family packed-spheres --porosity 0.7:0.95 --radius 2:4 --seed 12 $common -o $out/packed.h5
$condnet generate --family gaussian-field --porosity 0.2:0.9 --correlation-length 4 --seed 13 $common -o $out/gaussian.h5
$condnet generate --family fibres --porosity 0.4:0.9 --radius 2 --length 24 --seed 14 $common -o $out/fibres.h5
$condnet generate --family ellipsoids --porosity 0.4:0.9 --semi-axes 6,6,2 --orientation isotropic --seed 15 $common -o $out/ellipsoids.h5
$condnet generate --family electrode --porosity 0.25:0.6 --binder 0.05:0.15 --radius 3:5 --seed 16 $common -o $out/electrode.h5
data=""
for f in spheres packed gaussian fibres ellipsoids electrode; do data="$data $out/$f.h5"; done

stamp "label: D_eff along x, y, z of every sample with the finite-volume solver"
for f in $data; do $condnet label --quiet "$f"; done

members=""
for seed in 1 2 3; do
  stamp "train models/fast.json, member $seed of 3 (seed $seed, 8 epochs; D_eff is bounded by the spanning fraction, exactly 0 where nothing percolates)"
  $condnet train $(for f in $data; do echo --data "$f"; done) --model models/fast.json \
    --epochs 8 --batch 16 --lr 2e-3 --seed "$seed" -o $out/member-$seed
  members="$members $out/member-$seed"
done

stamp "ensemble: the three members, 90% intervals calibrated on the val split"
$condnet ensemble $members -o $out/ensemble

stamp "evaluate the ensemble on the held-out test split (coverage of its intervals)"
$condnet evaluate $out/ensemble $data --split test --json-out $out/evaluate.json

volume=../shared/data/electrode-256.tiff
if [[ -f "$volume" ]]; then
  phase=0
  echo "(published for phase 0 along x: tau = 2.07724, D_eff = 0.21659)"
else
  volume=$out/electrode-128.tif
  phase=1
  stamp "../shared/data/electrode-256.tiff is absent; generating a 128^3 electrode at $volume"
  $condnet generate --family electrode --size 128 --porosity 0.4 --radius 4:8 --seed 7 -o "$volume"
fi

stamp "the solver on $volume, phase $phase, every axis"
$condnet solve "$volume" --phase "$phase" --axis all --json-out $out/solve.json

stamp "the ensemble just trained on the same volume (tiled into 32^3 cubes)"
$condnet predict $out/ensemble "$volume" --phase "$phase" --json > $out/predict.json
$condnet predict $out/ensemble "$volume" --phase "$phase"

stamp "the recommended shipped surrogate (models/pretrained/ensemble-48: five networks trained on nine families of 48^3; intervals and hand-over flags)"
$condnet predict "$volume" --phase "$phase"

stamp "report (loss curves of member 1)"
$condnet report --run $out/member-1 --evaluate $out/evaluate.json --predict $out/predict.json \
  --solve $out/solve.json -o $out/report.html --json-out $out/report.json
stamp "done: $out/report.html and $out/report.json"
