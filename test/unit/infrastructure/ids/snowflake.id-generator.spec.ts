import {
  MAX_WORKER_ID,
  SNOWFLAKE_EPOCH_MS,
  SnowflakeIdGenerator,
  snowflakeParts,
} from "../../../../src/infrastructure/ids/snowflake.id-generator";

const SIGNED_64_LIMIT = 1n << 63n;
const IDS_PER_MS = 4096;

/** A clock the test moves by hand; starts on a fixed instant well after the epoch. */
function fakeClock(start = Date.UTC(2025, 5, 1, 12, 0, 0)) {
  const clock = { now: start, read: () => clock.now };
  return clock;
}

function take(generator: SnowflakeIdGenerator, count: number): bigint[] {
  return Array.from({ length: count }, () => generator.nextId());
}

function expectStrictlyIncreasing(ids: readonly bigint[], after = -1n): void {
  let previous = after;
  for (let i = 0; i < ids.length; i++) {
    if (ids[i] <= previous) {
      throw new Error(`id #${i} (${ids[i]}) is not greater than the one before (${previous})`);
    }
    previous = ids[i];
  }
}

describe("SnowflakeIdGenerator", () => {
  it("hands out 1,000,000 strictly increasing, unique ids from the real clock", () => {
    const generator = new SnowflakeIdGenerator(7);
    const seen = new Set<bigint>();
    let previous = -1n;
    let notIncreasing = 0;
    for (let i = 0; i < 1_000_000; i++) {
      const id = generator.nextId();
      if (id <= previous) notIncreasing++;
      seen.add(id);
      previous = id;
    }
    expect(notIncreasing).toBe(0);
    expect(seen.size).toBe(1_000_000);
  });

  it("carries the worker id, the millisecond and a per-millisecond sequence that snowflakeParts recovers", () => {
    const clock = fakeClock();
    const generator = new SnowflakeIdGenerator(517, clock.read);
    const first = generator.nextId();
    const second = generator.nextId();
    clock.now += 3;
    const third = generator.nextId();

    expect(snowflakeParts(first)).toEqual({ timestampMs: clock.now - 3, workerId: 517, sequence: 0 });
    expect(snowflakeParts(second)).toEqual({ timestampMs: clock.now - 3, workerId: 517, sequence: 1 });
    expect(snowflakeParts(third)).toEqual({ timestampMs: clock.now, workerId: 517, sequence: 0 });
  });

  it("stamps ids with the real time when given no clock", () => {
    const before = Date.now();
    const id = new SnowflakeIdGenerator(MAX_WORKER_ID).nextId();
    const after = Date.now();
    const parts = snowflakeParts(id);
    expect(parts.workerId).toBe(MAX_WORKER_ID);
    expect(parts.timestampMs).toBeGreaterThanOrEqual(before);
    expect(parts.timestampMs).toBeLessThanOrEqual(after);
  });

  it("never collides between two workers driven by the same clock in the same millisecond", () => {
    const clock = fakeClock();
    const a = new SnowflakeIdGenerator(1, clock.read);
    const b = new SnowflakeIdGenerator(2, clock.read);
    const ids: bigint[] = [];
    for (let i = 0; i < 3 * IDS_PER_MS; i++) ids.push(a.nextId(), b.nextId());

    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.filter((id) => snowflakeParts(id).workerId === 1)).toHaveLength(3 * IDS_PER_MS);
    expect(ids.filter((id) => snowflakeParts(id).workerId === 2)).toHaveLength(3 * IDS_PER_MS);
  });

  it("keeps increasing from the last used timestamp when the clock steps back 5 s", () => {
    const clock = fakeClock();
    const generator = new SnowflakeIdGenerator(3, clock.read);
    const beforeStep: bigint[] = [];
    for (let ms = 0; ms < 10; ms++, clock.now++) beforeStep.push(...take(generator, 100));
    const lastUsed = snowflakeParts(beforeStep[beforeStep.length - 1]).timestampMs;

    clock.now -= 5_000;
    const afterStep: bigint[] = [];
    for (let ms = 0; ms < 10; ms++, clock.now++) afterStep.push(...take(generator, 100));

    const all = [...beforeStep, ...afterStep];
    expectStrictlyIncreasing(all);
    expect(new Set(all).size).toBe(all.length);
    expect(snowflakeParts(afterStep[0]).timestampMs).toBe(lastUsed);
    expect(snowflakeParts(afterStep[0]).sequence).toBe(100);
  });

  it("returns to the wall clock once it passes the last used timestamp after a step back", () => {
    const clock = fakeClock();
    const generator = new SnowflakeIdGenerator(3, clock.read);
    const beforeStep = generator.nextId();
    clock.now -= 5_000;
    const duringStep = generator.nextId();
    clock.now += 5_001;
    const afterRecovery = generator.nextId();

    expect(duringStep).toBeGreaterThan(beforeStep);
    expect(afterRecovery).toBeGreaterThan(duringStep);
    expect(snowflakeParts(afterRecovery)).toEqual({ timestampMs: clock.now, workerId: 3, sequence: 0 });
  });

  it("borrows the next milliseconds instead of waiting when more than 4096 ids are asked for in one millisecond", () => {
    const clock = fakeClock();
    const generator = new SnowflakeIdGenerator(9, clock.read);
    const count = 3 * IDS_PER_MS + 5;
    const ids = take(generator, count);

    expectStrictlyIncreasing(ids);
    expect(new Set(ids).size).toBe(count);
    expect(snowflakeParts(ids[IDS_PER_MS - 1])).toEqual({ timestampMs: clock.now, workerId: 9, sequence: 4095 });
    expect(snowflakeParts(ids[IDS_PER_MS])).toEqual({ timestampMs: clock.now + 1, workerId: 9, sequence: 0 });
    expect(snowflakeParts(ids[count - 1])).toEqual({ timestampMs: clock.now + 3, workerId: 9, sequence: 4 });

    // The real clock reaching a borrowed millisecond must not reuse it.
    clock.now += 1;
    const next = generator.nextId();
    expect(next).toBeGreaterThan(ids[count - 1]);
    expect(snowflakeParts(next)).toEqual({ timestampMs: clock.now + 2, workerId: 9, sequence: 5 });
  });

  it.each([1024, -1, 1.5, Number.NaN])("refuses worker id %p", (workerId) => {
    expect(() => new SnowflakeIdGenerator(workerId)).toThrow(/worker id must be an integer from 0 to 1023/);
  });

  it("accepts the edge worker ids 0 and 1023", () => {
    expect(snowflakeParts(new SnowflakeIdGenerator(0).nextId()).workerId).toBe(0);
    expect(snowflakeParts(new SnowflakeIdGenerator(1023).nextId()).workerId).toBe(1023);
  });

  it("makes positive ids below 2^63 that fit a PostgreSQL BIGINT, up to the last millisecond of the 41-bit range", () => {
    expect(new SnowflakeIdGenerator(0).nextId()).toBeGreaterThan(0n);

    const lastMs = SNOWFLAKE_EPOCH_MS + 2 ** 41 - 1;
    const clock = fakeClock(lastMs);
    const generator = new SnowflakeIdGenerator(MAX_WORKER_ID, clock.read);
    const ids = take(generator, IDS_PER_MS);
    expect(ids[ids.length - 1]).toBe(SIGNED_64_LIMIT - 1n);
    expect(ids.every((id) => id > 0n && id < SIGNED_64_LIMIT)).toBe(true);
    expect(() => generator.nextId()).toThrow(/41 bits/);
  });

  it("refuses to start on a clock that reads before the 2024 epoch", () => {
    const clock = fakeClock(SNOWFLAKE_EPOCH_MS - 1);
    expect(() => new SnowflakeIdGenerator(1, clock.read).nextId()).toThrow(/before the snowflake epoch/);
  });

  it("round-trips through its decimal string, which JSON needs because the id exceeds 2^53", () => {
    const id = new SnowflakeIdGenerator(42).nextId();
    expect(id).toBeGreaterThan(BigInt(Number.MAX_SAFE_INTEGER));

    const wire = JSON.parse(JSON.stringify({ orderId: id.toString() })) as { orderId: string };
    expect(wire.orderId).toMatch(/^[1-9][0-9]*$/);
    expect(BigInt(wire.orderId)).toBe(id);
  });
});

describe("snowflakeParts", () => {
  it.each([-1n, 1n << 63n])("refuses %p, which is no signed 64-bit id", (id) => {
    expect(() => snowflakeParts(id)).toThrow(/outside 0\.\.2\^63-1/);
  });
});
