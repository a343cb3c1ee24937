# Sourced by the runners that drive a real server from node (tests/e2e/run.sh,
# tests/openapi/run.sh): their tools, their node_modules, and `wolfix serve` on a fresh, seeded
# SQLite database.

# need_tools LABEL TOOL...: exits 77 (CTest's "skipped") when a tool is missing: a machine
# without them has not run `make test`, whose install step (scripts/install-deps.sh with
# WOLFIX_E2E=1) brings them.
need_tools() {
  local label=$1 tool
  shift
  for tool in "$@"; do
    if ! command -v "$tool" >/dev/null; then
      echo "$label: $tool is missing; run 'make test' (or WOLFIX_E2E=1 scripts/install-deps.sh)" >&2
      exit 77
    fi
  done
}

# follow_package_lock DIR PACKAGE: DIR/node_modules follows DIR/package-lock.json (installed
# again when PACKAGE's pinned version changed).
follow_package_lock() {
  local dir=$1 package=$2 pinned
  pinned=$(cd "$dir" && node -p "require('./package-lock.json').packages['node_modules/$package'].version")
  if ! grep -qs "\"version\": \"$pinned\"" "$dir/node_modules/$package/package.json"; then
    (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error)
  fi
}

# start_seeded_server LABEL BIN: makes $tmp (removed on exit), a database LABEL.db in it,
# migrated and seeded, then runs `BIN serve` (development) on a free port: $pid (stopped on
# exit) and $port. Export further WOLFIX_* settings before calling.
start_seeded_server() {
  local label=$1 bin=$2
  tmp=$(mktemp -d)
  pid=""
  trap stop_seeded_server EXIT
  export WOLFIX_DATABASE_URL="sqlite:$tmp/$label.db"
  export WOLFIX_MEDIA_DIR="$tmp/media"
  export WOLFIX_ENV=development
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
  [[ -n "$port" ]] || { echo "$label: the server did not start" >&2; cat "$tmp/server.log" >&2; exit 1; }
}

stop_seeded_server() {
  if [[ -n "$pid" ]]; then
    kill -TERM "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  fi
  rm -rf "$tmp"
}
