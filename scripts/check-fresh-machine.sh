#!/usr/bin/env bash
# The proof of the README's promise: on a fresh Debian 12 machine with only git and make,
# `make demo` and `make test` work, and so does the Python install of docs/python.md. Builds a minimal Debian 12 root (debootstrap, minbase, the
# host's apt mirror and network settings, then only git and make), clones the committed HEAD of
# this repository into it (no ../shared there), and runs the two commands inside it (chroot, as
# root, a clean environment), printing each one's exit status and wall time. Run as root.
#   scripts/check-fresh-machine.sh [--dir DIR] [--keep] [--reuse] [--only C[,C...]]
#     --dir DIR   scratch folder (default /var/tmp/condnet-fresh): base.tar (the pristine base
#                 root), root/ (the root of this run), logs/ (setup.log, demo.log, test.log)
#     --keep      keep root/ after the run (by default it is deleted; base.tar and logs/ stay)
#     --reuse     start from DIR/base.tar of an earlier run instead of running debootstrap
#     --only C    run only these, in this order: demo (`make demo`), test (`make test`), pip
#                 (scripts/install-deps.sh, a virtual environment, `pip install .`, then
#                 `import condnet` solving and predicting outside the clone); by default all
#                 three
# Exit status: 0 when every command passed, 1 when one failed, 2 for bad options.
# Slow (a full Release and ASan build and every test, from nothing): not part of .ci/run.
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
dir=/var/tmp/condnet-fresh
keep=0
reuse=0
commands=(demo test pip)

usage_error() {
  echo "check-fresh-machine.sh: $*" >&2
  echo "usage: scripts/check-fresh-machine.sh [--dir DIR] [--keep] [--reuse] [--only C[,C...]]" >&2
  exit 2
}
while [[ $# -gt 0 ]]; do
  case "$1" in
    --dir) [[ $# -ge 2 && -n "$2" ]] || usage_error "--dir needs a folder"; dir=$2; shift 2 ;;
    --keep) keep=1; shift ;;
    --reuse) reuse=1; shift ;;
    --only)
      [[ $# -ge 2 ]] || usage_error "--only needs commands: demo, test, pip (comma separated)"
      IFS=, read -r -a commands <<< "$2"
      for c in "${commands[@]}"; do
        [[ "$c" == demo || "$c" == test || "$c" == pip ]] ||
          usage_error "--only: '$c' is not a command; allowed: demo, test, pip"
      done
      shift 2 ;;
    *) usage_error "unknown option '$1'; allowed: --dir DIR, --keep, --reuse, --only C[,C...]" ;;
  esac
done
[[ $(id -u) -eq 0 ]] || usage_error "needs root (debootstrap, mount, chroot); run it with sudo"
mkdir -p "$dir"
dir=$(cd "$dir" && pwd)
[[ "$dir" != / ]] || usage_error "--dir / is not a scratch folder"
root=$dir/root
logs=$dir/logs
base=$dir/base.tar
mkdir -p "$logs"
exec 9> "$dir/lock"
flock -n 9 || usage_error "$dir is in use by another check-fresh-machine.sh"
say() { echo "== [$(date +%T)] $*"; }

# --- mounts and processes inside the root: never left behind ---------------------------------
# The mount points under $root, deepest first (mountinfo field 5 is the mount point).
mounts_under_root() {
  awk -v r="$root" '$5 == r || index($5, r "/") == 1 { print $5 }' /proc/self/mountinfo | sort -r
}
# Ends the processes this script started inside the root (those whose root is $root), by id.
end_processes_in_root() {
  local signal pid pids
  for signal in TERM KILL; do
    pids=()
    for pid in /proc/[0-9]*; do
      [[ "$(readlink "$pid/root" 2>/dev/null)" == "$root" ]] && pids+=("${pid#/proc/}")
    done
    [[ ${#pids[@]} -eq 0 ]] && return 0
    kill "-$signal" "${pids[@]}" 2>/dev/null || true
    sleep 2
  done
}
unmount_root() {
  local m
  end_processes_in_root
  for m in $(mounts_under_root); do umount "$m" 2>/dev/null || umount --lazy "$m"; done
  [[ -z "$(mounts_under_root)" ]]
}
# Deletes the root, only once nothing is mounted under it.
remove_root() {
  [[ -e "$root" ]] || return 0
  unmount_root || { echo "check-fresh-machine.sh: mounts remain under $root; not deleting it" >&2; return 1; }
  rm -rf --one-file-system "$root"
}
cleanup() {
  local status=$?
  unmount_root || echo "check-fresh-machine.sh: could not unmount everything under $root" >&2
  if [[ $keep -eq 0 ]]; then remove_root || status=1; fi
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
mount_in_root() {  # mount_in_root TARGET MOUNT-ARGS...
  local target=$root$1
  shift
  mkdir -p "$target"
  mount "$@" "$target"
}
# Runs a command in the root with a clean environment (HOME, PATH, TERM only), stdin closed,
# without the lock, in the background so that a signal reaches the trap at once; returns its
# exit status.
in_root() {
  local status=0
  chroot "$root" /usr/bin/env -i HOME=/root TERM="${TERM:-dumb}" \
    PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin "$@" < /dev/null 9>&- &
  wait $! || status=$?
  return $status
}

# --- the host's apt: mirror and network settings -----------------------------------------------
say "host packages for this check: scripts/install-deps.sh fresh"
"$repo/scripts/install-deps.sh" fresh
# "500 http://deb.debian.org/debian bookworm/main amd64 Packages" -> the URI and suite/component.
mapfile -t host_sources < <(apt-cache policy |
  awk '$2 ~ /^[a-z]+:\/\// && $3 ~ /^bookworm(-updates|-security)?\// { print $2, $3 }' | sort -u)
mirror=$(printf '%s\n' "${host_sources[@]}" | awk '$2 ~ /^bookworm\// { print $1; exit }')
[[ -n "$mirror" ]] || usage_error "the host's apt has no bookworm source (apt-cache policy); cannot pick a mirror"
# Proxy and validity settings apt needs to reach the registry, as the host's apt has them.
host_apt_conf=$(apt-config dump |
  grep -E '^Acquire::((https?|ftp)::Proxy|Check-Valid-Until|Check-Date)[ :]' || true)
proxy=$(apt-config dump --format '%v%n' Acquire::http::Proxy 2>/dev/null || true)
if [[ -z "$proxy" && -n "${http_proxy:-}" ]]; then
  proxy=$http_proxy
  host_apt_conf+=$'\n'"Acquire::http::Proxy \"$proxy\";"
fi

# --- the base root: minbase + git + make, kept as base.tar --------------------------------------
remove_root
if [[ $reuse -eq 1 && -f "$base" ]]; then
  say "base root from $base (--reuse)"
  mkdir -p "$root"
  tar -xpf "$base" -C "$root" --numeric-owner
else
  [[ $reuse -eq 1 ]] && say "no $base yet; building it"
  say "debootstrap --variant=minbase bookworm from $mirror (log: $logs/setup.log)"
  [[ -z "$proxy" ]] || export http_proxy=$proxy
  debootstrap --variant=minbase bookworm "$root" "$mirror" > "$logs/setup.log" 2>&1 || { tail -n 20 "$logs/setup.log"; exit 1; }
  for source in "${host_sources[@]}"; do  # "URI suite/component" -> "deb URI suite component"
    read -r uri suite_component <<< "$source"
    echo "deb $uri ${suite_component%%/*} ${suite_component#*/}"
  done > "$root/etc/apt/sources.list"
  [[ -n "$host_apt_conf" ]] && echo "$host_apt_conf" > "$root/etc/apt/apt.conf.d/99host-network"
  cp /etc/resolv.conf "$root/etc/resolv.conf"
  [[ -f "$root/etc/hosts" ]] || cp /etc/hosts "$root/etc/hosts"
  say "git and make, nothing else (apt-get install --no-install-recommends)"
  mount_in_root /proc -t proc proc
  in_root sh -c 'apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends git make && apt-get clean' \
    >> "$logs/setup.log" 2>&1 || { tail -n 20 "$logs/setup.log"; exit 1; }
  unmount_root
  tar -cpf "$base.part" -C "$root" --numeric-owner . && mv "$base.part" "$base"
fi

# --- a clean clone of HEAD (committed state only, like CI) --------------------------------------
head=$(git -C "$repo" rev-parse HEAD)
[[ -z "$(git -C "$repo" status --porcelain)" ]] ||
  say "note: $repo has uncommitted changes; only the committed HEAD is checked"
say "clone of $head into $root/root/condnet"
git clone --quiet --no-local --no-checkout "$repo" "$root/root/condnet"
git -C "$root/root/condnet" checkout --quiet --detach "$head"
[[ ! -e "$root/root/shared" ]] || { echo "check-fresh-machine.sh: $root/root/shared exists" >&2; exit 1; }

# --- the README's two commands ------------------------------------------------------------------
mount_in_root /proc -t proc proc
mount_in_root /sys -t sysfs sysfs
mount_in_root /dev --bind /dev
mount_in_root /dev/pts --bind /dev/pts
mount_in_root /dev/shm -t tmpfs -o mode=1777 shm
summary=()
failed=0
# pip: docs/python.md's install, then the module used from outside the clone (the shipped model
# must come with the package).
python_check='import condnet
v = condnet.generate("overlapping-spheres", 48, seed=1, porosity=0.5)
r = condnet.solve(v, axis="x")
p = condnet.Surrogate().predict(v)
print("condnet", condnet.__version__, "solve D_eff", round(r.D_eff, 5),
      "surrogate", round(p["d_eff"][0], 5), p["surrogate"]["d_eff_interval"][0])'
pip_steps="cd /root/condnet && scripts/install-deps.sh &&
  python3 -m venv --system-site-packages /root/condnet-env &&
  /root/condnet-env/bin/pip install . && cd / && /root/condnet-env/bin/python -c '$python_check'"
for c in "${commands[@]}"; do
  case $c in
    pip) name="pip install ." steps=$pip_steps ;;
    *) name="make $c" steps="cd /root/condnet && exec make $c" ;;
  esac
  say "$name (log: $logs/$c.log)"
  start=$(date +%s)
  status=0
  in_root sh -c "$steps" > "$logs/$c.log" 2>&1 || status=$?
  seconds=$(($(date +%s) - start))
  [[ $status -eq 0 ]] || { failed=1; tail -n 30 "$logs/$c.log"; }
  [[ $c != pip || $status -ne 0 ]] || tail -n 1 "$logs/$c.log"
  summary+=("$name: exit $status, $((seconds / 60)) min $((seconds % 60)) s")
done

echo "== condnet $(git -C "$repo" log -1 --format='%h %s' "$head" | cut -c1-72)"
echo "== Debian $(cat "$root/etc/debian_version") minbase + git + make, $(nproc) cores, logs in $logs"
printf '%s\n' "${summary[@]}"
exit $failed
