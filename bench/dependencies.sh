#!/usr/bin/env bash
# Dependency cycle check on a large project: seeds one organization with one project of TASKS tasks
# (default 10,000); on them, a process shape (100 phases, each task blocked by 1 to 3 of the phase
# before), then a chain through all of them plus DEPENDENCIES random forward ones (default 10,000).
# For each, over HTTPS as the organization's owner: adding dependencies whose cycle check walks
# across the project, and refusing a cycle across all of it; as the application role: the graph
# lock of every check and the reload after another node's change (bench/DependencyCycle.java).
# Prints p50/p99/max over RUNS each (default 200).
set -euo pipefail
cd "$(dirname "$0")/.."
. .ci/newest-jdk.sh
TASKS=${TASKS:-10000}; DEPENDENCIES=${DEPENDENCIES:-10000}; RUNS=${RUNS:-200}; HTTPS_PORT=${HTTPS_PORT:-18543}
ORGS=1; USERS=5; PROJECTS=1
HOME_DIR=$(mktemp -d /tmp/rampart-bench-deps-XXXX)
[ -f target/rampart.jar ] || mvn -q -DskipTests package
PG_JAR=$(find ~/.m2/repository/org/postgresql/postgresql -name 'postgresql-*.jar' | sort | tail -1)
export RAMPART_HOME=$HOME_DIR RAMPART_HTTPS_PORT=$HTTPS_PORT RAMPART_HTTP_PORT=-1 \
  RAMPART_MANAGEMENT_PORT=$((HTTPS_PORT + 10))
# Rate limits stay on, far above what one client sends here.
export RAMPART_RATELIMIT_PERADDRESS=300000000 RAMPART_RATELIMIT_PERUSER=300000000 \
  RAMPART_RATELIMIT_PERTOKEN=300000000 RAMPART_RATELIMIT_EXPENSIVEPERUSER=300000000
# The server logs how long each cycle check took (work/Dependencies, debug; the only debug lines of
# the work module): the bench reads it.
export LOGGING_LEVEL_DEV_RAMPART_WORK=DEBUG
. bench/seed.sh
java -jar target/rampart.jar > "$HOME_DIR/server.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null; wait $server 2>/dev/null; rm -rf "$HOME_DIR"' EXIT
for _ in $(seq 1 120); do grep -q "Rampart is ready" "$HOME_DIR/server.log" && break; sleep 1; done
B=https://localhost:$HTTPS_PORT
owner_line=$(grep 'SEED-CREDENTIAL role=owner' "$HOME_DIR/seed.out")
owner_email=$(sed 's/.*email=\([^ ]*\).*/\1/' <<<"$owner_line"); owner_password=$(sed 's/.*password=\([^ ]*\).*/\1/' <<<"$owner_line")
owner_id=$(sed 's/.*user=\([^ ]*\).*/\1/' <<<"$owner_line")
token=$(curl -sk -X POST $B/api/v1/auth/login -H 'content-type: application/json' \
  -d "{\"email\":\"$owner_email\",\"password\":\"$owner_password\"}" | sed 's/.*"token":"\([^"]*\)".*/\1/')
java -cp "$PG_JAR" bench/DependencyCycle.java "$HOME_DIR" "$owner_id" "$project" "$DEPENDENCIES" "$RUNS" "$B" "$token"
