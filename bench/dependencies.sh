#!/usr/bin/env bash
# Dependency cycle check on a large project: seeds one organization with one project of TASKS tasks
# (default 10,000), adds a chain through all of them plus as many random forward dependencies
# (DEPENDENCIES extra, default 10,000) and, on the same tasks, a process shape (100 phases, each task
# blocked by 1 to 3 of the phase before); times rampart.order_dependency (the cycle check that keeps
# a topological order) as the application role under row-level security, with a member's context,
# exactly as work/Dependencies calls it, each call rolled back: adding in the order kept, against it
# without a cycle (near and far), and refusing a cycle across the whole project; and, for refusals
# only, fetching the reachable dependencies that name the chain.
# Prints p50/p99/max over RUNS calls each (default 200).
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
. bench/seed.sh
java -jar target/rampart.jar > "$HOME_DIR/server.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null; wait $server 2>/dev/null; rm -rf "$HOME_DIR"' EXIT
for _ in $(seq 1 120); do grep -q "Rampart is ready" "$HOME_DIR/server.log" && break; sleep 1; done
java -cp "$PG_JAR" bench/DependencyCycle.java "$HOME_DIR" "$user" "$project" "$DEPENDENCIES" "$RUNS"
