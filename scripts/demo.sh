#!/usr/bin/env bash
# Sets up a fresh machine, builds pathscan, scans the bundled example graph and renders the
# diagram of its first finding (out/finding.svg and out/finding.png), and writes the access-review
# report (out/review.html).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
swift build -c release --product pathscan 2>&1 | tail -n 1
bin=.build/release/pathscan
example=examples/support-escalation.json
mkdir -p out
"$bin" scan "$example" --format markdown -o out/findings.md -q
"$bin" scan "$example" -q
first=$("$bin" scan "$example" --format json -q | sed -n 's/^ *"id" : "\(PS-[0-9a-f]*\)".*/\1/p' | head -n 1)
"$bin" render "$example" --finding "$first" -o out/finding.svg -q
"$bin" render "$example" --finding "$first" -o out/finding.png -q
"$bin" report "$example" -o out/review.html -q
echo
echo "finding $first drawn in out/finding.svg and out/finding.png; Markdown findings in out/findings.md;"
echo "the access-review report (open it in a browser, print it to PDF) in out/review.html"
