#!/usr/bin/env bash
# The full 500^3 TauFactor benchmark volume, phase 255, all three axes: tortuosity, iterations,
# wall time and peak memory per axis (one process per axis, timed as a whole by /usr/bin/time),
# against the published over-converged values. Targets (issue 3): <= 120 s and <= 8 GB per axis.
# Usage: bench/solve_tf500.sh [BUILD_DIR] [extra condnet solve options...]
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
build="${1:-$here/build}"
shift || true
zip="$here/../shared/data/TF-500x500x500-1x2x6-v3.tiff.zip"
[[ -f "$zip" ]] || { echo "solve_tf500: $zip not found" >&2; exit 2; }
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
unzip -q "$zip" -x '__MACOSX/*' -d "$work"
volume="$work/TF-500x500x500-1x2x6-v3.tiff"
declare -A reference=([x]=4.2431 [y]=1.1513 [z]=1.3905)
printf '%-4s %9s %9s %9s %6s %9s %9s\n' axis tau reference error iters wall_s peak_GB
# The [0:200]^3 crop along x as a whole process (read the 500^3 TIFF, crop, solve); TauFactor 2
# on this machine: 16.9 s at its default tolerance (shared/data/README.md).
/usr/bin/time -f '%e %M' -o "$work/time" \
  "$build/condnet" solve "$volume" --phase 255 --axis x --crop 0:200,0:200,0:200 --json "$@" >"$work/out.json"
read -r wall kib <"$work/time"
echo "crop [0:200]^3, reference tau 4.90903: whole process $wall s"
python3 - "$work/out.json" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))["axes"][0]
print(f"  tau {r['tau']:.5f}, error {abs(r['tau'] / 4.90903 - 1):.1e}, {r['iterations']} iterations")
PY
for axis in x y z; do
  /usr/bin/time -f '%e %M' -o "$work/time" \
    "$build/condnet" solve "$volume" --phase 255 --axis "$axis" --json "$@" >"$work/out.json"
  read -r wall kib <"$work/time"
  python3 - "$work/out.json" "$axis" "${reference[$axis]}" "$wall" "$kib" <<'PY'
import json, sys
path, axis, ref, wall, kib = sys.argv[1], sys.argv[2], float(sys.argv[3]), float(sys.argv[4]), int(sys.argv[5])
data = json.load(open(path))
result = data["axes"][0]
tau = result["tau"]
print(f"{axis:<4} {tau:9.5f} {ref:9.4f} {abs(tau / ref - 1):9.2e} {result['iterations']:6d} {wall:9.1f} {kib / 1048576:9.2f}")
PY
done
