/** What a first request answered, kept so that its retries get the same answer. */
export type StoredAnswer = { kind: "OUTCOME"; outcome: unknown } | { kind: "REFUSED"; code: string; message: string };

export type IdempotencyClaim =
  | { kind: "CLAIMED" }
  /** The first request with this key is still running. */
  | { kind: "PENDING"; requestHash: string }
  | { kind: "ANSWERED"; requestHash: string; answer: StoredAnswer };

/**
 * Fast memory of idempotency keys (DOMAIN.md, Idempotency). `scope` is the key as it belongs to
 * one user and one route. It may forget (a Redis loss): the durable record of a draw is its take
 * row, and the draw use case falls back on it, so forgetting never makes a retry draw twice.
 */
export interface IdempotencyStore {
  /** Claims the scope for a request with this body hash, or says who holds it. */
  claim(scope: string, requestHash: string): Promise<IdempotencyClaim>;
  remember(scope: string, requestHash: string, answer: StoredAnswer): Promise<void>;
  /** Frees a claim whose request ended without an answer worth repeating (a dependency was away). */
  release(scope: string): Promise<void>;
}
