#!/usr/bin/env bash
# Prints the bin dir of a Go toolchain new enough to build the Pulumi CLI. Uses the go on PATH when it is new enough;
# otherwise gets Go's own toolchain module (golang.org/toolchain) through the Go module proxy into the esac cache:
#   go >= 1.21 on PATH   GOTOOLCHAIN=go<pin> makes it fetch the toolchain
#   an older go          `go mod download` of the toolchain module
#   no go, $GOPROXY set  the module's zip from the first proxy in $GOPROXY, checked against a pinned hash
#   no go, no $GOPROXY   Debian's golang-go, unpacked in a temp dir (no root) just to run `go mod download`
#
#   bash scripts/go-toolchain.sh          print the bin dir (fetching first if needed)
#   bash scripts/go-toolchain.sh --plan   print what it found and would do (exit 3: no way to get one)
#
# ESAC_GO_MIN: the oldest usable go (default 1.25.11, the go directive of pulumi v3.259.0's pkg/v3 and sdk/v3).
# ESAC_GO_TOOLCHAIN: the version to fetch (default 1.25.14).
set -euo pipefail
# shellcheck source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

min="${ESAC_GO_MIN:-1.25.11}"
pin="${ESAC_GO_TOOLCHAIN:-1.25.14}"
pin="${pin#go}"
cache="$(esac_cache_dir)"
target="$(esac_os)-$(esac_goarch)"
module="golang.org/toolchain"
modver="v0.0.1-go$pin.$target"
dest="$cache/go-$pin"
# Measured for go1.25.14 linux-amd64.
cost="~65 MB download, ~215 MB in $(esac_tilde "$dest"), under 30 s"

# h1: hashes (Go's dirhash) of the toolchain module zips, for the no-go path, where no go command checks them.
pinned_sum() {
  case "$1" in
    v0.0.1-go1.25.14.linux-amd64) echo "h1:XriDgll2yv4W2YeUo2X/WuUuy+iGJkXGH0CQloMBEXo=" ;;
    v0.0.1-go1.25.14.linux-arm64) echo "h1:tccCYNAEolyjUyQVNxD/wJuly2Sx85m+OUkzGIhO1oY=" ;;
    v0.0.1-go1.25.14.darwin-amd64) echo "h1:k2nprmnbizjd95GkW1kNYlZeGqIamA7RwjLFeCism2s=" ;;
    v0.0.1-go1.25.14.darwin-arm64) echo "h1:PlAcT2a+0968GlDi1bcw4eLomqqbBNGNuje3bTMvnaw=" ;;
  esac
}

# The version of a go binary, e.g. 1.26.8 ("" when it does not run). GOTOOLCHAIN=local: the binary's own version.
go_version_of() {
  GOTOOLCHAIN=local "$1" version 2>/dev/null | sed -n 's/^go version go\([0-9][0-9.]*\).*/\1/p' | head -n1
}
# The first http(s) proxy in $GOPROXY (entries separated by , or |), without a trailing slash.
first_proxy() {
  local entry
  for entry in $(echo "${GOPROXY:-}" | tr ',|' '  '); do
    case "$entry" in
      off) return 1 ;;
      http://* | https://*) echo "${entry%/}" && return 0 ;;
    esac
  done
  return 1
}
# The Debian package that golang-go points to (golang-1.19-go on bookworm).
debian_go_package() {
  command -v apt-get >/dev/null 2>&1 && command -v dpkg-deb >/dev/null 2>&1 || return 1
  apt-cache depends golang-go 2>/dev/null | sed -n 's/.*Depends: \(golang-[0-9.]*-go\)$/\1/p' | head -n1 | grep .
}

# --- decide -------------------------------------------------------------------------------------------------------
go_bin="$(command -v go 2>/dev/null || true)"
have=""
[ -n "$go_bin" ] && have="$(go_version_of "$go_bin")"
if [ -n "$have" ] && esac_at_least "$have" "$min"; then
  method="path"
  why="$go_bin is go$have (>= $min): use it"
elif [ -x "$dest/bin/go" ] && [ "$(go_version_of "$dest/bin/go")" = "$pin" ]; then
  method="cache"
  why="go$pin in $(esac_tilde "$dest"): use it"
else
  if [ -n "$go_bin" ]; then found="$go_bin is go${have:-?} (< $min)"; else found="no go on PATH"; fi
  if [ -n "$have" ] && esac_at_least "$have" 1.21; then
    method="gotoolchain"
    why="$found: fetch go$pin with GOTOOLCHAIN=go$pin through the Go module proxy ($cost)"
  elif [ -n "$have" ]; then
    method="mod-download"
    why="$found: fetch $module@$modver with \`go mod download\` through the Go module proxy ($cost)"
  elif proxy="$(first_proxy)"; then
    method="proxy-zip"
    why="$found: fetch $module@$modver from \$GOPROXY ($proxy) ($cost)"
  elif deb="$(debian_go_package)"; then
    method="debian-go"
    why="$found and \$GOPROXY unset: unpack Debian's $deb in a temp dir (~63 MB download, no root) to run \`go mod download\` of $module@$modver ($cost)"
  else
    method="none"
    why="$found, \$GOPROXY unset and no apt-get: cannot get a Go toolchain"
  fi
fi
remedy="install Go >= $min (or set GOPROXY to a Go module proxy URL), or put a pulumi >= $(esac_pulumi_version) on PATH, then run again"

if [ "${1:-}" = "--plan" ]; then
  echo "go: $method — $why"
  [ "$method" = none ] && echo "go: remedy — $remedy" && exit 3
  exit 0
fi

# --- obtain -------------------------------------------------------------------------------------------------------
case "$method" in
  path) dirname "$go_bin" && exit 0 ;;
  cache) echo "$dest/bin" && exit 0 ;;
  none)
    esac_log "FAILED: $why"
    esac_log "remedy: $remedy"
    exit 1
    ;;
esac

fail() {
  esac_log "FAILED: getting go$pin ($method): $*"
  esac_log "remedy: $remedy"
  exit 1
}

mkdir -p "$cache"
exec 7>"$dest.lock"
command -v flock >/dev/null && flock 7
if [ -x "$dest/bin/go" ] && [ "$(go_version_of "$dest/bin/go")" = "$pin" ]; then # fetched while we waited
  echo "$dest/bin"
  exit 0
fi
esac_log "Go toolchain: $why"
tmp="$(mktemp -d "$cache/go-fetch.XXXXXX")"
trap 'chmod -R u+w "$tmp" 2>/dev/null; rm -rf "$tmp"' EXIT
partial="$tmp/go"

# Go's module cache is read-only; copy a toolchain out of it.
copy_from() {
  [ -f "$1/bin/go" ] || fail "no bin/go in $1"
  cp -a "$1/." "$partial/" && chmod -R u+w "$partial"
}

# mod_download GO: `go mod download` of the toolchain module, in a throw-away module; prints the module's Dir.
mod_download() {
  local go="$1" json dir
  mkdir -p "$tmp/mod" && cd "$tmp/mod"
  GO111MODULE=on GOFLAGS=-mod=mod GOTOOLCHAIN=local "$go" mod init esac-toolchain-fetch >/dev/null 2>&1 || true
  json="$(GO111MODULE=on GOFLAGS=-mod=mod GOTOOLCHAIN=local "$go" mod download -json "$module@$modver" 2>&1)" ||
    fail "go mod download: $(echo "$json" | grep -m1 -i 'error' || echo "$json" | tail -n1)"
  dir="$(echo "$json" | sed -n 's/^[[:space:]]*"Dir": *"\(.*\)",*$/\1/p' | head -n1)"
  [ -n "$dir" ] || fail "go mod download printed no Dir: $(echo "$json" | tail -n3)"
  cd - >/dev/null
  echo "$dir"
}

# h1_of DIR PREFIX: Go's dirhash.Hash1 of the files under DIR, named PREFIX/<relative path> as in the module zip.
h1_of() {
  local hex
  hex="$(cd "$1" && find . -type f -print0 | LC_ALL=C sort -z | xargs -0 sha256sum | sed "s#  \./#  $2/#" |
    sha256sum | cut -c1-64)"
  # shellcheck disable=SC2059 # the hex digest becomes \x escapes on purpose
  echo "h1:$(printf "$(echo "$hex" | sed 's/../\\x&/g')" | base64)"
}

case "$method" in
  gotoolchain)
    mkdir -p "$tmp/switch" && cd "$tmp/switch"
    root="$(GOTOOLCHAIN="go$pin" GOFLAGS=-mod=mod "$go_bin" env GOROOT 2>"$tmp/err")" ||
      fail "GOTOOLCHAIN=go$pin $go_bin env GOROOT: $(tail -n1 "$tmp/err")"
    cd - >/dev/null
    copy_from "$root"
    ;;
  mod-download)
    dir="$(mod_download "$go_bin")" || exit 1
    copy_from "$dir"
    ;;
  debian-go)
    (cd "$tmp" && apt-get download "$deb" >"$tmp/apt.log" 2>&1) ||
      fail "apt-get download $deb: $(tail -n1 "$tmp/apt.log") (as root, \`apt-get update\` first may help)"
    dpkg-deb -x "$tmp"/"$deb"_*.deb "$tmp/deb" || fail "dpkg-deb -x $deb"
    deb_go="$(find "$tmp/deb/usr/lib" -path '*/bin/go' -type f | head -n1)"
    [ -n "$deb_go" ] || fail "$deb has no bin/go"
    export GOROOT="${deb_go%/bin/go}"
    dir="$(mod_download "$deb_go")" || exit 1
    copy_from "$dir"
    unset GOROOT
    ;;
  proxy-zip)
    url="$proxy/$module/@v/$modver.zip"
    err="$(esac_fetch "$url" "$tmp/toolchain.zip")" || fail "download $url: $err"
    mkdir -p "$tmp/zip"
    if command -v unzip >/dev/null 2>&1; then
      unzip -q "$tmp/toolchain.zip" -d "$tmp/zip" || fail "unzip $url"
    elif command -v python3 >/dev/null 2>&1; then
      python3 -m zipfile -e "$tmp/toolchain.zip" "$tmp/zip" || fail "unzip $url"
    else
      fail "neither unzip nor python3 is installed to unpack $url"
    fi
    root="$tmp/zip/$module@$modver"
    want="$(pinned_sum "$modver")"
    if [ -n "$want" ]; then
      got="$(h1_of "$root" "$module@$modver")"
      [ "$got" = "$want" ] || fail "$url has hash $got, expected $want"
    else
      esac_log "warning: no pinned hash for $module@$modver; not verified"
    fi
    mv "$root" "$partial"
    ;;
esac

# The module zip keeps no file modes; the go command makes these executable when it unpacks a toolchain.
chmod +x "$partial"/bin/* "$partial"/pkg/tool/*/* 2>/dev/null || true
got_version="$(go_version_of "$partial/bin/go")"
[ "$got_version" = "$pin" ] || fail "the fetched $partial/bin/go reports '${got_version:-nothing}', not $pin"
rm -rf "$dest" && mv "$partial" "$dest"
esac_log "Go toolchain go$pin ready in $(esac_tilde "$dest")"
echo "$dest/bin"
