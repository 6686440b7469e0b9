import type { CampaignGrants } from "../../../src/application/campaign/campaign-grants.port";
import { systemClock, type Clock } from "../../../src/application/ports/clock.port";
import type { DrawOrder } from "../../../src/domain/award/draw-order.entity";
import type { CampaignChunk } from "../../../src/domain/campaign/campaign.repository";

interface Task {
  chunk: Omit<CampaignChunk, "attempt">;
  status: "WAIT_HANDLE" | "PROCESSING" | "SUCCESS" | "FAILED";
  attempts: number;
  reason?: string;
  /** When the claim was made or last renewed, by the fake's clock (the database's in the adapter). */
  renewedAt?: number;
}

/**
 * CampaignGrants in memory, with the adapter's rules: claims by status, leases renewed or lost by
 * `clock`, writes fenced by attempt, orders keyed. A campaign is done once all its chunks ran and
 * each of its orders is sent (the fake does not follow grants, which the adapter also waits for).
 */
export class InMemoryCampaignGrants implements CampaignGrants {
  readonly tasks: Task[] = [];
  readonly orders = new Map<string, { order: DrawOrder; sent: boolean }>();
  recipients: string[] = [];
  /** When set, the write number `failWriteAt` (1-based) throws. */
  failWriteAt: number | undefined;
  private writes = 0;
  private readonly finished = new Set<number>();

  constructor(private readonly clock: Clock = systemClock) {}

  addChunk(campaignId: number, index: number): void {
    this.tasks.push({ chunk: { taskId: BigInt(this.tasks.length + 1), campaignId, index, from: 0, to: 2 ** 32 }, status: "WAIT_HANDLE", attempts: 0 });
  }

  async claimChunks(limit: number): Promise<CampaignChunk[]> {
    return this.tasks
      .filter((t) => t.status === "WAIT_HANDLE")
      .slice(0, limit)
      .map((t) => {
        t.status = "PROCESSING";
        t.attempts++;
        t.renewedAt = this.clock.now().getTime();
        return { ...t.chunk, attempt: t.attempts };
      });
  }
  async releaseStale(leaseMs: number): Promise<number> {
    const before = this.clock.now().getTime() - leaseMs;
    const stale = this.tasks.filter((t) => t.status === "PROCESSING" && (t.renewedAt ?? 0) < before);
    for (const task of stale) task.status = "WAIT_HANDLE";
    return stale.length;
  }
  /** Another worker takes the chunk over (this one looked dead). */
  takeOver(taskId: bigint): void {
    const task = this.taskOf(taskId);
    task.attempts++;
  }
  async renew(chunk: CampaignChunk): Promise<boolean> {
    if (!this.holds(chunk)) return false;
    this.taskOf(chunk.taskId).renewedAt = this.clock.now().getTime();
    return true;
  }
  async recipientsOf(): Promise<string[]> {
    return this.recipients;
  }
  async writeOrders(chunk: CampaignChunk, grants: ReadonlyArray<{ order: DrawOrder; key: string }>): Promise<number | "LOST_CLAIM"> {
    this.writes++;
    if (this.writes === this.failWriteAt) throw new Error("database away");
    if (!this.holds(chunk)) return "LOST_CLAIM";
    let added = 0;
    for (const { order, key } of grants) {
      if (this.orders.has(key)) continue;
      this.orders.set(key, { order, sent: false });
      added++;
    }
    return added;
  }
  async unsent(_chunk: CampaignChunk, keys: readonly string[]): Promise<DrawOrder[]> {
    return keys.flatMap((key) => {
      const stored = this.orders.get(key);
      return stored && !stored.sent ? [stored.order] : [];
    });
  }
  markSent(orderIds: readonly bigint[]): void {
    const ids = new Set(orderIds);
    for (const stored of this.orders.values()) if (ids.has(stored.order.orderId)) stored.sent = true;
  }
  async complete(chunk: CampaignChunk): Promise<boolean> {
    if (!this.holds(chunk)) return false;
    this.taskOf(chunk.taskId).status = "SUCCESS";
    return true;
  }
  async fail(chunk: CampaignChunk, reason: string, _delayMs: number, giveUp: boolean): Promise<boolean> {
    if (!this.holds(chunk)) return false;
    const task = this.taskOf(chunk.taskId);
    task.status = giveUp ? "FAILED" : "WAIT_HANDLE";
    task.reason = reason;
    return true;
  }
  async finishDone(): Promise<number[]> {
    const campaignIds = [...new Set(this.tasks.map((t) => t.chunk.campaignId))];
    const done = campaignIds.filter((id) => {
      if (this.finished.has(id)) return false;
      const ran = this.tasks.filter((t) => t.chunk.campaignId === id).every((t) => t.status === "SUCCESS" || t.status === "FAILED");
      const orders = [...this.orders.values()].filter((o) => o.order.campaignId === id);
      return ran && orders.every((o) => o.sent);
    });
    for (const id of done) this.finished.add(id);
    return done;
  }
  private holds(chunk: CampaignChunk): boolean {
    const task = this.taskOf(chunk.taskId);
    return task.status === "PROCESSING" && task.attempts === chunk.attempt;
  }
  private taskOf(taskId: bigint): Task {
    const task = this.tasks.find((t) => t.chunk.taskId === taskId);
    if (!task) throw new Error(`no task ${taskId}`);
    return task;
  }
}

