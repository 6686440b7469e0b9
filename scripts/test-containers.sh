#!/usr/bin/env bash
# npm run test:containers - the integration suite with Kafka from Testcontainers
# (apache/kafka:<the version scripts/kafka/kafka.sh runs>, or KAFKA_IMAGE).
#
# 1. Uses the Docker engine that answers (DOCKER_HOST, else /var/run/docker.sock); if none does,
#    starts a private dockerd (scripts/docker/dockerd.sh) and stops it again at the end.
# 2. Builds the images the run needs, or reuses them (scripts/docker/build-images.sh: local
#    stand-ins for machines without a registry; a real pulled image under the tag is used as is).
# 3. Runs the integration project with TEST_KAFKA=containers and TESTCONTAINERS_RYUK_DISABLED=true
#    (the reaper image cannot be pulled here). With TEST_SERVICES=containers, PostgreSQL and Redis
#    come from containers too.
# 4. Removes every container the run started, by its run label, also after a failed or
#    interrupted run, and prints `tests: N passed, N failed, N skipped` last.
#
# Extra arguments go to jest, e.g. `npm run test:containers -- test/integration/interfaces/cli`.
set -euo pipefail
cd "$(dirname "$0")/.."

say() { printf 'test:containers: %s\n' "$*" >&2; }

DOCKER_DIR="${LOTTERY_DOCKER_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/lottery/docker}"
export LOTTERY_DOCKER_DIR="$DOCKER_DIR"
mkdir -p "$DOCKER_DIR"
# One container run at a time per private engine: it is stopped by the run that started it.
exec 7>"$DOCKER_DIR/test-run.lock"
if ! flock -n 7; then
  say "another test:containers run uses $DOCKER_DIR; waiting for it"
  flock 7
fi

# The private engine is stopped at the end only if this run started it.
was_running=0
bash scripts/docker/dockerd.sh status >/dev/null 2>&1 && was_running=1
# 7>&-: a dockerd started here must not inherit (and so hold) the run lock.
DOCKER_HOST="$(bash scripts/docker/dockerd.sh start 7>&-)"
export DOCKER_HOST
started_daemon=0
if ((!was_running)) && bash scripts/docker/dockerd.sh status >/dev/null 2>&1; then started_daemon=1; fi

RUN_ID="lottery-$(date +%s)-$$"
export LOTTERY_TEST_RUN_ID="$RUN_ID"
cleanup() {
  local code=$?
  local leftovers
  leftovers="$(docker ps -aq --filter "label=lottery.test-run=$RUN_ID" 2>/dev/null || true)"
  if [[ -n "$leftovers" ]]; then
    say "removing containers left by this run: $(echo "$leftovers" | tr '\n' ' ')"
    # shellcheck disable=SC2086
    docker rm -f -v $leftovers >/dev/null || say "could not remove some containers"
  fi
  if ((started_daemon)); then bash scripts/docker/dockerd.sh stop || true; fi
  exit "$code"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

images=(kafka)
[[ "${TEST_SERVICES:-local}" == containers ]] && images+=(postgres redis)
bash scripts/docker/build-images.sh "${images[@]}"

export TEST_KAFKA=containers TESTCONTAINERS_RYUK_DISABLED=true
unset KAFKA_BROKERS
npm run --silent pretest
npx jest --selectProjects integration -- "$@"
