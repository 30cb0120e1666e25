#!/usr/bin/env bash
# The benchmark harness (docs/BENCHMARKS.md): the packaged jar out of process, load from
# scripts/bench/LoadClient.java (plain HTTP/1.1 keep-alive client + HdrHistogram).
#
#   scripts/bench/run.sh embedded          bounds + product paths, the embedded run (H2, in-memory
#                                           Temporal in the same process); also its start-to-healthy
#   scripts/bench/run.sh server            the same against `server` (API) + `worker` on PostgreSQL,
#                                           with the in-memory Temporal service in its own process
#   scripts/bench/run.sh send [embedded|server]   LEADS leads due at the same instant, all sent
#                                           (NIGHT=1: due half a minute before the sending window
#                                           opens, as at 08:00 after a night; the opening is the
#                                           next whole minute after LEAD_SECONDS + 60 s, UTC)
#   scripts/bench/run.sh idle [embedded|server]   LEADS idle leads, then the live heap of each process
#
# Knobs (environment): CONNECTIONS (16), BENCH_SECONDS (10 per measured run), WARMUP (3), LEADS,
# LEAD_SECONDS (send: how far ahead the common due instant is), ISOLATED (send: single leads),
# ONLY (paths: a subset, e.g. "GET,PATCH step"), JFR=1 (records the API process: $OUT/api.jfr),
# API_JAVA_OPTS / WORKER_JAVA_OPTS, OUT (results directory), and any README variable
# (WORKER_MAX_ACTIVITIES_PER_SECOND, DATABASE_POOL_SIZE, ...), passed to the application.
# Turns on BENCH_ENDPOINTS (the bounds' routes) and turns off the API rate limit.
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$PWD

what=${1:-embedded}
mode=embedded
case "$what" in
  embedded | server) mode=$what ;;
  send | idle) mode=${2:-embedded} ;;
  *) echo "usage: $0 embedded|server|send [embedded|server]|idle [embedded|server]" >&2; exit 2 ;;
esac

jar=app/target/followup.jar
[ -f "$jar" ] || mvn -B -q -DskipTests package
hdr=$HOME/.m2/repository/org/hdrhistogram/HdrHistogram/2.2.2/HdrHistogram-2.2.2.jar
[ -f "$hdr" ] || mvn -B -q dependency:get -Dartifact=org.hdrhistogram:HdrHistogram:2.2.2

OUT=${OUT:-$(mktemp -d /tmp/bench.XXXXXX)}
mkdir -p "$OUT"
PORT=${BENCH_PORT:-18180}
ADMIN_PORT=${BENCH_ADMIN_PORT:-18181}
WORKER_ADMIN_PORT=$((ADMIN_PORT + 10))
TEMPORAL_PORT=${BENCH_TEMPORAL_PORT:-18233}
KEY=bench-key
pids=()
db=

cleanup() {
  for p in "${pids[@]}"; do
    kill "$p" 2>/dev/null || true
  done
  for p in "${pids[@]}"; do
    wait "$p" 2>/dev/null || true
  done
  if [ -n "$db" ]; then
    psql -h 127.0.0.1 -U postgres -d postgres -qc "DROP DATABASE IF EXISTS $db" >/dev/null || true
  fi
}
trap cleanup EXIT

window_open=
if [ "$what" = send ] && [ "${NIGHT:-0}" = 1 ]; then
  window_open=$(( ( $(date -u +%s) + ${LEAD_SECONDS:-180} + 60 + 59 ) / 60 * 60 ))
  SENDING_WINDOW_START=$(date -u -d "@$window_open" +%H:%M) SENDING_WINDOW_END=24:00
  export DEFAULT_TIMEZONE=UTC
fi
export API_KEYS=$KEY BENCH_ENDPOINTS=true RATE_LIMIT_PER_SECOND=0 \
  SENDING_WINDOW_START=${SENDING_WINDOW_START:-00:00} SENDING_WINDOW_END=${SENDING_WINDOW_END:-24:00}
jfr_opts() { # $1 name
  [ "${JFR:-0}" = 1 ] && echo "-XX:StartFlightRecording=filename=$OUT/$1.jfr,settings=profile,dumponexit=true"
  return 0
}
wait_http() { # $1 url, $2 pid
  until curl -sf -o /dev/null -H "x-api-key: $KEY" "$1"; do
    kill -0 "$2" 2>/dev/null || { echo "process $2 died; its log is in $OUT" >&2; exit 1; }
    sleep 0.1
  done
}

echo "# $(date -u +%FT%TZ) commit $(git rev-parse --short HEAD)$(git diff --quiet HEAD -- . ':!docs' || echo +changes)" | tee "$OUT/summary.md"
echo "# $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB, $(java -version 2>&1 | head -1), $(psql -h 127.0.0.1 -U postgres -d postgres -Atc 'SHOW server_version' 2>/dev/null | cut -d' ' -f1 | sed 's/^/PostgreSQL /')" | tee -a "$OUT/summary.md"
echo "# mode $what $mode; load average before: $(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$OUT/summary.md"

if [ "$mode" = embedded ]; then
  start=$(date +%s%N)
  DATA_DIR=$OUT/data PORT=$PORT ADMIN_PORT=$ADMIN_PORT \
    java ${API_JAVA_OPTS:-} $(jfr_opts api) -jar "$jar" embedded >"$OUT/app.log" 2>&1 &
  pids+=($!)
  api_pid=$!
  worker_pid=$!
  wait_http "http://127.0.0.1:$ADMIN_PORT/healthcheck" "$api_pid"
  healthy=$(($(date +%s%N) - start))
  wait_http "http://127.0.0.1:$PORT/v1/bench/ping" "$api_pid"
  ready=$(($(date +%s%N) - start))
  echo "# embedded start to healthy: $((healthy / 1000000)) ms (admin /healthcheck 200), to the API answering: $((ready / 1000000)) ms" | tee -a "$OUT/summary.md"
  admin_port=$ADMIN_PORT
  worker_admin=$ADMIN_PORT
else
  # the in-memory Temporal service in a process of its own (counted apart), PostgreSQL for the
  # store, the API (`server`, no worker roles) and one `worker` with every role
  java -Xmx2g -Dlogback.configurationFile="$root/scripts/bench/temporal-logback.xml" \
    -cp "$jar" io.temporal.testserver.TestServer "$TEMPORAL_PORT" >"$OUT/temporal.log" 2>&1 &
  pids+=($!)
  temporal_pid=$!
  db=bench_$(date +%s)
  psql -h 127.0.0.1 -U postgres -d postgres -qc "CREATE DATABASE $db" >/dev/null
  until (exec 3<>/dev/tcp/127.0.0.1/"$TEMPORAL_PORT") 2>/dev/null; do sleep 0.2; done
  export DATABASE_URL=jdbc:postgresql://127.0.0.1:5432/$db TEMPORAL_TARGET=127.0.0.1:$TEMPORAL_PORT
  PORT=$PORT ADMIN_PORT=$ADMIN_PORT WORKER_ROLES= \
    java ${API_JAVA_OPTS:-} $(jfr_opts api) -jar "$jar" server config.yml >"$OUT/api.log" 2>&1 &
  pids+=($!)
  api_pid=$!
  wait_http "http://127.0.0.1:$ADMIN_PORT/healthcheck" "$api_pid"
  ADMIN_PORT=$WORKER_ADMIN_PORT WORKER_ROLES=${WORKER_ROLES:-workflows,text,call,email} \
    java ${WORKER_JAVA_OPTS:-} $(jfr_opts worker) -jar "$jar" worker config.yml >"$OUT/worker.log" 2>&1 &
  pids+=($!)
  worker_pid=$!
  wait_http "http://127.0.0.1:$WORKER_ADMIN_PORT/healthcheck" "$worker_pid"
  wait_http "http://127.0.0.1:$PORT/v1/bench/ping" "$api_pid"
  admin_port=$ADMIN_PORT
  worker_admin=$WORKER_ADMIN_PORT
fi

client() {
  java -cp "$hdr" scripts/bench/LoadClient.java "$@" --api "http://127.0.0.1:$PORT" --key "$KEY" \
    --connections "${CONNECTIONS:-16}" --seconds "${BENCH_SECONDS:-10}" \
    --warmup "${WARMUP:-3}"
}
# live heap after a full GC (the class histogram collects first), in MB
live_mb() { jcmd "$1" GC.class_histogram | awk '/^Total/ {printf "%.1f", $3 / 1048576}'; }

case "$what" in
  embedded | server)
    client paths --admin "http://127.0.0.1:$admin_port" --leads "${LEADS:-400}" --only "${ONLY:-}" \
      2> >(tee "$OUT/client.log" >&2) | tee -a "$OUT/summary.md"
    ;;
  send)
    client send --admin "http://127.0.0.1:$worker_admin" --leads "${LEADS:-10000}" \
      --lead-seconds "${LEAD_SECONDS:-180}" --isolated "${ISOLATED:-10}" \
      ${window_open:+--window-open "$window_open"} \
      2> >(tee "$OUT/client.log" >&2) | tee -a "$OUT/summary.md"
    ;;
  idle)
    echo "live heap before: api $(live_mb "$api_pid") MB, worker $(live_mb "$worker_pid") MB" | tee -a "$OUT/summary.md"
    client idle --admin "http://127.0.0.1:$admin_port" --leads "${LEADS:-10000}" | tee -a "$OUT/summary.md"
    sleep 5
    echo "live heap after: api $(live_mb "$api_pid") MB, worker $(live_mb "$worker_pid") MB$([ "$mode" = server ] && echo ", Temporal service $(live_mb "$temporal_pid") MB")" | tee -a "$OUT/summary.md"
    echo "RSS after: api $(ps -o rss= -p "$api_pid") KB, worker $(ps -o rss= -p "$worker_pid") KB" | tee -a "$OUT/summary.md"
    ;;
esac
echo "# load average after: $(cut -d' ' -f1-3 /proc/loadavg); results in $OUT" | tee -a "$OUT/summary.md"
