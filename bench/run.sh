#!/usr/bin/env bash
# Load benchmark: Wolfix's hot paths against an nginx static-file ceiling measured in the same
# run, as ratios (the machines are shared and noisy; absolute numbers mean little).
# Server pinned to core 1 (one io thread), wrk to core 0, 64 connections, as DESIGN.md §7 says.
# Usage: bench/run.sh [seconds per run, default 10]   (make bench)
set -euo pipefail
cd "$(dirname "$0")/.."
secs=${1:-10}
root=$(pwd)
bin=$root/build/wolfix
[[ -x $bin ]] || { echo "build first: make build" >&2; exit 1; }
for p in nginx wrk; do command -v $p >/dev/null || apt-get install -y -qq $p >/dev/null; done

work=$(mktemp -d /tmp/wolfix-bench.XXXXXX)
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; rm -rf "$work"; }
trap cleanup EXIT
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
wait_http() { for _ in $(seq 100); do curl -sf "$1" >/dev/null && return 0; sleep 0.1; done; return 1; }

# wrk prints "Requests/sec: N" and a latency distribution with --latency.
run_wrk() {  # url [lua script]
  local extra=()
  [[ -n ${2:-} ]] && extra=(-s "$2")
  taskset -c 0 wrk -t1 -c64 -d"${secs}s" --latency "${extra[@]}" "$1" >"$work/wrk.out" 2>&1
  rps=$(awk '/Requests\/sec/ {print $2}' "$work/wrk.out")
  p99=$(awk '/ 99%/ {print $2}' "$work/wrk.out")
  non2xx=$(awk '/Non-2xx/ {print $5}' "$work/wrk.out")
  echo "${rps:-0} ${p99:-?} ${non2xx:-0}"
}

# --- the ceiling: nginx, one worker pinned to core 1, a static 4 KB JSON file
mkdir -p "$work/www" "$work/nginx"
python3 -c 'import json; print(json.dumps({"items":[{"id":i,"title":"product %d"%i,"price":"%d.99"%i} for i in range(95)]}))' | head -c 4096 >"$work/www/page.json"
nport=$(free_port)
cat >"$work/nginx/nginx.conf" <<CONF
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
wait_http "http://127.0.0.1:$nport/page.json"
read -r base_rps base_p99 _ < <(run_wrk "http://127.0.0.1:$nport/page.json")

# --- Wolfix on SQLite with the demo catalog
export WOLFIX_DATABASE_URL="sqlite:$work/wolfix.db" WOLFIX_LOG_LEVEL=warn
products=${BENCH_PRODUCTS:-10000}
"$bin" migrate >/dev/null
"$bin" seed --products "$products" >/dev/null
wport=$(free_port)
taskset -c 1 "$bin" serve --listen "127.0.0.1:$wport" --io-threads 1 --worker-threads 8 &
pids+=($!)
wait_http "http://127.0.0.1:$wport/health"
rss_kb() { awk '/VmRSS/ {print $2}' /proc/"${pids[-1]}"/status; }

results=()
add() { results+=("$1|$2|$3|$4"); }
read -r rps p99 bad < <(run_wrk "http://127.0.0.1:$wport/health")
add "GET /health" "$rps" "$p99" "$bad"
category=$(curl -sf "http://127.0.0.1:$wport/api/categories/child" | python3 -c 'import json,sys; print(json.load(sys.stdin)[0]["id"])' 2>/dev/null || true)
if [[ -n $category ]]; then
  read -r rps p99 bad < <(run_wrk "http://127.0.0.1:$wport/api/products/category/$category/page/1?pageSize=20")
  add "catalog page (20 products)" "$rps" "$p99" "$bad"
fi
if [[ -x bench/orders.sh ]]; then
  while IFS='|' read -r name rps p99 bad; do add "$name" "$rps" "$p99" "$bad"; done < <(bench/orders.sh "$wport" "$secs")
fi
rss=$(rss_kb)

echo
echo "nginx static 4 KB ceiling: ${base_rps} req/s, p99 ${base_p99}  (${secs}s per run, wrk -t1 -c64)"
printf '%-32s %12s %8s %10s %8s\n' "Wolfix path" "req/s" "ratio" "p99" "non-2xx"
for r in "${results[@]}"; do
  IFS='|' read -r name rps p99 bad <<<"$r"
  ratio=$(python3 -c "print(f'{float($rps)/float($base_rps):.2f}')")
  printf '%-32s %12s %8s %10s %8s\n' "$name" "$rps" "$ratio" "$p99" "$bad"
done
echo "resident memory after the runs: $((rss / 1024)) MB; products: $products"
