#!/usr/bin/env bash
# scripts/kafka/kafka.sh - run a REAL single-node Apache Kafka broker (KRaft mode,
# combined broker+controller, no ZooKeeper, no Docker) from the broker jars on
# Maven Central, resolved with Maven (scripts/kafka/pom.xml) and cached.
#
# Usage:
#   kafka.sh fetch
#       Resolve the broker jars into the cache dir (idempotent; fast once cached).
#   kafka.sh start --data-dir DIR [--port N] [--timeout SECS]
#       Start a broker whose config, data and logs all live in DIR. Without --port a
#       free loopback port is picked (plus one for the CONTROLLER listener); the ports
#       are stored in DIR/ports.env so a later `start --data-dir DIR` reuses them and
#       keeps the data. Prints exactly one line on stdout, `127.0.0.1:PORT`, once the
#       broker is ready; everything else goes to stderr. Already running -> prints the
#       address and exits 0.
#   kafka.sh stop --data-dir DIR
#       SIGTERM the broker recorded in DIR/broker.pid, wait up to 30s, then SIGKILL.
#   kafka.sh status --data-dir DIR
#       Exit 0 and print `127.0.0.1:PORT` if the broker of DIR runs, exit 1 otherwise.
#   kafka.sh version
#       Print the broker version this script runs (KAFKA_VERSION, else its default).
#   kafka.sh classpath
#       Print the java classpath of the cached jars (fetching them if needed), e.g.
#       java -cp "$(kafka.sh classpath)" org.apache.kafka.tools.TopicCommand \
#            --bootstrap-server 127.0.0.1:PORT --list
#
# Example:
#   addr=$(scripts/kafka/kafka.sh start --data-dir /tmp/kafka-dev)   # 127.0.0.1:NNNNN
#   ... KAFKA_BROKERS=$addr npm test ...
#   scripts/kafka/kafka.sh stop --data-dir /tmp/kafka-dev
#
# Files in DIR: server.properties, the logging config (log4j2.xml for Kafka 4.x,
#   log4j.properties for 3.x), ports.env, broker.pid, broker.out (JVM stdout/stderr),
#   server-logs/ (broker logs), logs/ (Kafka data: log.dirs and the KRaft metadata log).
#
# Environment:
#   KAFKA_VERSION        broker version (default 4.4.0, the newest on Maven Central; the
#                        project's whole suite passes against it). 3.9.x (e.g. 3.9.2) still
#                        runs: each release line gets its own logging backend (4.x: log4j2,
#                        3.x: reload4j), chosen from the major version (pom.xml profiles
#                        kafka-4 / kafka-3). kafkajs 2.2.4 talks to both: KIP-896 removed only
#                        request versions older than the ones kafkajs sends.
#   KAFKA_CACHE_DIR      jar cache (default $HOME/.cache/lottery-kafka/$KAFKA_VERSION)
#   KAFKA_START_TIMEOUT  seconds to wait for readiness (default 90)
#   KAFKA_HEAP_OPTS      default "-Xms256m -Xmx512m"
#   KAFKA_JVM_OPTS       extra JVM options (default: Serial GC and the C1 compiler only,
#                        the cheapest in CPU for a broker beside its clients on a small machine)
#   MAVEN_OPTS           passed to mvn as usual (e.g. -Dmaven.repo.local=...)
#
# Needs Java 17+ and Maven (Debian: apt-get install openjdk-17-jre-headless maven).
# Binds 127.0.0.1 only. Only ever signals the pid recorded in DIR, after checking that
# it is the java process started for DIR; never kills by name.
set -euo pipefail

KAFKA_VERSION="${KAFKA_VERSION:-4.4.0}"
SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
POM="$SCRIPT_DIR/pom.xml"
CACHE_DIR="${KAFKA_CACHE_DIR:-$HOME/.cache/lottery-kafka/$KAFKA_VERSION}"
JAR_DIR="$CACHE_DIR/jars"
MARKER="$CACHE_DIR/.fetched"
HOST=127.0.0.1
READY_MSG='Kafka Server started'

log() { printf 'kafka.sh: %s\n' "$*" >&2; }
die() { log "error: $*"; exit 1; }

# The release line decides the logging backend: the Maven profile that resolves it and the
# config file and system property the broker reads.
case "$KAFKA_VERSION" in
  4.*) KAFKA_LINE=4 ;;
  3.*) KAFKA_LINE=3 ;;
  *) die "KAFKA_VERSION must be a 4.x or 3.x (KRaft) release, got '$KAFKA_VERSION'" ;;
esac
MAVEN_PROFILE="kafka-$KAFKA_LINE"

usage() {
  sed -n '2,/^set -euo pipefail/p' "${BASH_SOURCE[0]}" | sed '$d' | sed 's/^# \{0,1\}//' >&2
  exit 2
}

need_tools() {
  local missing=()
  for t in "$@"; do command -v "$t" >/dev/null 2>&1 || missing+=("$t"); done
  if ((${#missing[@]})); then
    die "missing ${missing[*]} on PATH; install with: apt-get install -y openjdk-17-jre-headless maven"
  fi
}

# Identifies the exact inputs of the cache, so a pom/version change refetches.
fetch_key() {
  { printf '%s %s\n' "$KAFKA_VERSION" "$MAVEN_PROFILE"; cat "$POM"; } | sha256sum | cut -d' ' -f1
}

is_fetched() {
  [[ -f "$MARKER" && -d "$JAR_DIR" ]] && [[ "$(cat "$MARKER")" == "$(fetch_key)" ]]
}

cmd_fetch() {
  need_tools java
  if is_fetched; then
    log "jars for Kafka $KAFKA_VERSION already cached in $JAR_DIR"
    return 0
  fi
  need_tools mvn
  mkdir -p "$CACHE_DIR"
  # Serialise concurrent fetches of the same cache.
  exec 9>"$CACHE_DIR/.lock"
  command -v flock >/dev/null 2>&1 && flock 9
  if is_fetched; then exec 9>&-; return 0; fi
  local tmp start
  tmp="$(mktemp -d "$CACHE_DIR/.jars.XXXXXX")"
  start=$SECONDS
  log "resolving org.apache.kafka:kafka_2.13:$KAFKA_VERSION with Maven into $JAR_DIR ..."
  # (Debian's mvn 3.8 emits ANSI resets even in batch mode; strip them.)
  if ! mvn -q -B -Dstyle.color=never -f "$POM" -Dkafka.version="$KAFKA_VERSION" -P "$MAVEN_PROFILE" \
      dependency:copy-dependencies -DincludeScope=runtime -DoutputDirectory="$tmp" 2>&1 \
      | sed -u 's/\x1b\[[0-9;]*m//g' >&2; then
    rm -rf "$tmp"
    die "mvn failed to resolve Kafka $KAFKA_VERSION (is Maven Central reachable?)"
  fi
  compgen -G "$tmp/kafka_2.13-$KAFKA_VERSION.jar" >/dev/null \
    || { rm -rf "$tmp"; die "kafka_2.13-$KAFKA_VERSION.jar missing after mvn"; }
  chmod 755 "$tmp"
  rm -rf "$JAR_DIR"
  mv "$tmp" "$JAR_DIR"
  fetch_key >"$MARKER"
  exec 9>&-
  log "fetched $(ls "$JAR_DIR" | wc -l) jars in $((SECONDS - start))s"
}

classpath() { printf '%s/*' "$JAR_DIR"; }

cmd_classpath() {
  is_fetched || cmd_fetch
  classpath; echo
}

# --- helpers for a data dir -------------------------------------------------

DATA_DIR=""
PORT=""
TIMEOUT="${KAFKA_START_TIMEOUT:-90}"

parse_dir_args() {
  while (($#)); do
    case "$1" in
      --data-dir) DATA_DIR="${2:?--data-dir needs a value}"; shift 2 ;;
      --data-dir=*) DATA_DIR="${1#*=}"; shift ;;
      --port) PORT="${2:?--port needs a value}"; shift 2 ;;
      --port=*) PORT="${1#*=}"; shift ;;
      --timeout) TIMEOUT="${2:?--timeout needs a value}"; shift 2 ;;
      --timeout=*) TIMEOUT="${1#*=}"; shift ;;
      -h|--help) usage ;;
      *) die "unknown argument: $1" ;;
    esac
  done
  [[ -n "$DATA_DIR" ]] || die "--data-dir DIR is required"
  if [[ -n "$PORT" ]] && ! [[ "$PORT" =~ ^[0-9]+$ ]]; then die "--port must be a number"; fi
  [[ "$TIMEOUT" =~ ^[0-9]+$ ]] || die "--timeout must be a whole number of seconds"
}

abs_data_dir() {
  mkdir -p "$DATA_DIR"
  DATA_DIR="$(cd "$DATA_DIR" && pwd -P)"
  PID_FILE="$DATA_DIR/broker.pid"
  PORTS_FILE="$DATA_DIR/ports.env"
  PROPS="$DATA_DIR/server.properties"
}

# Is something accepting TCP connections on 127.0.0.1:$1?
port_answers() {
  timeout 2 bash -c 'exec 3<>"/dev/tcp/$0/$1"' "$HOST" "$1" 2>/dev/null
}

# Is the port free to bind on loopback (nothing listening on it)? Only listening sockets
# count: TIME_WAIT leftovers of a broker that just stopped do not stop a new one binding
# (the JVM sets SO_REUSEADDR), and the restart keeps its port.
port_free() {
  local p=$1
  port_answers "$p" && return 1
  if command -v ss >/dev/null 2>&1; then
    [[ -z "$(ss -Htln "( sport = :$p )" 2>/dev/null)" ]] || return 1
  fi
  return 0
}

# Pick a free port below the Linux ephemeral range (32768+), avoiding $1 if given.
pick_port() {
  local avoid="${1:-}" p i
  for i in $(seq 1 200); do
    p=$((15000 + RANDOM % 17000))
    [[ "$p" == "$avoid" ]] && continue
    if port_free "$p"; then echo "$p"; return 0; fi
  done
  die "could not find a free loopback port"
}

# Prints the pid of the broker of DATA_DIR if it is alive and really ours.
running_pid() {
  [[ -f "$PID_FILE" ]] || return 1
  local pid
  pid="$(tr -dc '0-9' <"$PID_FILE")"
  [[ -n "$pid" ]] || return 1
  kill -0 "$pid" 2>/dev/null || return 1
  # Guard against pid reuse: the process must be the java started with our config.
  if [[ -r "/proc/$pid/cmdline" ]]; then
    tr '\0' '\n' <"/proc/$pid/cmdline" | grep -qxF "$PROPS" || return 1
  fi
  echo "$pid"
}

load_ports() {
  BROKER_PORT=""; CONTROLLER_PORT=""
  if [[ -f "$PORTS_FILE" ]]; then
    BROKER_PORT="$(sed -n 's/^BROKER_PORT=\([0-9]*\)$/\1/p' "$PORTS_FILE")"
    CONTROLLER_PORT="$(sed -n 's/^CONTROLLER_PORT=\([0-9]*\)$/\1/p' "$PORTS_FILE")"
  fi
}

write_configs() {
  cat >"$PROPS" <<EOF
# Written by scripts/kafka/kafka.sh - rewritten on every start.
# Single-node KRaft: this process is broker and controller.
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@$HOST:$CONTROLLER_PORT
controller.listener.names=CONTROLLER
listeners=PLAINTEXT://$HOST:$BROKER_PORT,CONTROLLER://$HOST:$CONTROLLER_PORT
advertised.listeners=PLAINTEXT://$HOST:$BROKER_PORT
inter.broker.listener.name=PLAINTEXT
listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT
log.dirs=$DATA_DIR/logs

# Single node: every internal topic has one replica.
offsets.topic.replication.factor=1
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
default.replication.factor=1
min.insync.replicas=1

# Test-friendly behaviour.
group.initial.rebalance.delay.ms=0
num.partitions=1
auto.create.topics.enable=false
delete.topic.enable=true

# Keep the footprint small (2 cores): few threads, small internal topics, small
# log-cleaner buffer (default 128 MiB), small index files.
offsets.topic.num.partitions=1
transaction.state.log.num.partitions=1
num.network.threads=2
num.io.threads=2
num.recovery.threads.per.data.dir=1
background.threads=2
num.replica.fetchers=1
log.cleaner.threads=1
log.cleaner.dedupe.buffer.size=8388608
log.index.size.max.bytes=1048576
log.segment.bytes=67108864
log.retention.hours=24
log.retention.check.interval.ms=300000
EOF

  mkdir -p "$DATA_DIR/server-logs"
  if ((KAFKA_LINE == 4)); then write_log4j2_config; else write_reload4j_config; fi
}

# Kafka 4.x logs through log4j2 (its distribution ships log4j-core and log4j-slf4j-impl).
# All broker logging goes to files under ${kafka.logs.dir} (DIR/server-logs), none to the console.
write_log4j2_config() {
  cat >"$DATA_DIR/log4j2.xml" <<'EOF'
<?xml version="1.0" encoding="UTF-8"?>
<!-- Written by scripts/kafka/kafka.sh (Kafka 4.x, log4j2). -->
<Configuration status="warn">
  <Appenders>
    <RollingFile name="server" fileName="${sys:kafka.logs.dir}/server.log"
                 filePattern="${sys:kafka.logs.dir}/server.log.%i">
      <PatternLayout pattern="[%d] %p %m (%c)%n"/>
      <SizeBasedTriggeringPolicy size="20 MB"/>
      <DefaultRolloverStrategy max="2"/>
    </RollingFile>
    <RollingFile name="stateChange" fileName="${sys:kafka.logs.dir}/state-change.log"
                 filePattern="${sys:kafka.logs.dir}/state-change.log.%i">
      <PatternLayout pattern="[%d] %p %m (%c)%n"/>
      <SizeBasedTriggeringPolicy size="10 MB"/>
      <DefaultRolloverStrategy max="1"/>
    </RollingFile>
  </Appenders>
  <Loggers>
    <Root level="info"><AppenderRef ref="server"/></Root>
    <Logger name="kafka.request.logger" level="warn"/>
    <Logger name="kafka.network.RequestChannel$" level="warn"/>
    <Logger name="state.change.logger" level="info" additivity="false"><AppenderRef ref="stateChange"/></Logger>
  </Loggers>
</Configuration>
EOF
}

# Kafka 3.x logs through reload4j (the log4j 1.x API). Same files as above.
write_reload4j_config() {
  cat >"$DATA_DIR/log4j.properties" <<'EOF'
# Written by scripts/kafka/kafka.sh (Kafka 3.x, reload4j).
log4j.rootLogger=INFO, serverAppender

log4j.appender.serverAppender=org.apache.log4j.RollingFileAppender
log4j.appender.serverAppender.File=${kafka.logs.dir}/server.log
log4j.appender.serverAppender.MaxFileSize=20MB
log4j.appender.serverAppender.MaxBackupIndex=2
log4j.appender.serverAppender.layout=org.apache.log4j.PatternLayout
log4j.appender.serverAppender.layout.ConversionPattern=[%d] %p %m (%c)%n

log4j.appender.stateChangeAppender=org.apache.log4j.RollingFileAppender
log4j.appender.stateChangeAppender.File=${kafka.logs.dir}/state-change.log
log4j.appender.stateChangeAppender.MaxFileSize=10MB
log4j.appender.stateChangeAppender.MaxBackupIndex=1
log4j.appender.stateChangeAppender.layout=org.apache.log4j.PatternLayout
log4j.appender.stateChangeAppender.layout.ConversionPattern=[%d] %p %m (%c)%n

log4j.logger.kafka=INFO
log4j.logger.org.apache.kafka=INFO
log4j.logger.kafka.request.logger=WARN
log4j.logger.kafka.network.RequestChannel$=WARN
log4j.logger.state.change.logger=INFO, stateChangeAppender
log4j.additivity.state.change.logger=false
EOF
}

# Show what this start attempt logged: broker.out and server.log from the offsets
# recorded just before launching (whole files if the offsets are unknown/rotated).
OUT_OFFSET=0
LOG_OFFSET=0
tail_since() {
  local f=$1 off=$2 size
  [[ -s "$f" ]] || return 0
  size="$(stat -c %s "$f")"
  ((size >= off)) || off=0
  tail -c +"$((off + 1))" "$f"
}
print_log_tail() {
  local out="$DATA_DIR/broker.out" slog="$DATA_DIR/server-logs/server.log" errs
  if [[ -s "$out" ]]; then
    log "---- $out (this start) ----"
    tail_since "$out" "$OUT_OFFSET" | tail -n 40 >&2 || true
  fi
  if [[ -s "$slog" ]]; then
    errs="$(tail_since "$slog" "$LOG_OFFSET" | grep -E '^\[[^]]*\] (ERROR|FATAL) ' | head -n 10 || true)"
    if [[ -n "$errs" ]]; then
      log "---- first errors in $slog (this start) ----"
      printf '%s\n' "$errs" | cut -c1-2000 >&2
    fi
    local last
    last="$(tail_since "$slog" "$LOG_OFFSET" | tail -n 30 | cut -c1-2000 || true)"
    if [[ -n "$last" ]]; then
      log "---- last lines of $slog (this start) ----"
      printf '%s\n' "$last" >&2
    fi
  fi
}

cmd_start() {
  parse_dir_args "$@"
  abs_data_dir
  load_ports

  local pid
  if pid="$(running_pid)"; then
    log "broker already running for $DATA_DIR (pid $pid)"
    echo "$HOST:$BROKER_PORT"
    return 0
  fi
  rm -f "$PID_FILE"

  is_fetched || cmd_fetch
  need_tools java

  # Ports: --port wins; else the stored ones; else fresh free ones.
  [[ -n "$PORT" ]] && BROKER_PORT="$PORT"
  [[ -n "$BROKER_PORT" ]] || BROKER_PORT="$(pick_port)"
  [[ -n "$CONTROLLER_PORT" && "$CONTROLLER_PORT" != "$BROKER_PORT" ]] \
    || CONTROLLER_PORT="$(pick_port "$BROKER_PORT")"
  local p
  for p in "$BROKER_PORT" "$CONTROLLER_PORT"; do
    port_free "$p" || die "port $HOST:$p is already in use (not by the broker of $DATA_DIR)"
  done
  printf 'BROKER_PORT=%s\nCONTROLLER_PORT=%s\n' "$BROKER_PORT" "$CONTROLLER_PORT" >"$PORTS_FILE"

  write_configs
  mkdir -p "$DATA_DIR/logs"

  local cp heap jvm
  cp="$(classpath)"
  heap="${KAFKA_HEAP_OPTS:--Xms256m -Xmx512m}"
  # A broker that shares two cores with everything it serves: C2's compiling and G1's concurrent
  # threads cost it more CPU than they win back at the rates of one machine. Measured (produce
  # 350 invoices/s with a consumer, broker a few minutes old): G1+C2 3.9 CPU-s per 15 s,
  # Serial GC + C1 only 1.8. KAFKA_JVM_OPTS brings G1 and C2 back for a long-lived broker.
  jvm="${KAFKA_JVM_OPTS:--XX:+UseSerialGC -XX:TieredStopAtLevel=1 -XX:CICompilerCount=1 -XX:MaxDirectMemorySize=256m}"
  local sysprops=(
    -Djava.awt.headless=true
    "-Dkafka.logs.dir=$DATA_DIR/server-logs"
  )
  if ((KAFKA_LINE == 4)); then
    sysprops+=("-Dlog4j2.configurationFile=$DATA_DIR/log4j2.xml")
  else
    sysprops+=("-Dlog4j.configuration=file:$DATA_DIR/log4j.properties")
  fi

  # Format the storage once; later starts keep the data (meta.properties exists).
  if [[ ! -f "$DATA_DIR/logs/meta.properties" ]]; then
    local cluster_id
    cluster_id="$(java -cp "$cp" "${sysprops[@]}" kafka.tools.StorageTool random-uuid 2>>"$DATA_DIR/broker.out" | tail -n 1)"
    [[ "$cluster_id" =~ ^[A-Za-z0-9_-]{22}$ ]] || die "could not generate a cluster id (got '$cluster_id')"
    log "formatting $DATA_DIR/logs (cluster id $cluster_id)"
    if ! java -cp "$cp" "${sysprops[@]}" kafka.tools.StorageTool format \
        --config "$PROPS" --cluster-id "$cluster_id" --ignore-formatted \
        >>"$DATA_DIR/broker.out" 2>&1; then
      print_log_tail
      die "kafka.tools.StorageTool format failed"
    fi
  fi

  # Only log lines written after this point count as readiness.
  local server_log="$DATA_DIR/server-logs/server.log"
  LOG_OFFSET=0; OUT_OFFSET=0
  [[ -f "$server_log" ]] && LOG_OFFSET="$(stat -c %s "$server_log")"
  [[ -f "$DATA_DIR/broker.out" ]] && OUT_OFFSET="$(stat -c %s "$DATA_DIR/broker.out")"
  echo "==== $(date -u +%FT%TZ) starting Kafka $KAFKA_VERSION on $HOST:$BROKER_PORT ====" >>"$DATA_DIR/broker.out"

  # setsid: own session, so the caller's Ctrl-C / job control does not reach it.
  # The inner shell records its own pid, then execs java (same pid).
  # shellcheck disable=SC2086
  nohup setsid bash -c 'echo $$ >"$0"; exec "$@"' "$PID_FILE" \
    java $heap $jvm "${sysprops[@]}" -cp "$cp" kafka.Kafka "$PROPS" \
    </dev/null >>"$DATA_DIR/broker.out" 2>&1 &
  local launcher=$!

  local start=$SECONDS deadline=$((SECONDS + TIMEOUT)) pid="" logged=0 answered=0
  while :; do
    [[ -z "$pid" && -s "$PID_FILE" ]] && pid="$(tr -dc '0-9' <"$PID_FILE")"
    if [[ -n "$pid" ]]; then
      if ! kill -0 "$pid" 2>/dev/null; then
        print_log_tail
        rm -f "$PID_FILE"
        die "the broker JVM (pid $pid) exited during startup; see $DATA_DIR/broker.out and $server_log"
      fi
    elif ! kill -0 "$launcher" 2>/dev/null && [[ ! -s "$PID_FILE" ]]; then
      print_log_tail
      die "the broker launcher exited before starting java"
    fi
    if ((!logged)) && [[ -f "$server_log" ]]; then
      tail_since "$server_log" "$LOG_OFFSET" | grep -F "$READY_MSG" >/dev/null && logged=1
    fi
    if ((logged)) && port_answers "$BROKER_PORT"; then answered=1; fi
    ((answered)) && break
    if ((SECONDS >= deadline)); then
      print_log_tail
      log "broker not ready after ${TIMEOUT}s (log line seen: $logged); stopping it"
      if [[ -n "$pid" ]] && kill -TERM "$pid" 2>/dev/null; then
        local i
        for i in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
        kill -KILL "$pid" 2>/dev/null || true
      fi
      rm -f "$PID_FILE"
      exit 1
    fi
    sleep 0.2
  done
  log "Kafka $KAFKA_VERSION ready on $HOST:$BROKER_PORT (pid $pid, data $DATA_DIR) after $((SECONDS - start))s"
  echo "$HOST:$BROKER_PORT"
}

cmd_stop() {
  parse_dir_args "$@"
  abs_data_dir
  local pid
  if ! pid="$(running_pid)"; then
    log "no broker running for $DATA_DIR"
    rm -f "$PID_FILE"
    return 0
  fi
  log "stopping broker pid $pid ($DATA_DIR)"
  kill -TERM "$pid" 2>/dev/null || true
  local i
  for i in $(seq 1 150); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.2
  done
  if kill -0 "$pid" 2>/dev/null; then
    log "still alive after 30s; sending SIGKILL"
    kill -KILL "$pid" 2>/dev/null || true
    for i in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  fi
  rm -f "$PID_FILE"
  log "stopped"
}

cmd_status() {
  parse_dir_args "$@"
  [[ -d "$DATA_DIR" ]] || { log "no broker running for $DATA_DIR"; exit 1; }
  abs_data_dir
  load_ports
  local pid
  if pid="$(running_pid)" && [[ -n "$BROKER_PORT" ]]; then
    log "running: pid $pid"
    echo "$HOST:$BROKER_PORT"
    return 0
  fi
  log "no broker running for $DATA_DIR"
  exit 1
}

main() {
  (($#)) || usage
  local cmd="$1"; shift
  case "$cmd" in
    fetch) cmd_fetch ;;
    start) cmd_start "$@" ;;
    stop) cmd_stop "$@" ;;
    status) cmd_status "$@" ;;
    classpath) cmd_classpath ;;
    version) echo "$KAFKA_VERSION" ;;
    -h|--help|help) usage ;;
    *) log "unknown subcommand: $cmd"; usage ;;
  esac
}

main "$@"
