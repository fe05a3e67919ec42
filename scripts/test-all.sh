#!/usr/bin/env bash
# Every test suite: the set-up scripts' own tests, then unit, contract and corpus tests of each package (turbo), then
# the real-CLI end-to-end suite.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
status=0
turbo run lint lint:root --continue --output-logs=errors-only || status=$?   # tsc, eslint, API docs, prettier --check
jest --config scripts/test/jest.config.js || status=$?
turbo run test --concurrency=1 --continue --output-logs=full || status=$?
exit "$status"
