#!/usr/bin/env bash
# Runs a Kafka class with the image's jars, as the distribution's script of the same name does
# (KAFKA_HEAP_OPTS, KAFKA_JVM_PERFORMANCE_OPTS, KAFKA_OPTS, KAFKA_LOG4J_OPTS). The release line
# shows in the default logging config: log4j2.yaml for 4.x, log4j.properties for 3.x.
set -euo pipefail
if [[ -z "${KAFKA_LOG4J_OPTS:-}" ]]; then
  if [[ -f /etc/kafka/docker/log4j2.yaml ]]; then
    KAFKA_LOG4J_OPTS="-Dlog4j2.configurationFile=/opt/kafka/config/tools-log4j2.yaml"
  else
    KAFKA_LOG4J_OPTS="-Dlog4j.configuration=file:/opt/kafka/config/tools-log4j.properties"
  fi
fi
# shellcheck disable=SC2086
exec java ${KAFKA_HEAP_OPTS:--Xmx256M} ${KAFKA_JVM_PERFORMANCE_OPTS:--server -XX:+UseG1GC -XX:MaxGCPauseMillis=20 -XX:InitiatingHeapOccupancyPercent=35 -XX:+ExplicitGCInvokesConcurrent -Djava.awt.headless=true} \
  ${KAFKA_OPTS:-} $KAFKA_LOG4J_OPTS -Dkafka.logs.dir=/opt/kafka/logs -cp '/opt/kafka/libs/*' "$@"
