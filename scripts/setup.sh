#!/usr/bin/env bash
# One-time (and idempotent) set-up: Node >= 22, dependencies, build, Pulumi CLI. A preflight first says what it found
# and what each step will do and cost (scripts/preflight.sh); `--plan` stops after it.
#
#   bash scripts/setup.sh [--plan]
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
# shellcheck source=lib.sh
source scripts/lib.sh

bash scripts/preflight.sh
[ "${1:-}" = "--plan" ] && exit 0
start=$SECONDS

node_bin="$(bash scripts/node22.sh)"
export PATH="$node_bin:$PATH"
bash scripts/deps.sh
step=$SECONDS
if ! node_modules/.bin/turbo run build --output-logs=errors-only >&2; then
  esac_log "FAILED: turbo run build; remedy: fix the compile errors above (\`npm run build\` shows them again)"
  exit 1
fi
[ $((SECONDS - step)) -lt 5 ] || esac_log "packages built in $((SECONDS - step)) s"
pulumi_bin="$(bash scripts/pulumi-cli.sh)"
[ $((SECONDS - start)) -lt 5 ] || esac_log "set-up done in $(esac_duration $((SECONDS - start)))"
esac_log "node $(node --version) ($(esac_tilde "$node_bin")); Pulumi CLI $("$pulumi_bin/pulumi" version 2>/dev/null) ($(esac_tilde "$pulumi_bin"))"
