#!/usr/bin/env bash
# The embedded ceiling (docs/SCALING.md "The embedded run's ceiling"): for each N in LEADS, a fresh
# embedded run (the packaged jar, its own DATA_DIR under /tmp) is filled with N idle leads (steps
# due in 24 h, so nothing is sent), then measured:
#   - FILL=api: the leads created through POST /v1/leads/batch (500 a request, each create starting
#     its workflow as in real use); live heap after a full GC (jcmd GC.class_histogram) and RSS
#     once filled. FILL=sql (the default, seconds instead of ~30 creates a second on the shared
#     machine): one lead created through the API, the process stopped, its row copied N-1 times in
#     the H2 file (H2's Shell from the jar; new id and phone each): what a restart reads is the
#     leads table, nothing else;
#   - the process stopped (SIGTERM) and started again on the same data: start to healthy (admin
#     /healthcheck 200), to the API answering, to the recovery's "re-created N lead workflows";
#   - a GET and a PATCH (followUpStep, a Workflow Update) of random leads every PROBE_EVERY s from
#     the restart until RECOVERY_TAIL s after the recovery: answers by status (000: no answer, the
#     port closed), latency p50/p99/max;
#   - live heap after a full GC once recovered, and the in-memory service's rebuilds (admin
#     /metrics temporal.embedded.rebuilds) over the whole run.
#
#   scripts/bench/ceiling.sh                      # LEADS="10000 50000"
#   LEADS="10000 50000 100000" scripts/bench/ceiling.sh
#   FILL=api LEADS=10000 scripts/bench/ceiling.sh
#
# JAVA_OPTS and any README variable pass through to the jar. Needs curl, jq and jcmd.
set -euo pipefail
cd "$(dirname "$0")/../.."

LEADS=${LEADS:-10000 50000}
PARALLEL=${PARALLEL:-4}
FILL=${FILL:-sql}
PROBE_EVERY=${PROBE_EVERY:-0.5}
RECOVERY_TAIL=${RECOVERY_TAIL:-10}
PORT=${PORT:-18280}
ADMIN_PORT=${ADMIN_PORT:-18281}
KEY=ceiling-bench
API=http://127.0.0.1:$PORT/v1
jar=${JAR:-app/target/followup.jar}
[ -f "$jar" ] || mvn -B -q -DskipTests package

work=$(mktemp -d /tmp/ceiling.XXXXXX)
pid=
probe_pid=
cleanup() {
  [ -n "$probe_pid" ] && kill "$probe_pid" 2>/dev/null || true
  if [ -n "$pid" ]; then
    kill "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  fi
  [ "${KEEP:-0}" = 1 ] && echo "kept $work" || rm -rf "$work"
}
trap cleanup EXIT

now_ms() { date +%s%3N; }
start_app() { # $1 data dir, $2 log file
  DATA_DIR=$1 PORT=$PORT ADMIN_PORT=$ADMIN_PORT API_KEYS=$KEY RATE_LIMIT_PER_SECOND=0 \
    SENDING_WINDOW_START=00:00 SENDING_WINDOW_END=24:00 \
    java ${JAVA_OPTS:-} -jar "$jar" embedded >"$2" 2>&1 &
  pid=$!
}
wait_url() { # $1 url; the app's log is $2
  until curl -sf -o /dev/null -H "x-api-key: $KEY" "$1"; do
    kill -0 "$pid" 2>/dev/null || { tail -50 "$2"; exit 1; }
    sleep 0.1
  done
}
stop_app() {
  kill "$pid"
  wait "$pid" 2>/dev/null || true
  pid=
}
live_mb() { jcmd "$pid" GC.class_histogram | awk '/^Total/ {printf "%.0f", $3 / 1048576}'; }
rss_mb() { ps -o rss= -p "$pid" | awk '{printf "%.0f", $1 / 1024}'; }
rebuilds() {
  curl -s "http://127.0.0.1:$ADMIN_PORT/metrics" |
    jq -r '.gauges["temporal.embedded.rebuilds"].value // "n/a"'
}

fill() { # $1 how many, $2 directory for the batches; prints the created ids to $2/ids
  local n=$1 dir=$2 b=0
  mkdir -p "$dir"
  for ((from = 0; from < n; from += 500, b++)); do
    local to=$((from + 500 < n ? from + 500 : n))
    awk -v from="$from" -v to="$to" 'BEGIN {
      printf "{\"leads\":["
      for (i = from; i < to; i++) {
        if (i > from) printf ","
        printf "{\"firstName\":\"Ada\",\"lastName\":\"L\",\"phone\":\"+1212%07d\",", 2000000 + i
        printf "\"followUpConfig\":{\"1\":{\"hours\":24,\"channel\":\"text\"},"
        printf "\"2\":{\"hours\":48,\"channel\":\"text\"}}}"
      }
      printf "]}"
    }' >"$dir/$b.json"
    { ((b == 0)) || echo next
      echo "url = \"$API/leads/batch\""
      echo 'request = "POST"'
      echo "header = \"x-api-key: $KEY\""
      echo 'header = "Content-Type: application/json"'
      echo "data = \"@$dir/$b.json\""
      echo "output = \"$dir/$b.out\""
      echo 'write-out = "%{http_code}\n"'
    } >>"$dir/batches.cfg"
  done
  echo "  batches: $(curl -s --no-progress-meter --parallel --parallel-max "$PARALLEL" -m 600 -K "$dir/batches.cfg" |
    sort | uniq -c | tr '\n' ' ')"
  cat "$dir"/*.out | jq -r '.results[] | select(.status == 200) | .id' >"$dir/ids"
  echo "  items: $(cat "$dir"/*.out | jq -r '.results[].status' | sort | uniq -c | tr '\n' ' ')"
}

h2() { # $1 data dir, $2 SQL (the process stopped: H2 opens the file alone)
  java -cp "$jar" org.h2.tools.Shell -user sa -password "" \
    -url "jdbc:h2:file:$1/followup;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE" -sql "$2"
}

fill_sql() { # $1 how many, $2 directory; the app runs on $3 (data dir); stops it
  local n=$1 dir=$2 data=$3
  mkdir -p "$dir"
  # the same request again until it answers 200 (a 503 on a loaded machine is to be retried)
  for try in 1 2 3 4 5 6; do
    curl -s -o "$dir/template.json" -w '%{http_code}' -X POST -H "x-api-key: $KEY" \
      -H 'Idempotency-Key: ceiling-template' -H 'Content-Type: application/json' \
      "$API/leads/create" \
      -d '{"firstName":"Ada","lastName":"L","phone":"+12122000000","followUpConfig":{"1":{"hours":24,"channel":"text"},"2":{"hours":48,"channel":"text"}}}' |
      grep -q 200 && break
    ((try < 6)) || { cat "$dir/template.json"; exit 1; }
    sleep 2
  done
  local template
  template=$(jq -r .id "$dir/template.json")
  stop_app
  local columns exprs
  columns=$(h2 "$data" "SELECT column_name FROM information_schema.columns WHERE table_name = 'leads' ORDER BY ordinal_position" |
    awk 'NR > 1 && NF == 1 && $1 !~ /^\(/ {print $1}' | paste -sd, -)
  # the copy's id: the template's with its last 12 characters the copy's number (its stored state
  # names it too); its phone +1 212 2xx-xxxx
  local id="CONCAT(LEFT(t.id, 24), LPAD(CAST(r.\"X\" AS VARCHAR), 12, '0'))"
  exprs=$(echo "$columns" | tr , '\n' | awk -v id="$id" '{
      if ($1 == "id") print id
      else if ($1 == "phone") print "CONCAT(\x27+1212\x27, CAST(2000000 + r.\"X\" AS VARCHAR))"
      else if ($1 == "follow_up_state") print "REPLACE(CAST(t.follow_up_state AS VARCHAR), t.id, " id ")"
      else print "t." $1 }' | paste -sd, -)
  h2 "$data" "INSERT INTO leads ($columns) SELECT $exprs FROM leads t, SYSTEM_RANGE(1, $((n - 1))) r WHERE t.id = '$template'" |
    grep -i error && exit 1
  h2 "$data" "CALL CSVWRITE('$dir/ids.csv', 'SELECT id FROM leads')" >/dev/null
  tail -n +2 "$dir/ids.csv" | tr -d '"' >"$dir/ids"
  echo "  stored leads: $(wc -l <"$dir/ids")"
}

# GET and PATCH of random leads every PROBE_EVERY s; lines "ms-since-t0 GET|PATCH status seconds"
probe() { # $1 ids file, $2 t0 in ms, $3 output
  mapfile -t ids <"$1"
  local n=0
  while true; do
    local id=${ids[$(((RANDOM * 32768 + RANDOM) % ${#ids[@]}))]}
    local at=$(($(now_ms) - $2))
    echo "$at GET $(curl -s -o /dev/null -m 30 -w '%{http_code} %{time_total}' \
      -H "x-api-key: $KEY" "$API/leads/$id")" >>"$3" &
    echo "$at PATCH $(curl -s -o /dev/null -m 30 -w '%{http_code} %{time_total}' -X PATCH \
      -H "x-api-key: $KEY" -H 'Content-Type: application/json' \
      -d "{\"followUpStep\":$((1 + n % 2)),\"additionalInfo\":{\"probe\":$n}}" \
      "$API/leads/$id")" >>"$3" &
    n=$((n + 1))
    sleep "$PROBE_EVERY"
  done
}

# per method, the probes sent before $2 ms: count by status, latency of the answered ones
summarize() { # $1 probe file, $2 until ms
  for method in GET PATCH; do
    awk -v m="$method" -v until="$2" '$2 == m && $1 <= until {print $3, $4}' "$1" | sort -k2 -n |
      awk -v m="$method" '
        { n++; by[$1]++; if ($1 != "000") { t[++k] = $2 } }
        END {
          s = ""; for (c in by) s = s c ":" by[c] " "
          p50 = k ? t[int((k - 1) * 0.5) + 1] : 0; p99 = k ? t[int((k - 1) * 0.99) + 1] : 0
          printf "  %s during recovery: %d probes, %s| answered p50 %.0f ms, p99 %.0f ms, max %.0f ms\n",
            m, n, s, p50 * 1000, p99 * 1000, (k ? t[k] : 0) * 1000
        }'
  done
}

echo "ceiling: LEADS=\"$LEADS\" PARALLEL=$PARALLEL JAVA_OPTS=${JAVA_OPTS:-}" \
  "EMBEDDED_TEMPORAL_MAX_RETAINED_MB=${EMBEDDED_TEMPORAL_MAX_RETAINED_MB:-(default)}" \
  "commit $(git rev-parse --short HEAD)$(git diff --quiet HEAD -- . ':!docs' || echo +changes)"
echo "$(nproc) cores, $(free -g | awk '/^Mem/ {print $2}') GiB, $(java -version 2>&1 | head -1), $(date -u +%FT%TZ)"

for n in $LEADS; do
  dir=$work/$n
  mkdir -p "$dir"
  echo "== $n leads (load average $(cut -d' ' -f1-3 /proc/loadavg))"
  start_app "$dir/data" "$dir/first.log"
  wait_url "$API/leads?limit=1" "$dir/first.log"
  t=$(now_ms)
  if [ "$FILL" = api ]; then
    fill "$n" "$dir/batches"
    echo "  filled through the API in $((($(now_ms) - t) / 1000)) s; live heap $(live_mb) MB," \
      "RSS $(rss_mb) MB, rebuilds $(rebuilds)"
    stop_app
  else
    fill_sql "$n" "$dir/batches" "$dir/data"
    echo "  filled through SQL in $((($(now_ms) - t) / 1000)) s"
  fi

  t0=$(now_ms)
  start_app "$dir/data" "$dir/restart.log"
  probe "$dir/batches/ids" "$t0" "$dir/probes" &
  probe_pid=$!
  wait_url "http://127.0.0.1:$ADMIN_PORT/healthcheck" "$dir/restart.log"
  healthy=$(($(now_ms) - t0))
  wait_url "$API/leads?limit=1" "$dir/restart.log"
  answering=$(($(now_ms) - t0))
  until grep -qE 're-created [0-9]+ lead workflows' "$dir/restart.log"; do
    kill -0 "$pid" 2>/dev/null || { tail -50 "$dir/restart.log"; exit 1; }
    sleep 0.2
  done
  recovered=$(($(now_ms) - t0))
  sleep "$RECOVERY_TAIL"
  kill "$probe_pid" 2>/dev/null || true
  wait "$probe_pid" 2>/dev/null || true
  probe_pid=
  sleep 1
  echo "  restart (load average $(cut -d' ' -f1-3 /proc/loadavg)): healthy after $healthy ms," \
    "API answering after $answering ms, workflows re-created after $recovered ms"
  grep -E 're-created [0-9]+ lead workflows|stored leads' "$dir/restart.log" | sed 's/^/  log: /' | cut -c1-300
  summarize "$dir/probes" "$recovered"
  echo "  once recovered: live heap $(live_mb) MB, RSS $(rss_mb) MB, rebuilds $(rebuilds)"
  grep -E 'rebuilt the in-memory' "$dir/first.log" "$dir/restart.log" | sed 's/^[^:]*:/  log: /' |
    cut -c1-300 | tail -4 || true
  stop_app
done
