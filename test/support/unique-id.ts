// Ids unique across the test files of one run (they share one database): a random
// per-worker base plus a counter, well inside Number.MAX_SAFE_INTEGER and PostgreSQL BIGINT.
let next = Math.floor(Math.random() * 1e9) * 1000;

export function uniqueId(): number {
  next += 1;
  return next;
}
