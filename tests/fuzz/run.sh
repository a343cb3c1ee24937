#!/usr/bin/env bash
# Runs the libFuzzer targets of a fuzz build tree for a while each.
#   tests/fuzz/run.sh BUILD_DIR SECONDS [target...]      (default: every target)
# Starts from the committed seeds (tests/fuzz/corpus/<target>) plus what earlier runs in this
# tree found (BUILD_DIR/corpus/<target>; the committed seeds are never written to). A crash,
# leak, timeout or sanitizer report fails the run; the input is kept as
# BUILD_DIR/artifacts/<target>-crash-* and the report as BUILD_DIR/fuzz-logs/<target>.log.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
build=${1:?usage: run.sh BUILD_DIR SECONDS [target...]}
seconds=${2:?usage: run.sh BUILD_DIR SECONDS [target...]}
shift 2
targets=("$@")
if ((${#targets[@]} == 0)); then
  # The list lives in targets.cmake: set(WOLFIX_FUZZ_TARGETS a b ...).
  read -ra targets <<<"$(sed -n '/WOLFIX_FUZZ_TARGETS/,/)/p' "$here/targets.cmake" |
    tr -d '()' | sed 's/set//; s/WOLFIX_FUZZ_TARGETS//' | tr '\n' ' ')"
fi

mkdir -p "$build/artifacts" "$build/fuzz-logs"
failed=0
for t in "${targets[@]}"; do
  bin="$build/fuzz_$t"
  if [[ ! -x "$bin" ]]; then
    echo "fuzz: $bin is missing (build it: make fuzz-build)" >&2
    failed=1
    continue
  fi
  work="$build/corpus/$t"
  mkdir -p "$work"
  log="$build/fuzz-logs/$t.log"
  max_len=8192
  [[ $t == multipart ]] && max_len=65536
  rc=0
  "$bin" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -max_len="$max_len" \
    -print_final_stats=1 -artifact_prefix="$build/artifacts/$t-" \
    "$work" "$here/corpus/$t" >"$log" 2>&1 || rc=$?
  runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
  cov=$(grep -oE 'cov: [0-9]+' "$log" | tail -1 | cut -d' ' -f2)
  if ((rc != 0)); then
    echo "fuzz: $t FAILED after ${runs:-?} runs (exit $rc); report: $log"
    grep -E '^(==[0-9]+==ERROR|SUMMARY|.*runtime error|invariant broken|bad input answered|.*Test unit written)' "$log" | head -8
    failed=1
  else
    echo "fuzz: $t ok: ${runs:-?} inputs in ${seconds}s, coverage ${cov:-?} edges, corpus $(ls "$work" | wc -l) files"
  fi
done
exit $failed
