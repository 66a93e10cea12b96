#!/usr/bin/env bash
# Three Rampart nodes on one PostgreSQL behind nginx, on this machine, for trying out several nodes:
# PostgreSQL 15 (Debian's postgresql-15) in a fresh cluster of its own, the schema owner and the
# application role as in production, three nodes sharing the key store file, the environment's
# secrets and the attachment directory, and nginx (Debian's nginx) terminating TLS on PORT (default
# 9443) as the nodes' trusted proxy. Prints where to sign in and runs until Ctrl-C, then stops
# everything and removes the directory. ClusterIT runs the same set-up under load and kills a node.
#   scripts/cluster/three-nodes.sh            # PORT=9443
#   KILL_AFTER=30 scripts/cluster/three-nodes.sh   # kill -9 the second node after 30 s
set -euo pipefail
cd "$(dirname "$0")/../.."
. .ci/newest-jdk.sh
PORT=${PORT:-9443}
PG_BIN=/usr/lib/postgresql/15/bin
command -v nginx >/dev/null || { echo "nginx is missing: apt-get install nginx" >&2; exit 2; }
[ -x $PG_BIN/initdb ] || { echo "PostgreSQL 15 is missing: apt-get install postgresql-15" >&2; exit 2; }
[ -f target/rampart.jar ] || mvn -q -DskipTests package
BASE=$(mktemp -d /tmp/rampart-cluster-XXXX)
chmod 755 "$BASE"
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  as_postgres $PG_BIN/pg_ctl -D "$BASE/pg" stop -m fast >/dev/null 2>&1 || true
  rm -rf "$BASE"
}
trap cleanup EXIT
as_postgres() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
secret() { head -c 24 /dev/urandom | base64 | tr -d '/+='; }

echo "== PostgreSQL 15 in $BASE/pg"
PG_PORT=$(free_port); SUPER=$(secret); OWNER_PW=$(secret); APP_PW=$(secret)
mkdir -p "$BASE/pg"; echo "$SUPER" > "$BASE/pwfile"
[ "$(id -u)" = 0 ] && chown -R postgres "$BASE/pg" "$BASE/pwfile"
as_postgres $PG_BIN/initdb -D "$BASE/pg" -U postgres --pwfile="$BASE/pwfile" --auth-host=scram-sha-256 \
  --auth-local=trust -E UTF-8 >/dev/null
rm "$BASE/pwfile"
as_postgres $PG_BIN/pg_ctl -D "$BASE/pg" -l "$BASE/pg.log" -w start \
  -o "-p $PG_PORT -c listen_addresses=127.0.0.1 -c unix_socket_directories=$BASE/pg" >/dev/null
as_postgres psql -h "$BASE/pg" -p "$PG_PORT" -U postgres -q -v ON_ERROR_STOP=1 <<SQL
CREATE ROLE rampart_owner LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE BYPASSRLS PASSWORD '$OWNER_PW';
CREATE ROLE rampart_app LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOBYPASSRLS PASSWORD '$APP_PW';
CREATE DATABASE rampart OWNER rampart_owner;
REVOKE ALL ON DATABASE rampart FROM PUBLIC;
GRANT CONNECT ON DATABASE rampart TO rampart_app;
SQL

mkdir -p "$BASE/shared/keys" "$BASE/shared/attachments"; chmod 700 "$BASE/shared"
secret > "$BASE/shared/keys/passphrase"
export RAMPART_DB_URL="jdbc:postgresql://127.0.0.1:$PG_PORT/rampart" RAMPART_DB_USERNAME=rampart_app \
  RAMPART_DB_PASSWORD=$APP_PW RAMPART_DB_MIGRATION_USERNAME=rampart_owner \
  RAMPART_DB_MIGRATION_PASSWORD=$OWNER_PW RAMPART_WEB_TRUSTED_PROXIES=127.0.0.1 RAMPART_HTTP_PORT=-1
settings=(-Drampart.keys.local.file="$BASE/shared/keys/rampart.p12"
  -Drampart.keys.local.passphrase-file="$BASE/shared/keys/passphrase"
  -Drampart.attachments.directory="$BASE/shared/attachments" -Drampart.bi.enabled=false
  -Drampart.mail.public-url="https://localhost:$PORT")
node_ports=()
start_node() {
  local n=$1 https; https=$(free_port)
  node_ports+=("$https")
  RAMPART_HOME=$BASE/node-$n RAMPART_HTTPS_PORT=$https RAMPART_MANAGEMENT_PORT=$(free_port) \
    java "${settings[@]}" -jar target/rampart.jar > "$BASE/node-$n.log" 2>&1 &
  pids+=($!)
  for _ in $(seq 1 180); do grep -q "Rampart is ready" "$BASE/node-$n.log" && return; sleep 1; done
  echo "node $n did not start: see $BASE/node-$n.log" >&2; exit 1
}
echo "== node 1"; start_node 1
for n in 2 3; do
  # The environment's secrets (password pepper, activity-log signing key) are the same on every node.
  mkdir -p "$BASE/node-$n"; cp -a "$BASE/node-1/secrets" "$BASE/node-$n/"
  echo "== node $n"; start_node $n
done

mkdir -p "$BASE/nginx/temp"
{
  echo "worker_processes 1; pid $BASE/nginx/nginx.pid; error_log $BASE/nginx/error.log warn;"
  echo "events { worker_connections 1024; }"
  echo "http { access_log off; client_body_temp_path $BASE/nginx/temp/body; proxy_temp_path $BASE/nginx/temp/proxy;"
  echo "  fastcgi_temp_path $BASE/nginx/temp/fcgi; uwsgi_temp_path $BASE/nginx/temp/uwsgi; scgi_temp_path $BASE/nginx/temp/scgi;"
  echo "  upstream rampart {"
  for p in "${node_ports[@]}"; do echo "    server 127.0.0.1:$p max_fails=1 fail_timeout=10s;"; done
  echo "    keepalive 32; }"
  echo "  server { listen 127.0.0.1:$PORT ssl; ssl_protocols TLSv1.2 TLSv1.3;"
  echo "    ssl_certificate $BASE/node-1/tls/certificate.pem; ssl_certificate_key $BASE/node-1/tls/private-key.pem;"
  echo "    client_max_body_size 30m;"
  echo "    location / { proxy_pass https://rampart; proxy_http_version 1.1; proxy_set_header Connection \"\";"
  echo "      proxy_ssl_server_name on; proxy_ssl_name localhost; proxy_ssl_verify off;"
  echo "      proxy_set_header Host \$host:\$server_port; proxy_set_header X-Forwarded-For \$remote_addr;"
  echo "      proxy_set_header X-Forwarded-Proto https; proxy_connect_timeout 2s; proxy_read_timeout 60s;"
  echo "      proxy_next_upstream error timeout http_502 http_503; } } }"
} > "$BASE/nginx/nginx.conf"
nginx -p "$BASE/nginx" -c "$BASE/nginx/nginx.conf" -g 'daemon off;' > "$BASE/nginx/stdout.log" 2>&1 &
pids+=($!)
sleep 1
echo
echo "Rampart: 3 nodes (HTTPS ports ${node_ports[*]}) on PostgreSQL port $PG_PORT behind nginx."
echo "Sign in at https://localhost:$PORT/signin (the certificate is node 1's self-signed one)."
echo "Logs: $BASE/node-*.log. Ctrl-C stops everything."
if [ -n "${KILL_AFTER:-}" ]; then
  sleep "$KILL_AFTER"; echo "== kill -9 node 2 (pid ${pids[1]})"; kill -9 "${pids[1]}"
fi
wait
