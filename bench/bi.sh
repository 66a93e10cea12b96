#!/usr/bin/env bash
# BI projection lag: Rampart on a fresh embedded database with its embedded BI database; one
# organization with TASKS tasks (default 200) turns BI access on and gets a BI user; 8 clients change
# the tasks' estimates at RATE changes per second (default 200) for DURATION seconds (default 30) while a BI
# client (the PostgreSQL JDBC driver over TLS, as that BI user) polls the tasks view. Prints the
# change rate reached and each change's lag from the API's answer to its appearance in the view.
set -euo pipefail
cd "$(dirname "$0")/.."
. .ci/newest-jdk.sh
TASKS=${TASKS:-200}; RATE=${RATE:-200}; DURATION=${DURATION:-30}; HTTPS_PORT=${HTTPS_PORT:-18853}
HOME_DIR=$(mktemp -d /tmp/rampart-bench-bi-XXXX)
[ -f target/rampart.jar ] || mvn -q -DskipTests package
PGJDBC=$(ls ~/.m2/repository/org/postgresql/postgresql/*/postgresql-*.jar | grep -v sources | sort -V | tail -1)
BI_PORT=$((HTTPS_PORT + 20))
export RAMPART_HOME=$HOME_DIR RAMPART_HTTPS_PORT=$HTTPS_PORT RAMPART_HTTP_PORT=-1 \
  RAMPART_MANAGEMENT_PORT=$((HTTPS_PORT + 10)) RAMPART_BI_PORT=$BI_PORT
export RAMPART_RATELIMIT_PERADDRESS=300000000 RAMPART_RATELIMIT_PERUSER=300000000 \
  RAMPART_RATELIMIT_PERTOKEN=300000000
java -jar target/rampart.jar > "$HOME_DIR/server.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null; wait $server 2>/dev/null || true; rm -rf "$HOME_DIR"' EXIT
for _ in $(seq 1 180); do grep -q "Rampart is ready" "$HOME_DIR/server.log" && break; sleep 1; done
java -cp "$PGJDBC" bench/BiLag.java "$HOME_DIR" "https://localhost:$HTTPS_PORT" "$BI_PORT" "$TASKS" "$RATE" "$DURATION"
