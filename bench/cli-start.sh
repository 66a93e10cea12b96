#!/usr/bin/env bash
# Operator commands' start time: wall-clock seconds from `java -jar` to exit for commands that need
# the embedded database, on a data directory initialised by a first `migrate` (not counted).
# ROUNDS (default 3) runs of each; prints every run and the median. JAR: another build to compare.
set -euo pipefail
cd "$(dirname "$0")/.."
. .ci/newest-jdk.sh
ROUNDS=${ROUNDS:-3}; JAR=${JAR:-target/rampart.jar}
[ -f "$JAR" ] || mvn -q -DskipTests package
export RAMPART_HOME=$(mktemp -d /tmp/rampart-cli-bench-XXXX)
trap 'rm -rf "$RAMPART_HOME"' EXIT
java -jar "$JAR" migrate >/dev/null 2>&1
printf '%-28s %s\n' command "seconds per run (median)"
for cmd in "migrate" "admin roles" "errors list" "keys status" "audit list --platform" \
    "seed --orgs 1 --users 4 --projects 1 --tasks 100 --force"; do
  times=()
  for _ in $(seq "$ROUNDS"); do
    start=$(date +%s.%N)
    # shellcheck disable=SC2086
    java -jar "$JAR" $cmd >/dev/null 2>&1
    times+=("$(awk -v s="$start" -v e="$(date +%s.%N)" 'BEGIN { print e - s }')")
  done
  median=$(printf '%s\n' "${times[@]}" | sort -n | sed -n "$(( (ROUNDS + 1) / 2 ))p")
  printf '%-28s %s (%s)\n' "${cmd%% --*}" "$(printf '%.1f ' "${times[@]}")" "$(printf '%.1f' "$median")"
done
