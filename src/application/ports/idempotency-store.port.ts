export interface StoredResponse {
  status: number;
  body: unknown;
}

/**
 * Remembers the first answer given for an idempotency key, so a retried request gets it again
 * instead of being executed twice.
 */
export interface IdempotencyStore {
  /** Claims the key; false when another request holds or has answered it. */
  claim(key: string): Promise<boolean>;
  /** The answer stored for the key, waiting up to `waitMs` while its first request is still running. */
  answerOf(key: string, waitMs: number): Promise<StoredResponse | "PENDING" | null>;
  remember(key: string, response: StoredResponse): Promise<void>;
  /** Frees a claimed key whose request failed without an answer worth repeating (a 5xx). */
  release(key: string): Promise<void>;
}
