#!/usr/bin/env bash
# Runs a command with Node >= 22 and the workspace's bin dir on PATH, installing the dependencies first when they are
# missing (a fresh clone) or stale; and with the Pulumi CLI on PATH (offline settings), getting it first if needed,
# unless --no-pulumi (or ESAC_NO_PULUMI=1) is given, for commands that do not run the CLI (build, lint, emulator).
#
#   bash scripts/run.sh [--no-pulumi] CMD [ARGS...]
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
if [ "${1:-}" = "--no-pulumi" ]; then
  ESAC_NO_PULUMI=1
  shift
fi
node_bin="$(bash "$root/scripts/node22.sh")"
export PATH="$node_bin:$root/node_modules/.bin:$PATH"
bash "$root/scripts/deps.sh"
if [ -z "${ESAC_NO_PULUMI:-}" ]; then
  # shellcheck source=/dev/null
  source "$root/scripts/pulumi-env.sh"
fi
exec "$@"
