#!/usr/bin/env bash
# The surrogate on real and realistic structures it was never trained on (issue 13, item 6):
# cubic crops of the reference volumes (`condnet crop`), labelled by the solver (`condnet
# label`), predicted by a trained model (`condnet evaluate --split all --fallback solve`), one
# row per volume and phase: crops, axes with D_eff >= 0.05, MAPE of the answers a user gets
# (the solver's where the ensemble hands over) and of the surrogate alone, R^2, the largest
# D_eff predicted on axes that do not percolate, 90% interval coverage, answers the OOD flag
# handed to the solver, and the seconds of each stage. Validation only: never train, fine-tune
# or choose anything on these.
#
# Usage: bench/surrogate_real.sh [--model M] [--size N] [--stride S] [--out DIR] [--data DIR]
#                                [--build DIR] [--precision fp32|bf16] [--only NAME,...]
#   --model   default models/pretrained/fast-48, the shipped model the demo and docs use
#   --size    crop edge; default the model's input edge (MODEL/run.json "model.input").
#             `condnet evaluate` takes only samples of the model's edge, so another size is
#             refused: crops larger than the input would need tiled prediction (`condnet
#             predict`), which labels of whole crops cannot be compared with one to one.
#   --stride  default the crop edge (crops do not overlap)
#   --out     default bench-out/surrogate-real (crops, evaluations, the table as .json/.md)
#   --data    default ../shared/data beside the repository; absent: one notice, exit 0
#   --only    these volumes only (TF-500, electrode-256, berea-200); default all
# Re-runnable: crops already in --out are reused and `condnet label` resumes (labelling is the
# slow part); the evaluations and the table are redone every run.
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
model="$here/models/pretrained/fast-48"
size="" stride="" out="$here/bench-out/surrogate-real" data="$here/../shared/data"
build="$here/build" precision="fp32" only=""
usage() { sed -n '9,21p' "$0" | sed 's/^# \{0,1\}//'; }
while (($#)); do
  case "$1" in
    --model | --size | --stride | --out | --data | --build | --precision | --only)
      (($# >= 2)) || { echo "surrogate_real: $1 needs a value" >&2; exit 2; }
      declare "${1#--}=$2"
      shift 2
      ;;
    -h | --help) usage; exit 0 ;;
    *) echo "surrogate_real: unknown option $1; allowed: --model --size --stride --out --data --build --precision --only" >&2; exit 2 ;;
  esac
done
condnet="$build/condnet"
python=/usr/bin/python3  # Debian's: only the json module is used
[[ -x "$condnet" ]] || { echo "surrogate_real: $condnet not found; build first" >&2; exit 2; }
if [[ ! -d "$data" ]]; then
  echo "surrogate_real: skipped: the reference volumes ($data) are not here"
  exit 0
fi
# A run's input edge is in its run.json; an ensemble's in its members'.
run_json="$model/run.json"
[[ -f "$model/ensemble.json" ]] && run_json="$model/member-0/run.json"
[[ -f "$run_json" ]] || { echo "surrogate_real: --model $model: not a run or ensemble directory (no run.json or ensemble.json)" >&2; exit 2; }
edge="$("$python" -c 'import json, sys; print(json.load(open(sys.argv[1]))["model"]["input"][1])' "$run_json")"
size="${size:-$edge}"
[[ "$size" =~ ^[0-9]+$ && "$size" == "$edge" ]] || {
  echo "surrogate_real: --size $size: the model $model takes ${edge}^3 crops; condnet evaluate compares" \
    "whole crops only at the model's edge (larger volumes need condnet predict's tiling)" >&2
  exit 2
}
stride="${stride:-$size}"
[[ "$stride" =~ ^[1-9][0-9]*$ ]] || { echo "surrogate_real: --stride $stride: a positive integer is allowed" >&2; exit 2; }
mkdir -p "$out/crops" "$out/eval" "$out/volumes"
model_name="$(basename "$model")"

wanted() { [[ -z "$only" || ",$only," == *",$1,"* ]]; }

# The TauFactor 500^3 volume ships zipped: unzipped once into --out (atomically: a rename).
tf500="$out/volumes/TF-500x500x500-1x2x6-v3.tiff"
if wanted TF-500 && [[ ! -f "$tf500" && -f "$data/TF-500x500x500-1x2x6-v3.tiff.zip" ]]; then
  rm -rf "$out/volumes/.unzip"
  unzip -q "$data/TF-500x500x500-1x2x6-v3.tiff.zip" -x '__MACOSX/*' -d "$out/volumes/.unzip"
  mv "$out/volumes/.unzip/TF-500x500x500-1x2x6-v3.tiff" "$tf500"
  rm -rf "$out/volumes/.unzip"
fi

# name, volume file, phase (the value in the file that conducts)
volumes=(
  "TF-500 $tf500 255"
  "electrode-256 $data/electrode-256.tiff 0"
  "electrode-256 $data/electrode-256.tiff 85"
  "berea-200 $data/berea-200.tif 1"
)

seconds_since() { awk -v a="$1" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f", b - a }'; }
rows=()
for entry in "${volumes[@]}"; do
  read -r name file phase <<<"$entry"
  wanted "$name" || continue
  if [[ ! -f "$file" ]]; then
    echo "surrogate_real: skipped $name phase $phase: $file is not here"
    continue
  fi
  tag="$name-phase$phase-$size-stride$stride"
  crops="$out/crops/$tag.h5"
  crop_s="reused"
  if [[ ! -f "$crops" ]]; then  # condnet crop writes atomically: present means complete
    start="$(date +%s.%N)"
    "$condnet" crop "$file" --phase "$phase" --size "$size" --stride "$stride" --quiet -o "$crops" >/dev/null
    crop_s="$(seconds_since "$start")"
  fi
  start="$(date +%s.%N)"
  "$condnet" label "$crops" --quiet >/dev/null  # resumes; nothing to do when all are labelled
  label_s="$(seconds_since "$start")"
  evaluation="$out/eval/$model_name-$tag-$precision.json"
  start="$(date +%s.%N)"
  "$condnet" evaluate "$model" "$crops" --split all --precision "$precision" --fallback solve \
    --json-out "$evaluation" >/dev/null
  eval_s="$(seconds_since "$start")"
  rows+=("$name|$phase|$evaluation|$crop_s|$label_s|$eval_s")
  [[ "$crop_s" == reused ]] && crop_said="crops reused" || crop_said="crop $crop_s s"
  echo "surrogate_real: $name phase $phase: $crop_said, label $label_s s, evaluate $eval_s s" >&2
done
((${#rows[@]})) || { echo "surrogate_real: skipped: none of the reference volumes is in $data"; exit 0; }
"$python" -B "$here/bench/surrogate_real_table.py" --out "$out/surrogate-real-$model_name-$size-$precision" \
  --title "$model_name, ${size}^3 crops, stride $stride, $precision" "${rows[@]}"
