# shellcheck shell=bash
# Helpers shared by the set-up scripts. Source it (bash); it sets no shell options.

esac_log() { echo "esac: $*" >&2; }

esac_cache_dir() { echo "${ESAC_CACHE_DIR:-$HOME/.cache/esac}"; }

# The Pulumi CLI version: $ESAC_PULUMI_VERSION, else "pulumiCliVersion" in the root package.json, else 3.259.0.
esac_pulumi_version() {
  local root v
  root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
  v="${ESAC_PULUMI_VERSION:-$(sed -n 's/.*"pulumiCliVersion" *: *"\([^"]*\)".*/\1/p' "$root/package.json" 2>/dev/null | head -n1)}"
  v="${v:-3.259.0}"
  echo "${v#v}"
}

# esac_at_least A B: true when version A >= version B (1.25.11 >= 1.25.2).
esac_at_least() { [ "$(printf '%s\n%s\n' "$1" "$2" | sort -V | head -n1)" = "$2" ]; }

esac_os() {
  case "${ESAC_OS:-$(uname -s)}" in
    Linux | linux) echo linux ;;
    Darwin | darwin) echo darwin ;;
    *) uname -s | tr '[:upper:]' '[:lower:]' ;;
  esac
}
# Go's name for the machine's architecture (amd64, arm64). ESAC_ARCH overrides `uname -m`.
esac_goarch() {
  case "${ESAC_ARCH:-$(uname -m)}" in
    x86_64 | amd64 | x64) echo amd64 ;;
    aarch64 | arm64) echo arm64 ;;
    *) echo "unsupported-${ESAC_ARCH:-$(uname -m)}" ;;
  esac
}
# Node's and Pulumi's release name for it (x64, arm64).
esac_x64arch() {
  local a
  a="$(esac_goarch)"
  case "$a" in amd64) echo x64 ;; *) echo "$a" ;; esac
}

# Free megabytes on the filesystem that holds PATH (or would hold it: the nearest existing parent).
esac_free_mb() {
  local d="$1"
  while [ ! -e "$d" ]; do d="$(dirname "$d")"; done
  df -Pm "$d" | awk 'NR == 2 { print $4 }'
}
esac_size() { du -sh "$1" 2>/dev/null | cut -f1; }
esac_mb_human() { awk -v m="$1" 'BEGIN { if (m >= 1024) printf "%.1f GB", m / 1024; else printf "%d MB", m }'; }
esac_duration() { printf '%dm%02ds' $(($1 / 60)) $(($1 % 60)); }
# Replaces $HOME with ~ in a path, for shorter messages.
esac_tilde() { case "$1" in "$HOME"/*) echo "~${1#"$HOME"}" ;; *) echo "$1" ;; esac; }

# esac_run_step LABEL LOG CMD...: runs CMD with its output appended to LOG. Long steps print nothing for minutes
# (`go build`), so every $ESAC_HEARTBEAT_SECONDS (30) a line gives the elapsed time. Returns CMD's status.
esac_run_step() {
  local label="$1" log="$2"
  shift 2
  local every="${ESAC_HEARTBEAT_SECONDS:-30}" start=$SECONDS next pid status=0
  esac_log "$label"
  echo "### $label: $*" >>"$log"
  "$@" >>"$log" 2>&1 &
  pid=$!
  # A background job of a non-interactive shell ignores Ctrl-C; pass it on.
  trap 'kill -TERM "$pid" 2>/dev/null; exit 130' INT TERM
  next=$((start + every))
  while kill -0 "$pid" 2>/dev/null; do
    sleep 0.2
    if [ "$SECONDS" -ge "$next" ] && kill -0 "$pid" 2>/dev/null; then
      esac_log "  ... $label: $(esac_duration $((SECONDS - start))) elapsed"
      next=$((next + every))
    fi
  done
  wait "$pid" || status=$?
  trap - INT TERM
  return "$status"
}

# esac_fetch URL FILE: downloads with short connect timeouts, so an offline machine fails in seconds, and gives up
# on a transfer that stalls. Prints the client's one-line error on failure.
esac_fetch() {
  local url="$1" out="$2" ct="${ESAC_CONNECT_TIMEOUT:-5}"
  if command -v curl >/dev/null 2>&1; then
    curl -fsSL --connect-timeout "$ct" --speed-limit 10240 --speed-time 30 -o "$out" "$url" 2>&1 >/dev/null | tail -n1
    return "${PIPESTATUS[0]}"
  elif command -v wget >/dev/null 2>&1; then
    wget -q --connect-timeout="$ct" --dns-timeout="$ct" --read-timeout=30 --tries=1 -O "$out" "$url" 2>&1 | tail -n1
    return "${PIPESTATUS[0]}"
  fi
  echo "neither curl nor wget is installed"
  return 1
}

# esac_npm_failed WHAT LOG: the one failure message for an npm step: npm's own error lines, then the remedy.
esac_npm_failed() {
  esac_log "FAILED: $1 (log: $2):"
  grep -E '^npm (error|ERR!)' "$2" | grep -v 'A complete log' | head -n 5 >&2 || tail -n 5 "$2" >&2
  if grep -qE 'SELF_SIGNED_CERT|UNABLE_TO_GET_ISSUER_CERT|UNABLE_TO_VERIFY_LEAF' "$2"; then
    esac_log "remedy: a TLS proxy sits between you and the registry: point NODE_EXTRA_CA_CERTS at its CA certificate"
  elif grep -qE 'ENOSPC' "$2"; then
    esac_log "remedy: the disk is full; free space and run again"
  else
    esac_log "remedy: check that the npm registry is reachable (\`npm ping\`), then run again"
  fi
}
