import type { IdempotencyStore } from "../../src/application/ports/idempotency-store.port";

/**
 * The behaviour every IdempotencyStore must have, run against the in-memory fake (unit project)
 * and the Redis adapter (integration project). `makeSubject` gives a store that holds no key of
 * the scopes the tests use (`scope` makes them unique per subject).
 */
export function describeIdempotencyStoreContract(name: string, makeSubject: () => Promise<{ store: IdempotencyStore; scope: (name: string) => string }>): void {
  describe(`${name} honours the IdempotencyStore contract`, () => {
    let store: IdempotencyStore;
    let scope: (name: string) => string;
    beforeEach(async () => {
      ({ store, scope } = await makeSubject());
    });

    it("claims a scope once; while the first request runs, a second is told it is pending, with the first's hash", async () => {
      expect(await store.claim(scope("k"), "h1")).toEqual({ kind: "CLAIMED" });
      expect(await store.claim(scope("k"), "h2")).toEqual({ kind: "PENDING", requestHash: "h1" });
      expect(await store.claim(scope("other"), "h1")).toEqual({ kind: "CLAIMED" });
    });

    it("answers a remembered answer, as JSON keeps it", async () => {
      await store.claim(scope("k"), "h1");
      await store.remember(scope("k"), "h1", { kind: "OUTCOME", outcome: { result: "LOSE", takeId: "12" } });
      expect(await store.claim(scope("k"), "h1")).toEqual({ kind: "ANSWERED", requestHash: "h1", answer: { kind: "OUTCOME", outcome: { result: "LOSE", takeId: "12" } } });
      await store.remember(scope("r"), "h9", { kind: "REFUSED", code: "TAKE_LIMIT_REACHED", message: "used all draws" });
      expect(await store.claim(scope("r"), "other")).toEqual({ kind: "ANSWERED", requestHash: "h9", answer: { kind: "REFUSED", code: "TAKE_LIMIT_REACHED", message: "used all draws" } });
    });

    it("frees a released claim for the next request", async () => {
      await store.claim(scope("k"), "h1");
      await store.release(scope("k"));
      await store.release(scope("never-claimed"));
      expect(await store.claim(scope("k"), "h2")).toEqual({ kind: "CLAIMED" });
    });
  });
}
