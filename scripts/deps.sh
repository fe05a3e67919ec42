#!/usr/bin/env bash
# Installs the workspace's npm dependencies when node_modules is missing or older than package.json or
# package-lock.json. Needs Node >= 22 first on PATH (setup.sh and run.sh put it there).
#
#   bash scripts/deps.sh          install if needed
#   bash scripts/deps.sh --plan   print whether it would; install nothing
set -euo pipefail
# shellcheck source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
stamp="node_modules/.esac-installed"
# Measured on a fresh clone with an empty npm cache.
cost="~500 packages, ~160 MB download into ~/.npm, ~330 MB in node_modules, ~15 s"

current() { [ -f "$stamp" ] && [ ! package-lock.json -nt "$stamp" ] && [ ! package.json -nt "$stamp" ]; }

if [ "${1:-}" = "--plan" ]; then
  if current; then echo "dependencies: up to date"; else echo "dependencies: install — npm install ($cost)"; fi
  exit 0
fi
current && exit 0

mkdir -p node_modules
exec 8>node_modules/.esac-install.lock
command -v flock >/dev/null && flock 8
current && exit 0 # another run installed them while we waited
start=$SECONDS
# `npm ci` refuses this lock: the registry has no builds of some other-platform optional packages
# (e.g. @swc/core-darwin-arm64), so npm cannot record them; `npm install` honours the lock for everything it records.
log="node_modules/.esac-install.log"
: >"$log"
esac_run_step "installing dependencies: npm install ($cost)" "$log" npm install --no-save --no-audit --no-fund --loglevel=error || {
  esac_npm_failed "npm install" "$log"
  exit 1
}
touch "$stamp"
esac_log "dependencies installed in $((SECONDS - start)) s ($(esac_size node_modules) in node_modules)"
