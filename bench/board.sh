#!/usr/bin/env bash
# Board of a 1,000-task project on the 1 M-task seed: seeds ORGS/USERS/PROJECTS/TASKS (default 100
# organizations, 2,000 users, 1,000 projects, 1,000,000 tasks: 1,000 tasks a project, 10 % of them
# restricted with grants), starts Rampart, lets the organization's owner make six labels and put one
# or two on two thirds of the member's project's tasks, then times (bench/Board.java), as the member
# over HTTPS: the web application's board query (one GraphQL request: the project's workflow and 100
# cards with status, priority, assignee, key and labels) RUNS times (default 1,000) right after the start, again
# after WARMUP (default 3,000) more requests (a node that has served a while: its JIT has compiled the request path),
# and the whole board page by page.
# The API pages at 100 (and the GraphQL cost limit holds one request to that); a board of 1,000
# cards is 10 requests.
set -euo pipefail
cd "$(dirname "$0")/.."
. .ci/newest-jdk.sh
ORGS=${ORGS:-100}; USERS=${USERS:-2000}; PROJECTS=${PROJECTS:-1000}; TASKS=${TASKS:-1000000}
RUNS=${RUNS:-1000}; HTTPS_PORT=${HTTPS_PORT:-18643}
HOME_DIR=$(mktemp -d /tmp/rampart-bench-board-XXXX)
[ -f target/rampart.jar ] || mvn -q -DskipTests package
export RAMPART_HOME=$HOME_DIR RAMPART_HTTPS_PORT=$HTTPS_PORT RAMPART_HTTP_PORT=-1 \
  RAMPART_MANAGEMENT_PORT=$((HTTPS_PORT + 10))
# Rate limits stay on, far above what one client sends here.
export RAMPART_RATELIMIT_PERADDRESS=300000000 RAMPART_RATELIMIT_PERUSER=300000000 \
  RAMPART_RATELIMIT_PERTOKEN=300000000 RAMPART_RATELIMIT_GRAPHQLCOSTPERUSER=50000000000
. bench/seed.sh
owner_line=$(grep 'SEED-CREDENTIAL role=owner' "$HOME_DIR/seed.out")
owner_email=$(sed 's/.*email=\([^ ]*\).*/\1/' <<<"$owner_line"); owner_password=$(sed 's/.*password=\([^ ]*\).*/\1/' <<<"$owner_line")
org=$(sed 's/.*org=\([^ ]*\).*/\1/' <<<"$line")
java -jar target/rampart.jar > "$HOME_DIR/server.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null; wait $server 2>/dev/null; rm -rf "$HOME_DIR"' EXIT
for _ in $(seq 1 180); do grep -q "Rampart is ready" "$HOME_DIR/server.log" && break; sleep 1; done
B=https://localhost:$HTTPS_PORT
login() { curl -sk -X POST $B/api/v1/auth/login -H 'content-type: application/json' \
  -d "{\"email\":\"$1\",\"password\":\"$2\"}" | sed 's/.*"token":"\([^"]*\)".*/\1/'; }
owner_token=$(login "$owner_email" "$owner_password")
member_token=$(login "$email" "$password")
java bench/Board.java "$HOME_DIR" "$B" "$owner_token" "$member_token" "$org" "$project" "$RUNS"
