#!/usr/bin/env bash
# Validates docker-compose.yml with Docker's own tooling (CI runs it), and checks that it names
# the Kafka image and version that scripts/kafka/kafka.sh and the test harness run.
#   - `docker compose config` when the Compose v2 plugin is installed;
#   - else Debian's docker-compose (1.29, the only Compose in Debian 12). It predates the
#     top-level `name:` of the Compose Specification, so it reads a copy without that one line,
#     with the same project name given as -p. Every other key is validated as written.
# Nothing is started: `config` parses, interpolates and validates only.
set -euo pipefail
cd "$(dirname "$0")/../.."

say() { printf 'compose-config: %s\n' "$*" >&2; }
FILE=docker-compose.yml
want="apache/kafka:$(bash scripts/kafka/kafka.sh version)"

if docker compose version >/dev/null 2>&1; then
  say "docker compose $(docker compose version --short)"
  resolved="$(docker compose -f "$FILE" config)"
elif command -v docker-compose >/dev/null 2>&1; then
  say "$(docker-compose version --short 2>/dev/null | head -n1 | sed 's/^/docker-compose /')"
  name="$(sed -n 's/^name: *\([A-Za-z0-9_-]*\) *$/\1/p' "$FILE")"
  copy="$(mktemp --suffix=.yml)"
  trap 'rm -f "$copy"' EXIT
  sed '/^name: /d' "$FILE" >"$copy"
  resolved="$(docker-compose -f "$copy" --project-directory . -p "${name:-lottery}" config)"
else
  say "neither 'docker compose' nor docker-compose is installed (Debian: apt-get install -y docker-compose)"
  exit 1
fi

images="$(printf '%s\n' "$resolved" | sed -n 's/^ *image: *//p' | sort -u | tr '\n' ' ')"
say "valid; images: $images"
kafka_image="$(printf '%s\n' "$resolved" | awk '/^  kafka:$/{k=1; next} k && /^  [a-z]/{k=0} k && /^    image:/{print $2; exit}')"
if [[ "$kafka_image" != "$want" ]]; then
  say "the kafka service runs '$kafka_image', but kafka.sh and the test harness run $want"
  exit 1
fi
say "kafka service runs $want, as kafka.sh and the test harness do"
