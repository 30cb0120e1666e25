#!/bin/sh
# One-shot: creates the databases of the Temporal server (temporal, temporal_visibility) and brings
# their schemas to the version the admin-tools image ships. Runs on every `docker compose up`: with
# an upgraded image it applies the new schema versions before the new server starts.
# temporal-sql-tool reads the password from SQL_PASSWORD.
set -eu

: "${POSTGRES_SEEDS:?}" "${POSTGRES_USER:?}" "${SQL_PASSWORD:?}"
# The server's config template quotes the password as it is: a " or \ ends or escapes the string,
# and compose reads $ as the start of a variable. Stop here, before anything is created.
case "$SQL_PASSWORD" in
  *[\"\\\$\ ]*)
    echo 'POSTGRES_PASSWORD contains " \ $ or a space, which the Temporal server cannot read from' \
      'its config template: use letters, digits, - and _ (openssl rand -hex 24)' >&2
    exit 1
    ;;
esac
port=${DB_PORT:-5432}
schemas=/etc/temporal/schema/postgresql/v12

until nc -z "$POSTGRES_SEEDS" "$port"; do
  echo "waiting for PostgreSQL at $POSTGRES_SEEDS:$port"
  sleep 1
done

sql() {
  temporal-sql-tool --plugin postgres12 --ep "$POSTGRES_SEEDS" -p "$port" -u "$POSTGRES_USER" "$@"
}

for database in temporal temporal_visibility; do
  # an existing database (any start after the first) is fine: the schema steps below check it
  sql --db "$database" create || echo "database $database not created (it exists already?)"
done
sql --db temporal setup-schema -v 0.0
sql --db temporal update-schema -d "$schemas/temporal/versioned"
sql --db temporal_visibility setup-schema -v 0.0
sql --db temporal_visibility update-schema -d "$schemas/visibility/versioned"
echo "Temporal schemas are up to date"
