#!/usr/bin/env bash
# One command, one machine: the API on 127.0.0.1:${PORT:-8080}, a worker with every role and
# logging providers, the in-memory Temporal service and an H2 database under ${DATA_DIR:-./data}.
set -euo pipefail
cd "$(dirname "$0")"
jar=api/target/followup.jar
if [ ! -f "$jar" ] || [ -n "$(find workflows worker api pom.xml -newer "$jar" -name '*.java' -o -newer "$jar" -name '*.yml' -o -newer "$jar" -name '*.sql' -o -newer "$jar" -name 'pom.xml' 2>/dev/null | head -1)" ]; then
  echo "building $jar ..."
  mvn -B -q -DskipTests package
fi
exec java ${JAVA_OPTS:-} -jar "$jar" embedded "$@"
