#!/usr/bin/env bash
# Web application benchmark: seeds the 100 k-task data set (1,000 orgs, 10,000 users, 2,000
# projects, 100,000 tasks), starts the packaged jar on it, signs in as a seeded member in headless
# Chromium (Debian's) and measures, ROUNDS times (default 10), the time from navigation to the
# member's project page showing its first 25 tasks, and how many GraphQL requests each page
# load and each further page of tasks makes. Prints the median and the spread.
#   ROUNDS=20 TASKS=1000000 bench/ui.sh
set -euo pipefail
cd "$(dirname "$0")/.."
. .ci/newest-jdk.sh
ORGS=${ORGS:-1000}; USERS=${USERS:-10000}; PROJECTS=${PROJECTS:-2000}; TASKS=${TASKS:-100000}
ROUNDS=${ROUNDS:-10}; HTTPS_PORT=${HTTPS_PORT:-18443}
HOME_DIR=$(mktemp -d /tmp/rampart-bench-ui-XXXX)
command -v chromium >/dev/null || { apt-get update -qq && apt-get install -y -qq chromium >/dev/null; }
unzip -p target/rampart.jar BOOT-INF/classes/static/index.html >/dev/null 2>&1 || mvn -q -DskipTests package
[ -d ui/node_modules ] || (cd ui && npm ci --no-audit --no-fund >/dev/null)
export RAMPART_HOME=$HOME_DIR RAMPART_HTTPS_PORT=$HTTPS_PORT RAMPART_HTTP_PORT=-1 \
  RAMPART_PUBLIC_URL=https://localhost:$HTTPS_PORT RAMPART_MANAGEMENT_PORT=$((HTTPS_PORT + 1))

. bench/seed.sh

java -jar target/rampart.jar > "$HOME_DIR/server.log" 2>&1 &
server=$!
trap 'status=$?; kill $server 2>/dev/null; wait $server 2>/dev/null; rm -rf "$HOME_DIR"; exit $status' EXIT
for _ in $(seq 1 180); do grep -q "Rampart is ready" "$HOME_DIR/server.log" && break; sleep 1; done
echo "== member $email, project $project; $ROUNDS rounds in headless Chromium"
(cd ui && BENCH_BASE=https://localhost:$HTTPS_PORT BENCH_EMAIL=$email BENCH_PASSWORD=$password \
  BENCH_PROJECT=$project BENCH_ROUNDS=$ROUNDS node e2e/bench.mjs)
