#!/usr/bin/env bash
# One command: builds pathscan and the benchmark tools, generates the scale-1 graph, sets up a
# Python virtual environment with networkx, igraph and rustworkx, and prints the comparison.
#   bash Benchmarks/peers/run.sh [SCALE]
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$here/../.."
scale="${1:-1}"
work="${PATHSCAN_BENCH_DIR:-$root/.build-bench}"
mkdir -p "$work"
(cd "$root" && swift build -c release --product pathscan 2>&1 | tail -n 1)
(cd "$root/Benchmarks" && swift build -c release 2>&1 | tail -n 1)
graph="$work/scale$scale.json"
[ -f "$graph" ] || "$root/Benchmarks/.build/release/generate-graph" --scale "$scale" -o "$graph"
if [ ! -x "$work/venv/bin/python" ]; then
  python3 -m venv "$work/venv"
  "$work/venv/bin/pip" install -q networkx igraph rustworkx
fi
"$work/venv/bin/python" "$here/compare.py" "$graph" "$root/Benchmarks/.build/release/measure" "$root/.build/release/pathscan"
