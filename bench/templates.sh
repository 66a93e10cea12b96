#!/usr/bin/env bash
# Starting a project from a process template: seeds a small organization (its owner signs in),
# starts Rampart, imports a template of STEPS steps (default 200) with DEPENDENCIES dependencies
# (default 300), checklists, roles, estimates and due dates, publishes it and starts RUNS projects
# from it (default 50), each one request and one transaction (bench/Templates.java). Prints p50,
# p99 and max over HTTPS from the same machine.
set -euo pipefail
cd "$(dirname "$0")/.."
. .ci/newest-jdk.sh
ORGS=1; USERS=5; PROJECTS=1; TASKS=${TASKS:-1000}
STEPS=${STEPS:-200}; DEPENDENCIES=${DEPENDENCIES:-300}; RUNS=${RUNS:-50}; HTTPS_PORT=${HTTPS_PORT:-18743}
HOME_DIR=$(mktemp -d /tmp/rampart-bench-templates-XXXX)
[ -f target/rampart.jar ] || mvn -q -DskipTests package
export RAMPART_HOME=$HOME_DIR RAMPART_HTTPS_PORT=$HTTPS_PORT RAMPART_HTTP_PORT=-1 \
  RAMPART_MANAGEMENT_PORT=$((HTTPS_PORT + 10))
# Rate limits stay on, far above what one client sends here.
export RAMPART_RATELIMIT_PERADDRESS=300000000 RAMPART_RATELIMIT_PERUSER=300000000 \
  RAMPART_RATELIMIT_PERTOKEN=300000000 RAMPART_RATELIMIT_EXPENSIVEPERUSER=300000000
. bench/seed.sh
owner_line=$(grep 'SEED-CREDENTIAL role=owner' "$HOME_DIR/seed.out")
owner_email=$(sed 's/.*email=\([^ ]*\).*/\1/' <<<"$owner_line"); owner_password=$(sed 's/.*password=\([^ ]*\).*/\1/' <<<"$owner_line")
org=$(sed 's/.*org=\([^ ]*\).*/\1/' <<<"$owner_line")
java -jar target/rampart.jar > "$HOME_DIR/server.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null; wait $server 2>/dev/null; rm -rf "$HOME_DIR"' EXIT
for _ in $(seq 1 120); do grep -q "Rampart is ready" "$HOME_DIR/server.log" && break; sleep 1; done
B=https://localhost:$HTTPS_PORT
token=$(curl -sk -X POST $B/api/v1/auth/login -H 'content-type: application/json' \
  -d "{\"email\":\"$owner_email\",\"password\":\"$owner_password\"}" | sed 's/.*"token":"\([^"]*\)".*/\1/')
java bench/Templates.java "$HOME_DIR" "$B" "$token" "$org" "$STEPS" "$DEPENDENCIES" "$RUNS"
