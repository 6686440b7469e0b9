#!/usr/bin/env bash
# scripts/docker/dockerd.sh - a Docker engine for the container tests, without touching the
# machine's own Docker set-up.
#
# Usage:
#   dockerd.sh start    If a Docker engine already answers (DOCKER_HOST, else /var/run/docker.sock),
#                       print its DOCKER_HOST and do nothing else. Otherwise start a private
#                       dockerd whose data-root, exec-root, socket and pidfile all live under
#                       LOTTERY_DOCKER_DIR, and print its DOCKER_HOST (unix://DIR/docker.sock).
#                       The images it builds stay in DIR/root, so the next run reuses them.
#   dockerd.sh stop     Stop the private dockerd by the pid in DIR/dockerd.pid (only that one;
#                       never an engine this script did not start).
#   dockerd.sh status   Exit 0 and print DOCKER_HOST if the private dockerd answers.
#
# The private daemon runs with --iptables=false --ip-masq=false --ip 127.0.0.1: it leaves the
# host's firewall alone, and a published port answers on loopback only. Containers get no route
# out (nothing is pulled anyway: images are built by scripts/docker/build-images.sh).
#
# Environment:
#   LOTTERY_DOCKER_DIR   state dir (default ${XDG_CACHE_HOME:-$HOME/.cache}/lottery/docker)
#   DOCKERD_START_TIMEOUT seconds to wait for the daemon (default 60)
#
# Needs Debian's docker.io (apt-get install -y docker.io) and root.
set -euo pipefail

DIR="${LOTTERY_DOCKER_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/lottery/docker}"
SOCK="$DIR/docker.sock"
PID_FILE="$DIR/dockerd.pid"
LOG="$DIR/dockerd.log"
TIMEOUT="${DOCKERD_START_TIMEOUT:-60}"

log() { printf 'dockerd.sh: %s\n' "$*" >&2; }
die() { log "error: $*"; exit 1; }

# Does the engine at $1 (a DOCKER_HOST value) answer /_ping?
answers() {
  local host=$1
  case "$host" in
    unix://*)
      local path="${host#unix://}"
      [[ -S "$path" ]] || return 1
      curl -fsS --max-time 3 --unix-socket "$path" http://localhost/_ping >/dev/null 2>&1
      ;;
    tcp://*) curl -fsS --max-time 3 "http://${host#tcp://}/_ping" >/dev/null 2>&1 ;;
    *) return 1 ;;
  esac
}

# The private daemon's pid, if it is alive and really the dockerd started for DIR.
private_pid() {
  [[ -f "$PID_FILE" ]] || return 1
  local pid
  pid="$(tr -dc '0-9' <"$PID_FILE")"
  [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null || return 1
  tr '\0' '\n' <"/proc/$pid/cmdline" 2>/dev/null | grep -qxF "$DIR/root" || return 1
  echo "$pid"
}

cmd_start() {
  local existing="${DOCKER_HOST:-unix:///var/run/docker.sock}"
  if answers "$existing"; then
    log "a Docker engine answers at $existing; using it"
    echo "$existing"
    return 0
  fi
  [[ -n "${DOCKER_HOST:-}" ]] && log "DOCKER_HOST=$DOCKER_HOST does not answer; starting a private dockerd instead"
  mkdir -p "$DIR"
  if private_pid >/dev/null && answers "unix://$SOCK"; then
    log "private dockerd already running (pid $(private_pid), $DIR)"
    echo "unix://$SOCK"
    return 0
  fi
  command -v dockerd >/dev/null 2>&1 || die "dockerd not found; install Debian's docker.io (apt-get install -y docker.io)"
  [[ "$(id -u)" == 0 ]] || die "starting a private dockerd needs root"
  rm -f "$PID_FILE" "$SOCK"
  mkdir -p "$DIR/root" "$DIR/exec"
  log "starting a private dockerd (data $DIR/root, socket $SOCK)"
  # setsid: its own session, so a Ctrl-C in the caller's terminal does not reach it. The daemon
  # outlives this script, so it must not keep the caller's open files, such as a held flock.
  (
    for fd in /proc/$BASHPID/fd/*; do
      fd="${fd##*/}"
      ((fd > 2)) && eval "exec $fd>&-"
    done
    exec nohup setsid dockerd \
      --data-root "$DIR/root" --exec-root "$DIR/exec" \
      -H "unix://$SOCK" --pidfile "$PID_FILE" \
      --iptables=false --ip-masq=false --ip 127.0.0.1 \
      --log-level warn </dev/null >>"$LOG" 2>&1
  ) &
  local launcher=$! deadline=$((SECONDS + TIMEOUT))
  until answers "unix://$SOCK"; do
    if ! kill -0 "$launcher" 2>/dev/null; then
      tail -n 20 "$LOG" >&2 || true
      die "dockerd exited during start; see $LOG"
    fi
    if ((SECONDS >= deadline)); then
      tail -n 20 "$LOG" >&2 || true
      kill -TERM "$launcher" 2>/dev/null || true
      die "dockerd did not answer within ${TIMEOUT}s; see $LOG"
    fi
    sleep 0.3
  done
  log "private dockerd ready (pid $(private_pid || echo "$launcher"))"
  echo "unix://$SOCK"
}

cmd_stop() {
  local pid
  if ! pid="$(private_pid)"; then
    log "no private dockerd running for $DIR"
    return 0
  fi
  log "stopping private dockerd pid $pid"
  kill -TERM "$pid"
  local i
  for i in $(seq 1 150); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
  if kill -0 "$pid" 2>/dev/null; then
    log "still alive after 30s; sending SIGKILL"
    kill -KILL "$pid" 2>/dev/null || true
  fi
  rm -f "$PID_FILE"
}

cmd_status() {
  if private_pid >/dev/null && answers "unix://$SOCK"; then
    echo "unix://$SOCK"
    return 0
  fi
  log "no private dockerd running for $DIR"
  return 1
}

case "${1:-}" in
  start) cmd_start ;;
  stop) cmd_stop ;;
  status) cmd_status ;;
  *) sed -n '2,/^set -euo pipefail/p' "${BASH_SOURCE[0]}" | sed '$d' | sed 's/^# \{0,1\}//' >&2; exit 2 ;;
esac
