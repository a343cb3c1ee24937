#!/usr/bin/env bash
# The API tests read state through the API or through tests/api/probe.* (issue 14 point 8):
# the probe is the only test code that knows table and column names, so a schema change
# touches one file and no suite asserts on rows the API would answer differently. Run by
# `make test`; prints each offending line: SQL in a string, or a statement or raw SQLite call
# on a database handle, anywhere in tests/api outside probe*. (Handing a session to a module's
# own function, as the outbox suite does with notify::enqueue, is not SQL.) The database
# layer's own tests, tests/api/db_*_test.cpp, are exempt: they test how statements run (on a
# scratch table they create and drop), not the application's schema.
set -euo pipefail
cd "$(dirname "$0")/.."
sql='"[^"]*\b(SELECT|INSERT INTO|UPDATE [a-z_]+ SET|DELETE FROM|CREATE (TABLE|DATABASE|INDEX)|DROP TABLE|ALTER TABLE|BEGIN IMMEDIATE|PRAGMA|EXPLAIN)\b'
handles='\.query_one\(|\.query\(|\.exec\(|exec_script\(|sqlite3_'
hits=$(grep -rnE "$sql|$handles" tests/api --include='*.cpp' --include='*.hpp' |
       grep -vE '^tests/api/(probe[^/]*|db_[^/]*_test)\.(cpp|hpp):' || true)
if [[ -n "$hits" ]]; then
  echo "$hits" >&2
  echo "test SQL: the lines above reach into the database outside tests/api/probe.*; read" \
       "through the API, or add a named function to the probe (README: Tests)." >&2
  exit 1
fi
echo "test SQL: only the probe"
