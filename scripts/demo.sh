#!/usr/bin/env bash
# Sets up a fresh machine, builds pathscan and runs it on the bundled example graph.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
swift build -c release --product pathscan 2>&1 | tail -n 1
bin=.build/release/pathscan
example=examples/support-escalation.json
mkdir -p out
echo "== who can reach the identity provider directory at admin?"
"$bin" reach "$example" --from idp-directory --reverse --min-tier admin
echo
echo "== paths from the junior support engineer to anything critical"
"$bin" paths "$example" --from alice --to sensitivity:critical -q
