#!/usr/bin/env bash
# Starts the packaged jar on a fresh data directory, kills the Java process (kill -9) while CLIENTS
# clients create tasks, starts it once more and checks that it comes up at the first try, that every
# creation answered 201 is there and that the activity log verifies.
# Usage: scripts/faults/kill-rampart.sh [target/rampart.jar]
set -euo pipefail
. "$(dirname "$0")/lib.sh"
JAR=${1:-target/rampart.jar}
export RAMPART_HOME="$WORK/home" RAMPART_HTTPS_PORT=${RAMPART_HTTPS_PORT:-9443} RAMPART_HTTP_PORT=-1 \
  RAMPART_MANAGEMENT_PORT=${RAMPART_MANAGEMENT_PORT:-9081}
RAMPART_URL="https://localhost:$RAMPART_HTTPS_PORT"
LIMITS=(-Drampart.rate-limit.per-address=100000000 -Drampart.rate-limit.per-user=100000000 -Drampart.rate-limit.per-token=100000000)
start_rampart() {
  java "${LIMITS[@]}" -jar "$JAR" > "$WORK/rampart-$1.log" 2>&1 &
  RAMPART_PID=$!
  local started=$(date +%s%3N)
  until grep -q '^Rampart is ready' "$WORK/rampart-$1.log"; do
    kill -0 "$RAMPART_PID" 2>/dev/null || { echo "Rampart exited:"; tail -5 "$WORK/rampart-$1.log"; exit 1; }
    sleep 0.5
  done
  echo "start $1 ready in $(( $(date +%s%3N) - started )) ms"
}
start_rampart first
setup_project
start_load
sleep $(( 5 + RANDOM % 10 ))
kill -9 "$RAMPART_PID"
echo "killed Rampart (pid $RAMPART_PID)"
wait_load
start_rampart second
report_and_verify
kill "$RAMPART_PID"; wait "$RAMPART_PID" || true
java -jar "$JAR" audit verify
