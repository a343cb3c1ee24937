#!/usr/bin/env bash
# `make sanitize` (nightly-style, heavy: two more full builds; not part of `make test`):
#  1. an ASan+UBSan build (build-asan) runs the unit tests and the API suite on SQLite and on a
#     throwaway PostgreSQL;
#  2. a TSan build (build-tsan) runs the unit tests and the concurrency suites (order races and
#     idempotency, card payment and refund races, and every *Concurrent* test; on SQLite these go
#     through the group commit) on both databases, with tests/sanitize/tsan.supp.
# Any sanitizer report fails the run. SANITIZE_STEPS=asan or =tsan runs one half.
set -euo pipefail
cd "$(dirname "$0")/.."
steps=${SANITIZE_STEPS:-asan tsan}
asan=${ASAN_BUILD:-build-asan}
tsan=${TSAN_BUILD:-build-tsan}
concurrency='OrderConcurrency*:OrderIdempotency*:CardRace*:CardRefunds*:*Concurrent*'

configure() {  # dir, WOLFIX_SANITIZE value
  cmake -S . -B "$1" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DWOLFIX_SANITIZE="$2" >/dev/null
  cmake --build "$1" --target wolfix unit_tests api_tests
}

if [[ " $steps " == *" asan "* ]]; then
  configure "$asan" address
  export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1:strict_string_checks=1:detect_stack_use_after_return=1
  export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
  echo "sanitize: ASan+UBSan unit tests"
  "$asan/unit_tests" --gtest_brief=1
  echo "sanitize: ASan+UBSan API suite, SQLite"
  WOLFIX_TEST_DB=sqlite "$asan/api_tests" --gtest_brief=1
  echo "sanitize: ASan+UBSan API suite, PostgreSQL"
  scripts/with-postgres.sh env WOLFIX_TEST_DB=postgres "$asan/api_tests" --gtest_brief=1
fi

if [[ " $steps " == *" tsan "* ]]; then
  configure "$tsan" thread
  export TSAN_OPTIONS="halt_on_error=1 second_deadlock_stack=1 suppressions=$PWD/tests/sanitize/tsan.supp"
  # The unit tests too: the server's deadline test (one and two io threads), the caches' single
  # flight and the group commit's own tests run threads of their own.
  echo "sanitize: TSan unit tests"
  "$tsan/unit_tests" --gtest_brief=1
  echo "sanitize: TSan concurrency suites, SQLite"
  WOLFIX_TEST_DB=sqlite "$tsan/api_tests" --gtest_brief=1 --gtest_filter="$concurrency"
  echo "sanitize: TSan concurrency suites, PostgreSQL"
  scripts/with-postgres.sh env WOLFIX_TEST_DB=postgres "$tsan/api_tests" --gtest_brief=1 \
    --gtest_filter="$concurrency"
fi
echo "sanitize: clean"
