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

for tool in node npm; do
  if ! command -v "$tool" >/dev/null; then
    echo "openapi: $tool is missing; run 'make test' (or WOLFIX_E2E=1 scripts/install-deps.sh)" >&2
    exit 77
  fi
done
# node_modules follows package-lock.json (installed again when a pinned version changed).
pinned=$(cd "$here" && node -p "require('./package-lock.json').packages['node_modules/openapi-typescript'].version")
if ! grep -qs "\"version\": \"$pinned\"" "$here/node_modules/openapi-typescript/package.json"; then
  (cd "$here" && npm ci --no-audit --no-fund --loglevel=error)
fi

tmp=$(mktemp -d)
pid=""
cleanup() {
  if [[ -n "$pid" ]]; then
    kill -TERM "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  fi
  rm -rf "$tmp"
}
trap cleanup EXIT

export WOLFIX_DATABASE_URL="sqlite:$tmp/openapi.db"
export WOLFIX_MEDIA_DIR="$tmp/media"
export WOLFIX_ENV=development
export WOLFIX_JOBS=false
"$bin" migrate >"$tmp/migrate.log" 2>&1 || { cat "$tmp/migrate.log" >&2; exit 1; }
"$bin" seed >"$tmp/seed.log" 2>&1 || { cat "$tmp/seed.log" >&2; exit 1; }
"$bin" serve --listen 127.0.0.1:0 2>"$tmp/server.log" &
pid=$!
port=""
for _ in $(seq 100); do
  port=$(grep -o '"port":[0-9]*' "$tmp/server.log" | head -1 | cut -d: -f2 || true)
  [[ -n "$port" ]] && break
  kill -0 "$pid" 2>/dev/null || { cat "$tmp/server.log" >&2; exit 1; }
  sleep 0.1
done
[[ -n "$port" ]] || { echo "openapi: the server did not start" >&2; cat "$tmp/server.log" >&2; exit 1; }
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
