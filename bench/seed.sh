# Sourced by the benchmarks: seeds ORGS/USERS/PROJECTS/TASKS into $RAMPART_HOME with the `seed`
# command and sets email, password and project: a seeded member and one of their projects.
echo "== seeding $ORGS orgs, $USERS users, $PROJECTS projects, $TASKS tasks"
java -jar target/rampart.jar seed --orgs "$ORGS" --users "$USERS" --projects "$PROJECTS" --tasks "$TASKS" \
  2>/dev/null | tee "$HOME_DIR/seed.out" | grep -v SEED-CREDENTIAL
line=$(grep 'SEED-CREDENTIAL role=member' "$HOME_DIR/seed.out")
email=$(sed 's/.*email=\([^ ]*\).*/\1/' <<<"$line"); password=$(sed 's/.*password=\([^ ]*\).*/\1/' <<<"$line")
project=$(sed 's/.*project=\([^ ]*\).*/\1/' <<<"$line")
user=$(sed 's/.*user=\([^ ]*\).*/\1/' <<<"$line")
