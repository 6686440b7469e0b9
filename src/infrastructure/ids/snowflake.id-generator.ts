import type { IdGenerator } from "../../application/ports/id-generator.port";

/** 2024-01-01T00:00:00Z: the 41-bit timestamp runs out about 69 years later, in 2093. */
export const SNOWFLAKE_EPOCH_MS = Date.UTC(2024, 0, 1);

const WORKER_ID_BITS = 10;
const SEQUENCE_BITS = 12;
const TIMESTAMP_BITS = 41;
export const MAX_WORKER_ID = (1 << WORKER_ID_BITS) - 1; // 1023
const MAX_SEQUENCE = (1 << SEQUENCE_BITS) - 1; // 4095
const MAX_TIMESTAMP = 2 ** TIMESTAMP_BITS - 1;
const TIMESTAMP_SHIFT = BigInt(WORKER_ID_BITS + SEQUENCE_BITS);
const MAX_ID = (1n << 63n) - 1n;

/**
 * 64-bit snowflake ids: sign bit 0 | 41 bits ms since {@link SNOWFLAKE_EPOCH_MS} | 10 bits worker id
 * | 12 bits sequence.
 *
 * The generator never waits for the clock. It keeps the last timestamp it used and, when the
 * clock reads that millisecond or an earlier one (a step back, e.g. an NTP correction), keeps
 * counting on it; when the 4096 sequence numbers of that millisecond are used up it borrows the
 * next millisecond. So after a backwards step ids keep increasing from the last used timestamp,
 * and the embedded timestamp may run ahead of the wall clock until the clock catches up.
 * Uniqueness across processes rests on distinct worker ids alone.
 */
export class SnowflakeIdGenerator implements IdGenerator {
  private readonly workerBits: bigint;
  private lastTimestamp = -1;
  private sequence = 0;
  /** (lastTimestamp << 22) | workerBits, rebuilt only when lastTimestamp moves. */
  private base = 0n;

  /**
   * `startAfterMs` (Unix ms): ids are minted only with later timestamps, as if the clock had read
   * it already. For a worker id that another process held before: its ids may carry timestamps up
   * to there, whatever this host's clock says.
   */
  constructor(
    readonly workerId: number,
    private readonly nowMs: () => number = Date.now,
    startAfterMs = 0,
  ) {
    if (!Number.isInteger(workerId) || workerId < 0 || workerId > MAX_WORKER_ID) {
      throw new RangeError(
        `Snowflake worker id must be an integer from 0 to ${MAX_WORKER_ID} (got ${String(workerId)}); ` +
          "give each running process its own worker id in configuration",
      );
    }
    this.workerBits = BigInt(workerId << SEQUENCE_BITS);
    if (startAfterMs > SNOWFLAKE_EPOCH_MS) {
      this.moveTo(startAfterMs - SNOWFLAKE_EPOCH_MS);
      this.sequence = MAX_SEQUENCE; // the next id moves on to the following millisecond
    }
  }

  /** The timestamp (Unix ms) of the newest id minted, or 0 before the first. */
  get lastUsedMs(): number {
    return this.lastTimestamp < 0 ? 0 : this.lastTimestamp + SNOWFLAKE_EPOCH_MS;
  }

  nextId(): bigint {
    const now = Math.floor(this.nowMs()) - SNOWFLAKE_EPOCH_MS;
    if (now > this.lastTimestamp) {
      this.moveTo(now);
    } else if (this.lastTimestamp < 0) {
      this.moveTo(now); // no id yet and the clock reads before the epoch: refuse rather than invent a time
    } else if (this.sequence < MAX_SEQUENCE) {
      this.sequence++;
    } else {
      this.moveTo(this.lastTimestamp + 1);
    }
    return this.base + BigInt(this.sequence);
  }

  private moveTo(timestamp: number): void {
    if (timestamp < 0) {
      throw new RangeError(`Clock reads ${new Date(timestamp + SNOWFLAKE_EPOCH_MS).toISOString()}, before the snowflake epoch 2024-01-01`);
    }
    if (timestamp > MAX_TIMESTAMP) {
      throw new RangeError("Snowflake timestamp has run past its 41 bits (year 2093)");
    }
    this.lastTimestamp = timestamp;
    this.sequence = 0;
    this.base = (BigInt(timestamp) << TIMESTAMP_SHIFT) | this.workerBits;
  }
}

/** Splits an id into its fields; timestampMs is Unix milliseconds (the epoch added back). */
export function snowflakeParts(id: bigint): { timestampMs: number; workerId: number; sequence: number } {
  if (id < 0n || id > MAX_ID) {
    throw new RangeError(`Not a snowflake id: ${id} is outside 0..2^63-1`);
  }
  return {
    timestampMs: Number(id >> TIMESTAMP_SHIFT) + SNOWFLAKE_EPOCH_MS,
    workerId: Number((id >> BigInt(SEQUENCE_BITS)) & BigInt(MAX_WORKER_ID)),
    sequence: Number(id & BigInt(MAX_SEQUENCE)),
  };
}
