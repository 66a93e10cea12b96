#!/usr/bin/env bash
# Access-engine benchmark: seeds a data set (default 1,000 orgs, 10,000 users, 2,000 projects,
# 100,000 tasks, 10% of them restricted with grants), starts Rampart on it and measures, over
# HTTPS as a non-admin member:
#   - the member's visible tasks in a project (25 per page), tasks?assignee=me, a task read,
#     and the same project page through GraphQL (with assignees and comment counts);
#   - latency at LATENCY_CONNECTIONS (default 2, one per core) and throughput at CONNECTIONS (default 16);
#   - row-level security overhead, two ways, both in this run:
#     a) end to end: a second Rampart on the same database whose pool connects as the owner role
#        (BYPASSRLS), same endpoints, same token, runs alternating with the normal instance;
#     b) SQL only: the list queries as the application role against the owner role, same SQL,
#        alternating rounds (bench/RlsOverhead.java), with the EXPLAIN ANALYZE plans.
# Sizes: ORGS USERS PROJECTS TASKS; DURATION per wrk run. Example for the 1M run:
#   TASKS=1000000 bench/run.sh
set -euo pipefail
cd "$(dirname "$0")/.."
. .ci/newest-jdk.sh
ORGS=${ORGS:-1000}; USERS=${USERS:-10000}; PROJECTS=${PROJECTS:-2000}; TASKS=${TASKS:-100000}
DURATION=${DURATION:-20s}; CONNECTIONS=${CONNECTIONS:-16}; LATENCY_CONNECTIONS=${LATENCY_CONNECTIONS:-2}
THREADS=${THREADS:-2}; HTTPS_PORT=${HTTPS_PORT:-18443}
HOME_DIR=$(mktemp -d /tmp/rampart-bench-XXXX)
command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk >/dev/null; }
[ -f target/rampart.jar ] || mvn -q -DskipTests package
PG_JAR=$(find ~/.m2/repository/org/postgresql/postgresql -name 'postgresql-*.jar' | sort | tail -1)
# Management ports of their own: the RLS comparison below runs a second instance beside this one.
export RAMPART_HOME=$HOME_DIR RAMPART_HTTPS_PORT=$HTTPS_PORT RAMPART_HTTP_PORT=-1 \
  RAMPART_MANAGEMENT_PORT=$((HTTPS_PORT + 10))
# Rate limits stay on (their cost is part of every figure) but far above what wrk sends from one
# token; bench/ratelimit.sh measures what they cost.
# Capacities and share are chosen so a node hands out what the defaults let it hand out before
# writing back: 15 requests of a token/user/address bucket (5 % of 300) and 2,500 GraphQL cost
# points (5 % of 50,000).
export RAMPART_RATELIMIT_PERADDRESS=300000000 RAMPART_RATELIMIT_PERUSER=300000000 \
  RAMPART_RATELIMIT_PERTOKEN=300000000 RAMPART_RATELIMIT_GRAPHQLCOSTPERUSER=50000000000 \
  RAMPART_RATELIMIT_MAXUNSYNCHRONIZEDSHARE=0.00000005

. bench/seed.sh

java -jar target/rampart.jar > "$HOME_DIR/server.log" 2>&1 &
server=$!
bypass=""
trap 'kill $server $bypass 2>/dev/null; wait $server $bypass 2>/dev/null; rm -rf "$HOME_DIR" "$HOME_DIR-bypass"' EXIT
for _ in $(seq 1 120); do grep -q "Rampart is ready" "$HOME_DIR/server.log" && break; sleep 1; done
B=https://localhost:$HTTPS_PORT/api/v1
token=$(curl -sk -X POST $B/auth/login -H 'content-type: application/json' \
  -d "{\"email\":\"$email\",\"password\":\"$password\"}" | sed 's/.*"token":"\([^"]*\)".*/\1/')
task=$(curl -sk "$B/projects/$project/tasks?limit=1" -H "Authorization: Bearer $token" | sed 's/.*"items":\[{"id":"\([^"]*\)".*/\1/')
visible=$(curl -sk "$B/projects/$project/tasks?limit=100" -H "Authorization: Bearer $token" | grep -o '"id"' | wc -l)
assigned=$(curl -sk "$B/tasks?assignee=me&limit=100" -H "Authorization: Bearer $token" | grep -o '"id"' | wc -l)
echo "== member $email: project $project shows $visible tasks on a page of 100; $assigned assigned (page of 100)"
cat > "$HOME_DIR/graphql.lua" <<EOF
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.body = '{"query":"query(\$p: ID!) { project(id: \$p) { tasks(first: 25) { nodes { id title status assignee { displayName } commentCount } } } }","variables":{"p":"$project"}}'
EOF

run() {
  local name=$1 url=$2 connections=$3 script=${4:-}
  local extra=(); [ -n "$script" ] && extra=(-s "$script")
  wrk -t"$THREADS" -c"$connections" -d"${WARMUP:-15s}" "${extra[@]}" -H "Authorization: Bearer $token" "$url" >/dev/null
  local out; out=$(wrk -t"$THREADS" -c"$connections" -d"$DURATION" --latency "${extra[@]}" -H "Authorization: Bearer $token" "$url")
  local rps p50 p99 errors
  rps=$(awk '/Requests\/sec/ {print $2}' <<<"$out")
  p50=$(awk '$1=="50%" {print $2}' <<<"$out"); p99=$(awk '$1=="99%" {print $2}' <<<"$out")
  errors=$(awk '/Non-2xx/ {print $5}' <<<"$out")
  printf '%-34s %3s conns %9s req/s   p50 %8s   p99 %8s   non-2xx %s\n' "$name" "$connections" "$rps" "$p50" "$p99" "${errors:-0}"
}
echo "== wrk over HTTPS, $THREADS threads, $DURATION per run"
for c in "$LATENCY_CONNECTIONS" "$CONNECTIONS"; do
  run "project task list (25 per page)" "$B/projects/$project/tasks?limit=25" "$c"
  run "tasks?assignee=me (25 per page)" "$B/tasks?assignee=me&limit=25" "$c"
  run "task read" "$B/tasks/$task" "$c"
  run "GraphQL project page (25 tasks)" "https://localhost:$HTTPS_PORT/graphql" "$c" "$HOME_DIR/graphql.lua"
done

echo "== row-level security overhead, end to end: same database, pool as rampart_app (RLS) or rampart_owner (bypass)"
PG_PORT=$(sed -n 4p "$HOME_DIR/postgres/postmaster.pid")
OWNER_PASSWORD=$(cat "$HOME_DIR/secrets/postgres-owner")
mkdir -p "$HOME_DIR-bypass"
# The same key store, pepper and signing key as the first instance (a node refuses keysets another
# key store wrapped); only the database login differs.
cp -r "$HOME_DIR/keys" "$HOME_DIR/secrets" "$HOME_DIR-bypass/"
RAMPART_HOME=$HOME_DIR-bypass RAMPART_HTTPS_PORT=$((HTTPS_PORT + 1)) RAMPART_MANAGEMENT_PORT=$((HTTPS_PORT + 11)) \
  RAMPART_DB_URL="jdbc:postgresql://127.0.0.1:$PG_PORT/rampart" \
  RAMPART_DB_USERNAME=rampart_owner RAMPART_DB_PASSWORD="$OWNER_PASSWORD" \
  RAMPART_DB_MIGRATION_USERNAME=rampart_owner RAMPART_DB_MIGRATION_PASSWORD="$OWNER_PASSWORD" \
  java -jar target/rampart.jar > "$HOME_DIR/bypass.log" 2>&1 &
bypass=$!
for _ in $(seq 1 120); do grep -q "Rampart is ready" "$HOME_DIR/bypass.log" && break; sleep 1; done
grep -q "Rampart is ready" "$HOME_DIR/bypass.log" || { echo "the bypass instance did not start:"; tail -5 "$HOME_DIR/bypass.log"; }
BB=https://localhost:$((HTTPS_PORT + 1))/api/v1
rps() { wrk -t"$THREADS" -c"$LATENCY_CONNECTIONS" -d10s -H "Authorization: Bearer $token" "$1" | awk '/Requests\/sec/ {print $2}'; }
for path in "projects/$project/tasks?limit=25" "tasks?assignee=me&limit=25"; do
  wrk -t"$THREADS" -c"$LATENCY_CONNECTIONS" -d"${WARMUP:-15s}" -H "Authorization: Bearer $token" "$BB/$path" >/dev/null
  on=0; off=0
  for round in 1 2 3; do
    on=$(awk -v a="$on" -v b="$(rps "$B/$path")" 'BEGIN {print a + b}')
    off=$(awk -v a="$off" -v b="$(rps "$BB/$path")" 'BEGIN {print a + b}')
  done
  awk -v on="$on" -v off="$off" -v p="${path%%\?*}" 'BEGIN { printf "%-28s RLS on %8.1f req/s   bypassed %8.1f req/s   overhead %5.1f %%\n", p, on / 3, off / 3, (off - on) / off * 100 }'
done

echo "== row-level security overhead, SQL only (4 threads)"
java -cp "$PG_JAR" bench/RlsOverhead.java "$HOME_DIR" "$user" "$project" 4 20
