#!/usr/bin/env bash
# Policy-checked `pulumi preview` for CI: previews a stack with the esac policy pack and `--diff`, writes a Markdown
# summary (to $GITHUB_STEP_SUMMARY when set, else stdout) and exits non-zero when a mandatory policy is violated or
# the preview fails. Works in any CI; examples/ci/github-actions.yml runs it on pull requests.
#
#   examples/ci/preview.sh [options] <program-dir> <stack>
#
# Options:
#   --create                    create the stack if it does not exist (throw-away CI stacks, file backends)
#   --policy-pack-config FILE   per-policy enforcement levels and settings (JSON, see packages/policy/README.md)
#   --refresh                   refresh the stack's state from Kibana before previewing
#   --no-setup                  skip `bash scripts/setup.sh` (dependencies, build, Pulumi CLI) in an esac checkout
#   -h, --help                  this help
#
# Environment:
#   PULUMI_BACKEND_URL / PULUMI_ACCESS_TOKEN    where the stack lives (as for `pulumi` itself)
#   PULUMI_CONFIG_PASSPHRASE[_FILE]             for passphrase-encrypted stack config
#   KIBANA_ENDPOINT, KIBANA_API_KEY             Kibana, unless the stack config sets kibana:endpoint / kibana:apiKey
#   ESAC_POLICY_PACK      the policy pack (default: @esac/policy's bin/esac-policy-pack, as resolved from the program)
#   ESAC_POLICY_CONFIG    same as --policy-pack-config
#   ESAC_SUMMARY_FILE     also write the summary here (e.g. to post it as a pull-request comment)
#   GITHUB_STEP_SUMMARY   set by GitHub Actions: the summary is appended to the job's summary page
#
# Exit status: 0 preview passed (advisory violations are only reported), 1 mandatory violation or failed preview,
# 2 wrong usage or missing prerequisites.
set -euo pipefail

usage() { sed -n '2,/^set -euo/p' "$0" | sed '$d' | sed 's/^# \{0,1\}//' >&2; }
die() { echo "preview.sh: $*" >&2; exit 2; }

create=0 refresh=0 setup=1
policy_config="${ESAC_POLICY_CONFIG:-}"
args=()
while [ $# -gt 0 ]; do
  case "$1" in
    --create) create=1 ;;
    --refresh) refresh=1 ;;
    --no-setup) setup=0 ;;
    --policy-pack-config) [ $# -ge 2 ] || die "--policy-pack-config needs a file"; policy_config="$2"; shift ;;
    --policy-pack-config=*) policy_config="${1#*=}" ;;
    -h | --help) usage; exit 0 ;;
    -*) usage; die "unknown option $1" ;;
    *) args+=("$1") ;;
  esac
  shift
done
[ ${#args[@]} -eq 2 ] || { usage; die "expected <program-dir> <stack>"; }
program="$(cd "${args[0]}" 2>/dev/null && pwd)" || die "no such program directory: ${args[0]}"
stack="${args[1]}"
[ -f "$program/Pulumi.yaml" ] || [ -f "$program/Pulumi.yml" ] || die "$program has no Pulumi.yaml"
if [ -n "$policy_config" ]; then
  policy_config="$(cd "$(dirname "$policy_config")" && pwd)/$(basename "$policy_config")"
  [ -f "$policy_config" ] || die "no such policy pack config: $policy_config"
fi

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
log() { echo "preview.sh: $*" >&2; }

# 1. Tools. In an esac checkout: the repository's set-up (Node 22, npm install, build, Pulumi CLI), cached and
#    idempotent; elsewhere: node and pulumi from PATH.
if [ -f "$repo/scripts/setup.sh" ] && [ -d "$repo/packages/policy" ]; then
  if [ "$setup" = 1 ]; then
    log "setting up (bash scripts/setup.sh)"
    bash "$repo/scripts/setup.sh"
  fi
  PATH="$(bash "$repo/scripts/node22.sh"):$PATH"
  export PATH
  # shellcheck source=/dev/null
  source "$repo/scripts/pulumi-env.sh"
fi
command -v node >/dev/null || die "node is not on PATH"
command -v pulumi >/dev/null || die "pulumi is not on PATH"
export PULUMI_SKIP_UPDATE_CHECK=true

# 2. The policy pack: an executable analyzer (runs with any Pulumi CLI that has binary analyzers, including the one
#    scripts/pulumi-cli.sh builds, whose Node.js language host cannot run a pack directory).
pack="${ESAC_POLICY_PACK:-}"
if [ -z "$pack" ]; then
  pack="$(cd "$program" && node -p 'require.resolve("@esac/policy/bin/esac-policy-pack")' 2>/dev/null || true)"
  [ -n "$pack" ] || pack="$repo/packages/policy/bin/esac-policy-pack"
fi
[ -e "$pack" ] || die "policy pack not found: $pack (npm install @esac/policy, or set ESAC_POLICY_PACK)"

# 3. The stack.
cd "$program"
if [ "$create" = 1 ]; then
  pulumi stack select --create --non-interactive "$stack" >&2
else
  pulumi stack select --non-interactive "$stack" >&2 || die "no stack $stack (pass --create to create it)"
fi

# 4. Preview: the readable --diff output streams to the log; the engine's event log feeds the summary.
work="$(mktemp -d "${TMPDIR:-/tmp}/esac-preview.XXXXXX")"
trap 'rm -rf "$work"' EXIT
cmd=(pulumi preview --stack "$stack" --non-interactive --diff --color never --suppress-progress
  --policy-pack "$pack" --event-log "$work/events.jsonl")
[ -n "$policy_config" ] && cmd+=(--policy-pack-config "$policy_config")
[ "$refresh" = 1 ] && cmd+=(--refresh)
log "${cmd[*]}"
set +e
PULUMI_DEBUG_COMMANDS=true "${cmd[@]}" 2>&1 | tee "$work/preview.txt" >&2
status=${PIPESTATUS[0]}
set -e

# 5. The summary.
node "$here/summarize.js" --events "$work/events.jsonl" --output "$work/preview.txt" --exit-code "$status" \
  --stack "$stack" --program "$program" >"$work/summary.md"
if [ -n "${ESAC_SUMMARY_FILE:-}" ]; then
  cp "$work/summary.md" "$ESAC_SUMMARY_FILE"
fi
if [ -n "${GITHUB_STEP_SUMMARY:-}" ]; then
  cat "$work/summary.md" >>"$GITHUB_STEP_SUMMARY"
  log "summary written to \$GITHUB_STEP_SUMMARY"
else
  cat "$work/summary.md"
fi

if [ "$status" -ne 0 ]; then
  log "preview failed (pulumi exit status $status)"
  exit 1
fi
exit 0
