#!/usr/bin/env bash
# Native memory of each compose process at its limits (docs/BENCHMARKS.md "Memory of the compose
# fleets"): what the heap leaves for the rest of a container.
#
# Runs the packaged jar as compose runs it: the API (`server`) and one `worker` process per fleet
# (workflows, text, call, email), each with the JVM options of docker-compose.yml and
# -XX:MaxRAM set to its service's mem_limit, so heap size and GC are chosen as in the container;
# the in-memory Temporal service in a process of its own (not measured) and PostgreSQL for the
# store. Then it drives each fleet to its limits:
#   - workflows: more idle leads than the SDK's workflow cache (600), so the cache and its workflow
#     threads are full;
#   - text, call, email: more due sends than the SDK's concurrent activity slots (200), against a
#     provider that accepts connections and never answers (Twilio's client waits 15 s, SMTP 15 s),
#     so every slot's thread is blocked in its provider call at once.
# It samples each process with `jcmd VM.native_memory summary` (NativeMemoryTracking) and prints,
# at the sample with the most committed memory: heap committed and max, everything else committed
# (metaspace, threads' stacks, code cache, GC, ...), threads, RSS, and what the container's limit
# leaves.
#
#   scripts/fleet-memory.sh                        # docker-compose.yml's JVM options
#   APP_JAVA_OPTIONS="-XX:MaxRAMPercentage=60" scripts/fleet-memory.sh   # try other options
#
# Needs curl, jcmd, python3 (the silent provider) and PostgreSQL at 127.0.0.1:5432.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
jar=app/target/followup.jar
[ -f "$jar" ] || mvn -B -q -DskipTests package

WORKFLOW_LEADS=${WORKFLOW_LEADS:-700}
SEND_LEADS=${SEND_LEADS:-260}
PARALLEL=${PARALLEL:-8}
BASE_PORT=${BASE_PORT:-19100}
KEY=memory-key
OUT=${OUT:-$(mktemp -d /tmp/fleet-memory.XXXXXX)}
mkdir -p "$OUT"

# a service's JVM options (JDK_JAVA_OPTIONS with APP_JAVA_OPTIONS unset) and mem_limit, as compose
# reads docker-compose.yml (anchors and merge keys resolved)
compose_value() { # $1 service, $2 opts|limit
  python3 - "$1" "$2" <<'PY'
import re, sys, yaml
service = yaml.safe_load(open("docker-compose.yml"))["services"][sys.argv[1]]
if sys.argv[2] == "limit":
    print(service["mem_limit"])
else:
    opts = service["environment"]["JDK_JAVA_OPTIONS"]
    print(re.sub(r"^\$\{APP_JAVA_OPTIONS:-(.*)\}$", r"\1", opts))
PY
}
compose_opts() { compose_value "$1" opts; }
mem_limit() { compose_value "$1" limit; }
java_opts() { # $1 service
  echo "${APP_JAVA_OPTIONS:-$(compose_opts "$1")} -XX:MaxRAM=$(mem_limit "$1") -XX:NativeMemoryTracking=summary"
}

pids=()
db=memory_$(date +%s)
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  for p in "${pids[@]}"; do wait "$p" 2>/dev/null || true; done
  psql -h 127.0.0.1 -U postgres -d postgres -qc "DROP DATABASE IF EXISTS $db WITH (FORCE)" >/dev/null 2>&1 || true
}
trap cleanup EXIT

temporal_port=$BASE_PORT
silent_port=$((BASE_PORT + 1))
api_port=$((BASE_PORT + 2))
api_admin=$((BASE_PORT + 3))
API=http://127.0.0.1:$api_port/v1

java -Xmx2g -Dlogback.configurationFile="$root/scripts/bench/temporal-logback.xml" \
  -cp "$jar" io.temporal.testserver.TestServer "$temporal_port" >"$OUT/temporal.log" 2>&1 &
pids+=($!)
# a provider that takes every connection and never answers
python3 -c '
import asyncio, sys
async def hold(reader, writer):
    while await reader.read(65536):
        pass
async def main():
    server = await asyncio.start_server(hold, "127.0.0.1", int(sys.argv[1]), backlog=1024)
    await server.serve_forever()
asyncio.run(main())' "$silent_port" >"$OUT/silent.log" 2>&1 &
pids+=($!)
psql -h 127.0.0.1 -U postgres -d postgres -qc "CREATE DATABASE $db" >/dev/null
until (exec 3<>/dev/tcp/127.0.0.1/"$temporal_port") 2>/dev/null; do sleep 0.2; done

export DATABASE_URL=jdbc:postgresql://127.0.0.1:5432/$db DATABASE_USER=postgres \
  TEMPORAL_TARGET=127.0.0.1:$temporal_port API_KEYS=$KEY RATE_LIMIT_PER_SECOND=0 \
  SENDING_WINDOW_START=00:00 SENDING_WINDOW_END=24:00 MAX_SENDS_PER_LEAD_PER_DAY=100 \
  TWILIO_ACCOUNT_SID=AC00000000000000000000000000000000 TWILIO_AUTH_TOKEN=memory-token \
  TWILIO_FROM_NUMBER=+15005550006 TWILIO_API_BASE_URL=http://127.0.0.1:$silent_port \
  SMTP_HOST=127.0.0.1 SMTP_PORT=$silent_port SMTP_TLS=none EMAIL_FROM=followup@example.com

declare -A pid_of
wait_healthy() { # $1 admin port, $2 pid, $3 name
  until curl -sf -o /dev/null "http://127.0.0.1:$1/healthcheck"; do
    kill -0 "$2" 2>/dev/null || { echo "$3 died; its log: $OUT/$3.log" >&2; exit 1; }
    sleep 0.2
  done
}
start() { # $1 name (compose service), $2 command, $3 admin port, then VAR=value...
  local name=$1 command=$2 admin=$3
  shift 3
  # JDK_JAVA_OPTIONS as compose sets it: the launcher reads it
  env "$@" ADMIN_PORT="$admin" JDK_JAVA_OPTIONS="$(java_opts "$name")" \
    java -jar "$jar" "$command" config.yml >"$OUT/$name.log" 2>&1 &
  pids+=($!)
  pid_of[$name]=$!
  wait_healthy "$admin" "$!" "$name"
}
start api server "$api_admin" PORT="$api_port" WORKER_ROLES= DATABASE_POOL_SIZE=16
i=4
for fleet in workflows text call email; do
  extra=()
  case $fleet in
    text) extra=(TEXT_PROVIDER=twilio) ;;
    call) extra=(CALL_PROVIDER=twilio) ;;
    email) extra=(EMAIL_PROVIDER=smtp) ;;
  esac
  start "worker-$fleet" worker $((BASE_PORT + i)) WORKER_ROLES=$fleet DATABASE_POOL_SIZE=8 "${extra[@]}"
  i=$((i + 1))
done

create() { # $1 number, $2 followUpConfig
  curl -sf -o /dev/null -X POST "$API/leads/create" -H "x-api-key: $KEY" \
    -H 'Content-Type: application/json' \
    -d "{\"firstName\":\"M\",\"lastName\":\"$1\",\"phone\":\"+1555$(printf '%07d' "$1")\",\"email\":\"m$1@example.com\",\"timezone\":\"UTC\",\"followUpConfig\":$2}"
}
export -f create
export API KEY

# KB committed: total, heap, threads' count; heap max
nmt() { # $1 pid -> "total heap threads"
  jcmd "$1" VM.native_memory summary 2>/dev/null | awk '
    /^Total:/ {match($0, /committed=[0-9]+/); total = substr($0, RSTART + 10, RLENGTH - 10)}
    /Java Heap \(/ {match($0, /committed=[0-9]+/); heap = substr($0, RSTART + 10, RLENGTH - 10)}
    /\(thread #/ && !threads {match($0, /#[0-9]+/); threads = substr($0, RSTART + 1, RLENGTH - 1)}
    END {print total + 0, heap + 0, threads + 0}'
}
declare -A peak
sample() { # $@ names: keep each one's sample with the most committed memory
  for name in "$@"; do
    read -r total heap threads <<<"$(nmt "${pid_of[$name]}")"
    rss=$(ps -o rss= -p "${pid_of[$name]}" | tr -d ' ')
    read -r best _ <<<"${peak[$name]:-0}"
    if [ "$total" -gt "$best" ]; then peak[$name]="$total $heap $threads $rss"; fi
  done
}

echo "# $(date -u +%FT%TZ) commit $(git rev-parse --short HEAD)$(git diff --quiet HEAD -- . ':!docs' || echo +changes); $(nproc) cores; $(java -version 2>&1 | head -1)" | tee "$OUT/summary.md"
echo "# load average before: $(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$OUT/summary.md"

# the workflow cache and its threads: idle leads, their first step far ahead
seq 1 "$WORKFLOW_LEADS" | xargs -P "$PARALLEL" -I{} bash -c 'create {} "{\"1\":{\"hours\":1000,\"channel\":\"text\"}}"'
for _ in 1 2 3; do sample api worker-workflows; sleep 1; done

# every channel's activity slots: sends due now against the silent provider
n=$((WORKFLOW_LEADS + 1))
creators=()
for channel in text call email; do
  seq "$n" $((n + SEND_LEADS - 1)) | xargs -P "$PARALLEL" -I{} bash -c "create {} '{\"1\":{\"hours\":0,\"channel\":\"$channel\"}}'" &
  creators+=($!)
  n=$((n + SEND_LEADS))
done
for _ in $(seq 1 ${SAMPLES:-60}); do
  sample api worker-workflows worker-text worker-call worker-email
  sleep 1
done
wait "${creators[@]}" || true

{
  echo
  echo "| process | mem_limit | JVM options | GC | heap max | heap committed | non-heap committed | threads | RSS | left in the container (limit - heap max - non-heap) |"
  echo "|---|---|---|---|---|---|---|---|---|---|"
  for name in api worker-workflows worker-text worker-call worker-email; do
    read -r total heap threads rss <<<"${peak[$name]}"
    pid=${pid_of[$name]}
    flags=$(jcmd "$pid" VM.flags 2>/dev/null)
    max_heap=$(echo "$flags" | grep -o -- '-XX:MaxHeapSize=[0-9]*' | cut -d= -f2)
    gc=$(echo "$flags" | grep -o -- '-XX:+Use[A-Za-z0-9]*GC' | head -1 | sed 's/-XX:+Use//')
    limit=$(mem_limit "$name")
    limit_mb=$(echo "$limit" | sed -E 's/m$//; s/g$/*1024/' | bc)
    awk -v n="$name" -v l="$limit" -v o="${APP_JAVA_OPTIONS:-$(compose_opts "$name")}" -v g="$gc" -v hm="$max_heap" \
      -v h="$heap" -v t="$total" -v th="$threads" -v r="$rss" -v lm="$limit_mb" 'BEGIN {
        nonheap = (t - h) / 1024; heapmax = hm / 1048576
        printf "| %s | %s | `%s` | %s | %.0f MB | %.0f MB | %.0f MB | %d | %.0f MB | %.0f MB |\n",
          n, l, o, g, heapmax, h / 1024, nonheap, th, r / 1024, lm - heapmax - nonheap}'
  done
  echo
  echo "# load average after: $(cut -d' ' -f1-3 /proc/loadavg); logs in $OUT"
} | tee -a "$OUT/summary.md"
