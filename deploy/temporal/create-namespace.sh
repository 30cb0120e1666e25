#!/bin/sh
# One-shot: registers the namespace the app uses (TEMPORAL_NAMESPACE) with its retention, once the
# Temporal server answers. Safe to rerun: an existing namespace is left as it is.
# The temporal CLI reads TEMPORAL_ADDRESS from the environment.
set -eu

: "${TEMPORAL_ADDRESS:?}" "${TEMPORAL_NAMESPACE:?}"
retention=${NAMESPACE_RETENTION:-168h}
attempts=60

attempt=1
until temporal operator cluster health; do
  if [ "$attempt" -ge "$attempts" ]; then
    echo "the Temporal server at $TEMPORAL_ADDRESS did not answer after $attempts attempts" >&2
    exit 1
  fi
  attempt=$((attempt + 1))
  sleep 2
done

if temporal operator namespace describe --namespace "$TEMPORAL_NAMESPACE" > /dev/null 2>&1; then
  echo "namespace $TEMPORAL_NAMESPACE exists"
else
  temporal operator namespace create --namespace "$TEMPORAL_NAMESPACE" --retention "$retention"
  echo "namespace $TEMPORAL_NAMESPACE created (retention $retention)"
fi
