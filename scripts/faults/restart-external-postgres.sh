#!/usr/bin/env bash
# Restarts an external PostgreSQL while CLIENTS clients create tasks, then reports the time to
# recover and checks every acknowledged creation. The restart is your command, e.g.
#   RESTART='pg_ctlcluster 15 main restart -m immediate' scripts/faults/restart-external-postgres.sh
set -euo pipefail
. "$(dirname "$0")/lib.sh"
: "${RESTART:?set RESTART to the command that restarts your PostgreSQL}"
setup_project
start_load
sleep $(( 5 + RANDOM % 10 ))
restarted=$(date +%s%3N)
bash -c "$RESTART"
echo "restarted PostgreSQL"
echo "healthy again after $(time_to_healthy "$restarted") ms"
wait_load
report_and_verify
