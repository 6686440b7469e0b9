import type { DeadLetterEntry, DeadLetterLog } from "../../src/application/ports/dead-letter-log.port";

const entry = (offset: string, overrides: Partial<DeadLetterEntry> = {}): DeadLetterEntry => ({
  source: { topic: "lottery_invoice", partition: 0, offset },
  orderId: 77n,
  reason: "failed",
  error: "pool empty",
  attempts: 4,
  ...overrides,
});

/**
 * The behaviour every DeadLetterLog must have, run against the in-memory fake (unit project) and
 * the PostgreSQL adapter (integration project). `makeSubject` gives a log with no dead letters.
 */
export function describeDeadLetterLogContract(name: string, makeSubject: () => Promise<DeadLetterLog>): void {
  describe(`${name} honours the DeadLetterLog contract`, () => {
    let log: DeadLetterLog;
    beforeEach(async () => {
      log = await makeSubject();
    });

    it("records a message once and answers it as first recorded while it is not sent", async () => {
      const [first] = await log.record([entry("10")]);
      expect(first).toEqual({ ...entry("10"), id: expect.any(BigInt) });
      const again = await log.record([entry("10", { reason: "unknown_order", error: "later", attempts: 9, orderId: null })]);
      expect(again).toEqual([first]);
    });

    it("answers only the letters of the sources it was given, and nothing for none", async () => {
      await log.record([entry("10"), entry("11", { orderId: null, reason: "malformed" })]);
      expect((await log.record([entry("11")])).map((l) => [l.source.offset, l.reason, l.orderId])).toEqual([["11", "malformed", null]]);
      expect(await log.record([])).toEqual([]);
    });

    it("keeps sources apart by topic and partition too", async () => {
      const letters = await log.record([entry("10"), entry("10", { source: { topic: "lottery_invoice", partition: 1, offset: "10" } }), entry("10", { source: { topic: "other", partition: 0, offset: "10" } })]);
      expect(new Set(letters.map((l) => l.id)).size).toBe(3);
    });

    it("is done with a letter once it is marked sent: recording its message again answers nothing", async () => {
      const [letter] = await log.record([entry("10")]);
      await log.markSent([letter.id]);
      await log.markSent([]);
      expect(await log.record([entry("10")])).toEqual([]);
    });

    it("bounds an error to 1000 characters", async () => {
      const [letter] = await log.record([entry("10", { error: "e".repeat(1500) })]);
      expect(letter.error).toHaveLength(1000);
    });
  });
}
