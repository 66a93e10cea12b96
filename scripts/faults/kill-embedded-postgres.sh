#!/usr/bin/env bash
# Kills the embedded PostgreSQL of a running Rampart (kill -9) while CLIENTS clients create tasks,
# then reports how long the service needed to answer again and checks that every creation answered
# 201 is stored. Usage: RAMPART_HOME=./rampart-data scripts/faults/kill-embedded-postgres.sh
# (RAMPART_URL, CLIENTS, DURATION as in lib.sh). Raise the rate limits of a test installation first
# (rampart.rate-limit.per-address/per-user) or many answers will be 429.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
: "${RAMPART_HOME:?set RAMPART_HOME to the data directory of the running server}"
setup_project
start_load
sleep $(( 5 + RANDOM % 10 ))
pid=$(head -1 "$RAMPART_HOME/postgres/postmaster.pid")
killed=$(date +%s%3N)
kill -9 "$pid"
echo "killed PostgreSQL (pid $pid)"
echo "healthy again after $(time_to_healthy "$killed") ms"
wait_load
report_and_verify
