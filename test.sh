#!/usr/bin/env bash
# The whole suite: `./test.sh` (extra arguments go to Maven, e.g. `./test.sh -pl store -am`).
# The storage and API tests need PostgreSQL at 127.0.0.1:5432 with trust auth for the user
# postgres (each test class creates and drops its own database). When nothing answers there, this
# starts the machine's own cluster if one is installed, else a postgres container if Docker runs,
# else says what to install. Then: mvn -B verify.
set -euo pipefail
cd "$(dirname "$0")"

pg_up() {
  if command -v pg_isready >/dev/null; then
    pg_isready -h 127.0.0.1 -p 5432 -q
  else
    (exec 3<>/dev/tcp/127.0.0.1/5432) 2>/dev/null
  fi
}
wait_pg() {
  for _ in $(seq 1 60); do
    pg_up && return 0
    sleep 1
  done
  echo "PostgreSQL did not answer at 127.0.0.1:5432 within 60 s" >&2
  exit 1
}

if ! pg_up; then
  if command -v pg_ctlcluster >/dev/null && [ -n "$(ls /etc/postgresql 2>/dev/null)" ]; then
    version=$(ls /etc/postgresql | sort -n | tail -1)
    echo "starting the machine's PostgreSQL $version cluster (main)"
    pg_ctlcluster --skip-systemctl-redirect "$version" main start
    wait_pg
  elif command -v docker >/dev/null && docker info >/dev/null 2>&1; then
    echo "starting PostgreSQL 16 in a container (followup-test-postgres) on 127.0.0.1:5432"
    docker rm -f followup-test-postgres >/dev/null 2>&1 || true
    docker run -d --name followup-test-postgres -p 127.0.0.1:5432:5432 \
      -e POSTGRES_HOST_AUTH_METHOD=trust postgres:16 >/dev/null
    wait_pg
  else
    echo "the tests need PostgreSQL at 127.0.0.1:5432 (trust auth, user postgres): install it (apt-get install postgresql) or start Docker, then run ./test.sh again" >&2
    exit 1
  fi
fi

exec mvn -B verify "$@"
