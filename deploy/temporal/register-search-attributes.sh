#!/bin/sh
# One-shot registration of the custom search attributes the follow-up workflows upsert.
#   register-search-attributes.sh Name=Type [Name=Type ...]
# The temporal CLI reads TEMPORAL_ADDRESS and TEMPORAL_NAMESPACE from the environment.
# Safe to rerun: the server skips a name already registered on the namespace (as when the app
# registered it first). Retries because a namespace that was just created can take a few
# seconds to reach every frontend's cache.
set -eu

attempts=30
pause_seconds=2

if [ "$#" -eq 0 ]; then
  echo "usage: $0 Name=Type [Name=Type ...]" >&2
  exit 64
fi

for pair in "$@"; do
  name=${pair%%=*}
  type=${pair#*=}
  if [ -z "$name" ] || [ -z "$type" ] || [ "$name" = "$pair" ]; then
    echo "not Name=Type: '$pair'" >&2
    exit 64
  fi
  attempt=1
  until temporal operator search-attribute create --name "$name" --type "$type"; do
    if [ "$attempt" -ge "$attempts" ]; then
      echo "could not register $name ($type) on namespace ${TEMPORAL_NAMESPACE:-default} after $attempts attempts" >&2
      exit 1
    fi
    attempt=$((attempt + 1))
    sleep "$pause_seconds"
  done
  echo "registered $name ($type) on namespace ${TEMPORAL_NAMESPACE:-default}"
done

temporal operator search-attribute list
