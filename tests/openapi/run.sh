#!/usr/bin/env bash
# The API reference against the real server: starts `wolfix serve` (development, the payment
# sandbox, a fresh SQLite database), then
#   1. validate.mjs: /openapi.json is valid OpenAPI 3.1, and every answer the API suite recorded
#      (RECORDS, written by tests/api/harness.cpp under WOLFIX_API_RECORD) matches it;
#   2. client.test.mjs: a TypeScript client generated from it with openapi-typescript, compiled
#      with tsc, registers a customer, lists products, fills a cart and places a COD order.
# Usage: tests/openapi/run.sh path/to/wolfix [RECORDS]   (no RECORDS: step 1 checks the document)
set -euo pipefail
bin=$(realpath "$1")
records=${2:-}
here=$(cd "$(dirname "$0")" && pwd)

source "$here/../lib/seeded_server.sh"
need_tools openapi node npm
follow_package_lock "$here" openapi-typescript

export WOLFIX_JOBS=false
start_seeded_server openapi "$bin"
base="http://127.0.0.1:$port"

cd "$here"
node -e "fetch('$base/openapi.json').then(r => r.text()).then(t => require('fs').writeFileSync('$tmp/openapi.json', t))"
status=0
if [[ -n "$records" ]]; then
  node validate.mjs "$tmp/openapi.json" "$records" || status=$?
else
  node validate.mjs "$tmp/openapi.json" /dev/null || status=$?
fi

# The generated client: types from the document, compiled together with the scenario.
mkdir -p "$tmp/client"
npx --no-install openapi-typescript "$tmp/openapi.json" -o "$tmp/client/api.d.ts" >/dev/null
cp client.test.ts "$tmp/client/"
ln -s "$here/node_modules" "$tmp/client/node_modules"
cat >"$tmp/client/tsconfig.json" <<'JSON'
{
  "compilerOptions": {
    "target": "ES2022", "module": "NodeNext", "moduleResolution": "NodeNext",
    "strict": true, "noEmitOnError": true, "skipLibCheck": false, "outDir": "out",
    "types": ["node"], "typeRoots": ["./node_modules/@types"]
  },
  "files": ["client.test.ts"]
}
JSON
echo '{"type": "module"}' >"$tmp/client/package.json"
if (cd "$tmp/client" && npx --no-install tsc -p .); then
  WOLFIX_URL=$base node --test --test-reporter=spec "$tmp/client/out/client.test.js" || status=$?
else
  echo "openapi: the generated client does not compile" >&2
  status=1
fi
if ((status)); then
  echo "openapi: server log (last 20 lines):" >&2
  tail -20 "$tmp/server.log" >&2
fi
exit $status
