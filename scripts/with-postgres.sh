#!/usr/bin/env bash
# Runs a command with a throwaway PostgreSQL server: a fresh cluster in a temp dir on a free
# loopback port, exported as WOLFIX_TEST_POSTGRES_URL, removed afterwards whatever happens.
set -euo pipefail

pgbin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
[[ -x "$pgbin/initdb" ]] || { echo "with-postgres: PostgreSQL server binaries not found" >&2; exit 1; }

dir=$(mktemp -d /tmp/wolfix-pg.XXXXXX)
runas=()
if [[ $(id -u) -eq 0 ]]; then
  # initdb refuses to run as root; the cluster belongs to the postgres user.
  chown postgres "$dir"
  runas=(runuser -u postgres --)
fi
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])' 2>/dev/null ||
       echo $((20000 + RANDOM % 20000)))

cleanup() {
  "${runas[@]}" "$pgbin/pg_ctl" -D "$dir/data" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$dir"
}
trap cleanup EXIT

"${runas[@]}" "$pgbin/initdb" -D "$dir/data" -U wolfix --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
# Tests need no durability (fsync off); the bench measures with it (WOLFIX_PG_FSYNC=on: every
# commit reaches the disk, as in production) and with the buffer cache a production cluster
# would have (WOLFIX_PG_SHARED_BUFFERS; PostgreSQL's default of 128MB holds a fraction of a
# million-product catalog).
opts="-c listen_addresses=127.0.0.1 -p $port -k $dir -c fsync=${WOLFIX_PG_FSYNC:-off}"
opts+=" -c shared_buffers=${WOLFIX_PG_SHARED_BUFFERS:-128MB} -c max_connections=300"
# `ctl stop|start`: the database-outage test (tests/api/database_outage_test.cpp) stops this
# server in the middle of a load and starts it again on the same port.
cat >"$dir/ctl" <<EOF
#!/bin/sh
case "\$1" in
  stop) exec ${runas[*]} "$pgbin/pg_ctl" -D "$dir/data" -m fast -w stop ;;
  start) exec ${runas[*]} "$pgbin/pg_ctl" -D "$dir/data" -l "$dir/log" -w -o "$opts" start ;;
  *) echo "usage: ctl stop|start" >&2; exit 2 ;;
esac
EOF
chmod 755 "$dir/ctl"
"$dir/ctl" start >/dev/null
export WOLFIX_TEST_POSTGRES_URL="postgres://wolfix@127.0.0.1:$port/postgres"
export WOLFIX_TEST_POSTGRES_CTL="$dir/ctl"
echo "with-postgres: PostgreSQL on port $port"
"$@"
