#!/usr/bin/env bash
# The pipeline end to end on a fresh machine: installs the local tools, starts Azurite and a real OAuth 2.0
# server (oidc-provider) on loopback, obtains real tokens, publishes issuance, usage, transfer and offboarding
# events, runs the local host until idle, and prints what happened to each token.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

[ -d node_modules/azurite ] || npm ci --no-audit --no-fund --loglevel=error
source scripts/services.sh
trap stop_services EXIT
start_azurite >/dev/null
start_oauth_server >/dev/null

echo "== building revctl"
dotnet build src/Revocation.Cli -c Release -o artifacts/revctl -nologo -v quiet >/dev/null
revctl() { dotnet artifacts/revctl/revctl.dll "$@"; }

WORK="$(mktemp -d)"
export REVOCATION_POLICIES="$WORK/policies.json"
export DEMO_OAUTH_CLIENT_SECRET=broker-secret
export LocalSecrets__KeyFilePath="$WORK/local-secrets.key"
sed "s#\${OAUTH_ISSUER}#$OAUTH_ISSUER#g" samples/demo/policies.template.json > "$REVOCATION_POLICIES"

token() {  # a real access token from the OAuth server, for the capacity broker's client
  curl -sf -u broker:broker-secret -d grant_type=client_credentials "$OAUTH_ISSUER/token" | node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>console.log(JSON.parse(s).access_token))'
}
active() {  # RFC 7662 introspection: is the token still active at the server?
  curl -sf -u broker:broker-secret --data-urlencode "token=$1" "$OAUTH_ISSUER/token/introspection" | node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>console.log(JSON.parse(s).active))'
}
ago() { date -u -d "$1" +%Y-%m-%dT%H:%M:%SZ; }

echo "== obtaining 5 tokens from the OAuth server and storing them in the local (encrypted) secret store"
declare -A VALUE REF
for t in expired idle fresh bob-deploy bob-batch; do
  VALUE[$t]="$(token)"
  REF[$t]="$(printf %s "${VALUE[$t]}" | revctl secrets put)"
done

issued() {  # id class owner issuedAt [expiresAt]
  local exp=""; [ -n "${5:-}" ] && exp=", \"expiresAt\": \"$5\""
  echo "{\"specversion\":\"1.0\",\"id\":\"iss-$1\",\"source\":\"urn:broker:capacity\",\"type\":\"token.issued\",\"time\":\"$4\",\"data\":{\"tokenId\":\"demo:$1\",\"class\":\"$2\",\"owner\":\"$3\",\"issuedAt\":\"$4\"$exp,\"credential\":{\"secretRef\":\"${REF[$1]}\"}}}"
}
{
  issued expired ci-deploy alice@contoso.com "$(ago '2 hours ago')"
  issued idle batch-jobs carol@contoso.com "$(ago '10 days ago')"
  issued fresh batch-jobs carol@contoso.com "$(ago '1 hour ago')"
  issued bob-deploy ci-deploy bob@contoso.com "$(ago '5 minutes ago')"
  issued bob-batch batch-jobs bob@contoso.com "$(ago '1 day ago')"
  echo "{\"specversion\":\"1.0\",\"id\":\"use-fresh\",\"source\":\"urn:broker:capacity\",\"type\":\"token.used\",\"time\":\"$(ago '10 minutes ago')\",\"data\":{\"tokenId\":\"demo:fresh\"}}"
  echo "{\"specversion\":\"1.0\",\"id\":\"xfer-1\",\"source\":\"urn:partner:unknown\",\"type\":\"token.transferred\",\"time\":\"$(ago '5 minutes ago')\",\"data\":{\"tokenId\":\"demo:fresh\",\"fromOwner\":\"carol@contoso.com\",\"toOwner\":\"mallory@example.com\"}}"
  echo "{\"specversion\":\"1.0\",\"id\":\"hr-1\",\"source\":\"urn:hr:workday\",\"type\":\"identity.offboarded\",\"time\":\"$(ago '1 minute ago')\",\"data\":{\"personId\":\"bob@contoso.com\"}}"
} > "$WORK/events.jsonl"

echo "== publishing events"
revctl publish "$WORK/events.jsonl" | sed 's/^/   /'
echo "== running the pipeline until idle (intake, sweep, revocation)"
# Issuance first, then the HR event: a second pass lets the offboarding find bob's tokens in the person index.
revctl run --until-idle | sed 's/^/   /'
echo "== tokens"
revctl tokens list | sed 's/^/   /'
echo "== at the OAuth server (RFC 7662 introspection)"
for t in expired idle fresh bob-deploy bob-batch; do
  printf '   %-16s active=%s\n' "demo:$t" "$(active "${VALUE[$t]}")"
done
echo "== history of demo:expired"
revctl tokens show demo:expired | sed 's/^/   /'
echo "== ledger"
revctl ledger verify | sed 's/^/   /'
