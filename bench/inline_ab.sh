#!/usr/bin/env bash
# Inline (io thread) against worker-pool dispatch, same binary, same minute. A request carrying
# an Authorization header is never answered inline (verifying a token may read the database), so
# a bogus "Bearer x" sends the very same route through the pool (the token fails to parse in
# microseconds and public routes ignore it). Prints throughput, p99 and the server's CPU time
# per request (utime+stime from /proc), which the load on a shared machine disturbs far less.
#
# Usage: BUILD=build-perf bench/inline_ab.sh [seconds per run, default 4] [rounds, default 3]
set -euo pipefail
cd "$(dirname "$0")/.."
secs=${1:-4}
rounds=${2:-3}
bin=$(pwd)/${BUILD:-build}/wolfix
work=$(mktemp -d /tmp/wolfix-inline-ab.XXXXXX)
export WOLFIX_DATABASE_URL="sqlite:$work/w.db" WOLFIX_LOG_LEVEL=warn WOLFIX_MEDIA_DIR="$work/media" \
  WOLFIX_MAIL_FILE="$work/mail.jsonl"
"$bin" migrate >/dev/null
"$bin" seed --products 5000 >/dev/null
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
taskset -c 1 "$bin" serve --listen 127.0.0.1:"$port" --io-threads 1 >/dev/null &
spid=$!
trap 'kill $spid; rm -rf "$work"' EXIT
for _ in $(seq 200); do curl -sf "http://127.0.0.1:$port/health" >/dev/null && break; sleep 0.05; done
cat=$(curl -s "http://127.0.0.1:$port/api/categories/child" |
  python3 -c 'import json,sys; print(json.load(sys.stdin)[0]["id"])')
page="http://127.0.0.1:$port/api/products/category/$cat/page/1?pageSize=20"
cpu() { awk '{print $14+$15}' /proc/$spid/stat; }
run() {
  local c0 c1
  c0=$(cpu)
  taskset -c 0 wrk -t1 -c"${BENCH_CONNECTIONS:-64}" -d"${secs}s" --latency "$@" >"$work/wrk.out"
  c1=$(cpu)
  awk -v ticks=$((c1 - c0)) -v hz="$(getconf CLK_TCK)" '/requests in/ {n=$1} /Requests\/sec/ {r=$2}
    / 99%/ {p=$2} /Non-2xx/ {e=$5}
    END {printf "%10s req/s  p99 %-8s failed %d  server CPU %.1f us/request\n", r, p, e+0, ticks/hz*1e6/n}' \
    "$work/wrk.out"
}
for round in $(seq "$rounds"); do
  echo "round $round"
  printf "  /health inline      "; run "http://127.0.0.1:$port/health"
  printf "  /health pool        "; run -H "Authorization: Bearer x" "http://127.0.0.1:$port/health"
  printf "  cached page inline  "; run "$page"
  printf "  cached page pool    "; run -H "Authorization: Bearer x" "$page"
done
