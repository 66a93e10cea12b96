#!/usr/bin/env bash
# CI's scanner run: starts the packaged Rampart (target/rampart.jar) on its embedded defaults in a
# throw-away data directory, seeds one tenant through the API, then runs scan-tls.sh and
# scan-sqlmap.sh against it. Exit 1 if either scan finds anything.
set -euo pipefail
cd "$(dirname "$0")/.."
jar=target/rampart.jar
[ -f "$jar" ] || { echo "build first: $jar is missing" >&2; exit 2; }
port=${SCAN_PORT:-18443}
home=$(mktemp -d /tmp/rampart-scan-XXXXXX)
log="$home/server.log"
# Scanners send thousands of requests and wrong passwords from one address: the brakes that
# would answer them with 429 are raised here so every payload reaches the code it probes.
RAMPART_HOME="$home" RAMPART_HTTPS_PORT="$port" RAMPART_HTTP_PORT=-1 RAMPART_MANAGEMENT_PORT=$((port + 1)) \
	RAMPART_RATELIMIT_ENABLED=false \
	RAMPART_IDENTITY_SIGNINTHROTTLE_ACCOUNTTHRESHOLD=1000000 \
	RAMPART_IDENTITY_SIGNINTHROTTLE_ADDRESSTHRESHOLD=1000000 \
	java -jar "$jar" > "$log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null || true; wait $server 2>/dev/null || true; rm -rf "$home"' EXIT
base="https://localhost:$port"
for _ in $(seq 1 120); do
	curl -sfk "$base/api/v1/health" >/dev/null 2>&1 && break
	kill -0 $server 2>/dev/null || { cat "$log"; echo "server died" >&2; exit 2; }
	sleep 1
done
json() { python3 -c "import json,sys; print(json.load(sys.stdin)[\"$1\"])"; }
post() { curl -sSk -X POST "$base/api/v1$1" -H 'content-type: application/json' ${3:+-H "Authorization: Bearer $3"} -d "$2"; }
password="scan-$(head -c 12 /dev/urandom | base64 | tr -d '/+=')-violet"
post /auth/signup "{\"email\":\"scanner@example.test\",\"displayName\":\"Scanner\",\"password\":\"$password\"}" >/dev/null
token=$(post /auth/login "{\"email\":\"scanner@example.test\",\"password\":\"$password\"}" | json token)
org=$(post /orgs '{"name":"Scanned"}' "$token" | json id)
project=$(post "/orgs/$org/projects" '{"name":"Scanned project"}' "$token" | json id)
task=$(post "/projects/$project/tasks" '{"title":"Scanned task","description":"**md**"}' "$token" | json id)
post "/tasks/$task/comments" '{"body":"a comment"}' "$token" >/dev/null

status=0
echo "== TLS (testssl.sh) =="
scripts/scan-tls.sh "localhost:$port" --self-signed || status=1
echo "== SQL injection (sqlmap) =="
scripts/scan-sqlmap.sh "$base" "$token" || status=1
exit $status
