#!/usr/bin/env bash
# Entrypoint of the redis:7 stand-in: `redis-server [options]` (or just options) runs the server
# in the foreground, listening on every interface of the container with protected mode off.
set -euo pipefail
if [[ "${1:-}" == -* ]]; then set -- redis-server "$@"; fi
if [[ "${1:-}" == redis-server ]]; then
  shift
  exec redis-server --bind 0.0.0.0 --protected-mode no --dir /data "$@"
fi
exec "$@"
