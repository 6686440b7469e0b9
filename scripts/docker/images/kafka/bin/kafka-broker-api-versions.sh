#!/usr/bin/env bash
# kafka-broker-api-versions.sh: the class moved from core (3.x) to tools (4.x).
if [[ -f /etc/kafka/docker/log4j2.yaml ]]; then exec /opt/kafka/bin/kafka-run-class.sh org.apache.kafka.tools.BrokerApiVersionsCommand "$@"; fi
exec /opt/kafka/bin/kafka-run-class.sh kafka.admin.BrokerApiVersionsCommand "$@"
