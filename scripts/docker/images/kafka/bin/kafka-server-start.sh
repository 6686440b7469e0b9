#!/usr/bin/env bash
# kafka-server-start.sh CONFIG: the broker, with the server logging config and a 1 GiB heap by default.
set -euo pipefail
[[ $# -ge 1 ]] || { echo "USAGE: $0 server.properties" >&2; exit 1; }
if [[ -z "${KAFKA_LOG4J_OPTS:-}" ]]; then
  if [[ -f /etc/kafka/docker/log4j2.yaml ]]; then
    export KAFKA_LOG4J_OPTS="-Dlog4j2.configurationFile=/opt/kafka/config/log4j2.yaml"
  else
    export KAFKA_LOG4J_OPTS="-Dlog4j.configuration=file:/opt/kafka/config/log4j.properties"
  fi
fi
export KAFKA_HEAP_OPTS="${KAFKA_HEAP_OPTS:--Xmx1G -Xms1G}"
exec /opt/kafka/bin/kafka-run-class.sh kafka.Kafka "$@"
