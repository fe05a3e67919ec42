#!/usr/bin/env bash
# Prints the bin dir of a Pulumi CLI: pulumi, pulumi-language-nodejs and pulumi-resource-pulumi-nodejs.
# Uses a pulumi on PATH when it is new enough; otherwise builds the CLI once from the Go module proxy
# into the esac cache (a first build takes ~6 minutes on 2 cores and downloads ~480 MB of Go modules,
# ~2 GB unpacked in GOMODCACHE; Go's build cache grows by ~1.8 GB).
#
#   bash scripts/pulumi-cli.sh [PATH-TO-pulumi-resource-pulumi-nodejs]
#
# Version: $ESAC_PULUMI_VERSION, else "pulumiCliVersion" in the root package.json, else 3.259.0.
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cache="${ESAC_CACHE_DIR:-$HOME/.cache/esac}"
V="${ESAC_PULUMI_VERSION:-$(sed -n 's/.*"pulumiCliVersion" *: *"\([^"]*\)".*/\1/p' "$repo/package.json" 2>/dev/null | head -n1)}"
V="${V:-3.259.0}"
V="${V#v}"
# The nodejs language host left sdk/v3 for its own untagged module (after v3.68.0); the Go proxy here serves
# no version of that module, so then we build it from sdk/v3@v3.68.0, the newest one it serves that has it.
legacy_sdk="${ESAC_PULUMI_LEGACY_LANGHOST_SDK:-3.68.0}"
shim="${1:-${ESAC_PULUMI_SHIM:-$repo/node_modules/@pulumi/pulumi/pulumi-resource-pulumi-nodejs}}"
dest="$cache/pulumi-$V"
export PULUMI_SKIP_UPDATE_CHECK=true

log() { echo "esac: $*" >&2; }
version_of() { "$1" version 2>/dev/null | head -n1 | tr -d 'v\r' || true; }
at_least() { [ "$(printf '%s\n%s\n' "$1" "$2" | sort -V | head -n1)" = "$2" ]; } # $1 >= $2

# 1. A pulumi on PATH that is new enough, with its nodejs language host.
if p="$(command -v pulumi)"; then
  d="$(dirname "$p")"
  have="$(version_of "$p")"
  if [ -n "$have" ] && at_least "$have" "$V" &&
    { [ -x "$d/pulumi-language-nodejs" ] || command -v pulumi-language-nodejs >/dev/null; }; then
    echo "$d"
    exit 0
  fi
fi

# 2. The cache.
ready() {
  [ -x "$dest/bin/pulumi" ] && [ -x "$dest/bin/pulumi-language-nodejs" ] &&
    [ -x "$dest/bin/pulumi-resource-pulumi-nodejs" ] && [ "$(version_of "$dest/bin/pulumi")" = "$V" ]
}
if ready; then
  echo "$dest/bin"
  exit 0
fi

# 3. Build, one run at a time.
mkdir -p "$cache"
exec 9>"$cache/pulumi-$V.lock"
if command -v flock >/dev/null && ! flock -n 9; then
  log "another run is building Pulumi CLI v$V; waiting for $cache/pulumi-$V.lock"
  flock 9
fi
if ready; then # another run built it while we waited
  echo "$dest/bin"
  exit 0
fi

work="$cache/build-$V"
blog="$cache/pulumi-$V.build.log"
rm -rf "$work" && mkdir -p "$work/cli" "$work/langhost" "$work/out/bin"
: >"$blog"
trap 'rm -rf "$work"' EXIT
export CGO_ENABLED=0
ldflags() { echo "-s -w -X github.com/pulumi/pulumi/sdk/v3/go/common/version.Version=v$1"; }
gobuild() { go build -trimpath -tags osusergo,grpcnotrace "$@"; }
# run STEP CMD...: runs CMD with its output in the build log; on failure names STEP, shows the log's tail, exits.
run() {
  local step="$1"
  shift
  log "$step"
  echo "### $step: $*" >>"$blog"
  if ! "$@" >>"$blog" 2>&1; then
    log "FAILED: $step (full log: $blog); last lines:"
    tail -n 30 "$blog" >&2
    if grep -q 'not available' "$blog"; then
      log "hint: the Go module proxy does not serve that version; pick one it does with ESAC_PULUMI_VERSION"
      log "      or \"pulumiCliVersion\" in package.json (3.259.0 is the newest pkg/v3 it served in 2026-11)"
    fi
    exit 1
  fi
}
# tools.go makes `go mod tidy` resolve the package's dependencies (and go.sum) without asking the proxy for
# the package path as a module, which this proxy answers with 403.
tools() { printf '//go:build tools\n\npackage tools\n\nimport _ "%s"\n' "$1" >tools.go; }

log "building Pulumi CLI v$V from the Go module proxy ($(go version | cut -d' ' -f3)); log: $blog"
start=$SECONDS

cd "$work/cli"
run "go mod init (cli)" go mod init local/pulumi-cli-build
# pkg/v3's own go.mod has this replace, but replaces apply only in the main module.
run "replace atotto/clipboard" go mod edit \
  -replace=github.com/atotto/clipboard=github.com/tgummerer/clipboard@v0.0.0-20241001131231-d02d263e614e
run "go get pulumi pkg+sdk v$V" go get "github.com/pulumi/pulumi/pkg/v3@v$V" "github.com/pulumi/pulumi/sdk/v3@v$V"
tools github.com/pulumi/pulumi/pkg/v3/cmd/pulumi
run "go mod tidy (cli)" go mod tidy
run "go build pulumi (several minutes)" \
  gobuild -ldflags "$(ldflags "$V")" -o "$work/out/bin/pulumi" github.com/pulumi/pulumi/pkg/v3/cmd/pulumi

# The nodejs language host: its own untagged module at the commit of tag pkg/v$V, where the proxy has it.
cd "$work/langhost"
run "go mod init (language host)" go mod init local/pulumi-langhost-build
hash="$(go mod download -json "github.com/pulumi/pulumi/pkg/v3@v$V" | sed -n 's/.*"Hash": *"\([0-9a-f]*\)".*/\1/p' | head -n1 || true)"
if [ -n "$hash" ] && go get "github.com/pulumi/pulumi/sdk/nodejs/cmd/pulumi-language-nodejs/v3@$hash" \
  "github.com/pulumi/pulumi/pkg/v3@v$V" "github.com/pulumi/pulumi/sdk/v3@v$V" >>"$blog" 2>&1; then
  tools github.com/pulumi/pulumi/sdk/nodejs/cmd/pulumi-language-nodejs/v3
  run "go mod tidy (language host)" go mod tidy
  run "go build pulumi-language-nodejs" gobuild -ldflags "$(ldflags "$V")" \
    -o "$work/out/bin/pulumi-language-nodejs" github.com/pulumi/pulumi/sdk/nodejs/cmd/pulumi-language-nodejs/v3
else
  log "the proxy has no pulumi-language-nodejs module for v$V; using the one in sdk/v3@v$legacy_sdk"
  run "go get pulumi sdk v$legacy_sdk" go get "github.com/pulumi/pulumi/sdk/v3@v$legacy_sdk"
  tools github.com/pulumi/pulumi/sdk/v3/nodejs/cmd/pulumi-language-nodejs
  run "go mod tidy (language host)" go mod tidy
  run "go build pulumi-language-nodejs" gobuild -ldflags "$(ldflags "$legacy_sdk")" \
    -o "$work/out/bin/pulumi-language-nodejs" github.com/pulumi/pulumi/sdk/v3/nodejs/cmd/pulumi-language-nodejs
fi

# The dynamic provider shim ships in the npm package @pulumi/pulumi; write the same text if it isn't installed.
if [ -f "$shim" ]; then
  cp "$shim" "$work/out/bin/pulumi-resource-pulumi-nodejs"
else
  log "no $shim; writing the pulumi-resource-pulumi-nodejs shim"
  cat >"$work/out/bin/pulumi-resource-pulumi-nodejs" <<'EOF'
#!/bin/sh
PULUMI_DYNAMIC_PROVIDER_SCRIPT_PATH=$(node -e "console.log(require.resolve('@pulumi/pulumi/cmd/dynamic-provider'))")
if [ ! -z "$PULUMI_DYNAMIC_PROVIDER_SCRIPT_PATH" ]; then
    node "$PULUMI_DYNAMIC_PROVIDER_SCRIPT_PATH" $@
fi
EOF
fi
chmod +x "$work/out/bin/"*

got="$(version_of "$work/out/bin/pulumi")"
[ "$got" = "$V" ] || { log "FAILED: the built pulumi reports version '$got', not $V"; exit 1; }
# Install atomically: the cache holds either the old complete dir, none, or the new complete dir.
rm -rf "$dest"
mv "$work/out" "$dest"
log "built Pulumi CLI v$V in $((SECONDS - start)) s into $dest/bin"
echo "$dest/bin"
