#!/usr/bin/env bash
# kafka-consumer-groups.sh: list and describe consumer groups.
exec /opt/kafka/bin/kafka-run-class.sh org.apache.kafka.tools.consumer.group.ConsumerGroupCommand "$@"
