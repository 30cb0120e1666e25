#!/usr/bin/env bash
# The fault matrix (docs/RELIABILITY.md): ./scripts/faults.sh [FAULT ...]
#   pg           (a) PostgreSQL stopped 60 s, then started
#   temporal     (b) the Temporal service process killed, restarted, `recover` run
#   api-kill     (e) kill -9 of the API process, restarted
#   api-term     (e) SIGTERM of the API process, restarted
#   worker-kill  (e) kill -9 of the worker process, restarted
#   worker-term  (e) SIGTERM of the worker process, restarted
#   twilio-500   (c) the text provider (a Twilio double) answering 500 for 2 minutes
#   smtp-down    (d) the SMTP server (a double) stopped for 2 minutes, then started
#   disk-full    (f) the embedded run (one process) with DATA_DIR on a 64 MB tmpfs (mounted here,
#                root only; unmounted afterwards), filled up for 60 s, then freed; the error
#                answers' codes and a sample body go in the last column
# (no argument: all of them). Server mode from the packaged jar (built if missing): the in-memory
# Temporal test service in its own process, one API process, one worker process (workflows, text,
# call, email; the logging providers). The test service runs without sticky task queues
# (app's test class StickylessTestServer, so app/target/test-classes is built if missing): the
# in-memory service never moves a task off a dead worker's sticky queue, which a Temporal server
# does after the sticky schedule-to-start timeout (docs/RELIABILITY.md, "worker-kill"). PostgreSQL: for `pg` a private cluster of this machine's
# PostgreSQL on its own port (pg_createcluster, dropped afterwards; the shared one at 5432 is never
# stopped), else a fresh database at 127.0.0.1:5432 (dropped afterwards).
#
# Each fault: 4 writers PATCH their own lead with numbered writes ({"additionalInfo":{"seq":k}})
# while 20 leads come due (a text step 36 s after creation); the fault is applied; then, once the
# API answers again: every acknowledged PATCH is there (each writer's lead holds its last
# acknowledged number, or a later one that got no answer), no PATCH answered with an error was
# applied, every due lead has exactly one MESSAGE (SENT or UNCONFIRMED), and /healthcheck is green.
# One table row per fault is appended to $OUT (default: the run's directory, printed at the end);
# "API answers again after" counts from the fault's start (pg: its 60 s down included; twilio-500
# and smtp-down: the API is never down, so the fault's 2 minutes). For twilio-500 and smtp-down
# the worker uses TEXT_PROVIDER=twilio / EMAIL_PROVIDER=smtp at the doubles (app's test class
# FaultDoubles, their own processes), the due leads' step is a text / an email, and the last
# column adds what the double took per lead (more than one is "sent twice" too).
set -euo pipefail
cd "$(dirname "$0")/.."

JAR=${JAR:-app/target/followup.jar}
CONFIG=app/src/main/resources/config.yml
KEY=faults-key-0123456789abcdef
WORK=$(mktemp -d /tmp/faults.XXXXXX)
OUT=${OUT:-$WORK/results.md}
PG_VERSION=$(ls /etc/postgresql 2>/dev/null | sort -n | tail -1)
WRITERS=4
DUE=20

TEST_CLASSES=${TEST_CLASSES:-app/target/test-classes}
[ -f "$JAR" ] || mvn -B -o -q -pl app -am package -DskipTests
[ -f "$TEST_CLASSES/io/followup/app/support/StickylessTestServer.class" ] ||
  mvn -B -o -q -pl app -am test-compile

log() { echo "[faults $(date -u +%H:%M:%S)] $*" >&2; }

port() {
  local p
  while :; do
    p=$((20000 + RANDOM % 20000))
    ss -ltn | grep -q ":$p " || { echo "$p"; return; }
  done
}

wait_until() { # seconds, command...
  local limit=$1
  shift
  local end=$((SECONDS + limit))
  until "$@" >/dev/null 2>&1; do
    [ $SECONDS -lt $end ] || return 1
    sleep 0.5
  done
}

listening() { ss -ltn | grep -q ":$1 "; }
api_answers() {
  [ "$(curl -s -o /dev/null -w '%{http_code}' -m 5 -H "x-api-key: $KEY" \
    "http://127.0.0.1:$APORT/v1/leads?limit=1")" = 200 ]
}
# GET into a file, again while answered 503 or not at all (up to 60 s)
read_to() { # file, path
  local code end=$((SECONDS + 60))
  while :; do
    code=$(curl -s -m 10 -o "$1" -w '%{http_code}' -H "x-api-key: $KEY" "http://127.0.0.1:$APORT$2" || true)
    { [ "$code" = 503 ] || [ "$code" = 000 ]; } && [ $SECONDS -lt $end ] || return 0
    sleep 0.5
  done
}
healthy() { curl -sf -m 5 "http://127.0.0.1:$1/healthcheck" >/dev/null; }

common_env() {
  echo ${PROVIDER_ENV:-} DATABASE_URL="jdbc:postgresql://127.0.0.1:$PGPORT/$DB" DATABASE_USER=postgres \
    TEMPORAL_TARGET="127.0.0.1:$TPORT" API_KEYS="$KEY" RATE_LIMIT_PER_SECOND=0 \
    SENDING_WINDOW_START=00:00 SENDING_WINDOW_END=24:00 TEMPORAL_UPDATE_TIMEOUT=30s
}

start_temporal() {
  java -Xmx1g -cp "$JAR:$TEST_CLASSES" io.followup.app.support.StickylessTestServer "$TPORT" \
    >>"$WORK/temporal.log" 2>&1 &
  TPID=$!
  wait_until 180 listening "$TPORT"
}
start_api() {
  env $(common_env) WORKER_ROLES= PORT="$APORT" ADMIN_PORT="$AADMIN" \
    java -Xmx512m -jar "$JAR" server "$CONFIG" >>"$WORK/api.log" 2>&1 &
  APID=$!
  wait_until 600 api_answers
}
start_worker() {
  env $(common_env) WORKER_ROLES=workflows,text,call,email ADMIN_PORT="$WADMIN" \
    java -Xmx512m -jar "$JAR" worker "$CONFIG" >>"$WORK/worker.log" 2>&1 &
  WPID=$!
  wait_until 600 healthy "$WADMIN"
}
start_double() { # twilio|smtp; sets DPID_<kind>
  java -Xmx128m -cp "$TEST_CLASSES" io.followup.app.support.FaultDoubles "$1" \
    "$([ "$1" = twilio ] && echo "$TWPORT" || echo "$SMTPPORT")" "$WORK" >>"$WORK/$1.log" 2>&1 &
  if [ "$1" = twilio ]; then TWPID=$!; else SMTPPID=$!; fi
  wait_until 60 listening "$([ "$1" = twilio ] && echo "$TWPORT" || echo "$SMTPPORT")"
}
embedded_up() { api_answers || ! kill -0 "$APID" 2>/dev/null; }
start_embedded() { # up to 3 tries: at load average 20+ a start can fail (Temporal's 10 s deadline)
  local try
  for try in 1 2 3; do
    env DATA_DIR="$DATA" PORT="$APORT" ADMIN_PORT="$AADMIN" TEMPORAL_PORT="$TPORT" API_KEYS="$KEY" \
      RATE_LIMIT_PER_SECOND=0 SENDING_WINDOW_START=00:00 SENDING_WINDOW_END=24:00 \
      java -Xmx512m -jar "$JAR" embedded >>"$WORK/embedded.log" 2>&1 &
    APID=$!
    wait_until 300 embedded_up || true
    api_answers && return 0
    log "embedded start $try failed (exit: see embedded.log)"
    stop_pid "$APID" KILL
  done
  return 1
}
stop_pid() { # pid, signal
  kill "-$2" "$1" 2>/dev/null || true
  wait "$1" 2>/dev/null || true
}

create() { # phone, followUpConfig JSON[, email]
  curl -s -m 30 -H "x-api-key: $KEY" -H 'Content-Type: application/json' \
    --data "{\"firstName\":\"Ada\",\"lastName\":\"Lovelace\",\"phone\":\"$1\",${3:+\"email\":\"$3\",}\"followUpConfig\":$2}" \
    "http://127.0.0.1:$APORT/v1/leads/create" | jq -r .id
}

writer() { # lead id, file: one line "k status" per PATCH (000: no answer); error bodies in file.err
  local k=0 code body
  while [ ! -f "$WORK/stop" ]; do
    k=$((k + 1))
    body=$(curl -s -w '\n%{http_code}' -m 20 -X PATCH -H "x-api-key: $KEY" \
      -H 'Content-Type: application/json' --data "{\"additionalInfo\":{\"seq\":$k}}" \
      "http://127.0.0.1:$APORT/v1/leads/$1" || true)
    code=$(tail -n1 <<<"$body")
    [ -n "$code" ] || code=000
    echo "$k $code" >>"$2"
    if [ "$code" != 200 ]; then
      [ "$code" = 000 ] || echo "$k $code $(head -n -1 <<<"$body" | head -c 300)" >>"$2.err"
      sleep 0.2
    fi
  done
}

# the database: a fresh one on the shared cluster, or (pg) a private cluster on its own port
setup_db() {
  DB=faults_$(date +%s)_$RANDOM
  if [ "$1" = pg ]; then
    PGPORT=$(port)
    PGCLUSTER=faults$RANDOM
    pg_createcluster -q "$PG_VERSION" "$PGCLUSTER" -p "$PGPORT" -- --auth=trust >/dev/null
    pg_ctlcluster "$PG_VERSION" "$PGCLUSTER" start
  else
    PGPORT=5432
    PGCLUSTER=
  fi
  wait_until 30 pg_isready -h 127.0.0.1 -p "$PGPORT" -q
  createdb -h 127.0.0.1 -p "$PGPORT" -U postgres "$DB"
}
teardown_db() {
  if [ -n "$PGCLUSTER" ]; then
    pg_dropcluster --stop "$PG_VERSION" "$PGCLUSTER" || true
  else
    dropdb -h 127.0.0.1 -p 5432 -U postgres --if-exists "$DB" || true
  fi
}

apply_fault() { # fault; echoes the second the outage ended (restart done)
  case $1 in
    pg)
      pg_ctlcluster "$PG_VERSION" "$PGCLUSTER" stop -m fast
      sleep 60
      pg_ctlcluster "$PG_VERSION" "$PGCLUSTER" start
      ;;
    temporal)
      stop_pid "$TPID" KILL
      sleep 2
      start_temporal
      # the new service has no workflow: the operators' pass re-creates them from the store
      env $(common_env) java -Xmx512m -jar "$JAR" recover "$CONFIG" >>"$WORK/recover.log" 2>&1
      ;;
    api-kill | api-term)
      stop_pid "$APID" "$([ "$1" = api-kill ] && echo KILL || echo TERM)"
      start_api
      ;;
    worker-kill | worker-term)
      stop_pid "$WPID" "$([ "$1" = worker-kill ] && echo KILL || echo TERM)"
      sleep 2
      start_worker
      ;;
    twilio-500)
      touch "$WORK/twilio-down"
      sleep 120
      rm -f "$WORK/twilio-down"
      ;;
    smtp-down)
      stop_pid "$SMTPPID" KILL
      sleep 120
      start_double smtp
      ;;
    disk-full)
      dd if=/dev/zero of="$DATA/filler" bs=1M status=none 2>/dev/null || true
      log "disk-full: $(df --output=avail -h "$DATA" | tail -1 | tr -d ' ') left; held 60 s"
      sleep 60
      rm -f "$DATA/filler"
      ;;
    *)
      echo "unknown fault $1" >&2
      exit 2
      ;;
  esac
}

run() { # fault
  local fault=$1
  log "$fault: starting"
  rm -f "$WORK"/stop "$WORK"/w*.log* "$WORK"/twilio-* "$WORK"/smtp-*
  [ "$fault" = disk-full ] || setup_db "$fault"
  TPORT=$(port) APORT=$(port) AADMIN=$(port) WADMIN=$(port) TWPORT=$(port) SMTPPORT=$(port)
  local channel=text
  PROVIDER_ENV=
  case $fault in
    twilio-500)
      start_double twilio
      PROVIDER_ENV="TEXT_PROVIDER=twilio TWILIO_ACCOUNT_SID=AC00000000000000000000000000000000 \
        TWILIO_AUTH_TOKEN=faults-token TWILIO_FROM_NUMBER=+15005550006 \
        TWILIO_API_BASE_URL=http://127.0.0.1:$TWPORT"
      ;;
    smtp-down)
      start_double smtp
      channel=email
      PROVIDER_ENV="EMAIL_PROVIDER=smtp SMTP_HOST=127.0.0.1 SMTP_PORT=$SMTPPORT SMTP_TLS=none \
        SMTP_USERNAME=relay SMTP_PASSWORD=faults-smtp EMAIL_FROM=sales@followup.example"
      ;;
  esac
  if [ "$fault" = disk-full ]; then
    DATA=$WORK/data
    mkdir -p "$DATA"
    mount -t tmpfs -o size=64m,mode=0700 tmpfs "$DATA"
    start_embedded
    WADMIN=$AADMIN
  else
    start_temporal
    start_api
    start_worker
  fi
  local leads=() due=() i
  for i in $(seq 1 $WRITERS); do
    leads+=("$(create "+1555090$(printf %04d $((RANDOM % 10000)))" '{"1":{"hours":24,"channel":"text"}}')")
  done
  for i in $(seq 1 $DUE); do
    due+=("$(create "+1555080$(printf %04d "$i")" "{\"1\":{\"hours\":0.01,\"channel\":\"$channel\"},\"2\":{\"hours\":100,\"channel\":\"text\"}}" "lead$i@example.com")")
  done
  if printf '%s\n' "${leads[@]}" "${due[@]}" | grep -qvE '^[0-9a-f-]{36}$'; then
    log "$fault: a lead could not be created (see api.log); no row"
    touch "$WORK/stop"
    return 1
  fi
  local writers=()
  for i in $(seq 0 $((WRITERS - 1))); do
    writer "${leads[$i]}" "$WORK/w$i.log" &
    writers+=($!)
  done
  sleep 10
  log "$fault: applying"
  local faulted=$SECONDS
  apply_fault "$fault"
  local restarted=
  if [ "$fault" = disk-full ] && ! wait_until 120 api_answers; then
    # not answering 2 minutes after the space came back: restarted, as an operator would
    restarted=yes
    stop_pid "$APID" TERM
    start_embedded
  fi
  wait_until 400 api_answers
  local recovered=$((SECONDS - faulted))
  sleep 10
  touch "$WORK/stop"
  wait "${writers[@]}"

  # every acknowledged write there, no error-answered one applied
  local acked=0 lost=0 wrong=0 final last code
  for i in $(seq 0 $((WRITERS - 1))); do
    acked=$((acked + $(awk '$2 == 200' "$WORK/w$i.log" | wc -l)))
    last=$(awk '$2 == 200 {k = $1} END {print k + 0}' "$WORK/w$i.log")
    # read until answered 200 (disk-full: the store may still answer 503 now and then)
    read_to "$WORK/final" "/v1/leads/${leads[$i]}"
    final=$(jq -r '.additionalInfo.seq // 0' "$WORK/final" 2>/dev/null || echo 0)
    code=$(awk -v k="$final" '$1 == k {print $2}' "$WORK/w$i.log")
    if [ "$final" -lt "$last" ]; then
      lost=$((lost + 1))
      log "$fault: writer $i lost: last acknowledged $last, the lead holds $final"
    elif [ "$final" -gt "$last" ] && [ "$code" != 000 ]; then
      wrong=$((wrong + 1))
    fi
  done
  # every due lead sent once: wait for one MESSAGE each, then count
  # a send whose rules could not be read for a minute asks again 5 minutes later (disk-full)
  local wait=240
  [ "$fault" = disk-full ] && wait=420
  local sent=0 twice=0 n deadline=$((SECONDS + wait)) statuses=() took
  local types=MESSAGE
  [ "$channel" = email ] && types=EMAIL
  for id in "${due[@]}"; do
    # one deadline for all of them: 4 minutes (disk-full 7) after the load stopped
    wait_until $((deadline > SECONDS ? deadline - SECONDS : 0)) bash -c "[ \$(curl -s -m 10 -H 'x-api-key: $KEY' 'http://127.0.0.1:$APORT/v1/leads/$id/events?types=$types' | jq '.events | length') -ge 1 ]" || true
  done
  sleep 5
  for i in $(seq 1 $DUE); do
    id=${due[$((i - 1))]}
    local events
    read_to "$WORK/events" "/v1/leads/$id/events?types=$types"
    events=$(cat "$WORK/events" 2>/dev/null || echo '{}')
    n=$(jq '[.events[]? | select(.data.status == "SENT" or .data.status == "UNCONFIRMED")] | length' <<<"$events" 2>/dev/null || echo 0)
    statuses+=($(jq -r '.events[]?.data.status' <<<"$events" 2>/dev/null || true))
    took=0
    case $fault in
      twilio-500) took=$(grep -cx "+1555080$(printf %04d "$i")" "$WORK/twilio-sent" 2>/dev/null || true) ;;
      smtp-down) took=$(grep -c "^<lead$i@example.com> " "$WORK/smtp-received" 2>/dev/null || true) ;;
    esac
    [ "$n" -ge 1 ] && sent=$((sent + 1))
    { [ "$n" -gt 1 ] || [ "${took:-0}" -gt 1 ]; } && twice=$((twice + 1))
  done
  local detail
  detail=$(printf '%s\n' "${statuses[@]}" | sort | uniq -c | awk '{printf "%s%s %s", (NR > 1 ? ", " : ""), $2, $1}')
  case $fault in
    twilio-500) detail="$detail; the double took $(cat "$WORK/twilio-sent" 2>/dev/null | wc -l) texts" ;;
    smtp-down) detail="$detail; the double took $(cat "$WORK/smtp-received" 2>/dev/null | wc -l) emails" ;;
    disk-full)
      detail="$detail; error answers: $(cat "$WORK"/w*.log | awk '$2 != 200' | awk '{print $2}' | sort | uniq -c | awk '{printf "%s%s x%s", (NR > 1 ? ", " : ""), $2, $1}')"
      detail="$detail; e.g. $(cat "$WORK"/w*.log.err 2>/dev/null | head -1 | cut -d' ' -f2- | tr '|' '/')"
      detail="$detail; restart needed: ${restarted:-no}"
      ;;
  esac
  local health=ok
  healthy "$AADMIN" || health=FAILED
  healthy "$WADMIN" || health=FAILED
  echo "| $fault | $acked | $lost | $wrong | $sent/$DUE | $twice | ${recovered} s | $health | $detail |" | tee -a "$OUT"

  [ -z "${WPID:-}" ] || stop_pid "$WPID" TERM
  [ -z "${TWPID:-}" ] || stop_pid "$TWPID" TERM
  [ -z "${SMTPPID:-}" ] || stop_pid "$SMTPPID" TERM
  TWPID= SMTPPID=
  stop_pid "$APID" TERM
  if [ "$fault" = disk-full ]; then
    stop_pid "$APID" TERM
    umount "$DATA"
    DATA=
  else
    stop_pid "$TPID" TERM
    teardown_db
  fi
  WPID= APID= TPID=
}

cleanup() {
  touch "$WORK/stop" 2>/dev/null || true
  for pid in ${WPID:-} ${APID:-} ${TPID:-} ${TWPID:-} ${SMTPPID:-}; do
    kill -9 "$pid" 2>/dev/null || true
  done
  if [ -n "${DATA:-}" ]; then
    sleep 1
    umount "$DATA" 2>/dev/null || true
  fi
  if [ -n "${PGCLUSTER:-}" ]; then
    pg_dropcluster --stop "$PG_VERSION" "$PGCLUSTER" 2>/dev/null || true
  elif [ -n "${DB:-}" ]; then
    dropdb -h 127.0.0.1 -p 5432 -U postgres --if-exists --force "$DB" 2>/dev/null || true
  fi
}
trap cleanup EXIT
trap 'exit 143' TERM INT

echo "| fault | PATCHes acknowledged | acknowledged lost | error-answered applied | due leads sent | sent twice | API answers again after | health | detail |" >"$OUT"
echo "|---|---|---|---|---|---|---|---|---|" >>"$OUT"
faults=("$@")
[ ${#faults[@]} -gt 0 ] || faults=(api-kill api-term worker-kill worker-term temporal pg twilio-500 smtp-down disk-full)
for fault in "${faults[@]}"; do
  run "$fault"
done
log "results: $OUT (logs in $WORK)"
cat "$OUT"
