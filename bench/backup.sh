#!/usr/bin/env bash
# Backup and restore throughput on the 1 M-task seed: seeds ORGS/USERS/PROJECTS/TASKS (default 100
# organizations, 2,000 users, 1,000 projects, 1,000,000 tasks) into a fresh data directory, then
# times `rampart backup create`, `rampart backup verify` (a restore into a scratch PostgreSQL that
# reads every table back) and `rampart backup restore` into a second, empty data directory holding
# only the environment's keys/ and secrets/, and prints rows, sizes and rates. The server is stopped
# here (the embedded database belongs to one process); a running server takes the same backup on
# rampart.backup.schedule.
set -euo pipefail
cd "$(dirname "$0")/.."
. .ci/newest-jdk.sh
ORGS=${ORGS:-100}; USERS=${USERS:-2000}; PROJECTS=${PROJECTS:-1000}; TASKS=${TASKS:-1000000}
HOME_DIR=$(mktemp -d /tmp/rampart-bench-backup-XXXX)
RESTORED=$(mktemp -d /tmp/rampart-bench-restored-XXXX)
trap 'rm -rf "$HOME_DIR" "$RESTORED"' EXIT
[ -f target/rampart.jar ] || mvn -q -DskipTests package
export RAMPART_HOME=$HOME_DIR
. bench/seed.sh
ms() { date +%s%3N; }
db_bytes=$(du -sb "$HOME_DIR/postgres" | cut -f1)

t0=$(ms); java -jar target/rampart.jar backup create 2>/dev/null | tee "$HOME_DIR/create.out"; t1=$(ms)
name=$(sed -n 's/^Backup \([^:]*\):.*/\1/p' "$HOME_DIR/create.out")
backup=$HOME_DIR/backups/$name
archive_bytes=$(stat -c %s "$backup/data.rbk")
rows=$(sed -n 's/.*: \([0-9,]*\) rows.*/\1/p' "$HOME_DIR/create.out" | tr -d ,)

t2=$(ms); java -jar target/rampart.jar backup verify "$name" 2>/dev/null; t3=$(ms)

cp -a "$HOME_DIR/keys" "$HOME_DIR/secrets" "$RESTORED/"
t4=$(ms); RAMPART_HOME=$RESTORED java -jar target/rampart.jar backup restore "$backup" 2>/dev/null; t5=$(ms)

rate() { awk -v r="$1" -v ms="$2" 'BEGIN { printf "%.0f", r / (ms / 1000) }'; }
mb() { awk -v b="$1" 'BEGIN { printf "%.1f", b / 1048576 }'; }
echo
echo "rows: $rows; database directory $(mb "$db_bytes") MiB; backup archive $(mb "$archive_bytes") MiB (compressed, encrypted)"
echo "create:  $((t1 - t0)) ms  ($(rate "$rows" $((t1 - t0))) rows/s, $(awk -v b="$db_bytes" -v ms=$((t1 - t0)) 'BEGIN { printf "%.1f", b / 1048576 / (ms / 1000) }') MiB/s of database)"
echo "verify:  $((t3 - t2)) ms  ($(rate "$rows" $((t3 - t2))) rows/s, scratch PostgreSQL, every table read back)"
echo "restore: $((t5 - t4)) ms  ($(rate "$rows" $((t5 - t4))) rows/s, into an empty data directory)"
echo "(each figure includes the JVM's and the command's start, about 3 s)"
