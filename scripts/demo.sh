#!/usr/bin/env bash
# The main job: what condnet can do end to end today.
set -euo pipefail
cd "$(dirname "$0")/.."
./build/condnet info
