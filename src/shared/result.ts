/**
 * The outcome of an operation whose failure is an expected business outcome (bad operator input,
 * a sold-out prize): returned, so the caller has to look at it. Broken invariants are thrown.
 */
export type Result<T, E> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: E };

export function ok<T>(value: T): { readonly ok: true; readonly value: T } {
  return { ok: true, value };
}

export function err<E>(error: E): { readonly ok: false; readonly error: E } {
  return { ok: false, error };
}
