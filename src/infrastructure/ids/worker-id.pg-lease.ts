import { hostname } from "node:os";
import { randomUUID } from "node:crypto";
import type { Pool } from "pg";
import type { IdGenerator } from "../../application/ports/id-generator.port";
import type { Logger } from "../../application/ports/logger.port";
import { DependencyUnavailableError } from "../../shared/errors";
import { runStatement } from "../persistence/pg-query";
import { SnowflakeIdGenerator } from "./snowflake.id-generator";

export interface LeaseSettings {
  /** How long a lease lasts without renewal. */
  ttlMs: number;
  /** How often the holder renews it (a third of the TTL leaves two renewals of slack). */
  renewEveryMs: number;
}

export const DEFAULT_LEASE: LeaseSettings = { ttlMs: 30_000, renewEveryMs: 10_000 };

// The id whose lease ended longest ago (never-used ids first, in random order, so processes
// starting together spread out); a lease still running is never taken over.
const ACQUIRE = `
  WITH candidate AS (
    SELECT g.id FROM generate_series(0, 1023) AS g(id) LEFT JOIN worker_id_lease l ON l.worker_id = g.id
    WHERE l.worker_id IS NULL OR l.expires_at < now()
    ORDER BY l.expires_at NULLS FIRST, random() LIMIT 1
  )
  INSERT INTO worker_id_lease AS l (worker_id, owner, expires_at, last_ms, updated_at)
  SELECT id, $1, now() + $2 * interval '1 millisecond', 0, now() FROM candidate
  ON CONFLICT (worker_id) DO UPDATE SET owner = EXCLUDED.owner, expires_at = EXCLUDED.expires_at, updated_at = now()
    WHERE l.expires_at < now()
  RETURNING l.worker_id, l.last_ms::text`;

const RENEW = `
  UPDATE worker_id_lease SET expires_at = now() + $3 * interval '1 millisecond', last_ms = GREATEST(last_ms, $4), updated_at = now()
  WHERE worker_id = $1 AND owner = $2`;

const RELEASE = `
  UPDATE worker_id_lease SET expires_at = now(), last_ms = GREATEST(last_ms, $3), updated_at = now()
  WHERE worker_id = $1 AND owner = $2`;

/**
 * Snowflake ids from a worker id leased in PostgreSQL (DOMAIN.md, Process identity): two live
 * processes never hold the same worker id, so they never mint the same id. The lease is renewed
 * while the process lives and released on shutdown. If it cannot be renewed (PostgreSQL away),
 * the process stops minting before the lease could have expired, so that no other process can
 * hold the id while it still mints; draws answer 503 until a lease is held again.
 */
export class LeasedIdGenerator implements IdGenerator {
  readonly name = "worker-id-lease";
  private readonly owner = `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  private generator: SnowflakeIdGenerator | undefined;
  /** Local monotonic time (ms) until which minting is safe. */
  private validUntil = 0;
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;

  constructor(
    private readonly pool: Pool,
    private readonly settings: LeaseSettings,
    private readonly log: Logger,
    private readonly monotonicMs: () => number = () => performance.now(),
  ) {}

  /** The worker id held now, if any. */
  get workerId(): number | undefined {
    return this.generator?.workerId;
  }

  nextId(): bigint {
    if (!this.generator || this.monotonicMs() >= this.validUntil) {
      throw new DependencyUnavailableError("postgres", "no snowflake worker id lease is held (it is acquired and renewed in PostgreSQL)");
    }
    return this.generator.nextId();
  }

  /** Tries once; while PostgreSQL is away the lease is acquired in the background. */
  async start(): Promise<void> {
    await this.tick();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    const generator = this.generator;
    this.generator = undefined;
    if (!generator) return;
    await runStatement(this.pool, { text: RELEASE, values: [generator.workerId, this.owner, generator.lastUsedMs] }).catch((error: Error) =>
      this.log.warn({ workerId: generator.workerId, err: error.message }, "could not release the worker id lease; it expires by itself"),
    );
  }

  private async tick(): Promise<void> {
    try {
      if (this.generator && (await this.renew(this.generator))) return;
      await this.acquire();
    } catch (error) {
      this.log.warn({ err: (error as Error).message, workerId: this.generator?.workerId }, "worker id lease not renewed; retrying");
    } finally {
      if (!this.stopped) {
        const retryMs = this.generator && this.monotonicMs() < this.validUntil ? this.settings.renewEveryMs : 1000;
        this.timer = setTimeout(() => void this.tick(), retryMs);
        this.timer.unref();
      }
    }
  }

  private async renew(generator: SnowflakeIdGenerator): Promise<boolean> {
    const sentAt = this.monotonicMs();
    const { rowCount } = await runStatement(this.pool, { text: RENEW, values: [generator.workerId, this.owner, this.settings.ttlMs, generator.lastUsedMs] });
    if (rowCount === 1) {
      this.validUntil = sentAt + this.settings.ttlMs - this.settings.renewEveryMs;
      return true;
    }
    this.log.warn({ workerId: generator.workerId }, "worker id lease was lost; acquiring another");
    this.generator = undefined;
    return false;
  }

  private async acquire(): Promise<void> {
    for (let attempt = 1; attempt <= 10; attempt++) {
      const sentAt = this.monotonicMs();
      const { rows } = await runStatement<{ worker_id: number; last_ms: string }>(this.pool, { text: ACQUIRE, values: [this.owner, this.settings.ttlMs] });
      const row = rows[0];
      if (!row) continue; // another process took the same id at the same instant
      const previousLastMs = Number(row.last_ms);
      // The previous holder may have minted until its lease ran out, possibly with a clock ahead of ours.
      const startAfter = previousLastMs > 0 ? previousLastMs + this.settings.ttlMs : 0;
      this.generator = new SnowflakeIdGenerator(row.worker_id, Date.now, startAfter);
      this.validUntil = sentAt + this.settings.ttlMs - this.settings.renewEveryMs;
      this.log.info({ workerId: row.worker_id }, "leased snowflake worker id");
      return;
    }
    throw new Error("no free snowflake worker id (all 1024 are leased)");
  }
}
