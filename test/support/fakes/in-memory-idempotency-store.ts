import type { IdempotencyClaim, IdempotencyStore, StoredAnswer } from "../../../src/application/ports/idempotency-store.port";

/** IdempotencyStore in memory; `forget()` plays a Redis that lost its keys. */
export class InMemoryIdempotencyStore implements IdempotencyStore {
  readonly entries = new Map<string, { hash: string; answer?: StoredAnswer }>();

  async claim(scope: string, requestHash: string): Promise<IdempotencyClaim> {
    const held = this.entries.get(scope);
    if (!held) {
      this.entries.set(scope, { hash: requestHash });
      return { kind: "CLAIMED" };
    }
    return held.answer ? { kind: "ANSWERED", requestHash: held.hash, answer: held.answer } : { kind: "PENDING", requestHash: held.hash };
  }

  async remember(scope: string, requestHash: string, answer: StoredAnswer): Promise<void> {
    this.entries.set(scope, { hash: requestHash, answer: JSON.parse(JSON.stringify(answer)) as StoredAnswer });
  }

  async release(scope: string): Promise<void> {
    this.entries.delete(scope);
  }

  forget(): void {
    this.entries.clear();
  }
}
