#!/usr/bin/env bash
# Writes the next migration from the change to prisma/schema.prisma, without a shadow database
# (`prisma migrate dev` cannot drop its shadow database through the pg adapter).
#   npm run db:migration -- add_redeem_code_pool
# The "old" schema is the one committed together with the newest migration, so the diff holds
# exactly what no migration covers yet. Review the SQL, then `npm run db:migrate`.
set -euo pipefail
cd "$(dirname "$0")/.."

name="${1:-}"
if [[ ! "$name" =~ ^[a-z0-9_]+$ ]]; then
  echo "usage: npm run db:migration -- <name in snake_case>" >&2
  exit 2
fi
export DATABASE_URL="${DATABASE_URL:-postgresql://postgres@127.0.0.1:5432/postgres}"

old=$(mktemp --suffix=.prisma)
trap 'rm -f "$old"' EXIT
last_commit=$(git log -1 --format=%H -- prisma/migrations 2>/dev/null || true)
if [ -n "$last_commit" ]; then
  git show "$last_commit:prisma/schema.prisma" > "$old"
  from=(--from-schema-datamodel "$old")
else
  from=(--from-empty)
fi

sql=$(npx --no-install prisma migrate diff "${from[@]}" --to-schema-datamodel prisma/schema.prisma --script)
if ! grep -qvE '^\s*(--.*)?$' <<<"$sql"; then
  echo "prisma/schema.prisma has no change that the committed migrations lack; nothing written." >&2
  exit 0
fi
dir="prisma/migrations/$(date -u +%Y%m%d%H%M%S)_${name}"
mkdir -p "$dir"
printf '%s\n' "$sql" > "$dir/migration.sql"
echo "wrote $dir/migration.sql; review it, then run: npm run db:migrate" >&2
