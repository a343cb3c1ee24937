#!/usr/bin/env bash
# Stripe's official Node library (from the npm registry, pinned by package-lock.json) against the
# payment sandbox: run by ctest as compat.stripe_node. Arguments: the wolfix binary and the
# verify_webhook_signature helper.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
export WOLFIX_BIN=$(realpath "$1")
export WOLFIX_VERIFY_BIN=$(realpath "$2")
cd "$here"
if [[ ! -f node_modules/stripe/package.json ]] ||
   ! grep -q "\"version\": \"$(node -p "require('./package-lock.json').packages['node_modules/stripe'].version")\"" node_modules/stripe/package.json; then
  npm ci --no-audit --no-fund --loglevel=error
fi
exec node --test --test-concurrency=1 stripe_compat.test.js
