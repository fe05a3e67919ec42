#!/usr/bin/env bash
# Runs a command with Node >= 22, the workspace's bin dir and the Pulumi CLI on PATH (offline settings).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
node_bin="$(bash "$root/scripts/node22.sh")"
export PATH="$node_bin:$root/node_modules/.bin:$PATH"
if [ -z "${ESAC_NO_PULUMI:-}" ]; then
  # shellcheck source=/dev/null
  source "$root/scripts/pulumi-env.sh"
fi
exec "$@"
