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
for sub in serve migrate seed version; do check bash -c "'$bin' $sub --help >/dev/null"; done
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

echo "$pass passed, $fail failed"
[[ $fail -eq 0 ]]
