#!/usr/bin/env bash
# Encryption-at-rest benchmark: task creation (bench/audit.sh, 8 writers, one and eight
# organizations) and task-list reads (bench/ratelimit.sh's task page and /me, 2 and 16
# connections) for this build against a build without encryption (BASE, default the last commit
# before the key store arrived), alternating ROUNDS times in one run. Prints both sets of lines.
set -euo pipefail
cd "$(dirname "$0")/.."
BASE=${BASE:-$(git log --format=%H -1 -- src/main/resources/db/migration/V11__audit_log.sql)}
ROUNDS=${ROUNDS:-2}
[ -f target/rampart.jar ] || { . .ci/newest-jdk.sh; mvn -q -DskipTests package; }
WORK=$(mktemp -d /tmp/rampart-encryption-bench-XXXX)
trap 'git worktree remove --force "$WORK/base" >/dev/null 2>&1 || true; rm -rf "$WORK"' EXIT
git worktree add -q "$WORK/base" "$BASE"
(cd "$WORK/base" && . .ci/newest-jdk.sh && mvn -q -DskipTests package)
for round in $(seq 1 "$ROUNDS"); do
  for build in base sealed; do
    jar=$([ $build = base ] && echo "$WORK/base/target/rampart.jar" || echo "$PWD/target/rampart.jar")
    echo "== round $round, $build ($jar)"
    JAR=$jar MODES=true ROUNDS=1 DURATION=${DURATION:-15s} bash bench/audit.sh 2>&1 | grep -E "creations/s"
    JAR=$jar MODES=shared DURATION=${DURATION:-15s} bash bench/ratelimit.sh 2>&1 | grep -E "req/s"
  done
done
