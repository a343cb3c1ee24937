#!/usr/bin/env bash
# `make soak`: `wolfix serve` on a fresh, seeded SQLite database (jobs on, the payment sandbox
# with its webhooks), driven by bench/soak.cpp at a fixed rate for SOAK_SECONDS (default 300)
# while its resident memory, open descriptors and latency are sampled. Fails on any 5xx, on
# growth beyond the driver's tolerances, or on an error in the server's log.
# Environment: BUILD (default build), SOAK_SECONDS, SOAK_RATE (operations/s, default 40),
# SOAK_CONNECTIONS (default 8), SOAK_PRODUCTS (default 2000).
set -euo pipefail
cd "$(dirname "$0")/.."
build=${BUILD:-build}
bin=$PWD/$build/wolfix
secs=${SOAK_SECONDS:-300}
rate=${SOAK_RATE:-40}
[[ -x $bin ]] || { echo "build first: make build (or BUILD=<dir>)" >&2; exit 1; }
cmake --build "$build" --target soak >/dev/null

work=$(mktemp -d /tmp/wolfix-soak.XXXXXX)
server=
cleanup() { [[ -n $server ]] && kill "$server" 2>/dev/null; wait 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT
export WOLFIX_DATABASE_URL="sqlite:$work/wolfix.db" WOLFIX_LOG_LEVEL=warn \
  WOLFIX_MEDIA_DIR="$work/media" WOLFIX_MAIL_FILE="$work/mail.jsonl" WOLFIX_JOBS=1 \
  WOLFIX_REGISTER_MAX_PER_ADDRESS=1000
"$bin" migrate >/dev/null
"$bin" seed --products "${SOAK_PRODUCTS:-2000}" >/dev/null
# Nothing sells out during a run.
python3 - "$work/wolfix.db" <<'PY'
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
db.execute("UPDATE products SET stock = 100000000 WHERE stock > 0")
db.commit()
PY
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
"$bin" serve --listen "127.0.0.1:$port" 2>"$work/serve.log" &
server=$!
for _ in $(seq 200); do curl -sf "http://127.0.0.1:$port/ready" >/dev/null && break; sleep 0.05; done

rc=0
"$build/soak" --port "$port" --pid "$server" --seconds "$secs" --rate "$rate" \
  --connections "${SOAK_CONNECTIONS:-8}" --admin-email admin@wolfix.test \
  --admin-password 'Admin#Demo1' || rc=$?
errors=$(grep -c '"level":"error"' "$work/serve.log" || true)
if ((errors > 0)); then
  echo "soak: FAIL $errors errors in the server's log, the first ones:" >&2
  grep '"level":"error"' "$work/serve.log" | head -5 >&2
  rc=1
else
  echo "soak: ok    no errors in the server's log" >&2
fi
exit $rc
