#!/usr/bin/env bash
# Makes sure PostgreSQL and Redis answer: uses them when reachable (DATABASE_URL, REDIS_URL),
# starts a locally installed but stopped server, and otherwise stops with a message that
# names what is missing and how to get it. Kafka is not handled here (scripts/kafka/kafka.sh).
set -euo pipefail

DATABASE_URL="${DATABASE_URL:-postgresql://postgres@127.0.0.1:5432/lottery}"
REDIS_URL="${REDIS_URL:-redis://127.0.0.1:6379}"

say() { printf 'ensure-services: %s\n' "$*" >&2; }

# The test harness starts PostgreSQL and Redis containers itself (test/support/global-setup.ts).
if [[ "${TEST_SERVICES:-}" == containers ]]; then
  say "TEST_SERVICES=containers: PostgreSQL and Redis come from Testcontainers"
  exit 0
fi

# host and port of a URL like scheme://user:pass@host:port/db
url_host() { local rest="${1#*://}"; rest="${rest#*@}"; rest="${rest%%/*}"; rest="${rest%%\?*}"; echo "${rest%%:*}"; }
url_port() {
  local rest="${1#*://}"; rest="${rest#*@}"; rest="${rest%%/*}"; rest="${rest%%\?*}"
  if [[ "$rest" == *:* ]]; then echo "${rest##*:}"; else echo "$2"; fi
}
answers() { timeout 2 bash -c "exec 3<>/dev/tcp/$1/$2" 2>/dev/null; }
is_local() { [[ "$1" == "127.0.0.1" || "$1" == "localhost" || "$1" == "::1" ]]; }
wait_for() {
  local host=$1 port=$2
  for _ in $(seq 1 60); do answers "$host" "$port" && return 0; sleep 0.5; done
  return 1
}

ensure_postgres() {
  local host port
  host=$(url_host "$DATABASE_URL"); port=$(url_port "$DATABASE_URL" 5432)
  if answers "$host" "$port"; then return 0; fi
  if ! is_local "$host"; then
    say "PostgreSQL is not reachable at $host:$port (DATABASE_URL). Start it there, or point DATABASE_URL at a running server."
    exit 1
  fi
  if command -v pg_ctlcluster >/dev/null 2>&1 && [ -d /etc/postgresql ]; then
    local version
    version=$(ls /etc/postgresql | sort -V | tail -1)
    say "PostgreSQL $version is installed but stopped; starting it"
    pg_ctlcluster --skip-systemctl-redirect "$version" main start || true
  elif command -v pg_ctl >/dev/null 2>&1 && [ -n "${PGDATA:-}" ]; then
    say "PostgreSQL is installed but stopped; starting it from PGDATA=$PGDATA"
    pg_ctl -D "$PGDATA" -l "$PGDATA/server.log" start || true
  else
    say "PostgreSQL is not running at $host:$port and no local installation was found."
    say "Install it (Debian/Ubuntu: sudo apt-get install postgresql), or set DATABASE_URL to a reachable server."
    exit 1
  fi
  wait_for "$host" "$port" || { say "PostgreSQL did not come up on $host:$port; see its log (/var/log/postgresql/)."; exit 1; }
  say "PostgreSQL answers on $host:$port"
}

ensure_redis() {
  local host port
  host=$(url_host "$REDIS_URL"); port=$(url_port "$REDIS_URL" 6379)
  if answers "$host" "$port"; then return 0; fi
  if ! is_local "$host"; then
    say "Redis is not reachable at $host:$port (REDIS_URL). Start it there, or point REDIS_URL at a running server."
    exit 1
  fi
  if command -v redis-server >/dev/null 2>&1; then
    say "Redis is installed but stopped; starting it on 127.0.0.1:$port (nothing kept on disk)"
    local dir="${TMPDIR:-/tmp}/lottery-redis"
    mkdir -p "$dir"
    redis-server --daemonize yes --bind 127.0.0.1 --port "$port" --save "" --appendonly no --dir "$dir" --logfile "$dir/redis.log"
  else
    say "Redis is not running at $host:$port and redis-server is not installed."
    say "Install it (Debian/Ubuntu: sudo apt-get install redis-server), or set REDIS_URL to a reachable server."
    exit 1
  fi
  wait_for "$host" "$port" || { say "Redis did not come up on $host:$port; see ${TMPDIR:-/tmp}/lottery-redis/redis.log."; exit 1; }
  say "Redis answers on $host:$port"
}

ensure_postgres
ensure_redis
