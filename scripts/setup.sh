#!/usr/bin/env bash
# One-time (and idempotent) set-up: Node >= 22, dependencies, build, Pulumi CLI.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
node_bin="$(bash scripts/node22.sh)"
export PATH="$node_bin:$PATH"
echo "esac: node $(node --version) ($node_bin)" >&2
stamp="node_modules/.esac-installed"
if [ ! -f "$stamp" ] || [ package-lock.json -nt "$stamp" ] || [ package.json -nt "$stamp" ]; then
  echo "esac: installing dependencies" >&2
  # `npm ci` refuses this lock: the registry has no builds of some other-platform optional
  # packages (e.g. @swc/core-darwin-arm64), so npm cannot record them; `npm install` honours
  # the lock for everything it does record.
  npm install --no-save --no-audit --no-fund --loglevel=error >&2
  touch "$stamp"
fi
echo "esac: building packages" >&2
node_modules/.bin/turbo run build --output-logs=errors-only >&2
echo "esac: Pulumi CLI at $(bash scripts/pulumi-cli.sh)" >&2
