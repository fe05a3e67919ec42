#!/usr/bin/env bash
# Says, before set-up spends anything, what it found (node, npm, go, pulumi, the esac cache, free disk) and what each
# step will do and cost. One line when everything is already in place. Exits 1, with the remedy, when a step has no
# way to succeed, so that nothing is downloaded or built in vain.
#
#   bash scripts/preflight.sh [--no-pulumi]
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=lib.sh
source "$here/lib.sh"
with_pulumi=1
[ "${1:-}" = "--no-pulumi" ] && with_pulumi=""
cache="$(esac_cache_dir)"
V="$(esac_pulumi_version)"

status=0
node_plan="$(bash "$here/node22.sh" --plan)" || status=1
# deps.sh --plan reads only node_modules' timestamps; it needs no node.
deps_plan="$(bash "$here/deps.sh" --plan)"
pulumi_plan=""
if [ -n "$with_pulumi" ]; then
  pulumi_plan="$(bash "$here/pulumi-cli.sh" --plan)" || status=1
fi

in_place() { echo "$1" | tail -n1 | grep -Eq "^$2: (path|cache) — .*: use it$"; }
if [ "$status" -eq 0 ] && in_place "$node_plan" node && [ "$deps_plan" = "dependencies: up to date" ] &&
  { [ -z "$with_pulumi" ] || in_place "$pulumi_plan" pulumi; }; then
  summary="$node_plan; $deps_plan"
  [ -n "$with_pulumi" ] && summary="$summary; $(echo "$pulumi_plan" | tail -n1)"
  esac_log "set-up: nothing to download or build ($summary)"
  exit 0
fi

# found TOOL VERSION-ARGS...: "<version> at <path>", or "none".
found() {
  local path
  path="$(command -v "$1" 2>/dev/null)" || { echo none && return; }
  echo "$(GOTOOLCHAIN=local PULUMI_SKIP_UPDATE_CHECK=true "$@" 2>/dev/null | head -n1 | sed 's/^go version //') at $path"
}
{
  echo "esac: preflight — found:"
  echo "  node     $(found node --version)"
  echo "  npm      $(found npm --version)"
  echo "  go       $(found go version)"
  echo "  pulumi   $(found pulumi version)"
  if [ -d "$cache" ] && [ -n "$(ls -A "$cache" 2>/dev/null)" ]; then
    echo "  cache    $(esac_tilde "$cache"): $(cd "$cache" && for e in */; do printf '%s (%s) ' "${e%/}" "$(esac_size "$e")"; done)"
  else
    echo "  cache    $(esac_tilde "$cache"): empty"
  fi
  echo "  disk     $(esac_mb_human "$(esac_free_mb "$cache")") free on the disk of $(esac_tilde "$cache")"
  echo "esac: preflight — will do:"
  echo "  1. $node_plan"
  echo "  2. $deps_plan"
  echo "  3. build: turbo run build (~35 s the first time, cached after)"
  if [ -n "$with_pulumi" ]; then
    echo "  4. Pulumi CLI v$V, first source that works:"
    echo "$pulumi_plan" | sed 's/^/     /'
  fi
} >&2
if [ "$status" -ne 0 ]; then
  esac_log "FAILED: set-up cannot complete (see the plan above: the remedy is on the failing line); nothing was downloaded"
  exit 1
fi
