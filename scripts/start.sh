#!/usr/bin/env bash
# `npm start`: everything a fresh clone needs to serve, in order:
#   1. PostgreSQL and Redis answer (started if installed but stopped),
#   2. the database exists and the migrations are applied,
#   3. Kafka: KAFKA_BROKERS if set, else a local broker (data in .tmp/kafka, stopped again on exit),
#   4. the service is built and runs role ${ROLE:-all} until Ctrl-C / SIGTERM.
set -euo pipefail
cd "$(dirname "$0")/.."

export DATABASE_URL="${DATABASE_URL:-postgresql://postgres@127.0.0.1:5432/lottery}"
export HTTP_HOST="${HTTP_HOST:-127.0.0.1}" HTTP_PORT="${HTTP_PORT:-8080}"
# On an empty database the service deploys the reference activity 100001 (DOMAIN.md).
export DEMO_ACTIVITY="${DEMO_ACTIVITY:-true}"
role="${1:-${ROLE:-all}}"
say() { printf 'start: %s\n' "$*" >&2; }

bash scripts/ensure-services.sh
mkdir -p .tmp
if [ -z "${ADMIN_TOKEN:-}" ]; then
  # A token for this checkout, kept between runs; operator routes refuse everything without one.
  [ -s .tmp/admin-token ] || node -e 'process.stdout.write(require("crypto").randomBytes(24).toString("hex"))' > .tmp/admin-token
  ADMIN_TOKEN="$(cat .tmp/admin-token)"
  export ADMIN_TOKEN
fi
node scripts/ensure-database.mjs

started_kafka=""
if [ -z "${KAFKA_BROKERS:-}" ]; then
  say "KAFKA_BROKERS is not set: starting the local Kafka broker (first run downloads its jars with Maven)"
  port_args=()
  [ -n "${KAFKA_LOCAL_PORT:-}" ] && port_args=(--port "$KAFKA_LOCAL_PORT")
  KAFKA_BROKERS="$(bash scripts/kafka/kafka.sh start --data-dir .tmp/kafka "${port_args[@]}")"
  export KAFKA_BROKERS
  started_kafka=1
fi

say "applying migrations"
npx --no-install prisma generate --no-hints >/dev/null
node scripts/migrate.mjs >/dev/null
say "building"
npx --no-install tsc -p tsconfig.json

node dist/src/main.js "$role" &
service=$!

stop_all() {
  trap - INT TERM
  kill -TERM "$service" 2>/dev/null || true
  wait "$service" 2>/dev/null || true
  if [ -n "$started_kafka" ] && [ -z "${KEEP_KAFKA:-}" ]; then bash scripts/kafka/kafka.sh stop --data-dir .tmp/kafka || true; fi
}
trap 'stop_all; exit 0' INT TERM

base="http://${HTTP_HOST}:${HTTP_PORT}"
for _ in $(seq 1 120); do
  if ! kill -0 "$service" 2>/dev/null; then
    wait "$service"; code=$?
    [ -n "$started_kafka" ] && bash scripts/kafka/kafka.sh stop --data-dir .tmp/kafka || true
    exit "$code"
  fi
  if curl -fsS "$base/health/ready" >/dev/null 2>&1; then
    say "ready: $base (role $role; Kafka $KAFKA_BROKERS; readiness $base/health/ready). Ctrl-C stops."
    say "draw:  curl -s -X POST $base/api/v1/draws -H 'content-type: application/json' -d '{\"uId\":\"xiaofuge\",\"activityId\":100001}'"
    [ -f .tmp/admin-token ] && say "operator token (Authorization: Bearer ...): in .tmp/admin-token"
    if [ "$role" = all ] || [ "$role" = api ]; then say "console: $base/console (log in with the operator token)"; fi
    # The line a second shell needs, as it is, to copy (the CLI also finds this checkout's
    # local broker in .tmp/kafka by itself; a service or tool elsewhere needs the address).
    say "Kafka for another shell (the CLI finds this checkout's broker without it):"
    printf 'export KAFKA_BROKERS=%s\n' "$KAFKA_BROKERS" >&2
    break
  fi
  sleep 0.5
done

set +e
wait "$service"
code=$?
set -e
[ -n "$started_kafka" ] && [ -z "${KEEP_KAFKA:-}" ] && bash scripts/kafka/kafka.sh stop --data-dir .tmp/kafka || true
exit "$code"
