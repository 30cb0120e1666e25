#!/usr/bin/env bash
# A screenshot of the API's /docs page as a browser renders it (README "Operations").
#
# Starts the packaged jar (`embedded`, its own DATA_DIR under /tmp, ports 18090/18091), waits for
# /v1/openapi.json, opens /docs in headless Chromium and saves the page to docs/api-docs.png
# (or $OUT). Look at the PNG: the operations of /v1 are listed under "leads" and "document".
#
#   scripts/docs-screenshot.sh
#   OUT=/tmp/docs.png WINDOW=1280,2000 scripts/docs-screenshot.sh
#
# Needs Debian's `chromium` package (`apt-get install -y chromium`) and curl. The page loads
# nothing from outside the jar, so it renders offline.
set -euo pipefail
cd "$(dirname "$0")/.."

PORT=${PORT:-18090}
ADMIN_PORT=${ADMIN_PORT:-18091}
OUT=${OUT:-docs/api-docs.png}
WINDOW=${WINDOW:-1280,1000}
jar=app/target/followup.jar
[ -f "$jar" ] || mvn -B -q -DskipTests package
browser=$(command -v chromium || command -v chromium-browser || true)
if [ -z "$browser" ]; then
  echo "chromium is missing: apt-get install -y chromium" >&2
  exit 1
fi

work=$(mktemp -d /tmp/docs-screenshot.XXXXXX)
pid=
cleanup() {
  if [ -n "$pid" ]; then
    kill "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT

DATA_DIR=$work/data PORT=$PORT ADMIN_PORT=$ADMIN_PORT API_KEYS=docs-screenshot \
  java ${JAVA_OPTS:-} -jar "$jar" embedded >"$work/app.log" 2>&1 &
pid=$!
until curl -sf -o /dev/null "http://127.0.0.1:$PORT/v1/openapi.json"; do
  if ! kill -0 "$pid" 2>/dev/null; then
    cat "$work/app.log"
    exit 1
  fi
  sleep 0.5
done

# --virtual-time-budget lets the page's scripts fetch the document and render before the shot
"$browser" --headless --no-sandbox --disable-gpu --disable-background-networking --no-first-run \
  --user-data-dir="$work/profile" --hide-scrollbars --window-size="$WINDOW" \
  --virtual-time-budget=15000 --screenshot="$PWD/$OUT" "http://127.0.0.1:$PORT/docs" \
  >"$work/chromium.log" 2>&1 || { cat "$work/chromium.log"; exit 1; }
[ -s "$OUT" ] || { echo "no screenshot written" >&2; cat "$work/chromium.log"; exit 1; }
echo "saved $OUT"
