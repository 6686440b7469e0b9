/**
 * A transaction PostgreSQL rolled back to break a conflict (40P01 deadlock detected, 40001
 * serialization failure): nothing it did remains, and running it again is the cure. Walks `cause`.
 */
export function isTransientConflict(error: unknown): boolean {
  for (let current = error, depth = 0; current && depth < 6; depth++) {
    const code = (current as { code?: unknown }).code;
    if (code === "40P01" || code === "40001") return true;
    current = (current as { cause?: unknown }).cause;
  }
  return false;
}
