#!/usr/bin/env bash
# Search across one organization of TASKS (default 100,000) tasks in PROJECTS (default 100)
# projects: seeds it (titles from ten verbs and ten subjects, descriptions of twelve words from a
# vocabulary of sixty), starts Rampart and times searches as the organization's owner, who may see
# every task (bench/SearchBench.java, RUNS each, default 500), over HTTPS.
set -euo pipefail
cd "$(dirname "$0")/.."
. .ci/newest-jdk.sh
ORGS=1; USERS=${USERS:-200}; PROJECTS=${PROJECTS:-100}; TASKS=${TASKS:-100000}
RUNS=${RUNS:-500}; HTTPS_PORT=${HTTPS_PORT:-18843}
HOME_DIR=$(mktemp -d /tmp/rampart-bench-search-XXXX)
[ -f target/rampart.jar ] || mvn -q -DskipTests package
export RAMPART_HOME=$HOME_DIR RAMPART_HTTPS_PORT=$HTTPS_PORT RAMPART_HTTP_PORT=-1 \
  RAMPART_MANAGEMENT_PORT=$((HTTPS_PORT + 10))
export RAMPART_RATELIMIT_PERADDRESS=300000000 RAMPART_RATELIMIT_PERUSER=300000000 \
  RAMPART_RATELIMIT_PERTOKEN=300000000 RAMPART_RATELIMIT_EXPENSIVEPERUSER=300000000
. bench/seed.sh
owner_line=$(grep 'SEED-CREDENTIAL role=owner' "$HOME_DIR/seed.out")
owner_email=$(sed 's/.*email=\([^ ]*\).*/\1/' <<<"$owner_line"); owner_password=$(sed 's/.*password=\([^ ]*\).*/\1/' <<<"$owner_line")
org=$(sed 's/.*org=\([^ ]*\).*/\1/' <<<"$line")
java -jar target/rampart.jar > "$HOME_DIR/server.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null; wait $server 2>/dev/null; rm -rf "$HOME_DIR"' EXIT
for _ in $(seq 1 180); do grep -q "Rampart is ready" "$HOME_DIR/server.log" && break; sleep 1; done
B=https://localhost:$HTTPS_PORT
token=$(curl -sk -X POST $B/api/v1/auth/login -H 'content-type: application/json' \
  -d "{\"email\":\"$owner_email\",\"password\":\"$owner_password\"}" | sed 's/.*"token":"\([^"]*\)".*/\1/')
java bench/SearchBench.java "$HOME_DIR" "$B" "$token" "$org" "$project" "$RUNS"
