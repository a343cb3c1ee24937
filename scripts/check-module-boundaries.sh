#!/usr/bin/env bash
# Module boundaries (issue 14 point 3): a module never includes another module's store.hpp (its
# SQL and tables); it goes through that module's service or a narrow interface header such as
# catalog/stock.hpp or order/refund_lines.hpp. Run by `make test`; prints each offending line.
set -euo pipefail
cd "$(dirname "$0")/.."
bad=0
while IFS= read -r hit; do
  file=${hit%%:*}
  module=${file#src/}
  module=${module%%/*}
  included=$(sed -E 's/.*#include "([^"/]+)\/store\.hpp".*/\1/' <<<"${hit#*:*:}")
  if [[ "$included" != "$module" ]]; then
    echo "module boundary: $hit (module '$module' includes $included/store.hpp)" >&2
    bad=1
  fi
done < <(grep -rnE '#include "[^"/]+/store\.hpp"' src --include='*.cpp' --include='*.hpp' || true)
if [[ $bad -ne 0 ]]; then
  echo "Use that module's service or a narrow interface header instead (README: Architecture)." >&2
  exit 1
fi
echo "module boundaries: ok"
