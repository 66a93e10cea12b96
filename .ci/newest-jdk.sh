# Sourced by .ci/run and bench/run.sh: puts the newest JDK under /usr/lib/jvm first on PATH
# (faster, virtual threads); the code targets Java 17 and runs on any JDK from 17 on.
newest=$(ls -d /usr/lib/jvm/*/ 2>/dev/null | while read -r d; do
  if [ -x "$d/bin/javac" ]; then v=$("$d/bin/java" -version 2>&1 | sed -n 's/.*version "\([0-9]*\).*/\1/p' | head -1); echo "$v $d"; fi
done | sort -n | tail -1 | cut -d' ' -f2-)
if [ -n "${newest:-}" ]; then export JAVA_HOME="${newest%/}"; export PATH="$JAVA_HOME/bin:$PATH"; fi
