#!/usr/bin/env bash
# kafka-topics.sh: create, list and describe topics.
exec /opt/kafka/bin/kafka-run-class.sh org.apache.kafka.tools.TopicCommand "$@"
