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

source "$root/tests/lib/seeded_server.sh"
need_tools e2e node npm "$WOLFIX_CHROMIUM"
follow_package_lock "$here" playwright-core

# No WOLFIX_WEB_DIR: the browser gets the storefront compiled into the binary, as users do.
# Every spec registers from this one address; the per-address registration throttle is tested by
# the API suite.
export WOLFIX_REGISTER_MAX_PER_ADDRESS=1000
start_seeded_server e2e "$bin"
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
