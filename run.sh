#!/usr/bin/env bash
# One command, one machine: the API on 127.0.0.1:${PORT:-8080}, a worker with every role and
# logging providers, the in-memory Temporal service and an H2 database under ${DATA_DIR:-./data}.
set -euo pipefail
cd "$(dirname "$0")"
jar=app/target/followup.jar
# (re)build when the jar is missing or any source or pom is newer than it
if [ ! -f "$jar" ] || [ -n "$(find pom.xml ./*/pom.xml ./*/src/main -newer "$jar" -type f 2>/dev/null | head -1)" ]; then
  echo "building $jar ..."
  # Maven's own progress (module by module), without the download log
  mvn -B --no-transfer-progress -DskipTests package
fi
exec java ${JAVA_OPTS:-} -jar "$jar" embedded "$@"
