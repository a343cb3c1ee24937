#!/usr/bin/env bash
# The wolfix binary end to end: subcommands, configuration refusals, serve + SIGTERM.
set -euo pipefail
bin=$(realpath "$1")
tmp=$(mktemp -d)
trap 'kill $pid 2>/dev/null || true; rm -rf "$tmp"' EXIT
pid=""
pass=0 fail=0
check() { if "$@"; then pass=$((pass + 1)); else echo "FAILED: $*"; fail=$((fail + 1)); fi; }

check bash -c "'$bin' version | grep -q '^wolfix '"
for sub in serve migrate seed backup restore version; do check bash -c "'$bin' $sub --help >/dev/null"; done
check bash -c "'$bin' admin create-superadmin --help >/dev/null"

# Relative sqlite paths resolve against the working directory.
(cd "$tmp" && WOLFIX_DATABASE_URL=sqlite:data/w.db "$bin" migrate >/dev/null)
check test -f "$tmp/data/w.db"
# A second migrate applies nothing.
check bash -c "cd '$tmp' && '$bin' migrate --database-url sqlite:data/w.db | grep -q 'applied: 0'"
# An applied migration whose text changed stops migrate (and serve) with the file's name.
sqlite3 "$tmp/data/w.db" "UPDATE schema_migration_checksums SET checksum = 'edited' WHERE version = '0004_catalog'"
check bash -c "! '$bin' migrate --database-url sqlite:$tmp/data/w.db 2>$tmp/edited"
check grep -q "0004_catalog.sql was changed after it was applied" "$tmp/edited"
check bash -c "! '$bin' serve --database-url sqlite:$tmp/data/w.db --listen 127.0.0.1:0 2>$tmp/edited2"
check grep -q "0004_catalog.sql was changed" "$tmp/edited2"

# Production refuses development secrets and plain HTTP.
check bash -c "! WOLFIX_ENV=production '$bin' serve --database-url sqlite:$tmp/p.db --listen 127.0.0.1:0 2>$tmp/err"
check grep -q "development JWT secret" "$tmp/err"
check bash -c "! WOLFIX_ENV=production WOLFIX_JWT_SECRET=0123456789abcdef0123456789abcdef-prod '$bin' serve --database-url sqlite:$tmp/p.db --listen 127.0.0.1:0 2>$tmp/err2"
check grep -q "refuses plain HTTP" "$tmp/err2"
check bash -c "! '$bin' serve --database-url mysql://x --listen 127.0.0.1:0 2>/dev/null"

# Production takes money (issue 15 #2, #3, #8): no sandbox without the demo opt-in, none of the
# published keys and secrets, no demo accounts.
prod="WOLFIX_ENV=production WOLFIX_JWT_SECRET=0123456789abcdef0123456789abcdef-prod"
check bash -c "! env $prod '$bin' serve --behind-tls-proxy --database-url sqlite:$tmp/p.db --listen 127.0.0.1:0 2>$tmp/err3"
check grep -q "refuses the built-in payment sandbox" "$tmp/err3"
check grep -q "WOLFIX_DEMO_PAYMENTS=1" "$tmp/err3"
check bash -c "! env $prod WOLFIX_DEMO_PAYMENTS=1 '$bin' serve --behind-tls-proxy --database-url sqlite:$tmp/p.db --listen 127.0.0.1:0 2>$tmp/err4"
check grep -q "published sandbox secret key: set WOLFIX_SANDBOX_SECRET_KEY" "$tmp/err4"
check grep -q "published sandbox webhook secret: set WOLFIX_SANDBOX_WEBHOOK_SECRET" "$tmp/err4"
check bash -c "! env $prod WOLFIX_STRIPE_SECRET_KEY=sk_live_x WOLFIX_STRIPE_WEBHOOK_SECRET=whsec_wolfix_sandbox_development '$bin' serve --behind-tls-proxy --database-url sqlite:$tmp/p.db --listen 127.0.0.1:0 2>$tmp/err5"
check grep -q "refuses the sandbox webhook secret" "$tmp/err5"
check bash -c "! env $prod WOLFIX_STRIPE_SECRET_KEY=sk_test_x WOLFIX_STRIPE_WEBHOOK_SECRET=whsec_x '$bin' serve --behind-tls-proxy --database-url sqlite:$tmp/p.db --listen 127.0.0.1:0 2>$tmp/err6"
check grep -q "test-mode key" "$tmp/err6"
check bash -c "! env $prod WOLFIX_DEMO_PAYMENTS=1 WOLFIX_SANDBOX_SECRET_KEY=sk_test_r4nd0m WOLFIX_SANDBOX_WEBHOOK_SECRET=whsec_r4nd0m WOLFIX_SANDBOX_FAULT_KNOBS=1 '$bin' serve --behind-tls-proxy --database-url sqlite:$tmp/p.db --listen 127.0.0.1:0 2>$tmp/err7"
check grep -q "WOLFIX_SANDBOX_FAULT_KNOBS" "$tmp/err7"
check bash -c "! env $prod '$bin' sandbox --database-url sqlite:$tmp/p.db --listen 127.0.0.1:0 2>$tmp/err8"
check grep -q "WOLFIX_DEMO_PAYMENTS=1" "$tmp/err8"
check bash -c "! env $prod WOLFIX_PASSWORD_COST=test '$bin' seed --database-url sqlite:$tmp/pseed.db 2>$tmp/err9"
check grep -q "seed refuses to run in production" "$tmp/err9"
check test ! -e "$tmp/pseed.db"

# A live key in production: the sandbox is not mounted at all.
env $prod WOLFIX_STRIPE_SECRET_KEY=sk_live_x WOLFIX_STRIPE_PUBLISHABLE_KEY=pk_live_x \
  WOLFIX_STRIPE_WEBHOOK_SECRET=whsec_endpoint_x "$bin" serve --behind-tls-proxy \
  --database-url "sqlite:$tmp/live.db" --listen 127.0.0.1:0 2>"$tmp/llog" &
pid=$!
for _ in $(seq 50); do grep -q '"listening"' "$tmp/llog" && break; sleep 0.1; done
port=$(grep -o '"port":[0-9]*' "$tmp/llog" | head -1 | cut -d: -f2)
check bash -c "curl -s -o /dev/null -w '%{http_code}' http://127.0.0.1:$port/sandbox/stripe/dashboard | grep -q 404"
check bash -c "curl -s http://127.0.0.1:$port/api/payments/config | grep -q '\"provider\":\"stripe\"'"
kill -TERM "$pid"
check wait "$pid"
pid=""
# The demo opt-in with fresh secrets starts, says so loudly, and the published key opens nothing.
env $prod WOLFIX_DEMO_PAYMENTS=1 WOLFIX_SANDBOX_SECRET_KEY=sk_test_r4nd0m \
  WOLFIX_SANDBOX_WEBHOOK_SECRET=whsec_r4nd0m "$bin" serve --behind-tls-proxy \
  --database-url "sqlite:$tmp/demo.db" --listen 127.0.0.1:0 2>"$tmp/dlog" &
pid=$!
for _ in $(seq 50); do grep -q '"listening"' "$tmp/dlog" && break; sleep 0.1; done
port=$(grep -o '"port":[0-9]*' "$tmp/dlog" | head -1 | cut -d: -f2)
check grep -q '"level":"warn","event":"demo_payments"' "$tmp/dlog"
check bash -c "curl -s -o /dev/null -w '%{http_code}' -u sk_test_wolfix_sandbox: http://127.0.0.1:$port/sandbox/stripe/dashboard | grep -q 401"
check bash -c "curl -s -o /dev/null -w '%{http_code}' -u sk_test_r4nd0m: http://127.0.0.1:$port/sandbox/stripe/dashboard | grep -q 200"
kill -TERM "$pid"
check wait "$pid"
pid=""

# serve answers /health, then stops cleanly on SIGTERM.
"$bin" serve --database-url "sqlite:$tmp/s.db" --listen 127.0.0.1:0 2>"$tmp/log" &
pid=$!
for _ in $(seq 50); do grep -q '"listening"' "$tmp/log" && break; sleep 0.1; done
port=$(grep -o '"port":[0-9]*' "$tmp/log" | head -1 | cut -d: -f2)
check bash -c "curl -sf http://127.0.0.1:$port/health | grep -q ok"
kill -TERM "$pid"
check wait "$pid"
pid=""
check grep -q '"stopped"' "$tmp/log"

# admin create-superadmin: clear refusals with distinct exit codes, idempotent success, and the
# account signs in as SuperAdmin over HTTP.
export WOLFIX_PASSWORD_COST=test
adb="sqlite:$tmp/a.db"
check bash -c "'$bin' admin create-superadmin --database-url $adb --email root@example.com 2>$tmp/e1; [[ \$? -eq 2 ]]"
check grep -q "password is required" "$tmp/e1"
check bash -c "'$bin' admin create-superadmin --database-url $adb --email root@example.com --password weak 2>$tmp/e2; [[ \$? -eq 2 ]]"
check grep -q "Passwords must have at least one digit" "$tmp/e2"
check bash -c "'$bin' admin create-superadmin --database-url $adb --email not-an-email --password 'R00t!pass' 2>$tmp/e3; [[ \$? -eq 2 ]]"
check grep -q "is invalid" "$tmp/e3"
check bash -c "'$bin' admin create-superadmin --database-url $adb --email Root@Example.com --password 'R00t!pass' | grep -q 'created SuperAdmin'"
check bash -c "'$bin' admin create-superadmin --database-url $adb --email root@example.com --password 'R00t!pass' | grep -q 'already a SuperAdmin'"
check bash -c "WOLFIX_SUPERADMIN_PASSWORD='R00t!pass' '$bin' admin create-superadmin --database-url $adb --email root@example.com | grep -q 'already a SuperAdmin'"
check bash -c "'$bin' admin create-superadmin --database-url $adb --email root@example.com --password 'Other!pass1' 2>$tmp/e4; [[ \$? -eq 3 ]]"
check grep -q "another password" "$tmp/e4"
"$bin" serve --database-url "$adb" --listen 127.0.0.1:0 2>"$tmp/alog" &
pid=$!
for _ in $(seq 50); do grep -q '"listening"' "$tmp/alog" && break; sleep 0.1; done
port=$(grep -o '"port":[0-9]*' "$tmp/alog" | head -1 | cut -d: -f2)
check bash -c "curl -sf -H 'Content-Type: application/json' -d '{\"email\":\"root@example.com\",\"password\":\"R00t!pass\"}' http://127.0.0.1:$port/api/account/roles | grep -q SuperAdmin"
check bash -c "curl -sf -H 'Content-Type: application/json' -d '{\"email\":\"root@example.com\",\"password\":\"R00t!pass\",\"role\":\"SuperAdmin\"}' http://127.0.0.1:$port/api/account/token | grep -q '^\"ey'"
kill -TERM "$pid"
check wait "$pid"
pid=""

# seed: demo accounts, delivery methods and a catalog; --if-empty makes a second run a no-op.
check bash -c "cd '$tmp' && WOLFIX_PASSWORD_COST=test '$bin' seed --products 30 --database-url sqlite:seed.db | grep -q '30 products'"
check bash -c "cd '$tmp' && '$bin' seed --if-empty --database-url sqlite:seed.db | grep -q 'nothing to do'"

# migrate --status: pending before, applied after; migrate names what it applies.
check bash -c "'$bin' migrate --status --database-url sqlite:$tmp/m.db | grep -q '^pending  0001_platform'"
check bash -c "'$bin' migrate --database-url sqlite:$tmp/m.db 2>/dev/null | grep -q '^applied 0001_platform'"
check bash -c "'$bin' migrate --status --database-url sqlite:$tmp/m.db | grep -Eq '^[0-9]+ applied, 0 pending'"

# The storefront is in the binary: served from a directory without web/.
check bash -c "cd '$tmp' && test ! -e web"
# backup while serving; restore refused while the server has the database, accepted after.
(cd "$tmp" && exec "$bin" serve --database-url sqlite:seed.db --listen 127.0.0.1:0 2>"$tmp/blog") &
pid=$!
for _ in $(seq 50); do grep -q '"listening"' "$tmp/blog" && break; sleep 0.1; done
port=$(grep -o '"port":[0-9]*' "$tmp/blog" | head -1 | cut -d: -f2)
check bash -c "curl -sf http://127.0.0.1:$port/ | grep -q '<html'"
check bash -c "curl -sf http://127.0.0.1:$port/web/app.js >/dev/null"
check bash -c "'$bin' backup '$tmp/b1.db' --database-url sqlite:$tmp/seed.db | grep -q 'integrity ok'"
check bash -c "! '$bin' backup '$tmp/b1.db' --database-url sqlite:$tmp/seed.db 2>/dev/null"
check bash -c "! '$bin' restore '$tmp/b1.db' --database-url sqlite:$tmp/seed.db 2>$tmp/rerr"
check grep -q "is using" "$tmp/rerr"
kill -TERM "$pid"
check wait "$pid"
pid=""
check bash -c "'$bin' restore '$tmp/b1.db' --database-url sqlite:$tmp/seed.db | grep -q 'integrity ok'"
check bash -c "test \"\$(sqlite3 '$tmp/seed.db' 'SELECT COUNT(*) FROM products')\" = 30"
# PostgreSQL: an explanation, exit code 2, nothing written.
check bash -c "'$bin' backup '$tmp/pg.dump' --database-url postgres://u@127.0.0.1:1/x 2>$tmp/pgerr; [[ \$? -eq 2 ]]"
check grep -q "pg_dump --format=custom" "$tmp/pgerr"
check test ! -e "$tmp/pg.dump"

echo "$pass passed, $fail failed"
[[ $fail -eq 0 ]]
