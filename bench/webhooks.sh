#!/usr/bin/env bash
# Webhook delivery throughput: Rampart on a fresh embedded database, a real HTTPS receiver on
# 127.0.0.5 (the one address allow-listed), HOOKS webhooks (default 2) on one organization; 8 clients
# create EVENTS tasks (default 2000) as fast as they can. Prints tasks made per second, deliveries
# received per second, and the time from a task's creation to its delivery (p50, p99).
set -euo pipefail
cd "$(dirname "$0")/.."
. .ci/newest-jdk.sh
EVENTS=${EVENTS:-2000}; HOOKS=${HOOKS:-2}; HTTPS_PORT=${HTTPS_PORT:-18843}
HOME_DIR=$(mktemp -d /tmp/rampart-bench-hooks-XXXX)
[ -f target/rampart.jar ] || mvn -q -DskipTests package
# The receiver's certificate, for 127.0.0.5, trusted by Rampart through its trust store.
keytool -genkeypair -keystore "$HOME_DIR/receiver.p12" -storetype PKCS12 -storepass changeit -alias receiver \
  -keyalg EC -groupname secp256r1 -dname CN=127.0.0.5 -ext SAN=ip:127.0.0.5 -validity 2 >/dev/null 2>&1
keytool -exportcert -rfc -keystore "$HOME_DIR/receiver.p12" -storepass changeit -alias receiver \
  -file "$HOME_DIR/receiver.pem" >/dev/null 2>&1
export RAMPART_HOME=$HOME_DIR RAMPART_HTTPS_PORT=$HTTPS_PORT RAMPART_HTTP_PORT=-1 \
  RAMPART_MANAGEMENT_PORT=$((HTTPS_PORT + 10)) \
  RAMPART_WEBHOOKS_ALLOWEDNETWORKS=127.0.0.5/32 RAMPART_WEBHOOKS_TRUSTSTORE=$HOME_DIR/receiver.pem
export RAMPART_RATELIMIT_PERADDRESS=300000000 RAMPART_RATELIMIT_PERUSER=300000000 \
  RAMPART_RATELIMIT_PERTOKEN=300000000
java -jar target/rampart.jar > "$HOME_DIR/server.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null; wait $server 2>/dev/null; rm -rf "$HOME_DIR"' EXIT
for _ in $(seq 1 180); do grep -q "Rampart is ready" "$HOME_DIR/server.log" && break; sleep 1; done
java bench/WebhookThroughput.java "$HOME_DIR" "https://localhost:$HTTPS_PORT" "$EVENTS" "$HOOKS"
