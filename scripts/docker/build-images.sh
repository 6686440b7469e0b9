#!/usr/bin/env bash
# scripts/docker/build-images.sh - builds local stand-ins for the images the container tests ask
# for (apache/kafka:<version>, postgres:15, redis:7), for machines that have a Docker engine but
# no registry to pull from. With a registry, you don't need this: the official images are used.
#
# Usage:
#   build-images.sh [kafka] [postgres] [redis] [all]     (default: kafka)
#
# How: debootstrap a minimal Debian bookworm root file system with openjdk-17-jre-headless,
# postgresql-15 and redis-server from Debian's packages, `docker import` it as one base image,
# then one small Dockerfile per image FROM it (scripts/docker/images/*): the Kafka one adds the
# broker jars from Maven Central (the ones scripts/kafka/kafka.sh runs) and an entrypoint that
# honours the official apache/kafka image's KAFKA_* environment contract.
#
# Cache: every image carries the hash of its inputs in the label lottery.stand-in.inputs. An
# image whose tag exists with the same hash is reused as it is (a warm run takes a second);
# a different hash rebuilds it. An image with the tag but without that label is a real one
# (pulled from a registry): it is left alone and used.
#
# Environment:
#   DOCKER_HOST      the engine (scripts/docker/dockerd.sh start prints one)
#   KAFKA_VERSION    broker version (default: the one scripts/kafka/kafka.sh runs)
#   KAFKA_IMAGE      tag of the Kafka image (default apache/kafka:$KAFKA_VERSION)
#   POSTGRES_IMAGE   tag of the PostgreSQL image (default postgres:15)
#   REDIS_IMAGE      tag of the Redis image (default redis:7)
#   DEBIAN_MIRROR    default http://deb.debian.org/debian
#   REBUILD_IMAGES=1 rebuild even when the hashes match
#
# Needs root, debootstrap and a docker client (Debian: apt-get install -y debootstrap docker.io).
set -euo pipefail

SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT_DIR="$(cd "$SCRIPT_DIR/../.." && pwd)"
IMAGES_DIR="$SCRIPT_DIR/images"
KAFKA_SH="$ROOT_DIR/scripts/kafka/kafka.sh"
KAFKA_VERSION="${KAFKA_VERSION:-$(bash "$KAFKA_SH" version)}"
export KAFKA_VERSION
KAFKA_IMAGE="${KAFKA_IMAGE:-apache/kafka:$KAFKA_VERSION}"
POSTGRES_IMAGE="${POSTGRES_IMAGE:-postgres:15}"
REDIS_IMAGE="${REDIS_IMAGE:-redis:7}"
DEBIAN_MIRROR="${DEBIAN_MIRROR:-http://deb.debian.org/debian}"
SUITE=bookworm
# What goes into the base root file system. Changing this list (or the recipe) rebuilds it.
BASE_PACKAGES=(openjdk-17-jre-headless postgresql-15 redis-server procps)
BASE_RECIPE=1
BASE_IMAGE=lottery-stand-in/debian-base:$SUITE

log() { printf 'build-images: %s\n' "$*" >&2; }
die() { log "error: $*"; exit 1; }

hash_of() { sha256sum | cut -c1-16; }
hash_dir() { (cd "$1" && find . -type f -print0 | sort -z | xargs -0 sha256sum); }

# The stand-in label of an image: "" for a real image, "-" when there is no image with the tag.
label_of() {
  local label
  label="$(docker image inspect --format '{{index .Config.Labels "lottery.stand-in.inputs"}}' "$1" 2>/dev/null)" || { echo -; return; }
  [[ "$label" == "<no value>" ]] && label=""
  echo "$label"
}

# 0 when $1 needs building with inputs hash $2; prints why it is reused otherwise.
needs_build() {
  local tag=$1 hash=$2 label
  label="$(label_of "$tag")"
  if [[ "$label" == "-" ]]; then return 0; fi
  if [[ -z "$label" ]]; then
    log "$tag exists and is not a stand-in (a pulled image?): using it as it is"
    return 1
  fi
  if [[ "$label" == "$hash" && "${REBUILD_IMAGES:-0}" != 1 ]]; then
    log "$tag is up to date (inputs $hash)"
    return 1
  fi
  log "$tag has inputs $label, wanted $hash: rebuilding"
  return 0
}

ROOTFS=""
cleanup() {
  if [[ -n "$ROOTFS" && -d "$ROOTFS" ]]; then
    mountpoint -q "$ROOTFS/proc" 2>/dev/null && umount "$ROOTFS/proc"
    rm -rf "$ROOTFS"
  fi
  if [[ -n "${CONTEXT:-}" && -d "$CONTEXT" ]]; then rm -rf "$CONTEXT"; fi
}
trap cleanup EXIT

build_base() {
  local hash
  hash="$(printf '%s\n' "$SUITE" "$BASE_RECIPE" "${BASE_PACKAGES[@]}" | hash_of)"
  needs_build "$BASE_IMAGE" "$hash" || return 0
  command -v debootstrap >/dev/null 2>&1 || die "debootstrap not found; install it (apt-get install -y debootstrap)"
  [[ "$(id -u)" == 0 ]] || die "debootstrap needs root"
  local start=$SECONDS
  ROOTFS="$(mktemp -d "${TMPDIR:-/tmp}/lottery-rootfs.XXXXXX")"
  log "debootstrap $SUITE (minbase) from $DEBIAN_MIRROR into $ROOTFS ..."
  debootstrap --variant=minbase "$SUITE" "$ROOTFS" "$DEBIAN_MIRROR" >"$ROOTFS.log" 2>&1 \
    || { tail -n 20 "$ROOTFS.log" >&2; die "debootstrap failed (log: $ROOTFS.log)"; }
  # No service may start inside the chroot, and postgresql must not create a cluster of its own:
  # the image's entrypoint initialises PGDATA at the container's first start.
  printf '#!/bin/sh\nexit 101\n' >"$ROOTFS/usr/sbin/policy-rc.d"
  chmod 755 "$ROOTFS/usr/sbin/policy-rc.d"
  mkdir -p "$ROOTFS/etc/postgresql-common"
  echo "create_main_cluster = false" >"$ROOTFS/etc/postgresql-common/createcluster.conf"
  mount -t proc proc "$ROOTFS/proc"
  log "installing ${BASE_PACKAGES[*]} ..."
  chroot "$ROOTFS" /bin/sh -c "apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends ${BASE_PACKAGES[*]} && apt-get clean" \
    >>"$ROOTFS.log" 2>&1 || { umount "$ROOTFS/proc"; tail -n 20 "$ROOTFS.log" >&2; die "installing packages failed (log: $ROOTFS.log)"; }
  umount "$ROOTFS/proc"
  rm -rf "$ROOTFS"/var/lib/apt/lists/* "$ROOTFS"/var/cache/apt/*.bin "$ROOTFS"/tmp/* "$ROOTFS/etc/resolv.conf" "$ROOTFS/etc/hostname"
  log "importing the root file system ($(du -sh "$ROOTFS" | cut -f1)) as $BASE_IMAGE ..."
  tar --numeric-owner -C "$ROOTFS" -c . | docker import \
    --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
    --change 'ENV LANG=C.UTF-8' \
    --change 'CMD ["/bin/bash"]' \
    --change "LABEL lottery.stand-in=base lottery.stand-in.inputs=$hash" \
    - "$BASE_IMAGE" >/dev/null
  rm -rf "$ROOTFS" "$ROOTFS.log"
  ROOTFS=""
  log "built $BASE_IMAGE in $((SECONDS - start))s"
}

base_id() { docker image inspect --format '{{.Id}}' "$BASE_IMAGE"; }

# docker build of scripts/docker/images/$1 (plus extra files the caller put in CONTEXT) as $2.
CONTEXT=""
build_from_context() {
  local name=$1 tag=$2 hash=$3
  shift 3
  local start=$SECONDS
  log "building $tag ..."
  # The legacy builder: Debian's docker.io has no buildx, and nothing here needs BuildKit.
  DOCKER_BUILDKIT=0 docker build -q --build-arg "BASE_IMAGE=$BASE_IMAGE" --build-arg "INPUTS_HASH=$hash" "$@" \
    -t "$tag" "$CONTEXT" >/dev/null 2>"$CONTEXT.log" \
    || { cat "$CONTEXT.log" >&2; rm -f "$CONTEXT.log"; die "docker build of $name failed"; }
  rm -f "$CONTEXT.log"
  rm -rf "$CONTEXT"
  CONTEXT=""
  log "built $tag in $((SECONDS - start))s"
}

build_kafka() {
  local line jars hash
  case "$KAFKA_VERSION" in 4.*) line=4 ;; 3.*) line=3 ;; *) die "unsupported KAFKA_VERSION $KAFKA_VERSION" ;; esac
  bash "$KAFKA_SH" fetch
  jars="$(bash "$KAFKA_SH" classpath)"
  jars="${jars%/\*}"
  hash="$({ echo "$KAFKA_VERSION" "$(base_id)"; hash_dir "$IMAGES_DIR/kafka"; (cd "$jars" && ls -l --time-style=+ . | awk '{print $5, $NF}'); } | hash_of)"
  needs_build "$KAFKA_IMAGE" "$hash" || return 0
  CONTEXT="$(mktemp -d "${TMPDIR:-/tmp}/lottery-kafka-image.XXXXXX")"
  cp -r "$IMAGES_DIR/kafka/." "$CONTEXT/"
  mkdir -p "$CONTEXT/libs"
  cp "$jars"/*.jar "$CONTEXT/libs/"
  build_from_context kafka "$KAFKA_IMAGE" "$hash" --build-arg "KAFKA_VERSION=$KAFKA_VERSION" --build-arg "KAFKA_LINE=$line"
}

build_simple() {
  local name=$1 tag=$2 hash
  hash="$({ base_id; hash_dir "$IMAGES_DIR/$name"; } | hash_of)"
  needs_build "$tag" "$hash" || return 0
  CONTEXT="$(mktemp -d "${TMPDIR:-/tmp}/lottery-$name-image.XXXXXX")"
  cp -r "$IMAGES_DIR/$name/." "$CONTEXT/"
  build_from_context "$name" "$tag" "$hash"
}

main() {
  command -v docker >/dev/null 2>&1 || die "docker client not found (apt-get install -y docker.io)"
  docker version --format '{{.Server.Version}}' >/dev/null 2>&1 \
    || die "no Docker engine answers at ${DOCKER_HOST:-unix:///var/run/docker.sock}; start one with: export DOCKER_HOST=\$(bash scripts/docker/dockerd.sh start)"
  local wanted=("$@")
  ((${#wanted[@]})) || wanted=(kafka)
  local want_kafka=0 want_postgres=0 want_redis=0 w
  for w in "${wanted[@]}"; do
    case "$w" in
      kafka) want_kafka=1 ;;
      postgres) want_postgres=1 ;;
      redis) want_redis=1 ;;
      all) want_kafka=1; want_postgres=1; want_redis=1 ;;
      -h|--help) sed -n '2,/^set -euo pipefail/p' "${BASH_SOURCE[0]}" | sed '$d' | sed 's/^# \{0,1\}//' >&2; exit 2 ;;
      *) die "unknown image '$w' (kafka, postgres, redis, all)" ;;
    esac
  done
  # One build at a time per engine: two runs importing the same base would only waste time.
  local lock="${TMPDIR:-/tmp}/lottery-build-images.lock"
  exec 8>"$lock"
  flock 8
  # Real images under every wanted tag need no base at all.
  local need_base=0
  ((want_kafka)) && [[ -n "$(label_of "$KAFKA_IMAGE")" ]] && need_base=1
  ((want_postgres)) && [[ -n "$(label_of "$POSTGRES_IMAGE")" ]] && need_base=1
  ((want_redis)) && [[ -n "$(label_of "$REDIS_IMAGE")" ]] && need_base=1
  ((need_base)) && build_base
  ((want_kafka)) && build_kafka
  ((want_postgres)) && build_simple postgres "$POSTGRES_IMAGE"
  ((want_redis)) && build_simple redis "$REDIS_IMAGE"
  # A rebuilt tag leaves its old image untagged: drop those, so the cache does not grow.
  docker image prune -f --filter label=lottery.stand-in >/dev/null 2>&1 || true
  exec 8>&-
}

main "$@"
