#!/usr/bin/env bash
# Every test suite: unit, contract and corpus tests of each package (turbo), then the real-CLI end-to-end suite.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
turbo run test --concurrency=1 --continue --output-logs=full
