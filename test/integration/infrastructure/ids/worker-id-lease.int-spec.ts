import type { Pool } from "pg";
import { LeasedIdGenerator } from "../../../../src/infrastructure/ids/worker-id.pg-lease";
import { snowflakeParts } from "../../../../src/infrastructure/ids/snowflake.id-generator";
import { createPgPool } from "../../../../src/infrastructure/persistence/pg-pool.factory";
import { DependencyUnavailableError } from "../../../../src/shared/errors";
import { createOwnDatabase } from "../../../support/own-database";

const log = { debug() {}, info() {}, warn() {}, error() {} };
const settings = { ttlMs: 30_000, renewEveryMs: 10_000 };

describe("LeasedIdGenerator (worker ids leased in PostgreSQL)", () => {
  let database: Awaited<ReturnType<typeof createOwnDatabase>>;
  let pool: Pool;
  beforeAll(async () => {
    database = await createOwnDatabase();
    pool = createPgPool(database.url, 30);
  });
  afterAll(async () => {
    await pool.end();
    await database.drop();
  });

  it("gives 40 processes started at the same instant 40 different worker ids, and their ids never collide", async () => {
    const generators = Array.from({ length: 40 }, () => new LeasedIdGenerator(pool, settings, log));
    await Promise.all(generators.map((g) => g.start()));
    try {
      const workerIds = generators.map((g) => g.workerId);
      expect(new Set(workerIds).size).toBe(40);
      const ids = generators.flatMap((g) => Array.from({ length: 500 }, () => g.nextId()));
      expect(new Set(ids).size).toBe(ids.length);
      expect(ids.every((id, i) => snowflakeParts(id).workerId === workerIds[Math.floor(i / 500)])).toBe(true);
    } finally {
      await Promise.all(generators.map((g) => g.stop()));
    }
  });

  it("never hands out a lease that is still running, and gives a released one's successor ids after its last one", async () => {
    const first = new LeasedIdGenerator(pool, settings, log);
    await first.start();
    const lastOfFirst = first.nextId();
    await first.stop();
    // Only the released id is free: hold every other one.
    await pool.query(
      `INSERT INTO worker_id_lease (worker_id, owner, expires_at) SELECT g, 'someone-else', now() + interval '1 hour'
       FROM generate_series(0, 1023) g WHERE g <> $1 ON CONFLICT (worker_id) DO UPDATE SET owner = 'someone-else', expires_at = now() + interval '1 hour'
       WHERE worker_id_lease.worker_id <> $1`,
      [snowflakeParts(lastOfFirst).workerId],
    );
    const second = new LeasedIdGenerator(pool, settings, log);
    await second.start();
    try {
      expect(second.workerId).toBe(snowflakeParts(lastOfFirst).workerId);
      const next = second.nextId();
      expect(next > lastOfFirst).toBe(true);
      // It starts past the whole of the earlier holder's lease, in case that one's clock ran ahead.
      expect(snowflakeParts(next).timestampMs).toBeGreaterThan(snowflakeParts(lastOfFirst).timestampMs + settings.ttlMs - 1);
      const third = new LeasedIdGenerator(pool, settings, log);
      await third.start();
      expect(third.workerId).toBeUndefined(); // all 1024 are held: no lease, no ids
      expect(() => third.nextId()).toThrow(DependencyUnavailableError);
      await third.stop();
    } finally {
      await second.stop();
      await pool.query("DELETE FROM worker_id_lease");
    }
  });

  it("stops minting before its lease could run out when it cannot renew it", async () => {
    let now = 0;
    const generator = new LeasedIdGenerator(pool, settings, log, () => now);
    await generator.start();
    try {
      generator.nextId();
      now += settings.ttlMs - settings.renewEveryMs - 1;
      expect(() => generator.nextId()).not.toThrow();
      now += 2; // no renewal happened (the timer runs on the real clock): another process could take the id soon
      expect(() => generator.nextId()).toThrow(DependencyUnavailableError);
    } finally {
      await generator.stop();
    }
  });
});
