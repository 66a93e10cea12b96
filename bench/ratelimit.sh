#!/usr/bin/env bash
# What the rate limits cost per request: the same server and data with rate limits
#   exact  - every charge written to PostgreSQL at once (max-unsynchronized-share 0),
#   shared - the default behaviour: a node hands out 15 tokens of a bucket before writing back
#            (what 5 % of the default per-token budget of 300 means),
#   off    - no rate limits.
# Capacities are far above the load, so every request is charged to its address, token and user
# buckets and none is refused. Endpoints: /api/v1/me (the
# cheapest authenticated request, so the overhead shows plainly) and a project's task page.
# MODES (default "exact shared off") picks modes; JAR another build (to compare two versions).
set -euo pipefail
cd "$(dirname "$0")/.."
. .ci/newest-jdk.sh
JAR=${JAR:-target/rampart.jar}; DURATION=${DURATION:-20s}; THREADS=${THREADS:-2}; HTTPS_PORT=${HTTPS_PORT:-18443}
HOME_DIR=$(mktemp -d /tmp/rampart-ratelimit-bench-XXXX)
command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk >/dev/null; }
[ -f "$JAR" ] || mvn -q -DskipTests package
export RAMPART_HOME=$HOME_DIR RAMPART_HTTPS_PORT=$HTTPS_PORT RAMPART_HTTP_PORT=-1
java -jar "$JAR" seed --orgs 100 --users 1000 --projects 200 --tasks 10000 2>/dev/null > "$HOME_DIR/seed.out"
line=$(grep 'SEED-CREDENTIAL role=member' "$HOME_DIR/seed.out")
email=$(sed 's/.*email=\([^ ]*\).*/\1/' <<<"$line"); password=$(sed 's/.*password=\([^ ]*\).*/\1/' <<<"$line")
project=$(sed 's/.*project=\([^ ]*\).*/\1/' <<<"$line")
server=""
trap '[ -n "$server" ] && kill $server 2>/dev/null; rm -rf "$HOME_DIR"' EXIT
B=https://localhost:$HTTPS_PORT/api/v1

measure() {
  local mode=$1 share
  case $mode in exact) share=0 ;; shared) share=0.000000015 ;; *) share=0 ;; esac
  RAMPART_RATELIMIT_ENABLED=$([ "$mode" = off ] && echo false || echo true) \
  RAMPART_RATELIMIT_MAXUNSYNCHRONIZEDSHARE=$share \
  RAMPART_RATELIMIT_PERADDRESS=1000000000 RAMPART_RATELIMIT_PERUSER=1000000000 RAMPART_RATELIMIT_PERTOKEN=1000000000 \
    java -jar "$JAR" > "$HOME_DIR/server-$mode.log" 2>&1 &
  server=$!
  for _ in $(seq 1 120); do grep -q "Rampart is ready" "$HOME_DIR/server-$mode.log" && break; sleep 1; done
  local token; token=$(curl -sk -X POST $B/auth/login -H 'content-type: application/json' \
    -d "{\"email\":\"$email\",\"password\":\"$password\"}" | sed 's/.*"token":"\([^"]*\)".*/\1/')
  for target in "me|$B/me" "task page|$B/projects/$project/tasks?limit=25"; do
    for c in 2 16; do
      wrk -t"$THREADS" -c"$c" -d10s -H "Authorization: Bearer $token" "${target#*|}" >/dev/null
      local out; out=$(wrk -t"$THREADS" -c"$c" -d"$DURATION" --latency -H "Authorization: Bearer $token" "${target#*|}")
      printf 'limits %-6s %-10s %3s conns %9s req/s   p50 %8s   p99 %8s   non-2xx %s\n' "$mode" "${target%%|*}" "$c" \
        "$(awk '/Requests\/sec/ {print $2}' <<<"$out")" "$(awk '$1=="50%" {print $2}' <<<"$out")" \
        "$(awk '$1=="99%" {print $2}' <<<"$out")" "$(awk '/Non-2xx/ {print $5}' <<<"$out")"
    done
  done
  kill $server; wait $server 2>/dev/null || true; server=""
}
for mode in ${MODES:-exact shared off}; do measure "$mode"; done
