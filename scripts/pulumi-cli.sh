#!/usr/bin/env bash
# Prints the bin dir of a Pulumi CLI: pulumi, pulumi-language-nodejs and pulumi-resource-pulumi-nodejs.
# Tries, in order (ESAC_PULUMI_SOURCES picks and orders them; default "path cache download build"):
#   path      a pulumi on PATH, or where Pulumi's installers put it (~/.pulumi/bin, ~/.pulumi/versions/<v>/bin), of the
#             pinned version or newer, with its nodejs language host
#   cache     the esac cache, ~/.cache/esac/pulumi-<v>/bin
#   download  the official release tarball, as @pulumi/pulumi/automation's PulumiCommand.install does (its install.sh
#             downloads it), with short connect timeouts so an offline machine falls through in seconds
#   build     from the Go module proxy, with a Go toolchain from scripts/go-toolchain.sh (fetched when go is missing
#             or too old); Go's module and build caches go to ~/.cache/esac/go-{mod,build} and are removed after a
#             successful build (ESAC_GO_CACHES=keep keeps them; =shared uses go's own caches and keeps them)
#
#   bash scripts/pulumi-cli.sh [PATH-TO-pulumi-resource-pulumi-nodejs]   print the bin dir (getting the CLI first)
#   bash scripts/pulumi-cli.sh --plan   print what it found and would do; get nothing (exit 3: no way to get one)
#
# Version: $ESAC_PULUMI_VERSION, else "pulumiCliVersion" in the root package.json, else 3.259.0.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=lib.sh
source "$here/lib.sh"

plan=""
if [ "${1:-}" = "--plan" ]; then
  plan=1
  shift
fi
repo="$(cd "$here/.." && pwd)"
cache="$(esac_cache_dir)"
V="$(esac_pulumi_version)"
sources="${ESAC_PULUMI_SOURCES:-path cache download build}"
# The nodejs language host left sdk/v3 for its own untagged module (after v3.68.0); the Go proxy here serves
# no version of that module, so then we build it from sdk/v3@v3.68.0, the newest one it serves that has it.
legacy_sdk="${ESAC_PULUMI_LEGACY_LANGHOST_SDK:-3.68.0}"
shim="${1:-${ESAC_PULUMI_SHIM:-$repo/node_modules/@pulumi/pulumi/pulumi-resource-pulumi-nodejs}}"
dest="$cache/pulumi-$V"
tarball="pulumi-v$V-$(esac_os)-$(esac_x64arch).tar.gz"
download_bases="${ESAC_PULUMI_DOWNLOAD_BASES:-https://get.pulumi.com/releases/sdk https://github.com/pulumi/pulumi/releases/download/v$V}"
go_caches="${ESAC_GO_CACHES:-private}"
min_free_mb="${ESAC_BUILD_MIN_FREE_MB:-5000}"
# Measured on 2 shared cores with an empty $HOME (see README, "First run").
build_cost="~5-11 min on 2 cores; ~4 GB at its peak (Go modules ~2.3 GB, Go build cache ~1.7 GB; removed after), ~130 MB kept"
# Pulumi's tarball bundles every language host (~0.9 GB unpacked, pulumi/pulumi#23357); only the nodejs parts are kept.
download_cost="~300 MB download, ~360 MB kept"
remedy_install="install pulumi >= $V on PATH (see Pulumi's install docs), or a Go >= ${ESAC_GO_MIN:-1.25.11} to build it"
export PULUMI_SKIP_UPDATE_CHECK=true

say() { if [ -n "$plan" ]; then echo "pulumi: $*"; fi; }
version_of() { "$1" version 2>/dev/null | head -n1 | tr -d 'v\r' || true; }
ready() {
  [ -x "$dest/bin/pulumi" ] && [ -x "$dest/bin/pulumi-language-nodejs" ] &&
    [ -x "$dest/bin/pulumi-resource-pulumi-nodejs" ] && [ "$(version_of "$dest/bin/pulumi")" = "$V" ]
}
use() {
  [ -z "$plan" ] && echo "$1"
  exit 0
}

# Where the build's Go caches live, and the directory whose filesystem must have room for them.
case "$go_caches" in
  private | keep)
    export GOMODCACHE="$cache/go-mod" GOCACHE="$cache/go-build"
    build_room="$cache"
    ;;
  shared) build_room="${GOMODCACHE:-${GOPATH:-$HOME/go}/pkg/mod}" ;;
  *)
    esac_log "FAILED: ESAC_GO_CACHES is '$go_caches'; expected private, keep or shared"
    exit 2
    ;;
esac

# --- path ---------------------------------------------------------------------------------------------------------
from_path() {
  local p d have seen=""
  for p in $(type -ap pulumi 2>/dev/null) "$HOME/.pulumi/versions/$V/bin/pulumi" "$HOME/.pulumi/bin/pulumi"; do
    [ -x "$p" ] || continue
    case " $seen " in *" $p "*) continue ;; esac
    seen="$seen $p"
    d="$(dirname "$p")"
    have="$(version_of "$p")"
    if [ -z "$have" ] || ! esac_at_least "$have" "$V"; then
      say "path — $p is v${have:-?} (< $V): skip"
    elif [ ! -x "$d/pulumi-language-nodejs" ] && ! command -v pulumi-language-nodejs >/dev/null; then
      say "path — $p is v$have but has no pulumi-language-nodejs beside it or on PATH: skip"
    else
      say "path — $p is v$have (>= $V) with its nodejs language host: use it"
      use "$d"
    fi
  done
  [ -n "$seen" ] || say "path — no pulumi on PATH, in ~/.pulumi/bin or in ~/.pulumi/versions/$V/bin"
}

# --- cache --------------------------------------------------------------------------------------------------------
from_cache() {
  if ready; then
    say "cache — v$V in $(esac_tilde "$dest/bin") ($(cat "$dest/source" 2>/dev/null || echo "cached")): use it"
    use "$dest/bin"
  fi
  say "cache — no v$V in $(esac_tilde "$dest")"
}

# --- download -----------------------------------------------------------------------------------------------------
plan_download() {
  local base err
  for base in $download_bases; do
    if err="$(ESAC_CONNECT_TIMEOUT="${ESAC_CONNECT_TIMEOUT:-5}" probe "$base/$tarball")"; then
      say "download — $base/$tarball is reachable: use it ($download_cost)"
      exit 0
    fi
    say "download — $base/$tarball: ${err:-unreachable}; falls through"
  done
}
probe() {
  curl -fsSIL --connect-timeout "${ESAC_CONNECT_TIMEOUT:-5}" --max-time 20 -o /dev/null "$1" 2>&1 | tail -n1
  return "${PIPESTATUS[0]}"
}

# install_dir DIR SOURCE: checks the CLI in DIR and moves it into the cache (atomically: the old complete dir, none,
# or the new complete dir).
install_dir() {
  local got
  [ -f "$1/pulumi-resource-pulumi-nodejs" ] || write_shim "$1/pulumi-resource-pulumi-nodejs"
  chmod +x "$1"/*
  [ -x "$1/pulumi-language-nodejs" ] || { esac_log "no pulumi-language-nodejs in $2" && return 1; }
  got="$(version_of "$1/pulumi")"
  [ "$got" = "$V" ] || { esac_log "the pulumi from $2 reports version '$got', not $V" && return 1; }
  rm -rf "$dest.new" && mkdir -p "$dest.new"
  mv "$1" "$dest.new/bin"
  echo "$2" >"$dest.new/source"
  rm -rf "$dest" && mv "$dest.new" "$dest"
}

# The dynamic provider shim ships in the npm package @pulumi/pulumi; write the same text if it isn't installed.
write_shim() {
  if [ -f "$shim" ]; then
    cp "$shim" "$1"
  else
    esac_log "no $shim; writing the pulumi-resource-pulumi-nodejs shim"
    cat >"$1" <<'EOF'
#!/bin/sh
PULUMI_DYNAMIC_PROVIDER_SCRIPT_PATH=$(node -e "console.log(require.resolve('@pulumi/pulumi/cmd/dynamic-provider'))")
if [ ! -z "$PULUMI_DYNAMIC_PROVIDER_SCRIPT_PATH" ]; then
    node "$PULUMI_DYNAMIC_PROVIDER_SCRIPT_PATH" $@
fi
EOF
  fi
}

from_download() {
  local base url tmp dlog want got
  tmp="$(mktemp -d "$cache/download-$V.XXXXXX")"
  dlog="$cache/pulumi-$V.download.log"
  : >"$dlog"
  for base in $download_bases; do
    url="$base/$tarball"
    rm -rf "${tmp:?}"/*
    if ! esac_run_step "downloading the official Pulumi CLI: $url ($download_cost)" "$dlog" \
      esac_fetch "$url" "$tmp/$tarball"; then
      esac_log "  not downloaded ($(tail -n1 "$dlog")); falling through"
      continue
    fi
    if esac_fetch "$base/pulumi-$V-checksums.txt" "$tmp/sums" >/dev/null; then
      want="$(awk -v f="$tarball" '$2 == f || $2 == "*" f { print $1 }' "$tmp/sums" | head -n1)"
      got="$(sha256sum "$tmp/$tarball" | cut -d' ' -f1)"
      if [ -z "$want" ] || [ "$want" != "$got" ]; then
        esac_log "  $url has sha256 $got; its checksums file says '${want:-nothing}': not used"
        continue
      fi
    else
      esac_log "  no checksums file beside $url; not verified"
    fi
    mkdir -p "$tmp/x"
    tar -xzf "$tmp/$tarball" -C "$tmp/x" || {
      esac_log "  $url is not a readable tarball"
      continue
    }
    # Older tarballs had pulumi/bin/, newer ones have the binaries in pulumi/.
    local bin="$tmp/x/pulumi"
    [ -d "$bin/bin" ] && bin="$bin/bin"
    find "$bin" -maxdepth 1 -type f ! -name pulumi ! -name pulumi-language-nodejs ! -name pulumi-resource-pulumi-nodejs \
      ! -name 'pulumi-analyzer-policy*' -delete
    if install_dir "$bin" "downloaded from $url"; then
      rm -rf "$tmp"
      esac_log "installed the official Pulumi CLI v$V into $(esac_tilde "$dest/bin")"
      use "$dest/bin"
    fi
  done
  rm -rf "$tmp"
}

# --- build --------------------------------------------------------------------------------------------------------
plan_build() {
  local free go_plan status=0
  free="$(esac_free_mb "$build_room")"
  say "build — from the Go module proxy: $build_cost; $(esac_mb_human "$free") free on the disk of $(esac_tilde "$build_room")"
  go_plan="$(bash "$here/go-toolchain.sh" --plan)" || status=$?
  echo "$go_plan" | sed 's/^/  /'
  if [ "$free" -lt "$min_free_mb" ]; then
    say "build — needs $(esac_mb_human "$min_free_mb") free; remedy: free space, set ESAC_CACHE_DIR to a roomier disk, or $remedy_install"
    exit 3
  fi
  [ "$status" -eq 0 ] || exit 3
  exit 0
}

from_build() {
  local free gobin start work blog hash
  free="$(esac_free_mb "$build_room")"
  if [ "$free" -lt "$min_free_mb" ]; then
    esac_log "FAILED: building the Pulumi CLI needs $(esac_mb_human "$min_free_mb") free; $(esac_tilde "$build_room") has $(esac_mb_human "$free")"
    esac_log "remedy: free space, set ESAC_CACHE_DIR to a roomier disk, or $remedy_install"
    exit 1
  fi
  gobin="$(bash "$here/go-toolchain.sh")" || exit 1
  export PATH="$gobin:$PATH" GOTOOLCHAIN=local GOFLAGS="" CGO_ENABLED=0

  work="$cache/build-$V"
  blog="$cache/pulumi-$V.build.log"
  rm -rf "$work" && mkdir -p "$work/cli" "$work/langhost" "$work/out"
  : >"$blog"
  trap 'rm -rf "$work"' EXIT
  esac_log "building Pulumi CLI v$V from the Go module proxy with $(go version | cut -d' ' -f3): $build_cost"
  esac_log "  Go caches: $(esac_tilde "$(go env GOMODCACHE)"), $(esac_tilde "$(go env GOCACHE)"); log: $(esac_tilde "$blog")"
  start=$SECONDS

  cd "$work/cli"
  run "go mod init (cli)" go mod init local/pulumi-cli-build
  # pkg/v3's own go.mod has this replace, but replaces apply only in the main module.
  run "replace atotto/clipboard" go mod edit \
    -replace=github.com/atotto/clipboard=github.com/tgummerer/clipboard@v0.0.0-20241001131231-d02d263e614e
  run "go get pulumi pkg+sdk v$V (downloads ~480 MB of modules)" \
    go get "github.com/pulumi/pulumi/pkg/v3@v$V" "github.com/pulumi/pulumi/sdk/v3@v$V"
  tools github.com/pulumi/pulumi/pkg/v3/cmd/pulumi
  run "go mod tidy (cli)" go mod tidy
  run "go build pulumi (the long step: ~4-9 min)" \
    gobuild -ldflags "$(ldflags "$V")" -o "$work/out/pulumi" github.com/pulumi/pulumi/pkg/v3/cmd/pulumi

  # The nodejs language host: its own untagged module at the commit of tag pkg/v$V, where the proxy has it.
  cd "$work/langhost"
  run "go mod init (language host)" go mod init local/pulumi-langhost-build
  hash="$(go mod download -json "github.com/pulumi/pulumi/pkg/v3@v$V" | sed -n 's/.*"Hash": *"\([0-9a-f]*\)".*/\1/p' | head -n1 || true)"
  if [ -n "$hash" ] && go get "github.com/pulumi/pulumi/sdk/nodejs/cmd/pulumi-language-nodejs/v3@$hash" \
    "github.com/pulumi/pulumi/pkg/v3@v$V" "github.com/pulumi/pulumi/sdk/v3@v$V" >>"$blog" 2>&1; then
    tools github.com/pulumi/pulumi/sdk/nodejs/cmd/pulumi-language-nodejs/v3
    run "go mod tidy (language host)" go mod tidy
    run "go build pulumi-language-nodejs" gobuild -ldflags "$(ldflags "$V")" \
      -o "$work/out/pulumi-language-nodejs" github.com/pulumi/pulumi/sdk/nodejs/cmd/pulumi-language-nodejs/v3
  else
    esac_log "the proxy has no pulumi-language-nodejs module for v$V; using the one in sdk/v3@v$legacy_sdk"
    run "go get pulumi sdk v$legacy_sdk" go get "github.com/pulumi/pulumi/sdk/v3@v$legacy_sdk"
    tools github.com/pulumi/pulumi/sdk/v3/nodejs/cmd/pulumi-language-nodejs
    run "go mod tidy (language host)" go mod tidy
    run "go build pulumi-language-nodejs" gobuild -ldflags "$(ldflags "$legacy_sdk")" \
      -o "$work/out/pulumi-language-nodejs" github.com/pulumi/pulumi/sdk/v3/nodejs/cmd/pulumi-language-nodejs
  fi
  cd "$cache"
  install_dir "$work/out" "built from source with $(go version | cut -d' ' -f3)" || {
    esac_log "FAILED: the built CLI is not usable (log: $blog)"
    exit 1
  }
  esac_log "built Pulumi CLI v$V in $(esac_duration $((SECONDS - start))) into $(esac_tilde "$dest/bin")"
  if [ "$go_caches" = private ]; then
    esac_log "removing the Go caches of the build ($(esac_size "$GOMODCACHE") + $(esac_size "$GOCACHE")); ESAC_GO_CACHES=keep keeps them"
    go clean -modcache >/dev/null 2>&1 || chmod -R u+w "$GOMODCACHE"
    rm -rf "$GOMODCACHE" "$GOCACHE"
  fi
  use "$dest/bin"
}

ldflags() { echo "-s -w -X github.com/pulumi/pulumi/sdk/v3/go/common/version.Version=v$1"; }
gobuild() { go build -trimpath -tags osusergo,grpcnotrace "$@"; }
# tools.go makes `go mod tidy` resolve the package's dependencies (and go.sum) without asking the proxy for
# the package path as a module, which this proxy answers with 403.
tools() { printf '//go:build tools\n\npackage tools\n\nimport _ "%s"\n' "$1" >tools.go; }
# run STEP CMD...: runs CMD with its output in the build log and a heartbeat; on failure one message with the remedy.
run() {
  local step="$1"
  shift
  esac_run_step "$step" "$blog" "$@" && return 0
  esac_log "FAILED: $step (full log: $blog); last lines:"
  tail -n 15 "$blog" >&2
  if grep -q 'not available' "$blog"; then
    esac_log "remedy: the Go module proxy does not serve that version; pick one it does with ESAC_PULUMI_VERSION"
    esac_log "        or \"pulumiCliVersion\" in package.json (3.259.0 is the newest pkg/v3 it served in 2026-11)"
  elif grep -q 'requires go >=' "$blog"; then
    esac_log "remedy: this Pulumi version needs a newer Go; set ESAC_GO_MIN and ESAC_GO_TOOLCHAIN to it and run again"
  else
    esac_log "remedy: run again (downloaded modules are kept until a build succeeds), or $remedy_install"
  fi
  exit 1
}

# --- main ---------------------------------------------------------------------------------------------------------
# The cache is written by one run at a time; `--plan` only reads.
locked=""
lock() {
  [ -n "$locked" ] && return 0
  mkdir -p "$cache"
  exec 9>"$cache/pulumi-$V.lock"
  if command -v flock >/dev/null && ! flock -n 9; then
    esac_log "another run is getting Pulumi CLI v$V; waiting for $cache/pulumi-$V.lock"
    flock 9
  fi
  locked=1
}

for source in $sources; do
  case "$source" in
    path) from_path ;;
    cache) from_cache ;;
    download)
      if [ -n "$plan" ]; then plan_download; else lock && if ready; then use "$dest/bin"; fi && from_download; fi
      ;;
    build)
      if [ -n "$plan" ]; then plan_build; else lock && if ready; then use "$dest/bin"; fi && from_build; fi
      ;;
    *)
      esac_log "FAILED: ESAC_PULUMI_SOURCES has '$source'; expected path, cache, download or build"
      exit 2
      ;;
  esac
done
if [ -n "$plan" ]; then
  say "none — no source in \"$sources\" can provide v$V; remedy: $remedy_install"
  exit 3
fi
esac_log "FAILED: no Pulumi CLI v$V from \"$sources\""
esac_log "remedy: $remedy_install"
exit 1
