#!/usr/bin/env bash
# Installs what pathscan needs to build on a fresh Debian machine: Graphviz and SQLite
# development files (the C libraries pathscan links in-process), pkg-config, and a headless
# Chromium that the report tests open the HTML report in.
set -euo pipefail
need=()
for pkg in libgraphviz-dev graphviz libsqlite3-dev sqlite3 pkg-config zlib1g-dev chromium-headless-shell; do
  dpkg -s "$pkg" >/dev/null 2>&1 || need+=("$pkg")
done
if [ ${#need[@]} -gt 0 ]; then
  if [ "$(id -u)" -ne 0 ]; then
    echo "pathscan setup: please install: ${need[*]} (e.g. sudo apt-get install -y ${need[*]})" >&2
    exit 1
  fi
  echo "pathscan setup: installing ${need[*]}" >&2
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
fi
command -v swift >/dev/null || { echo "pathscan setup: Swift 6 is required (swift not on PATH)" >&2; exit 1; }
