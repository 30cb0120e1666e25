#!/usr/bin/env bash
# The README's curl walkthrough against a running engine (./run.sh): create, update, get, events.
# API (default http://127.0.0.1:8080/v1) and KEY (default: $DATA_DIR/api-key) may be set.
set -euo pipefail
API=${API:-http://127.0.0.1:${PORT:-8080}/v1}
KEY=${KEY:-$(cat "${DATA_DIR:-./data}/api-key")}
PHONE=${PHONE:-+1 (555) 555-5555}
json=(-H "x-api-key: $KEY" -H 'Content-Type: application/json')

echo "# create"
created=$(curl -s -X POST "$API/leads/create" "${json[@]}" -d "{\"firstName\":\"Ada\",\"lastName\":\"Lovelace\",
  \"phone\":\"$PHONE\",\"timezone\":\"America/New_York\",
  \"followUpConfig\":{\"1\":{\"hours\":24,\"channel\":\"text\"},\"2\":{\"hours\":48,\"channel\":\"call\",\"voicemailEnabled\":true}}}")
echo "$created"
ID=$(echo "$created" | sed -E 's/.*"id":"([^"]+)".*/\1/')

echo "# update: step 1 due in 0.0005 h (1.8 s)"
curl -s -X PATCH "$API/leads/$ID" "${json[@]}" -d '{"followUpStep":1,
  "followUpConfig":{"1":{"hours":0.0005,"channel":"text"},"2":{"hours":48,"channel":"email"}},
  "additionalInfo":{"company":"Acme"}}'
echo

echo "# get"
curl -s "$API/leads/$ID" -H "x-api-key: $KEY"
echo

sleep 3
echo "# events (3 s later)"
curl -s "$API/leads/$ID/events" -H "x-api-key: $KEY"
echo

echo "# get (3 s later)"
curl -s "$API/leads/$ID" -H "x-api-key: $KEY"
echo
