#!/usr/bin/env bash
# Load benchmark: Wolfix's hot paths against an nginx static-file ceiling measured in the same
# run, as ratios (the machines are shared and noisy; absolute numbers mean little).
# Server pinned to core 1 (one io thread), wrk / the load driver to core 0, as DESIGN.md §7 says.
#
# After SQLite (reads and writes), the same paths run again against PostgreSQL: the throwaway
# cluster of scripts/with-postgres.sh (with fsync on), pinned to core 1 with the server, seeded
# the same way.
#
# Usage: bench/run.sh [seconds per run, default 10]        (make bench)
# Environment: BUILD (build dir, default build), BENCH_PRODUCTS (default 100000),
#   BENCH_CONNECTIONS (default 64), BENCH_WORKERS (server worker threads, default: the server's),
#   BENCH_POSTGRES (1: also PostgreSQL, the default; 0: SQLite only).
#   Internal: BENCH_PHASE=postgres runs only the PostgreSQL phase (inside with-postgres.sh) and
#   writes its result lines to BENCH_RESULTS.
set -euo pipefail
cd "$(dirname "$0")/.."
secs=${1:-10}
root=$(pwd)
build=${BUILD:-build}
bin=$root/$build/wolfix
conns=${BENCH_CONNECTIONS:-64}
products=${BENCH_PRODUCTS:-100000}
[[ -x $bin ]] || { echo "build first: make build (or BUILD=<dir>)" >&2; exit 1; }
for p in nginx wrk; do command -v $p >/dev/null || apt-get install -y -qq $p >/dev/null; done
cmake --build "$build" --target loadgen >/dev/null
loadgen=$root/$build/loadgen

work=$(mktemp -d /tmp/wolfix-bench.XXXXXX)
chmod 755 "$work"  # nginx workers drop privileges and must read the static file
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; rm -rf "$work"; }
trap cleanup EXIT
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
wait_http() { for _ in $(seq 200); do curl -sf "$1" >/dev/null && return 0; sleep 0.05; done; return 1; }

# wrk prints "Requests/sec: N" and a latency distribution with --latency.
run_wrk() {  # url [lua script]
  local extra=()
  [[ -n ${2:-} ]] && extra=(-s "$2")
  taskset -c 0 wrk -t1 -c"$conns" -d"${secs}s" --latency "${extra[@]}" "$1" >"$work/wrk.out" 2>&1
  rps=$(awk '/Requests\/sec/ {print $2}' "$work/wrk.out")
  p99=$(awk '/ 99%/ {print $2}' "$work/wrk.out")
  non2xx=$(awk '/Non-2xx/ {print $5}' "$work/wrk.out")
  errors=$(awk '/Socket errors/ {n=0; for (i=4;i<=NF;i+=2) n+=$i; print n}' "$work/wrk.out")
  echo "${rps:-0} ${p99:-?} $(( ${non2xx:-0} + ${errors:-0} ))"
}
# A randomized read path (a wrk script): warmed, then measured and added to the results.
measure_random() {  # name lua script
  warm_wrk "$B/" "$2"
  read -r rps p99 bad < <(run_wrk "$B/" "$2")
  add "$1" "$rps" "$p99" "$bad"
}
# The same load for 2 s, not recorded: the randomized read paths are measured with their caches
# warm, as a shop's are (a cold node's misses at a million products took more than wrk's 2 s
# timeout on PostgreSQL); a cold start is what the start-up and ready times measure.
warm_wrk() {  # url lua script
  taskset -c 0 wrk -t1 -c"$conns" -d2s -s "$2" "$1" >/dev/null 2>&1 || true
}

phase=${BENCH_PHASE:-main}
if [[ $phase == main ]]; then
# --- the ceiling: nginx, one worker pinned to core 1, a static 4 KB JSON file
mkdir -p "$work/www" "$work/nginx"
python3 - "$work/www/page.json" <<'PY'
import json, sys
doc = {"items": [], "pad": ""}
while len(json.dumps(doc)) < 4000:
    i = len(doc["items"])
    doc["items"].append({"id": i, "title": "product %d" % i, "price": "%d.99" % i})
doc["pad"] = "x" * (4096 - len(json.dumps(doc)))
open(sys.argv[1], "w").write(json.dumps(doc))  # valid JSON of exactly 4096 bytes
PY
chmod -R a+rX "$work/www"
nport=$(free_port)
user_line=""
[[ $EUID -eq 0 ]] && user_line="user root;"
cat >"$work/nginx/nginx.conf" <<CONF
$user_line
worker_processes 1;
worker_cpu_affinity 10;
daemon off;
error_log $work/nginx/error.log;
pid $work/nginx/nginx.pid;
events { worker_connections 1024; }
http {
  access_log off;
  server { listen 127.0.0.1:$nport; root $work/www; location / { default_type application/json; } }
}
CONF
nginx -c "$work/nginx/nginx.conf" -p "$work/nginx" &
pids+=($!)
wait_http "http://127.0.0.1:$nport/page.json" || { cat "$work/nginx/error.log" >&2; exit 1; }
read -r base_rps base_p99 base_bad < <(run_wrk "http://127.0.0.1:$nport/page.json")
[[ $base_bad == 0 ]] || { echo "nginx answered errors: see $work/wrk.out" >&2; exit 1; }
fi

# --- Wolfix with a seeded catalog of its own: SQLite (main phase) or PostgreSQL
# The load driver registers one customer per connection and mode, all from 127.0.0.1.
export WOLFIX_LOG_LEVEL=warn WOLFIX_MEDIA_DIR="$work/media" WOLFIX_MAIL_FILE="$work/mail.jsonl" \
  WOLFIX_SANDBOX_WORKERS=${BENCH_SANDBOX_WORKERS:-32} WOLFIX_REGISTER_MAX_PER_ADDRESS=100000
if [[ $phase == postgres ]]; then
  export WOLFIX_DATABASE_URL=$WOLFIX_TEST_POSTGRES_URL
  pgbin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
  sql() { "$pgbin/psql" -X -q -At -v ON_ERROR_STOP=1 "$WOLFIX_DATABASE_URL" -c "$1"; }
else
  export WOLFIX_DATABASE_URL="sqlite:$work/wolfix.db"
  sql() { python3 -c 'import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
for row in db.execute(sys.argv[2]): print("|".join(str(v) for v in row))
db.commit()' "$work/wolfix.db" "$1"; }
fi
"$bin" migrate >/dev/null
t0=$(date +%s)
"$bin" seed --products "$products" >/dev/null
seed_secs=$(( $(date +%s) - t0 ))
# Orders must never sell out during a run: what is for sale gets a stock no run can exhaust.
sql "UPDATE products SET stock = 100000000 WHERE stock > 0" >/dev/null
# The stock update above left a dead version of every product row; autovacuum would clear them
# within minutes, the run does it at once (and refreshes the products' statistics). Only that
# table: analysed while empty, the order tables would be planned as empty for the whole run
# (autovacuum re-analyses them only after a minute), and every foreign-key check of an order's
# lines and history then read the orders table from end to end (~200 us per insert by session
# 6's pg_stat_statements, against ~25-50 us with the index).
[[ $phase == postgres ]] && sql "VACUUM ANALYZE products" >/dev/null
# Seeding a million products writes ~2 GB of log (100k: ~0.5 GB, about what triggers one): the
# checkpoint it triggers last is paced over 4.5 minutes (checkpoint_completion_target of the
# 5-minute timeout), so it was still writing the seed's dirty buffers (~1 GB at 1M) on core 1,
# beside the server, and logging whole pages during the write runs. Done at once here, the runs
# measure the shop and not the seeding.
[[ $phase == postgres ]] && sql "CHECKPOINT" >/dev/null
sql "SELECT id FROM products ORDER BY random() LIMIT 2000" >"$work/ids.txt"
sql "SELECT title FROM products ORDER BY random() LIMIT 300" >"$work/titles.txt"
python3 - "$work" <<'PY'
import sys, urllib.parse
work = sys.argv[1]
ids = open(work + "/ids.txt").read().split()
open(work + "/ids.lua", "w").write("ids = {" + ",".join('"%s"' % i for i in ids) + "}\n")
# Words from titles (brands, models, colours): searches that match tens to thousands of products.
words = set()
for t in open(work + "/titles.txt").read().splitlines():
    words.update(w for w in t.split()[1:] if len(w) > 2 and w.isalpha())
open(work + "/words.lua", "w").write("words = {" + ",".join('"%s"' % urllib.parse.quote(w) for w in sorted(words)) + "}\n")
PY

wport=$(free_port)
workers=()
[[ -n ${BENCH_WORKERS:-} ]] && workers=(--worker-threads "$BENCH_WORKERS")
# Start-up: from exec to the first answer of /health (migrations already applied).
read -r server_pid startup_ms < <(python3 - "$bin" "$wport" "${workers[@]}" <<'PY'
import subprocess, sys, time, urllib.request
bin, port, extra = sys.argv[1], sys.argv[2], sys.argv[3:]
t0 = time.monotonic()
p = subprocess.Popen(["taskset", "-c", "1", bin, "serve", "--listen", "127.0.0.1:" + port,
                      "--io-threads", "1"] + extra, stdout=subprocess.DEVNULL)
while True:
    try:
        urllib.request.urlopen("http://127.0.0.1:%s/health" % port, timeout=1).read()
        break
    except Exception:
        if time.monotonic() - t0 > 20: raise SystemExit("server did not start")
        time.sleep(0.002)
print(p.pid, round((time.monotonic() - t0) * 1000))
PY
)
pids+=("$server_pid")
B=http://127.0.0.1:$wport
# The node says ready once its search index is built (a start-up job): measured from here on.
t_ready=$(date +%s%N)
until curl -sf -o /dev/null "$B/ready"; do
  (( $(date +%s%N) - t_ready < 300000000000 )) || { echo "bench: server never ready" >&2; exit 1; }
  sleep 0.05
done
ready_ms=$(( startup_ms + ($(date +%s%N) - t_ready) / 1000000 ))
rss_kb() { awk "/$1/ {print \$2}" /proc/"$server_pid"/status; }

results=()
add() { results+=("$1|$2|$3|$4"); }
read -r rps p99 bad < <(run_wrk "$B/health")
add "GET /health" "$rps" "$p99" "$bad"

category=$(curl -sf "$B/api/categories/child" | python3 -c 'import json,sys; print(json.load(sys.stdin)[0]["id"])')
read -r rps p99 bad < <(run_wrk "$B/api/products/category/$category/page/1?pageSize=20")
add "category page, one page (cached)" "$rps" "$p99" "$bad"

cat >"$work/pages.lua" <<LUA
request = function()
  return wrk.format(nil, "/api/products/category/$category/page/" .. math.random(1, 500) .. "?pageSize=20")
end
LUA
measure_random "category page, random of 500" "$work/pages.lua"

cat "$work/ids.lua" - >"$work/detail.lua" <<'LUA'
request = function()
  return wrk.format(nil, "/api/products/product/" .. ids[math.random(#ids)])
end
LUA
measure_random "product detail, random" "$work/detail.lua"

cat "$work/words.lua" - >"$work/search.lua" <<'LUA'
request = function()
  return wrk.format(nil, "/api/products/search?searchQuery=" .. words[math.random(#words)])
end
LUA
measure_random "search, random title word" "$work/search.lua"

# Writes: the load driver holds one connection per customer (registered before timing
# starts). On PostgreSQL the cluster runs with fsync on for them, as in production.
modes=(cod card)
for mode in "${modes[@]}"; do
  line=$(taskset -c 0 "$loadgen" --port "$wport" --mode "$mode" --connections "$conns" \
           --seconds "$secs" 2>"$work/loadgen-$mode.err") || { cat "$work/loadgen-$mode.err" >&2; exit 1; }
  sed 's/^/  /' "$work/loadgen-$mode.err" >&2
  IFS='|' read -r name rps p99 bad <<<"$line"
  add "$name" "$rps" "$p99" "$bad"
done
rss=$(rss_kb VmRSS)
hwm=$(rss_kb VmHWM)
# The server stops before anything else is measured: its background work would share core 1.
kill "$server_pid" 2>/dev/null || true
while kill -0 "$server_pid" 2>/dev/null; do sleep 0.05; done
summary="start-up to first /health answer: ${startup_ms} ms, to ready (search index built): ${ready_ms} ms; resident memory after the runs: $((rss / 1024)) MB (peak $((hwm / 1024)) MB); products: $products, seeded in ${seed_secs} s"

if [[ $phase == postgres ]]; then
  { printf '%s\n' "${results[@]}"; echo "summary|$summary"; } >"$BENCH_RESULTS"
  exit 0
fi

# The same read paths on PostgreSQL: a throwaway cluster on core 1 with the server.
pg_results=()
pg_summary=""
if [[ ${BENCH_POSTGRES:-1} == 1 ]]; then
  BENCH_PHASE=postgres BENCH_RESULTS="$work/pg-results" WOLFIX_PG_FSYNC=on \
    WOLFIX_PG_SHARED_BUFFERS=1GB \
    taskset -c 1 scripts/with-postgres.sh bench/run.sh "$secs" >"$work/pg.log" 2>&1 ||
    { cat "$work/pg.log" >&2; echo "the PostgreSQL phase failed" >&2; exit 1; }
  while IFS= read -r line; do
    if [[ $line == summary\|* ]]; then pg_summary=${line#summary|}; else pg_results+=("$line"); fi
  done <"$work/pg-results"
fi

# The ceiling once more, with no server left running: if it moved a lot, the machine's load
# changed during the run.
read -r end_rps end_p99 _ < <(run_wrk "http://127.0.0.1:$nport/page.json")

table() {  # title, then result lines
  echo "$1"
  shift
  printf '%-34s %12s %8s %10s %8s\n' "Wolfix path" "per second" "ratio" "p99" "failed"
  for r in "$@"; do
    IFS='|' read -r name rps p99 bad <<<"$r"
    ratio=$(python3 -c "print(f'{float($rps)/float($base_rps):.3f}')")
    printf '%-34s %12s %8s %10s %8s\n' "$name" "$rps" "$ratio" "$p99" "$bad"
  done
}
echo
echo "nginx static 4 KB ceiling: ${base_rps} req/s, p99 ${base_p99} (at the end: ${end_rps} req/s, p99 ${end_p99})"
echo "${secs} s per run, ${conns} connections, server: taskset -c 1, --io-threads 1; load: taskset -c 0"
table "SQLite:" "${results[@]}"
echo "$summary"
if [[ ${#pg_results[@]} -gt 0 ]]; then
  echo
  table "PostgreSQL (the cluster on core 1 with the server, fsync on):" "${pg_results[@]}"
  echo "$pg_summary"
fi
