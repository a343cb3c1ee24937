#!/usr/bin/env bash
# Browser tests of the demo storefront: starts `wolfix serve` on a free port with a fresh SQLite
# database, seeds it, runs the Playwright specs (node --test) in Debian's chromium, stops the
# server. Usage: tests/e2e/run.sh path/to/wolfix [spec files...]
# Screenshots of every step go to $WOLFIX_E2E_OUT (default: e2e-screens/ beside the binary).
set -euo pipefail
bin=$(realpath "$1")
shift
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
export WOLFIX_E2E_OUT=${WOLFIX_E2E_OUT:-$(dirname "$bin")/e2e-screens}
export WOLFIX_CHROMIUM=${WOLFIX_CHROMIUM:-/usr/bin/chromium}

# CTest reads 77 as "skipped": a machine without the browser tools has not run `make test`,
# whose install step (scripts/install-deps.sh with WOLFIX_E2E=1) brings them.
for tool in node npm "$WOLFIX_CHROMIUM"; do
  if ! command -v "$tool" >/dev/null; then
    echo "e2e: $tool is missing; run 'make test' (or WOLFIX_E2E=1 scripts/install-deps.sh)" >&2
    exit 77
  fi
done
# node_modules follows package-lock.json (installed again when the pinned version changed).
pinned=$(cd "$here" && node -p "require('./package-lock.json').packages['node_modules/playwright-core'].version")
if ! grep -qs "\"version\": \"$pinned\"" "$here/node_modules/playwright-core/package.json"; then
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

export WOLFIX_DATABASE_URL="sqlite:$tmp/e2e.db"
export WOLFIX_MEDIA_DIR="$tmp/media"
# No WOLFIX_WEB_DIR: the browser gets the storefront compiled into the binary, as users do.
export WOLFIX_ENV=development
# Every spec registers from this one address; the per-address registration throttle is tested by
# the API suite.
export WOLFIX_REGISTER_MAX_PER_ADDRESS=1000
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
[[ -n "$port" ]] || { echo "e2e: the server did not start" >&2; cat "$tmp/server.log" >&2; exit 1; }
export WOLFIX_E2E_URL="http://127.0.0.1:$port"

mkdir -p "$WOLFIX_E2E_OUT"
cd "$here"
specs=("$@")
((${#specs[@]})) || specs=(specs/*.test.mjs)
status=0
node --test --test-concurrency=1 --test-reporter=spec "${specs[@]}" || status=$?
if ((status)); then
  echo "e2e: server log (last 40 lines):" >&2
  tail -40 "$tmp/server.log" >&2
  echo "e2e: screenshots in $WOLFIX_E2E_OUT" >&2
fi
exit $status
