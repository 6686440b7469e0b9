#!/usr/bin/env bash
# kafka-storage.sh: format and inspect the KRaft storage.
exec /opt/kafka/bin/kafka-run-class.sh kafka.tools.StorageTool "$@"
