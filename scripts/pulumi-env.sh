# shellcheck shell=bash
# Source this file (bash): `source scripts/pulumi-env.sh`.
# Puts the Pulumi CLI from scripts/pulumi-cli.sh (getting it once if needed) first on PATH and sets
# Pulumi's offline settings. It sets no backend: each test picks its own file:// PULUMI_BACKEND_URL.
# (No `set -euo pipefail` here: that would change the shell that sources it.)

# On failure pulumi-cli.sh has already said why and what to do.
_esac_pulumi_bin="$(bash "$(dirname "${BASH_SOURCE[0]}")/pulumi-cli.sh")" || {
  return 1 2>/dev/null || exit 1
}
case ":$PATH:" in
  *":$_esac_pulumi_bin:"*) ;;
  *) export PATH="$_esac_pulumi_bin:$PATH" ;;
esac
unset _esac_pulumi_bin

export PULUMI_SKIP_UPDATE_CHECK=true
export PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION=true
# A default passphrase for local file:// stacks, unless the caller chose one (or a passphrase file).
if [ -z "${PULUMI_CONFIG_PASSPHRASE+set}" ] && [ -z "${PULUMI_CONFIG_PASSPHRASE_FILE:-}" ]; then
  export PULUMI_CONFIG_PASSPHRASE=esac-local
fi
