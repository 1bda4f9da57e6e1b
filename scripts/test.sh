#!/usr/bin/env bash
# The test suite on a fresh machine: installs the local tools (Azurite, oidc-provider, the Bicep CLI), compiles
# and lints the Bicep, then runs every test project. Tests start their own Azurite and OAuth server on free ports.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
[ -d node_modules/azurite ] && [ -d node_modules/oidc-provider ] || npm ci --no-audit --no-fund --loglevel=error
scripts/bicep.sh
mkdir -p artifacts/test-results
dotnet test RevocationFunctions.sln -c "${CONFIGURATION:-Debug}" --nologo \
  --logger "trx" --results-directory artifacts/test-results "$@"
