#!/usr/bin/env bash
# kafka-console-producer.sh: the class moved from core (3.x) to tools (4.x).
if [[ -f /etc/kafka/docker/log4j2.yaml ]]; then exec /opt/kafka/bin/kafka-run-class.sh org.apache.kafka.tools.ConsoleProducer "$@"; fi
exec /opt/kafka/bin/kafka-run-class.sh kafka.tools.ConsoleProducer "$@"
