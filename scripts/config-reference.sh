#!/usr/bin/env bash
# Rewrites README.md's configuration reference from `wolfix config --reference`
# (scripts/config-reference.sh [BINARY], default build/wolfix). tests/config_reference.sh checks it.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
bin=${1:-$root/build/wolfix}
table=$(mktemp)
trap 'rm -f "$table"' EXIT
"$bin" config --reference >"$table"
awk -v table="$table" '
  /^<!-- BEGIN config-reference/ { print; while ((getline line < table) > 0) print line; skip = 1; next }
  /^<!-- END config-reference/ { skip = 0 }
  !skip { print }
' "$root/README.md" >"$root/README.md.new"
mv "$root/README.md.new" "$root/README.md"
echo "README.md: configuration reference updated"
