#!/usr/bin/env bash
# Retained memory of the embedded run (docs/BENCHMARKS.md "Memory of the embedded run").
#
# Starts the packaged jar (`embedded`, its own DATA_DIR under /tmp), creates LEADS idle leads
# (steps due in 24 h, so nothing is sent), then sends PATCHES changes of followUpStep (each one a
# Workflow Update) to random leads in CHECKPOINTS rounds. Before the leads, after them and after
# each round it reads the live heap after a full GC (`jcmd <pid> GC.class_histogram`, whose Total
# line counts only reachable objects) and the process RSS. Prints the live heap per idle lead and
# per PATCH, and how many times the in-memory Temporal service was rebuilt.
#
#   scripts/embedded-memory.sh                                   # the defaults below
#   LEADS=1000 PATCHES=20000 EMBEDDED_TEMPORAL_MAX_RETAINED_MB=0 scripts/embedded-memory.sh
#
# Any environment variable of the README's configuration table (EMBEDDED_TEMPORAL_MAX_RETAINED_MB,
# TEMPORAL_UPDATE_TIMEOUT, ...) and JAVA_OPTS pass through to the jar. Needs curl and jcmd.
set -euo pipefail
cd "$(dirname "$0")/.."

LEADS=${LEADS:-1000}
PATCHES=${PATCHES:-10000}
CHECKPOINTS=${CHECKPOINTS:-5}
PARALLEL=${PARALLEL:-8}
PORT=${PORT:-18080}
ADMIN_PORT=${ADMIN_PORT:-18081}
KEY=memory-bench
API=http://127.0.0.1:$PORT/v1
jar=app/target/followup.jar
[ -f "$jar" ] || mvn -B -q -DskipTests package

work=$(mktemp -d /tmp/embedded-memory.XXXXXX)
pid=
cleanup() {
  if [ -n "$pid" ]; then
    kill "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT

# no API rate limit: the benchmark sends as fast as PARALLEL clients can
DATA_DIR=$work/data PORT=$PORT ADMIN_PORT=$ADMIN_PORT API_KEYS=$KEY \
  SENDING_WINDOW_START=00:00 SENDING_WINDOW_END=24:00 RATE_LIMIT_PER_SECOND=${RATE_LIMIT_PER_SECOND:-0} \
  java ${JAVA_OPTS:-} -jar "$jar" embedded >"$work/app.log" 2>&1 &
pid=$!
until curl -sf -o /dev/null -H "x-api-key: $KEY" "$API/leads?limit=1"; do
  if ! kill -0 "$pid" 2>/dev/null; then
    cat "$work/app.log"
    exit 1
  fi
  sleep 0.5
done

# live heap in KiB after a full GC (the histogram collects first), RSS in KiB
live_kb() { jcmd "$pid" GC.class_histogram | awk '/^Total/ {printf "%d", $3 / 1024}'; }
rss_kb() { ps -o rss= -p "$pid" | tr -d ' '; }
mb() { awk -v k="$1" 'BEGIN {printf "%.1f", k / 1024}'; }
# the jar's own figures (admin /metrics): bytes of workflow-changing requests the in-memory service
# got since it (re)started, its estimated retained heap, replacements
gauge() { curl -s "http://127.0.0.1:$ADMIN_PORT/metrics" | jq -r ".gauges[\"temporal.embedded.$1\"].value // \"n/a\""; }
meter() { echo "requests $(gauge requestBytes) B, estimate $(gauge estimatedRetainedBytes) B, rebuilds $(gauge rebuilds)"; }

# runs the requests of a curl config file, PARALLEL at a time; prints "count status" lines
run() { curl -s --no-progress-meter --parallel --parallel-max "$PARALLEL" -K "$1" | sort | uniq -c | tr '\n' ' '; }

create_leads() { # $1 how many, $2 area code (phones $2 200-0000 on)
  local file=$work/create.cfg
  : >"$file"
  for ((i = 0; i < $1; i++)); do
    ((i == 0)) || echo next >>"$file"
    cat >>"$file" <<EOF
url = "$API/leads/create"
request = "POST"
header = "x-api-key: $KEY"
header = "Content-Type: application/json"
data = "{\"firstName\":\"Ada\",\"lastName\":\"L\",\"phone\":\"+1$2$((2000000 + i))\",\"followUpConfig\":{\"1\":{\"hours\":24,\"channel\":\"text\"},\"2\":{\"hours\":48,\"channel\":\"text\"}}}"
output = "$work/created/$i.json"
write-out = "%{http_code}\n"
EOF
  done
  mkdir -p "$work/created"
  echo "  creates: $(run "$file")"
}

patch_leads() { # $1 how many
  local file=$work/patch.cfg
  : >"$file"
  for ((i = 0; i < $1; i++)); do
    ((i == 0)) || echo next >>"$file"
    cat >>"$file" <<EOF
url = "$API/leads/${ids[RANDOM % ${#ids[@]}]}"
request = "PATCH"
header = "x-api-key: $KEY"
header = "Content-Type: application/json"
data = "{\"followUpStep\":$((1 + RANDOM % 2)),\"additionalInfo\":{\"n\":$i}}"
output = "/dev/null"
write-out = "%{http_code}\n"
EOF
  done
  echo "  patches: $(run "$file")"
}

lead_ids() { cat "$work"/created/*.json | sed -E 's/.*"id":"([^"]+)".*/\1/'; }

echo "embedded-memory: LEADS=$LEADS PATCHES=$PATCHES PARALLEL=$PARALLEL" \
  "EMBEDDED_TEMPORAL_MAX_RETAINED_MB=${EMBEDDED_TEMPORAL_MAX_RETAINED_MB:-(default)}" \
  "JAVA_OPTS=${JAVA_OPTS:-}"
echo "$(nproc) cores, $(free -g | awk '/^Mem/ {print $2}') GiB, $(java -version 2>&1 | head -1), $(date -u +%F)"

# warm-up (class loading, JIT, pools): 20 leads, 200 patches
echo "warm-up"
create_leads 20 213
mapfile -t ids < <(lead_ids)
patch_leads 200
rm -rf "$work/created"
base=$(live_kb)
echo "after warm-up: live $(mb "$base") MB, RSS $(mb "$(rss_kb)") MB; $(meter)"

start=$(date +%s)
create_leads "$LEADS" 212
mapfile -t ids < <(lead_ids)
leads=$(live_kb)
echo "after $LEADS idle leads: live $(mb "$leads") MB, RSS $(mb "$(rss_kb)") MB," \
  "$(((leads - base) * 1024 / LEADS)) bytes per idle lead ($(($(date +%s) - start)) s); $(meter)"

round=$((PATCHES / CHECKPOINTS))
done_patches=0
max=$leads
for ((c = 1; c <= CHECKPOINTS; c++)); do
  start=$(date +%s)
  patch_leads "$round"
  done_patches=$((done_patches + round))
  live=$(live_kb)
  ((live > max)) && max=$live
  echo "after $done_patches patches: live $(mb "$live") MB, RSS $(mb "$(rss_kb)") MB," \
    "$(((live - leads) * 1024 / done_patches)) bytes per PATCH so far ($(($(date +%s) - start)) s);" \
    "$(meter)"
done
echo "max live heap $(mb "$max") MB over $done_patches patches on $LEADS leads"
grep -E 'rebuilt the in-memory|lead workflows alone' "$work/app.log" | tail -3 || true
