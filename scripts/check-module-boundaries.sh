#!/usr/bin/env bash
# Module boundaries (issue 14 point 3): a module never includes another module's store headers
# (store.hpp or store_<part>.hpp: its SQL and tables); it goes through that module's service or a
# narrow interface header such as catalog/stock.hpp or order/refund_lines.hpp; and common/, below
# every module, never includes http/ (HTTP edges live in http/ or in a module's routes). Run by
# `make test`; prints each offending line.
set -euo pipefail
cd "$(dirname "$0")/.."
bad=0
while IFS= read -r hit; do
  file=${hit%%:*}
  module=${file#src/}
  module=${module%%/*}
  included=$(sed -E 's/.*#include "([^"/]+)\/store(_[a-z_]+)?\.hpp".*/\1/' <<<"${hit#*:*:}")
  if [[ "$included" != "$module" ]]; then
    echo "module boundary: $hit (module '$module' includes a store header of $included)" >&2
    bad=1
  fi
done < <(grep -rnE '#include "[^"/]+/store(_[a-z_]+)?\.hpp"' src --include='*.cpp' \
  --include='*.hpp' || true)
while IFS= read -r hit; do
  echo "common/ depends on http/: $hit" >&2
  bad=1
done < <(grep -rnE '#include "http/' src/common --include='*.cpp' --include='*.hpp' || true)
# Modules whose SQL lives only in their store layer (store.cpp, or store_<part>.cpp files): a
# statement's text in any other file of theirs fails. The one exception, documented where it
# lives: the catalog's queries.cpp (the listings' statements, kept in one place for the
# query-plan test and run by product_reads.cpp, whose rows go straight to JSON).
for module in catalog delivery; do
  while IFS= read -r hit; do
    echo "SQL outside the $module store layer: $hit" >&2
    bad=1
  done < <(grep -nE '"(SELECT|INSERT INTO|UPDATE [a-z_]+ SET|DELETE FROM|WITH) ' \
             "src/$module"/*.cpp | grep -vE "^src/$module/(store(_[a-z_]+)?|queries)\.cpp:" ||
           true)
done
# app/ only composes: it has no tables, so any statement's text in it is SQL that belongs to a
# module (the seed goes through customer/seed.hpp, seller/seed.hpp and identity's interfaces).
while IFS= read -r hit; do
  echo "SQL in app/ (app only composes): $hit" >&2
  bad=1
done < <(grep -nE '"(SELECT|INSERT INTO|UPDATE [a-z_]+ SET|DELETE FROM|WITH) ' src/app/*.cpp \
           src/app/*.hpp || true)
if [[ $bad -ne 0 ]]; then
  echo "Use that module's service or a narrow interface header instead (README: Architecture)." >&2
  exit 1
fi
echo "module boundaries: ok"
