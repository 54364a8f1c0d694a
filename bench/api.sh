#!/usr/bin/env bash
# Submission API vs a bare one-row insert, gunicorn + PostgreSQL, 50 connections, wrk.
#   bash bench/api.sh        (needs Debian's wrk and the PostgreSQL server on 127.0.0.1)
#   bash bench/api.sh --keep (leaves gunicorn running and the body in place for bench/api_rate.py;
#                             stop it with: kill "$(cat /tmp/straeon-bench.pid)")
set -euo pipefail
keep=${1:-}
cd "$(dirname "$0")/.."
export DATABASE_URL="postgresql://postgres@127.0.0.1:5432/bench_api"
export API_RATE_LIMIT="10000000 per minute"
createdb -h 127.0.0.1 -U postgres bench_api 2>/dev/null || true
.venv/bin/flask --app wsgi db upgrade >/dev/null
.venv/bin/flask --app wsgi setup >/dev/null
psql -q -h 127.0.0.1 -U postgres bench_api -c \
  "CREATE TABLE IF NOT EXISTS bench_bare (id serial PRIMARY KEY, client_id uuid UNIQUE, body text)"
version=$(psql -tA -h 127.0.0.1 -U postgres bench_api -c "SELECT max(version) FROM framework_version")
body=/tmp/straeon-api-body.json
cat > "$body" <<JSON
{"client_id": "__CLIENT_ID__", "partner": "iwa", "framework_version": $version, "language": "cy",
 "started_at": "2026-12-01T10:00:00Z", "completed_at": "2026-12-01T10:09:00Z",
 "answers": {"prompt": "past_weeks", "story": "Roedd y bws yn hwyr eto, ond fe helpodd cymydog fi i gyrraedd y meddyg mewn pryd. Heb y gymuned, fyddwn i ddim wedi llwyddo.",
  "title": "Y bws hwyr", "teller": "own", "consent": "yes", "focus": {"values": [50, 30, 20]},
  "shaped_by": {"values": [10, 70, 20]}, "people_were": {"values": [], "na": true},
  "outcome": {"value": 70}, "change": {"value": 40}, "voices": {"value": 80},
  "support": {"items": {"neighbours": {"x": 90, "y": 95}, "public_services": {"x": 20, "y": 30}}},
  "feeling": "positive", "frequency": "often", "about": ["me", "community"], "age": "age_35_44", "area": "gwynedd"}}
JSON
.venv/bin/gunicorn -c bench/gunicorn.conf.py bench.api_app:app --daemon --pid /tmp/straeon-bench.pid
sleep 3
for path in /bench/bare /api/v1/stories; do
  echo "== $path"
  BODY_FILE="$body" TARGET_PATH="$path" wrk -t2 -c50 -d20s --latency -s bench/api.lua http://127.0.0.1:5090 \
    | grep -E "Requests/sec|50%|99%|Non-2xx|Socket errors"
done
if [ "$keep" != "--keep" ]; then
  kill "$(cat /tmp/straeon-bench.pid)"
  rm -f "$body"
fi
