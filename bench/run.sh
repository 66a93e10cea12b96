#!/usr/bin/env bash
# Load benchmark: seeds a data set, starts Rampart on it and drives an authenticated task list
# and a task read over HTTPS as a non-admin member with wrk. Prints requests/s and p50/p99.
# Sizes: ORGS USERS PROJECTS TASKS (env), duration DURATION, connections CONNECTIONS.
set -euo pipefail
cd "$(dirname "$0")/.."
ORGS=${ORGS:-100}; USERS=${USERS:-1000}; PROJECTS=${PROJECTS:-1000}; TASKS=${TASKS:-100000}
DURATION=${DURATION:-20s}; CONNECTIONS=${CONNECTIONS:-16}; THREADS=${THREADS:-2}
HTTPS_PORT=${HTTPS_PORT:-18443}
HOME_DIR=$(mktemp -d /tmp/rampart-bench-XXXX)
command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk >/dev/null; }
[ -f target/rampart.jar ] || mvn -q -DskipTests package
export RAMPART_HOME=$HOME_DIR RAMPART_HTTPS_PORT=$HTTPS_PORT RAMPART_HTTP_PORT=-1

echo "== seeding $ORGS orgs, $USERS users, $PROJECTS projects, $TASKS tasks"
java -jar target/rampart.jar seed --orgs "$ORGS" --users "$USERS" --projects "$PROJECTS" --tasks "$TASKS" \
  2>/dev/null | tee "$HOME_DIR/seed.out" | grep -v SEED-CREDENTIAL
line=$(grep 'SEED-CREDENTIAL role=member' "$HOME_DIR/seed.out")
email=$(sed 's/.*email=\([^ ]*\).*/\1/' <<<"$line"); password=$(sed 's/.*password=\([^ ]*\).*/\1/' <<<"$line")
project=$(sed 's/.*project=\([^ ]*\).*/\1/' <<<"$line")

java -jar target/rampart.jar > "$HOME_DIR/server.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null; wait $server 2>/dev/null; rm -rf "$HOME_DIR"' EXIT
for _ in $(seq 1 120); do grep -q "Rampart is ready" "$HOME_DIR/server.log" && break; sleep 1; done
B=https://localhost:$HTTPS_PORT/api/v1
token=$(curl -sk -X POST $B/auth/login -H 'content-type: application/json' \
  -d "{\"email\":\"$email\",\"password\":\"$password\"}" | sed 's/.*"token":"\([^"]*\)".*/\1/')
task=$(curl -sk "$B/projects/$project/tasks?limit=1" -H "Authorization: Bearer $token" | sed 's/.*"items":\[{"id":"\([^"]*\)".*/\1/')
echo "== member $email, project $project ($(curl -sk "$B/projects/$project/tasks?limit=100" -H "Authorization: Bearer $token" | grep -o '"id"' | wc -l) tasks on the first page of 100)"

run() {
  local name=$1 url=$2
  curl -sk "$url" -H "Authorization: Bearer $token" -o /dev/null -w "warm-up $name: %{http_code}\n"
  wrk -t"$THREADS" -c"$CONNECTIONS" -d5s -H "Authorization: Bearer $token" "$url" >/dev/null
  local out; out=$(wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --latency -H "Authorization: Bearer $token" "$url")
  local rps p50 p99 errors
  rps=$(awk '/Requests\/sec/ {print $2}' <<<"$out")
  p50=$(awk '$1=="50%" {print $2}' <<<"$out"); p99=$(awk '$1=="99%" {print $2}' <<<"$out")
  errors=$(awk '/Non-2xx/ {print $5}' <<<"$out")
  printf '%-28s %10s req/s   p50 %8s   p99 %8s   non-2xx %s\n' "$name" "$rps" "$p50" "$p99" "${errors:-0}"
}
echo "== wrk: $THREADS threads, $CONNECTIONS connections, $DURATION, over HTTPS"
run "task list (25 per page)" "$B/projects/$project/tasks?limit=25"
run "task read" "$B/tasks/$task"
