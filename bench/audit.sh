#!/usr/bin/env bash
# Activity-log benchmark: throughput and latency of task creation (POST over HTTPS, bearer token)
# with the log on (every creation appends to its organization's hash chain in the same
# transaction) and off (rampart.audit.enabled=false, for this measurement only), for
#   - WRITERS connections all writing into ONE organization (one chain: they take turns at its head);
#   - WRITERS connections spread over WRITERS organizations (separate chains: no shared lock).
# Then `rampart audit verify` checks every chain the run wrote.
# The server is restarted to switch the log on and off; ROUNDS (default 2) alternations even out
# warm-up and disk effects. Settings: WRITERS (default 8), DURATION per run (default 15s),
# WARMUP (default 10s). JAR: another build (to compare versions); MODES: "true false" (log on, off).
set -euo pipefail
cd "$(dirname "$0")/.."
. .ci/newest-jdk.sh
WRITERS=${WRITERS:-8}; DURATION=${DURATION:-15s}; WARMUP=${WARMUP:-10s}; HTTPS_PORT=${HTTPS_PORT:-18444}
ROUNDS=${ROUNDS:-2}; JAR=${JAR:-target/rampart.jar}; MODES=${MODES:-true false}
HOME_DIR=$(mktemp -d /tmp/rampart-audit-bench-XXXX)
command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk >/dev/null; }
[ -f "$JAR" ] || mvn -q -DskipTests package
export RAMPART_HOME=$HOME_DIR RAMPART_HTTPS_PORT=$HTTPS_PORT RAMPART_HTTP_PORT=-1 RAMPART_RATELIMIT_ENABLED=false
B=https://localhost:$HTTPS_PORT/api/v1
server=""
trap 'if [ -n "$server" ]; then kill $server; wait $server; fi 2>/dev/null; rm -rf "$HOME_DIR"' EXIT

start() {
  RAMPART_AUDIT_ENABLED=$1 java -jar "$JAR" > "$HOME_DIR/server-$1.log" 2>&1 &
  server=$!
  for _ in $(seq 1 120); do grep -q "Rampart is ready" "$HOME_DIR/server-$1.log" && return; sleep 1; done
  echo "Rampart did not start"; cat "$HOME_DIR/server-$1.log"; exit 1
}
stop() { kill "$server"; wait "$server" 2>/dev/null || true; server=""; }

start true
email="bench-$(date +%s)@example.test"; password="plum-harbour-violet-7-rocket"
curl -sk -X POST $B/auth/signup -H 'content-type: application/json' \
  -d "{\"email\":\"$email\",\"displayName\":\"Bench\",\"password\":\"$password\"}" >/dev/null
login() {
  curl -sk -X POST $B/auth/login -H 'content-type: application/json' \
    -d "{\"email\":\"$email\",\"password\":\"$password\"}" | sed 's/.*"token":"\([^"]*\)".*/\1/'
}
token=$(login)
projects=()
for i in $(seq 1 "$WRITERS"); do
  org=$(curl -sk -X POST $B/orgs -H "Authorization: Bearer $token" -H 'content-type: application/json' \
    -d "{\"name\":\"Bench $i\"}" | sed 's/.*"id":"\([^"]*\)".*/\1/')
  projects+=("$(curl -sk -X POST "$B/orgs/$org/projects" -H "Authorization: Bearer $token" \
    -H 'content-type: application/json' -d '{"name":"P","description":""}' | sed 's/.*"id":"\([^"]*\)".*/\1/')")
done

# One script per shape: each wrk connection keeps to "its" project (all the same one for ONE).
script() {
  local file=$1; shift
  { echo 'local projects = {'; for p in "$@"; do echo "  \"$p\","; done; echo '}'
    cat <<'EOF'
local n = 0
local counter = 0
setup = function(thread) thread:set("id", counter); counter = counter + 1 end
init = function(args) n = 0 end
request = function()
  n = n + 1
  local project = projects[((id + n) % #projects) + 1]
  return wrk.format("POST", "/api/v1/projects/" .. project .. "/tasks",
    {["Content-Type"] = "application/json", ["Authorization"] = "Bearer " .. token},
    '{"title":"Benchmark task ' .. n .. '","priority":"high"}')
end
EOF
  } > "$file"
}
script "$HOME_DIR/one.lua" "${projects[0]}"
script "$HOME_DIR/many.lua" "${projects[@]}"

run() {
  local name=$1 lua=$2
  sed -i "1i token = \"$token\"" "$lua"
  wrk -t2 -c"$WRITERS" -d"$WARMUP" -s "$lua" "$B" >/dev/null
  local out; out=$(wrk -t2 -c"$WRITERS" -d"$DURATION" --latency -s "$lua" "$B")
  sed -i 1d "$lua"
  printf '%-44s %9s creations/s   p50 %8s   p99 %8s   non-2xx %s\n' "$name" \
    "$(awk '/Requests\/sec/ {print $2}' <<<"$out")" "$(awk '$1=="50%" {print $2}' <<<"$out")" \
    "$(awk '$1=="99%" {print $2}' <<<"$out")" "$(awk '/Non-2xx/ {print $5}' <<<"$out")"
}
echo "== task creation over HTTPS, $WRITERS connections, $DURATION per run ($(nproc) cores)"
stop
for round in $(seq 1 "$ROUNDS"); do
  for audited in $MODES; do
    start $audited
    token=$(login)
    label=$([ $audited = true ] && echo "audited  " || echo "unaudited")
    run "$label $WRITERS writers, one organization" "$HOME_DIR/one.lua"
    run "$label $WRITERS writers, $WRITERS organizations" "$HOME_DIR/many.lua"
    stop
  done
done
echo "== rampart audit checkpoint, then verify"
java -jar "$JAR" audit checkpoint 2>/dev/null | grep Signed
java -jar "$JAR" audit verify 2>/dev/null | grep 'Activity log'
