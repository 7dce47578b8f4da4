#!/usr/bin/env bash
# Remakes the seed corpora of fuzz/corpus/ with condnet itself: small valid files of every
# reader (and hand-made bad ones, as the unit tests make them). Usage:
#   fuzz/make-corpus.sh [CONDNET]   (default build/condnet)
set -euo pipefail
condnet=$(realpath "${1:-build/condnet}")
cd "$(dirname "$0")"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
for reader in tiff npy raw hdf5 dataset model_json safetensors run_json; do
  rm -rf "corpus/$reader"
  mkdir -p "corpus/$reader"
done
gen() { "$condnet" generate --family gaussian-field --porosity 0.5 --correlation-length 1 --quiet --threads 1 "$@" >/dev/null; }

# Volumes: a 4x5x6 sample in each format condnet writes.
gen --size 4,5,6 -o "$work/v.tif"; cp "$work/v.tif" corpus/tiff/generated.tif
gen --size 4,5,6 -o "$work/v.npy"; cp "$work/v.npy" corpus/npy/generated.npy
gen --size 4,5,6 -o "$work/v.h5:/volume"; cp "$work/v.h5" corpus/hdf5/generated.h5
printf 'PK\3\4 zipped' >corpus/tiff/zip.tif
printf 'MM\0*\0\0\0\10' >corpus/tiff/big-endian-header-only.tif
head -c 200 corpus/tiff/generated.tif >corpus/tiff/truncated.tif
# raw: 5 option bytes (raw_fuzz.cpp: extents 4,5,6; dtype 1 = uint8), then the voxels.
gen --size 4,5,6 -o "$work/v.raw"
{ printf '\x04\x05\x06\x01\x00'; cat "$work/v.raw"; } >corpus/raw/generated-uint8
{ printf '\x02\x02\x02\x33\x00'; head -c 16 /dev/zero; } >corpus/raw/uint16-fortran-big-endian

# .npy by hand: other dtypes and orders, and the bad headers of tests/voxel/npy_format_test.cpp.
npy() {  # npy FILE MAJOR HEADER DATA
  local header=$3 length_bytes=2
  [ "$2" != 1 ] && length_bytes=4
  {
    printf '\x93NUMPY'; printf "\\x$(printf %02x "$2")\\x00"
    printf "\\x$(printf %02x $((${#header} & 255)))\\x$(printf %02x $((${#header} >> 8)))"
    [ "$length_bytes" = 4 ] && printf '\x00\x00'
    printf '%s' "$header"; printf "$4"
  } >"corpus/npy/$1"
}
npy fortran-be-u2.npy 1 "{'descr': '>u2', 'fortran_order': True, 'shape': (2, 2), }" '\0\1\0\2\0\3\0\4'
npy v2-f4.npy 2 "{'descr': '<f4', 'fortran_order': False, 'shape': (1, 1, 1), }" '\0\0\200\77'
npy bool.npy 1 "{'shape': (2,1,1), 'descr': '|b1', 'fortran_order': False}" '\1\0'
npy version9.npy 9 "{'descr': '|u1', 'fortran_order': False, 'shape': (1, 1, 1), }" '\1'
npy no-shape.npy 1 "{'descr': '|u1', 'fortran_order': False, }" '\1'
npy extra-key.npy 1 "{'descr': '|u1', 'fortran_order': False, 'shape': (1, 1, 1), 'extra': 1}" '\1'
npy negative.npy 1 "{'descr': '|u1', 'fortran_order': False, 'shape': (1, -1, 1)}" '\1'
npy structured.npy 1 "{'descr': [('a', '<i4')], 'fortran_order': False, 'shape': (1, 1, 1)}" '\1'
npy huge.npy 1 "{'descr': '|u1', 'fortran_order': False, 'shape': (1000000, 1000000, 1000000), }" '\1'
printf 'P5\n64 64\n255\n' >corpus/npy/not-npy.npy

# A labelled dataset of 2 samples of 4^3, a tiny model trained on it for one epoch.
gen --size 4 --count 2 --seed 1 --split 1,0,0 -o "$work/d.h5"
cp "$work/d.h5" corpus/dataset/unlabelled.h5
"$condnet" label "$work/d.h5" --threads 1 --quiet >/dev/null
cp "$work/d.h5" corpus/dataset/labelled.h5
cat >"$work/tiny.json" <<'JSON'
{"name": "tiny", "input": [1, 4, 4, 4], "outputs": ["D_x", "D_y", "D_z"],
 "layers": [{"type": "conv3d", "name": "conv1", "in_channels": 1, "out_channels": 2, "kernel": 3, "stride": 1, "padding": 1, "bias": false},
            {"type": "batchnorm3d", "name": "bn1", "momentum": 0.1, "eps": 1e-05},
            {"type": "relu", "name": "relu1"},
            {"type": "maxpool3d", "name": "pool1", "kernel": 2},
            {"type": "global_avg_pool", "name": "gap"},
            {"type": "linear", "name": "fc", "in_features": 2, "out_features": 3}]}
JSON
"$condnet" train --data "$work/d.h5" --model "$work/tiny.json" -o "$work/run" --batch 2 \
  --epochs 1 --warmup 0 >/dev/null
cp "$work/tiny.json" corpus/model_json/tiny.json
cp ../models/fast.json ../bench/models/uniform-blocks.json corpus/model_json/
cp "$work/run/last.safetensors" corpus/safetensors/tiny-checkpoint.safetensors
printf '\x10\0\0\0\0\0\0\0{"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}}' \
  >corpus/safetensors/header-longer-than-file.safetensors
cp "$work/run/run.json" corpus/run_json/tiny-run.json
cp ../models/pretrained/fast-48/run.json corpus/run_json/fast-48-run.json
printf '{"format": "condnet.run", "format_version": 2}' >corpus/run_json/newer-version.json
printf '{"format": "condnet.run", ' >corpus/run_json/truncated.json
du -sh corpus
