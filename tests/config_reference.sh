#!/usr/bin/env bash
# README's configuration reference is `wolfix config --reference` verbatim, and every WOLFIX_*
# name the server's code mentions is in it. Fix a failure with: scripts/config-reference.sh
set -euo pipefail
bin=$(realpath "$1")
root=$(cd "$(dirname "$0")/.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
"$bin" config --reference >"$tmp/generated"
sed -n '/^<!-- BEGIN config-reference/,/^<!-- END config-reference/p' "$root/README.md" | sed '1d;$d' >"$tmp/readme"
status=0
if ! diff -u "$tmp/readme" "$tmp/generated"; then
  echo "README.md's configuration reference differs from 'wolfix config --reference' (above)."
  echo "Run scripts/config-reference.sh (after building) to regenerate it."
  status=1
fi
# Names the code reads (string literals), minus the tests' own.
grep -rhoE '"WOLFIX_[A-Z0-9_]+"' "$root/src" | tr -d '"' | sort -u >"$tmp/used"
grep -oE '^\| `WOLFIX_[A-Z0-9_]+`' "$tmp/generated" | grep -oE 'WOLFIX_[A-Z0-9_]+' | sort -u >"$tmp/listed"
missing=$(comm -23 "$tmp/used" "$tmp/listed")
if [[ -n "$missing" ]]; then
  echo "Read in src/ but missing from the settings table in src/app/config.cpp:"
  echo "$missing"
  echo "Add one line per variable to settings() there, then run scripts/config-reference.sh."
  status=1
fi
[[ $status -eq 0 ]] && echo "configuration reference: $(wc -l <"$tmp/listed") variables, README up to date"
exit $status
