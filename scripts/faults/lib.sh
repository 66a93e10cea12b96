# Shared by the fault scripts: a throw-away user and project, a task-creating load, and the
# check that every creation answered 201 is still there. Needs curl and python3 (for JSON).
# Talks only to RAMPART_URL (default https://localhost:8443), which must be your own test
# installation: the load creates thousands of tasks.

RAMPART_URL=${RAMPART_URL:-https://localhost:8443}
CLIENTS=${CLIENTS:-16}
DURATION=${DURATION:-30}
CURL=(curl -sk --max-time 30)
WORK=$(mktemp -d /tmp/rampart-fault-XXXXXX)

json() { python3 -c "import sys,json; print(json.load(sys.stdin)$1)"; }

# Signs a new user up and in, creates an organization and a project; sets TOKEN and PROJECT.
setup_project() {
  local email="fault-$RANDOM-$(date +%s)@example.test" password="plum-harbour-violet-7-rocket"
  "${CURL[@]}" -o /dev/null -X POST "$RAMPART_URL/api/v1/auth/signup" -H 'content-type: application/json' \
    -d "{\"email\":\"$email\",\"displayName\":\"Fault test\",\"password\":\"$password\"}"
  TOKEN=$("${CURL[@]}" -X POST "$RAMPART_URL/api/v1/auth/login" -H 'content-type: application/json' \
    -d "{\"email\":\"$email\",\"password\":\"$password\"}" | json "['token']")
  local org
  org=$("${CURL[@]}" -X POST "$RAMPART_URL/api/v1/orgs" -H "Authorization: Bearer $TOKEN" \
    -H 'content-type: application/json' -d '{"name":"Fault test"}' | json "['id']")
  PROJECT=$("${CURL[@]}" -X POST "$RAMPART_URL/api/v1/orgs/$org/projects" -H "Authorization: Bearer $TOKEN" \
    -H 'content-type: application/json' -d '{"name":"Fault test"}' | json "['id']")
}

# One client: creates tasks until the deadline; one line per request: "<epoch ms> <status> <task id or ->".
client() {
  local deadline=$1 out=$2 n=0 body status id
  while [ "$(date +%s)" -lt "$deadline" ]; do
    n=$((n + 1))
    body=$("${CURL[@]}" -w '\n%{http_code}' -X POST "$RAMPART_URL/api/v1/projects/$PROJECT/tasks" \
      -H "Authorization: Bearer $TOKEN" -H 'content-type: application/json' -d "{\"title\":\"Fault task $n\"}" || true)
    status=${body##*$'\n'}
    [ -n "$status" ] && [ "$status" != "$body" ] || status=000
    id=-
    if [ "$status" = 201 ]; then id=$(printf '%s' "${body%$'\n'*}" | json "['id']"); else sleep 0.2; fi
    echo "$(date +%s%3N) ${status:-000} $id" >> "$out"
  done
}

# Starts CLIENTS clients for DURATION seconds in the background.
start_load() {
  local deadline=$(( $(date +%s) + DURATION ))
  LOAD_PIDS=()
  for i in $(seq 1 "$CLIENTS"); do client "$deadline" "$WORK/client-$i.log" & LOAD_PIDS+=($!); done
}

wait_load() { wait "${LOAD_PIDS[@]}" 2>/dev/null || true; cat "$WORK"/client-*.log > "$WORK/all.log"; }

# Milliseconds from $1 (epoch ms) until /api/v1/health answers 200 again.
time_to_healthy() {
  local from=$1
  until [ "$("${CURL[@]}" -o /dev/null -w '%{http_code}' --max-time 2 "$RAMPART_URL/api/v1/health")" = 200 ]; do
    sleep 0.1
  done
  echo $(( $(date +%s%3N) - from ))
}

# Prints the answers by status and checks that every acknowledged task is there; exit 1 if not.
report_and_verify() {
  echo "answers by status (000: no answer):"
  awk '{print $2}' "$WORK/all.log" | sort | uniq -c
  local acknowledged missing=0 found=0 code
  acknowledged=$(awk '$2 == 201 {print $3}' "$WORK/all.log")
  for id in $acknowledged; do
    code=$("${CURL[@]}" -o /dev/null -w '%{http_code}' "$RAMPART_URL/api/v1/tasks/$id" -H "Authorization: Bearer $TOKEN")
    if [ "$code" = 200 ]; then found=$((found + 1)); else missing=$((missing + 1)); echo "MISSING $id ($code)"; fi
  done
  echo "acknowledged $((found + missing)), found $found, missing $missing"
  if grep -q ' 500 ' "$WORK/all.log"; then echo "FAIL: some answers were 500"; return 1; fi
  [ "$missing" = 0 ]
}
