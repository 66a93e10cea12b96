#!/usr/bin/env bash
# Notification fan-out: a project of MEMBERS (default 500) contributors who all watch one task.
# Starts Rampart on a fresh embedded database, lets bench/Notifications.java build the project over
# the API, then times RUNS (default 200) comments on the watched task (each writes MEMBERS
# notifications in the comment's transaction) against comments on a task nobody else watches, and a
# watcher's notification list and unread count.
set -euo pipefail
cd "$(dirname "$0")/.."
. .ci/newest-jdk.sh
MEMBERS=${MEMBERS:-500}; RUNS=${RUNS:-200}; HTTPS_PORT=${HTTPS_PORT:-18743}
HOME_DIR=$(mktemp -d /tmp/rampart-bench-notify-XXXX)
[ -f target/rampart.jar ] || mvn -q -DskipTests package
export RAMPART_HOME=$HOME_DIR RAMPART_HTTPS_PORT=$HTTPS_PORT RAMPART_HTTP_PORT=-1 \
  RAMPART_MANAGEMENT_PORT=$((HTTPS_PORT + 10))
# Rate limits stay on, far above what one client sends here; members join without confirming
# their address first.
export RAMPART_RATELIMIT_PERADDRESS=300000000 RAMPART_RATELIMIT_PERUSER=300000000 \
  RAMPART_RATELIMIT_PERTOKEN=300000000 RAMPART_IDENTITY_VERIFIEDEMAILTOJOIN=false
java -jar target/rampart.jar > "$HOME_DIR/server.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null; wait $server 2>/dev/null; rm -rf "$HOME_DIR"' EXIT
for _ in $(seq 1 180); do grep -q "Rampart is ready" "$HOME_DIR/server.log" && break; sleep 1; done
java bench/Notifications.java "$HOME_DIR" "https://localhost:$HTTPS_PORT" "$MEMBERS" "$RUNS"
