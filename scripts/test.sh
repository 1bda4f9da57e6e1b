#!/usr/bin/env bash
# The test suite on a fresh machine: installs the local tools (Azurite, oidc-provider, the Bicep CLI, Chromium), compiles
# and lints the Bicep, then runs every test project. Tests start their own Azurite and OAuth server on free ports.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
[ -d node_modules/azurite ] && [ -d node_modules/oidc-provider ] || npm ci --no-audit --no-fund --loglevel=error
scripts/bicep.sh
# The HTML report test renders the report in headless Chromium (Debian's package; ~12 s to install here).
if [ ! -x /usr/bin/chromium ]; then
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends chromium >/dev/null
fi
mkdir -p artifacts/test-results
dotnet test RevocationFunctions.sln -c "${CONFIGURATION:-Debug}" --nologo \
  --logger "trx" --results-directory artifacts/test-results "$@"
