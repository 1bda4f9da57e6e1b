#!/usr/bin/env bash
# Local services for scripts (demo, manual runs): Azurite and the loopback OAuth server.
# Source it, don't run it:
#
#   source scripts/services.sh
#   trap stop_services EXIT
#   start_azurite        # exports REVOCATION_STORAGE (full devstoreaccount1 connection string), AZURITE_PID
#   start_oauth_server   # exports OAUTH_ISSUER (http://127.0.0.1:<port>), OAUTH_PID; args go to server.mjs
#   ...
#   stop_services        # kills what these functions started (by recorded PID)
#
# Needs `npm ci` in the repository root. Logs go to $SERVICES_LOG_DIR (a fresh temp folder by default).
# Each start waits until the service answers (30 s at most) and returns non-zero with the log otherwise.

SERVICES_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
SERVICES_LOG_DIR="${SERVICES_LOG_DIR:-$(mktemp -d "${TMPDIR:-/tmp}/revocation-services.XXXXXX")}"
SERVICES_PIDS=()
readonly _SERVICES_ACCOUNT_KEY='Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw=='

_services_log() { echo "services: $*" >&2; }

# True if something accepts TCP connections on 127.0.0.1:$1.
_services_port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# Prints a port that is free right now (bound to port 0, then released).
_services_free_port() {
  node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close();});'
}

# True if $1 gives any HTTP answer (status code irrelevant).
_services_http_answers() {
  if command -v curl >/dev/null 2>&1; then
    curl -s -o /dev/null -m 2 "$1"
  else
    node -e 'fetch(process.argv[1]).then(()=>process.exit(0),()=>process.exit(1))' "$1"
  fi
}

_services_require_module() {
  if [[ ! -e "$SERVICES_ROOT/node_modules/$1" ]]; then
    _services_log "$SERVICES_ROOT/node_modules/$1 is missing: run \`npm ci\` in $SERVICES_ROOT"
    return 1
  fi
}

# _services_fail NAME PID LOG: reports a failed start with its log and stops the process.
_services_fail() {
  _services_log "$1 did not come up; its log ($3):"
  sed 's/^/  | /' "$3" >&2 || true
  kill -KILL "$2" 2>/dev/null || true
  return 1
}

# Starts Azurite in memory on 10000-10002 if all three are free, else on free ports.
start_azurite() {
  _services_require_module .bin/azurite || return 1
  local blob=10000 queue=10001 table=10002
  if _services_port_open $blob || _services_port_open $queue || _services_port_open $table; then
    blob=$(_services_free_port) && queue=$(_services_free_port) && table=$(_services_free_port) || return 1
    _services_log "ports 10000-10002 busy: Azurite uses $blob/$queue/$table"
  fi
  local log="$SERVICES_LOG_DIR/azurite.log"
  # --disableTelemetry: otherwise Azurite 3.37 tries to send telemetry and takes minutes to exit on SIGTERM.
  (cd "${TMPDIR:-/tmp}" && exec "$SERVICES_ROOT/node_modules/.bin/azurite" --silent --inMemoryPersistence \
    --skipApiVersionCheck --loose --disableTelemetry \
    --blobHost 127.0.0.1 --blobPort "$blob" --queueHost 127.0.0.1 --queuePort "$queue" \
    --tableHost 127.0.0.1 --tablePort "$table") >"$log" 2>&1 </dev/null &
  local pid=$!
  SERVICES_PIDS+=("$pid")
  local deadline=$((SECONDS + 30)) port
  for port in "$blob" "$queue" "$table"; do
    until _services_port_open "$port"; do
      if ! kill -0 "$pid" 2>/dev/null || ((SECONDS >= deadline)); then _services_fail Azurite "$pid" "$log"; return 1; fi
      sleep 0.1
    done
  done
  until _services_http_answers "http://127.0.0.1:$table/devstoreaccount1/Tables"; do
    if ! kill -0 "$pid" 2>/dev/null || ((SECONDS >= deadline)); then _services_fail Azurite "$pid" "$log"; return 1; fi
    sleep 0.1
  done
  export AZURITE_PID=$pid
  export REVOCATION_STORAGE="DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=$_SERVICES_ACCOUNT_KEY;BlobEndpoint=http://127.0.0.1:$blob/devstoreaccount1;QueueEndpoint=http://127.0.0.1:$queue/devstoreaccount1;TableEndpoint=http://127.0.0.1:$table/devstoreaccount1;"
  _services_log "Azurite (pid $pid) on blob $blob, queue $queue, table $table"
}

# Starts tools/oauth-server/server.mjs on $OAUTH_PORT (default 0: a free port); extra args (e.g.
# --clients FILE) are passed through.
start_oauth_server() {
  _services_require_module oidc-provider || return 1
  local out="$SERVICES_LOG_DIR/oauth-server.out" log="$SERVICES_LOG_DIR/oauth-server.log"
  : >"$out"
  node "$SERVICES_ROOT/tools/oauth-server/server.mjs" --port "${OAUTH_PORT:-0}" "$@" >"$out" 2>"$log" </dev/null &
  local pid=$!
  SERVICES_PIDS+=("$pid")
  local deadline=$((SECONDS + 30)) line=""
  until line=$(grep -m1 '^LISTENING ' "$out"); do
    if ! kill -0 "$pid" 2>/dev/null || ((SECONDS >= deadline)); then _services_fail "OAuth server" "$pid" "$log"; return 1; fi
    sleep 0.05
  done
  export OAUTH_PID=$pid
  export OAUTH_ISSUER="${line#LISTENING }"
  _services_log "OAuth server (pid $pid) at $OAUTH_ISSUER"
}

# Stops everything started above: SIGTERM, then SIGKILL after 5 s.
stop_services() {
  local pid waited
  for pid in "${SERVICES_PIDS[@]}"; do
    kill -TERM "$pid" 2>/dev/null || continue
    for ((waited = 0; waited < 50; waited++)); do
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.1
    done
    kill -KILL "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  done
  SERVICES_PIDS=()
  unset AZURITE_PID OAUTH_PID
}
