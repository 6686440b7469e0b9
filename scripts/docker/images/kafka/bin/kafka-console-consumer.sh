#!/usr/bin/env bash
# kafka-console-consumer.sh
exec /opt/kafka/bin/kafka-run-class.sh org.apache.kafka.tools.consumer.ConsoleConsumer "$@"
